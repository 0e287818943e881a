package com.omnichannel.simulator.model;

import com.omnichannel.simulator.SimulatorProperties;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A stand-in for an OpenAI-compatible model, so that the demo and the benchmark can run the worker
 * with {@code AI_MODEL=openai} without a key or a network: {@code POST /v1/chat/completions}
 * answers the last user message after {@code SIMULATOR_MODEL_DELAY}, and calls the hand-off tool
 * when the customer asks for a person.
 */
@RestController
class ChatCompletionsController {

  static final String HANDOFF_TOOL = "hand_off_to_human";

  private static final Pattern WANTS_A_PERSON =
      Pattern.compile("\\b(human|person|agent|someone real)\\b");

  private final Duration delay;

  ChatCompletionsController(SimulatorProperties properties) {
    this.delay = properties.modelDelay();
  }

  @PostMapping("/v1/chat/completions")
  ResponseEntity<Map<String, Object>> complete(@RequestBody JsonNode request)
      throws InterruptedException {
    JsonNode messages = request.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      return ResponseEntity.badRequest()
          .body(Map.of("error", Map.of("message", "messages must be a non-empty array")));
    }
    String question = "";
    for (JsonNode message : messages) {
      if ("user".equals(message.path("role").asString(""))) {
        question = message.path("content").asString("");
      }
    }
    if (!delay.isZero()) {
      // Requests run on virtual threads: a waiting answer holds no platform thread.
      Thread.sleep(delay.toMillis());
    }
    boolean handOff = WANTS_A_PERSON.matcher(question.toLowerCase(Locale.ROOT)).find();
    Map<String, Object> message =
        handOff
            ? Map.of(
                "role",
                "assistant",
                "content",
                "Of course, I am handing you over to a colleague.",
                "tool_calls",
                List.of(
                    Map.of(
                        "id",
                        "call_" + UUID.randomUUID(),
                        "type",
                        "function",
                        "function",
                        Map.of(
                            "name",
                            HANDOFF_TOOL,
                            "arguments",
                            "{\"reason\": \"The customer asked for a person.\"}"))))
            : Map.of(
                "role",
                "assistant",
                "content",
                "(simulated model) You wrote: \"" + question + "\". How else can I help?");
    return ResponseEntity.ok(
        Map.of(
            "id",
            "chatcmpl-" + UUID.randomUUID(),
            "object",
            "chat.completion",
            "model",
            request.path("model").asString("simulated"),
            "choices",
            List.of(
                Map.of(
                    "index",
                    0,
                    "message",
                    message,
                    "finish_reason",
                    handOff ? "tool_calls" : "stop"))));
  }
}
