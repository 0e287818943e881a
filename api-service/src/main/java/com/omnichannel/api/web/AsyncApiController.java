package com.omnichannel.api.web;

import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the AsyncAPI document of the Kafka topics, {@code asyncapi.yaml} from shared-contracts,
 * next to the OpenAPI document. It describes no HTTP endpoint, so the OpenAPI document leaves this
 * one out.
 */
@Hidden
@RestController
class AsyncApiController {

  static final String APPLICATION_YAML = "application/yaml";

  private final byte[] document;

  AsyncApiController(@Value("classpath:asyncapi.yaml") Resource document) {
    try {
      this.document = document.getContentAsByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("asyncapi.yaml is not on the classpath", e);
    }
  }

  @GetMapping(value = "/v3/asyncapi.yaml", produces = APPLICATION_YAML)
  ResponseEntity<byte[]> asyncApi() {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(APPLICATION_YAML))
        .body(document);
  }
}
