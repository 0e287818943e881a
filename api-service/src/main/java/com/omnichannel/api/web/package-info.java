/**
 * What every HTTP endpoint shares: problem details, admission control, body limits, the API docs.
 */
@ApplicationModule(allowedDependencies = {"ratelimit"})
package com.omnichannel.api.web;

import org.springframework.modulith.ApplicationModule;
