/**
 * The real providers (WhatsApp Cloud API, Twilio, Telegram), each in its sub-package: its webhooks,
 * which check the provider's proof its own way and read its format into our {@code InboundMessage}s
 * and {@link com.omnichannel.api.provider.StatusUpdate}s, and its outbound request (an
 * implementation of delivery's {@code ProviderRequests}). What they share (the channel look-up, the
 * rate limit, storing, statuses) is here.
 */
@ApplicationModule(
    allowedDependencies = {"company", "conversation", "delivery", "ratelimit", "web"})
package com.omnichannel.api.provider;

import org.springframework.modulith.ApplicationModule;
