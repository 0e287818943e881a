package com.omnichannel.worker.model;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the OpenAI-compatible model is ({@code omni.ai.openai.*}, {@code AI_BASE_URL}, {@code
 * AI_API_KEY}, {@code AI_MODEL_NAME}, {@code AI_TIMEOUT}).
 *
 * @param baseUrl the API's base, to which {@code /chat/completions} is appended ({@code
 *     https://api.openai.com/v1}, {@code http://localhost:11434/v1} for Ollama)
 * @param apiKey sent as a bearer token when set; never logged
 * @param modelName the {@code model} of each request
 * @param timeout the longest one call may take, from sending the request to its last byte
 */
@ConfigurationProperties("omni.ai.openai")
record OpenAiProperties(String baseUrl, String apiKey, String modelName, Duration timeout) {

  URI chatCompletions() {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return URI.create(base + "/chat/completions");
  }

  boolean hasApiKey() {
    return apiKey != null && !apiKey.isBlank();
  }

  /** Without the key: settings end up in logs and error messages. */
  @Override
  public String toString() {
    return "OpenAiProperties[baseUrl="
        + baseUrl
        + ", apiKey="
        + (hasApiKey() ? "(set)" : "(none)")
        + ", modelName="
        + modelName
        + ", timeout="
        + timeout
        + "]";
  }
}
