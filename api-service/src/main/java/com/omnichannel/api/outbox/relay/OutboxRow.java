package com.omnichannel.api.outbox.relay;

record OutboxRow(
    long id,
    String topic,
    String eventKey,
    String eventType,
    String correlationId,
    String payload,
    int attempts,
    String traceParent) {}
