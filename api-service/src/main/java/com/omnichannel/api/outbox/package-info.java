/**
 * The transactional outbox: events appended in the transaction of the state they announce, and the
 * one relay that publishes them to Kafka in order.
 */
@ApplicationModule(allowedDependencies = {"sql"})
package com.omnichannel.api.outbox;

import org.springframework.modulith.ApplicationModule;
