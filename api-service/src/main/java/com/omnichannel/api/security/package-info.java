/** Who may call what: API keys, stream tokens, the admin token, and the management port. */
@ApplicationModule(allowedDependencies = {"ratelimit", "web"})
package com.omnichannel.api.security;

import org.springframework.modulith.ApplicationModule;
