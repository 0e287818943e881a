package com.omnichannel.worker.model;

import com.omnichannel.contracts.MessageReceived;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What answers a contact's message for the AI. {@code AI_MODEL} picks one: {@code mock} (the
 * default: deterministic, no network) or {@code openai} (an OpenAI-compatible chat-completions
 * endpoint).
 */
public interface ReplyModel {

  /**
   * Answers the inbound message with the context it carries. The future completes within {@link
   * #timeout()}; it fails with {@link ModelUnavailableException} when the model gave no usable
   * answer, and the caller retries through Kafka.
   */
  CompletableFuture<ModelAnswer> answer(MessageReceived received);

  /** The longest one answer may take. */
  Duration timeout();
}
