/** Per-key and per-channel rate limits. */
@ApplicationModule(allowedDependencies = {})
package com.omnichannel.api.ratelimit;

import org.springframework.modulith.ApplicationModule;
