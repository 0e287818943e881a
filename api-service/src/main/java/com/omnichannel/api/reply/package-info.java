/**
 * When an AI reply is stored and when it is dropped: the worker's replies and hand-offs back into
 * their conversations.
 */
@ApplicationModule(allowedDependencies = {"conversation", "intake"})
package com.omnichannel.api.reply;

import org.springframework.modulith.ApplicationModule;
