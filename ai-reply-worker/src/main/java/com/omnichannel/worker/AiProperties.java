package com.omnichannel.worker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the worker answers ({@code omni.ai.*}). {@code omni.ai.model} picks the model bean ({@code
 * mock} or {@code openai}); the OpenAI-compatible endpoint has its own {@code omni.ai.openai.*}.
 *
 * @param replyDelay the mock model's latency
 * @param maxConcurrency model calls in flight at once on this instance
 * @param fallbackReply what the contact gets when the model still fails after the retries
 */
@ConfigurationProperties("omni.ai")
public record AiProperties(Duration replyDelay, int maxConcurrency, String fallbackReply) {}
