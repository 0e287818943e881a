/**
 * The agent console: a static web page at {@code /console/} through which a person watches the
 * inbox live, takes conversations over from the AI, answers and resolves. It holds no data of its
 * own: the page calls the API with the key the person enters. This module only serves the files,
 * under a strict Content-Security-Policy.
 */
@ApplicationModule(allowedDependencies = {})
package com.omnichannel.api.console;

import org.springframework.modulith.ApplicationModule;
