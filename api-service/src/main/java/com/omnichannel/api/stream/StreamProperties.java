package com.omnichannel.api.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Agents' event streams ({@code omni.stream.*}).
 *
 * @param heartbeat how often an idle stream gets a comment line, so proxies keep it open
 * @param reconnect the {@code retry:} a client waits before it reconnects
 * @param timeout how long one stream stays open; the client then resumes from its last event
 * @param recentEvents events each instance keeps per partition to replay from memory; an older
 *     {@code Last-Event-ID} is replayed from Kafka
 * @param queue events a stream may have waiting to be written; a client slower than that is
 *     disconnected, and resumes where it was
 */
@ConfigurationProperties("omni.stream")
record StreamProperties(
    Duration heartbeat, Duration reconnect, Duration timeout, int recentEvents, int queue) {}
