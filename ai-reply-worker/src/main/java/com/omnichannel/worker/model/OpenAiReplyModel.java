package com.omnichannel.worker.model;

import com.omnichannel.contracts.ConversationTurn;
import com.omnichannel.contracts.MessageReceived;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model behind an OpenAI-compatible chat-completions endpoint ({@code AI_MODEL=openai}): OpenAI
 * itself, Azure-style gateways, vLLM, Ollama. One call per inbound message, no retries of its own
 * (a failed call fails the record, which Kafka's error handling retries), bounded by {@link
 * OpenAiProperties#timeout()}.
 *
 * <p>The request gives the model, in order: a system message with the company's name and
 * instructions, the conversation's earlier messages, and the inbound message. The model asks for a
 * human by calling the {@value #HANDOFF_TOOL} tool; it may answer the contact in the same turn.
 */
@Component
@ConditionalOnProperty(name = "omni.ai.model", havingValue = "openai")
class OpenAiReplyModel implements ReplyModel, DisposableBean {

  static final String HANDOFF_TOOL = "hand_off_to_human";

  /** Enough for an answer of a few thousand words; a longer response is refused unread. */
  static final int MAX_RESPONSE_BYTES = 256 * 1024;

  private static final String GUIDANCE =
      """
      You are the customer-service assistant of %s, answering a customer on a messaging \
      channel. Answer the customer's last message briefly and in the customer's language. If \
      the customer asks for a person, or you cannot help, call the %s tool; you may also say \
      a short sentence to the customer.""";

  private final OpenAiProperties settings;
  private final JsonMapper json;
  private final ExecutorService httpThreads;
  private final HttpClient http;

  OpenAiReplyModel(OpenAiProperties settings, JsonMapper json) {
    if (settings.baseUrl() == null || settings.baseUrl().isBlank()) {
      throw new IllegalStateException("AI_MODEL=openai needs AI_BASE_URL");
    }
    if (settings.modelName() == null || settings.modelName().isBlank()) {
      throw new IllegalStateException("AI_MODEL=openai needs AI_MODEL_NAME");
    }
    this.settings = settings;
    this.json = json;
    AtomicInteger count = new AtomicInteger();
    this.httpThreads =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "model-http-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.timeout())
            .executor(httpThreads)
            .build();
  }

  @Override
  public CompletableFuture<ModelAnswer> answer(MessageReceived received) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(settings.chatCompletions())
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody(received)));
    if (settings.hasApiKey()) {
      request.header("Authorization", "Bearer " + settings.apiKey());
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
        // The request timeout ends the wait for the response's head; this bounds its body too.
        .orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw new ModelUnavailableException(
                    "The model did not answer: " + unwrapped(failure), unwrapped(failure));
              }
              return parse(response.statusCode(), response.body());
            });
  }

  @Override
  public Duration timeout() {
    return settings.timeout();
  }

  byte[] requestBody(MessageReceived received) {
    ObjectNode body = json.createObjectNode();
    body.put("model", settings.modelName());
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", systemPrompt(received));
    for (ConversationTurn turn : received.historyOrEmpty()) {
      messages
          .addObject()
          .put("role", "contact".equals(turn.sender()) ? "user" : "assistant")
          .put("content", turn.text());
    }
    messages.addObject().put("role", "user").put("content", received.text());
    ObjectNode function =
        body.putArray("tools").addObject().put("type", "function").putObject("function");
    function
        .put("name", HANDOFF_TOOL)
        .put(
            "description",
            "Hand the conversation to a human agent of the company. Use it when the customer asks"
                + " for a person or when you cannot help.");
    ObjectNode parameters = function.putObject("parameters").put("type", "object");
    parameters
        .putObject("properties")
        .putObject("reason")
        .put("type", "string")
        .put("description", "Why a human should take over, in one sentence.");
    parameters.putArray("required").add("reason");
    return json.writeValueAsBytes(body);
  }

  private static String systemPrompt(MessageReceived received) {
    String company = received.companyName() == null ? "the company" : received.companyName();
    String prompt = GUIDANCE.formatted(company, HANDOFF_TOOL);
    String instructions = received.assistantInstructions();
    if (instructions == null || instructions.isBlank()) {
      return prompt;
    }
    return prompt + "\n\nThe company's instructions:\n" + instructions;
  }

  /** The answer in a chat-completions response, or why there is none. */
  ModelAnswer parse(int status, byte[] body) {
    if (status < 200 || status >= 300) {
      throw new ModelUnavailableException("The model answered HTTP " + status + quoted(body));
    }
    if (body.length > MAX_RESPONSE_BYTES) {
      throw new ModelUnavailableException("The model's answer is " + body.length + " bytes long");
    }
    JsonNode message;
    try {
      message = json.readTree(body).path("choices").path(0).path("message");
    } catch (JacksonException e) {
      throw new ModelUnavailableException("The model's answer is not JSON" + quoted(body), e);
    }
    if (!message.isObject()) {
      throw new ModelUnavailableException("The model's answer has no message" + quoted(body));
    }
    String text = message.path("content").isString() ? message.path("content").asString() : null;
    for (JsonNode call : message.path("tool_calls")) {
      JsonNode function = call.path("function");
      if (HANDOFF_TOOL.equals(function.path("name").asString(""))) {
        return ModelAnswer.handoff(blankToNull(text), reason(function.path("arguments")));
      }
    }
    if (text == null || text.isBlank()) {
      throw new ModelUnavailableException("The model's answer is empty" + quoted(body));
    }
    return ModelAnswer.reply(text.strip());
  }

  /** The tool call's {@code reason}; its arguments are a JSON object in a string. */
  private String reason(JsonNode arguments) {
    if (!arguments.isString()) {
      return null;
    }
    try {
      JsonNode reason = json.readTree(arguments.asString()).path("reason");
      return reason.isString() ? reason.asString() : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  private static String quoted(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    if (text.isEmpty()) {
      return "";
    }
    return ": " + (text.length() <= 200 ? text : text.substring(0, 200));
  }

  private static Throwable unwrapped(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  @Override
  public void destroy() {
    httpThreads.shutdownNow();
  }
}
