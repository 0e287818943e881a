package com.omnichannel.simulator.callback;

import java.util.function.Supplier;

/**
 * One webhook a provider owes the API, such as a message's 'delivered'.
 *
 * @param what how the log names it, e.g. {@code 'read' of message 7}
 * @param request builds the request when it is first due, so that a timestamp in its body is the
 *     time the status happened; its retries post the same request again, as a provider does
 * @param accepted what to do once the API answered 2xx
 */
public record Callback(String what, Supplier<Webhook> request, Runnable accepted) {}
