package com.omnichannel.api.company;

/**
 * A tenant as its own API keys see it: what a client signed in with a key shows, and the id the
 * company's other endpoints take.
 */
public record Company(long id, String name) {}
