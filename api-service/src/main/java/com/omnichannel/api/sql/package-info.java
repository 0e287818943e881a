/**
 * SQL the features share: multi-row inserts in statements of a few fixed sizes, which each
 * connection keeps prepared on the server.
 */
@ApplicationModule(allowedDependencies = {})
package com.omnichannel.api.sql;

import org.springframework.modulith.ApplicationModule;
