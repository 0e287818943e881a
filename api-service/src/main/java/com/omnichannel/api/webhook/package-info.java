/**
 * Providers' webhooks: inbound messages and status callbacks, verified, rate limited and handed to
 * the conversations.
 */
@ApplicationModule(
    allowedDependencies = {"company", "conversation", "delivery", "ratelimit", "web"})
package com.omnichannel.api.webhook;

import org.springframework.modulith.ApplicationModule;
