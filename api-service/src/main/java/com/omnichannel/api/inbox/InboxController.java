package com.omnichannel.api.inbox;

import com.omnichannel.api.conversation.Conversation;
import com.omnichannel.api.conversation.ConversationStatus;
import com.omnichannel.api.conversation.Conversations;
import com.omnichannel.api.conversation.InboxEntry;
import com.omnichannel.api.security.CompanyPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Optional;
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
import org.springframework.web.util.UriComponentsBuilder;

/** The agents' inbox: the company's conversations, and their status. */
@RestController
@Validated
class InboxController {

  private final Inbox inbox;
  private final Conversations conversations;

  InboxController(Inbox inbox, Conversations conversations) {
    this.inbox = inbox;
    this.conversations = conversations;
  }

  record StatusRequest(@NotBlank String status) {}

  @Operation(
      summary = "List the company's conversations, most recent activity first",
      description =
          "Filters: status (open, resolved), owner_type (ai, human), owner_id, channel_id. Cursor"
              + " paging: when more follow, the response carries a Link header with rel=\"next\""
              + " whose cursor gives the next page.")
  @GetMapping("/conversations")
  ResponseEntity<List<InboxEntry>> list(
      @AuthenticationPrincipal CompanyPrincipal company,
      @RequestParam(required = false) String status,
      @RequestParam(name = "owner_type", required = false) String ownerType,
      @RequestParam(name = "owner_id", required = false) Long ownerId,
      @RequestParam(name = "channel_id", required = false) Long channelId,
      @RequestParam(required = false) String cursor,
      @RequestParam(defaultValue = "" + Conversations.DEFAULT_PAGE_SIZE)
          @Min(1)
          @Max(Conversations.MAX_PAGE_SIZE)
          int limit) {
    InboxPage page =
        inbox.list(
            company.companyId(),
            InboxFilter.parse(status, ownerType, ownerId, channelId),
            cursor,
            limit);
    var response = ResponseEntity.ok();
    if (page.next() != null) {
      var next =
          UriComponentsBuilder.fromPath("/conversations")
              .queryParamIfPresent("status", Optional.ofNullable(status))
              .queryParamIfPresent("owner_type", Optional.ofNullable(ownerType))
              .queryParamIfPresent("owner_id", Optional.ofNullable(ownerId))
              .queryParamIfPresent("channel_id", Optional.ofNullable(channelId))
              .queryParam("limit", limit)
              // Base64url: nothing in it to escape.
              .queryParam("cursor", page.next())
              .build()
              .toUriString();
      response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
    }
    return response.body(page.entries());
  }

  @Operation(
      summary = "Resolve a conversation, or open it again",
      description =
          "Body {\"status\": \"resolved\"} or {\"status\": \"open\"}. A contact's next message"
              + " reopens a resolved conversation; its owner stays.")
  @PostMapping("/conversations/{id}/status")
  Conversation changeStatus(
      @AuthenticationPrincipal CompanyPrincipal company,
      @PathVariable long id,
      @Valid @RequestBody StatusRequest request) {
    return conversations.changeStatus(
        company.companyId(), id, ConversationStatus.parse(request.status()));
  }
}
