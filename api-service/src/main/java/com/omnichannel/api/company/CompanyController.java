package com.omnichannel.api.company;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.omnichannel.api.security.CompanyPrincipal;
import com.omnichannel.api.web.InvalidRequestException;
import com.omnichannel.api.web.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The company of an API key, its users and channels, for the company's own API keys only. */
@RestController
class CompanyController {

  private static final Set<String> CHANGEABLE =
      Set.of("outbound_url", "provider", "provider_config");

  private final CompanyDirectory directory;
  private final CompanyProvisioning provisioning;
  private final AssistantSettings assistant;

  CompanyController(
      CompanyDirectory directory, CompanyProvisioning provisioning, AssistantSettings assistant) {
    this.directory = directory;
    this.provisioning = provisioning;
    this.assistant = assistant;
  }

  record AssistantInstructions(
      @Size(max = AssistantSettings.MAX_INSTRUCTIONS_LENGTH) String instructions) {}

  record NewAgent(@NotBlank @Size(max = 200) String name) {}

  record NewChannel(
      @NotBlank @Size(max = 200) String name,
      @JsonProperty("type") @NotBlank String type,
      @JsonProperty("outbound_url") String outboundUrl,
      @JsonProperty("provider") String provider,
      @JsonProperty("provider_config") Map<String, Object> providerConfig) {}

  @Operation(
      summary = "Show the company the API key belongs to",
      description =
          "{\"id\": 1, \"name\": \"Acme Corp\"}: the id the /companies/{id}/... endpoints take,"
              + " so a client signed in with a key needs nothing else to start.")
  @GetMapping("/companies/me")
  Company me(@AuthenticationPrincipal CompanyPrincipal company) {
    return directory
        .company(company.companyId())
        .orElseThrow(
            () -> new ResourceNotFoundException("Company " + company.companyId() + " not found"));
  }

  @Operation(
      summary = "List a company's users (the AI and the agents), to find author and owner ids")
  @GetMapping("/companies/{companyId}/users")
  List<User> users(
      @AuthenticationPrincipal CompanyPrincipal company, @PathVariable long companyId) {
    return directory.usersOf(company.requireOwn(companyId));
  }

  @Operation(summary = "Create an agent user")
  @PostMapping("/companies/{companyId}/users")
  @ResponseStatus(HttpStatus.CREATED)
  User createAgent(
      @AuthenticationPrincipal CompanyPrincipal company,
      @PathVariable long companyId,
      @Valid @RequestBody NewAgent agent) {
    return provisioning.createAgent(company.requireOwn(companyId), agent.name());
  }

  @Operation(
      summary = "Create a channel",
      description =
          "provider is generic (the default: our own JSON, with outbound_url), whatsapp_cloud,"
              + " twilio or telegram, with its provider_config (see docs/providers.md). A generic"
              + " channel's response carries its webhook secret, shown only once; a provider's"
              + " secrets are never shown. webhook_url is where the provider must post.")
  @PostMapping("/companies/{companyId}/channels")
  @ResponseStatus(HttpStatus.CREATED)
  CompanyProvisioning.CreatedChannel createChannel(
      @AuthenticationPrincipal CompanyPrincipal company,
      @PathVariable long companyId,
      @Valid @RequestBody NewChannel channel) {
    return provisioning.createChannel(
        company.requireOwn(companyId),
        channel.name(),
        channel.type(),
        channel.outboundUrl(),
        Provider.of(channel.provider()),
        channel.providerConfig());
  }

  @Operation(summary = "List a company's channels (never their secrets)")
  @GetMapping("/companies/{companyId}/channels")
  List<ChannelView> channels(
      @AuthenticationPrincipal CompanyPrincipal company, @PathVariable long companyId) {
    return provisioning.channels(company.requireOwn(companyId));
  }

  @Operation(
      summary = "Change a channel's delivery, provider or provider account",
      description =
          "Body with any of outbound_url (a generic channel's; null clears it), provider and"
              + " provider_config. Fields of provider_config left out keep their values, so secrets"
              + " need not be sent again. URLs must be http(s) and not point into loopback,"
              + " private or link-local networks.")
  @PatchMapping("/companies/{companyId}/channels/{channelId}")
  ChannelView changeChannel(
      @AuthenticationPrincipal CompanyPrincipal company,
      @PathVariable long companyId,
      @PathVariable long channelId,
      @RequestBody Map<String, Object> changes) {
    long own = company.requireOwn(companyId);
    if (!changes.keySet().stream().allMatch(CHANGEABLE::contains) || changes.isEmpty()) {
      throw new InvalidRequestException(
          "The body must set some of outbound_url (null clears it), provider and provider_config,"
              + " and nothing else");
    }
    Object url = changes.get("outbound_url");
    if (url != null && !(url instanceof String)) {
      throw new InvalidRequestException("outbound_url must be a string or null");
    }
    Object provider = changes.get("provider");
    if (provider != null && !(provider instanceof String)) {
      throw new InvalidRequestException("provider must be a string");
    }
    Object config = changes.get("provider_config");
    if (config != null && !(config instanceof Map)) {
      throw new InvalidRequestException("provider_config must be an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> providerConfig = (Map<String, Object>) config;
    return provisioning.change(
        own,
        channelId,
        new ChannelChange(
            changes.containsKey("outbound_url"),
            (String) url,
            provider == null ? null : Provider.of((String) provider),
            providerConfig));
  }

  @Operation(summary = "Show the instructions the company's AI assistant answers by")
  @GetMapping("/companies/{companyId}/assistant")
  AssistantSettings.AssistantView assistant(
      @AuthenticationPrincipal CompanyPrincipal company, @PathVariable long companyId) {
    return assistant.get(company.requireOwn(companyId));
  }

  @Operation(
      summary = "Set the instructions the company's AI assistant answers by",
      description =
          "Body {\"instructions\": \"...\"}, at most 4,000 characters; null or blank clears them."
              + " The model gets them before the conversation with every inbound message.")
  @PutMapping("/companies/{companyId}/assistant")
  AssistantSettings.AssistantView setAssistant(
      @AuthenticationPrincipal CompanyPrincipal company,
      @PathVariable long companyId,
      @Valid @RequestBody AssistantInstructions body) {
    return assistant.set(company.requireOwn(companyId), body.instructions());
  }
}
