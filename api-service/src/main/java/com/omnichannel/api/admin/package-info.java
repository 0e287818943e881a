/** Operators' endpoints behind the admin token: provisioning companies. */
@ApplicationModule(allowedDependencies = {"company"})
package com.omnichannel.api.admin;

import org.springframework.modulith.ApplicationModule;
