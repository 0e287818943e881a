/**
 * The real providers' own webhooks (WhatsApp Cloud API, Twilio, Telegram): one inbound adapter
 * each, in its sub-package, which checks the provider's proof its own way and reads its format into
 * our {@code InboundMessage}s and {@link com.omnichannel.api.provider.StatusUpdate}s. What they
 * share (the channel look-up, the rate limit, storing, statuses) is here.
 */
@ApplicationModule(
    allowedDependencies = {"company", "conversation", "delivery", "ratelimit", "web"})
package com.omnichannel.api.provider;

import org.springframework.modulith.ApplicationModule;
