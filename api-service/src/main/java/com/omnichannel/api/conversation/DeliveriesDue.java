package com.omnichannel.api.conversation;

/**
 * Published inside a transaction that stored messages due for delivery; the delivery scheduler
 * hears it after commit and requests them.
 */
public record DeliveriesDue() {}
