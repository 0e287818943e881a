package com.omnichannel.api.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the API takes in over HTTP ({@code omni.http.*}).
 *
 * @param maxBodyBytes the largest request body; a larger one is refused with {@code 413}
 * @param maxProviderBodyBytes the largest body of a real provider's webhook ({@code
 *     /webhooks/whatsapp/}, {@code /webhooks/twilio/}, {@code /webhooks/telegram/}): Meta batches
 *     many messages and statuses in one delivery, and a delivery refused is refused on every retry
 * @param maxConcurrentRequests database-bound requests in flight at once; 0 sizes it from the
 *     connection pool ({@link AdmissionControl#REQUESTS_PER_CONNECTION} per connection)
 */
@ConfigurationProperties("omni.http")
record HttpProperties(long maxBodyBytes, long maxProviderBodyBytes, int maxConcurrentRequests) {}
