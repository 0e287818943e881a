/**
 * Rate limits (per company, per webhook channel, of failed credential look-ups) and the caps on
 * what a company may hold.
 */
@ApplicationModule(allowedDependencies = {})
package com.omnichannel.api.ratelimit;

import org.springframework.modulith.ApplicationModule;
