package com.omnichannel.api.intake;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How intake is put first ({@code omni.intake.*}).
 *
 * @param backgroundPoolSize connections of the background pool (the relay keeps one for its lock)
 * @param pressureConnections intake connections in use from which intake counts as under pressure;
 *     0 means half the intake pool
 * @param pressureRequests requests in flight from which intake counts as under pressure; 0 means a
 *     quarter of the intake pool, at least 4
 * @param backgroundMaxYield the longest background work waits for intake before it does one more
 *     step anyway, so that it never stops for good
 */
@ConfigurationProperties("omni.intake")
record IntakeProperties(
    int backgroundPoolSize,
    int pressureConnections,
    int pressureRequests,
    Duration backgroundMaxYield) {}
