/**
 * How AI and agent messages reach the contact: one message per conversation in delivery, retries
 * with back-off, leases, and statuses that only move forward.
 */
@ApplicationModule(
    allowedDependencies = {"company", "conversation", "intake", "outbox", "security", "web"})
package com.omnichannel.api.delivery;

import org.springframework.modulith.ApplicationModule;
