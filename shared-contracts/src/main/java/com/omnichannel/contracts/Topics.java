package com.omnichannel.contracts;

import java.util.List;

/**
 * Kafka topic names. Records are keyed by the conversation id, except on {@link
 * #CONVERSATION_EVENTS}.
 */
public final class Topics {

  public static final String MESSAGE_RECEIVED = "omni.message-received.v1";
  public static final String AI_REPLY = "omni.ai-reply.v1";
  public static final String OUTBOUND_MESSAGE = "omni.outbound-message.v1";
  public static final String DELIVERY_STATUS = "omni.delivery-status.v1";

  /**
   * Changes that agents' event streams show, keyed by the company (not the conversation): every API
   * instance reads every partition, and an event's id is its position in its partition.
   */
  public static final String CONVERSATION_EVENTS = "omni.conversation-events.v1";

  /** Suffix of the topic that receives records which could not be processed. */
  public static final String DEAD_LETTER_SUFFIX = "-dlt";

  /**
   * The topics that have a dead-letter topic: those a consumer group reads. Every API instance
   * reads {@link #CONVERSATION_EVENTS} without a group, so it has none.
   */
  public static final List<String> DEAD_LETTERED =
      List.of(MESSAGE_RECEIVED, AI_REPLY, OUTBOUND_MESSAGE, DELIVERY_STATUS);

  private Topics() {}

  public static String deadLetterOf(String topic) {
    return topic + DEAD_LETTER_SUFFIX;
  }
}
