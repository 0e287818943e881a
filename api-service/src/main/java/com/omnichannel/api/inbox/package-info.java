/**
 * The agents' inbox: a company's conversations, most recent activity first, filtered and paged, and
 * their status.
 */
@ApplicationModule(allowedDependencies = {"company", "conversation", "security", "web"})
package com.omnichannel.api.inbox;

import org.springframework.modulith.ApplicationModule;
