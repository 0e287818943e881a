/** Companies, their channels, users and AI assistants: the tenants and what they own. */
@ApplicationModule(allowedDependencies = {"ratelimit", "security", "web"})
package com.omnichannel.api.company;

import org.springframework.modulith.ApplicationModule;
