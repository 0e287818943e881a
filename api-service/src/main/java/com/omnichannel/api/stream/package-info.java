/** Agents' live event streams (Server-Sent Events), fed from every API instance through Kafka. */
@ApplicationModule(allowedDependencies = {"security", "web"})
package com.omnichannel.api.stream;

import org.springframework.modulith.ApplicationModule;
