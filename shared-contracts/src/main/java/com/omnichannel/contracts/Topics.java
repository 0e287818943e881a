package com.omnichannel.contracts;

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

  private Topics() {}

  public static String deadLetterOf(String topic) {
    return topic + DEAD_LETTER_SUFFIX;
  }
}
