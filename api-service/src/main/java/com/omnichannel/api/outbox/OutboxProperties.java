package com.omnichannel.api.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param batchSize rows published per round
 * @param pollInterval how long the relay sleeps when nobody wakes it
 * @param sendTimeout how long one round waits for the broker's acknowledgements
 */
@ConfigurationProperties("omni.outbox")
record OutboxProperties(int batchSize, Duration pollInterval, Duration sendTimeout) {}
