/**
 * Intake first: the requests providers and agents make (webhooks above all) get a connection pool
 * of their own, and the work the instance does in the background (storing replies and delivery
 * reports, requesting deliveries, relaying the outbox) runs on a second, smaller pool and yields
 * while the requests are under pressure, catching up after.
 */
@ApplicationModule(allowedDependencies = {})
package com.omnichannel.api.intake;

import org.springframework.modulith.ApplicationModule;
