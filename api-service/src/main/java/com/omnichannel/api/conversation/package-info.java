/**
 * Conversations and their messages: the one door for their writes, which owns the lock order, the
 * inserts, {@code updated_at} and the events a write announces.
 */
@ApplicationModule(allowedDependencies = {"company", "intake", "outbox", "security", "sql", "web"})
package com.omnichannel.api.conversation;

import org.springframework.modulith.ApplicationModule;
