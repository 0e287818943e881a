package com.omnichannel.api.conversation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.omnichannel.api.company.User;
import com.omnichannel.api.security.CompanyPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
class ConversationController {

  private final Conversations service;

  ConversationController(Conversations service) {
    this.service = service;
  }

  record PostMessageRequest(
      @JsonProperty("author_id") @NotNull Long authorId,
      @NotBlank @Size(max = Message.MAX_TEXT_LENGTH) String text) {}

  record TransferRequest(@JsonProperty("new_owner_id") @NotNull Long newOwnerId) {}

  record Detail(String detail) {}

  @Operation(summary = "Read a conversation")
  @GetMapping("/conversations/{id}")
  Conversation get(@AuthenticationPrincipal CompanyPrincipal company, @PathVariable long id) {
    return service.get(company.companyId(), id);
  }

  @Operation(
      summary = "List a conversation's messages, oldest first",
      description =
          "Cursor paging: pass the last id you have as after_id. When more messages follow, the"
              + " response carries a Link header with rel=\"next\".")
  @GetMapping("/conversations/{id}/messages")
  ResponseEntity<List<Message>> messages(
      @AuthenticationPrincipal CompanyPrincipal company,
      @PathVariable long id,
      @RequestParam(name = "after_id", defaultValue = "0") @Min(0) long afterId,
      @RequestParam(defaultValue = "" + Conversations.DEFAULT_PAGE_SIZE)
          @Min(1)
          @Max(Conversations.MAX_PAGE_SIZE)
          int limit) {
    List<Message> page = service.messages(company.companyId(), id, afterId, limit);
    var response = ResponseEntity.ok();
    if (page.size() == limit) {
      long last = page.get(page.size() - 1).id();
      response.header(
          HttpHeaders.LINK,
          "</conversations/%d/messages?after_id=%d&limit=%d>; rel=\"next\""
              .formatted(id, last, limit));
    }
    return response.body(page);
  }

  @Operation(summary = "Post an agent's message")
  @PostMapping("/conversations/{id}/messages")
  ResponseEntity<Message> post(
      @AuthenticationPrincipal CompanyPrincipal company,
      @PathVariable long id,
      @Valid @RequestBody PostMessageRequest request) {
    Message message =
        service.postFromAgent(company.companyId(), id, request.authorId(), request.text());
    return ResponseEntity.created(URI.create("/conversations/" + id + "/messages")).body(message);
  }

  @Operation(summary = "Give the conversation to any user of its company")
  @PostMapping("/conversations/{id}/transfer")
  Conversation transfer(
      @AuthenticationPrincipal CompanyPrincipal company,
      @PathVariable long id,
      @Valid @RequestBody TransferRequest request) {
    return service.transfer(company.companyId(), id, request.newOwnerId());
  }

  @Operation(summary = "Switch ownership between the AI and the company's first agent")
  @PostMapping("/conversations/{id}/transfer-toggle")
  Detail toggle(@AuthenticationPrincipal CompanyPrincipal company, @PathVariable long id) {
    User owner = service.toggleOwnership(company.companyId(), id);
    return new Detail("switched ownership to " + OwnerType.of(owner.role()).spelling());
  }
}
