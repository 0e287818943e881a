package com.omnichannel.api.outbox.relay;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * @param batchSize rows published per round
 * @param pollInterval how long the relay sleeps when nobody wakes it
 * @param roundSpacing how long after a round began a commit's wake-up may start the next one: the
 *     rows committed meanwhile go out together, in one round
 * @param sendTimeout how long one round waits for the broker's acknowledgements
 * @param maxAttempts how many times a row the broker refuses (not an outage: a record too large, an
 *     invalid topic) is tried before it is parked as failed and the relay moves on
 * @param retention how long sent rows are kept before they are pruned
 * @param backlogInterval how often every instance measures the backlog gauges
 * @param leaderSessionTimeout the idle timeout of the relay lock's database session (whole seconds;
 *     a bare number is seconds): a leader that stops answering loses the lock after this, and the
 *     leader pings its session well within it
 */
@ConfigurationProperties("omni.outbox")
record OutboxProperties(
    int batchSize,
    Duration pollInterval,
    Duration roundSpacing,
    Duration sendTimeout,
    int maxAttempts,
    Duration retention,
    Duration backlogInterval,
    @DurationUnit(ChronoUnit.SECONDS) Duration leaderSessionTimeout) {}
