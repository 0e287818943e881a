/** Companies, their channels, users and AI assistants: the tenants and what they own. */
@ApplicationModule(allowedDependencies = {"security", "web"})
package com.omnichannel.api.company;

import org.springframework.modulith.ApplicationModule;
