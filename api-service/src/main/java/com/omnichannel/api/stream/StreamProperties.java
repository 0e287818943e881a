package com.omnichannel.api.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Agents' event streams ({@code omni.stream.*}).
 *
 * @param heartbeat how often an idle stream gets a comment line, so proxies keep it open
 * @param reconnect the {@code retry:} a client waits before it reconnects
 * @param timeout how long one stream stays open; the client then resumes from its last event
 * @param recentEvents events each instance keeps per partition to replay from memory; an older
 *     {@code Last-Event-ID} is replayed from Kafka
 * @param recentBytes the data those events may take per partition, whichever limit comes first
 * @param queue events a stream may have waiting to be written; a client slower than that is
 *     disconnected, and resumes where it was
 * @param queueBytes the data those waiting events may take, whichever limit comes first
 * @param maxPerCompany streams one company may have open on one instance; past it {@code 429}
 * @param maxPerInstance streams one instance holds in all; past it {@code 503}
 * @param replayMaxEvents records of its partition a resume may be behind the live position and
 *     still be replayed; further behind, the stream starts with {@code event: reset}
 * @param replayDeadline how long reading a replay from Kafka may take before the stream starts with
 *     {@code event: reset} instead
 */
@ConfigurationProperties("omni.stream")
record StreamProperties(
    Duration heartbeat,
    Duration reconnect,
    Duration timeout,
    int recentEvents,
    DataSize recentBytes,
    int queue,
    DataSize queueBytes,
    int maxPerCompany,
    int maxPerInstance,
    int replayMaxEvents,
    Duration replayDeadline) {}
