package com.omnichannel.contracts;

/** Kafka topic names. Every record on them is keyed by the conversation id. */
public final class Topics {

  public static final String MESSAGE_RECEIVED = "omni.message-received.v1";
  public static final String AI_REPLY = "omni.ai-reply.v1";
  public static final String OUTBOUND_MESSAGE = "omni.outbound-message.v1";
  public static final String DELIVERY_STATUS = "omni.delivery-status.v1";

  /** Suffix of the topic that receives records which could not be processed. */
  public static final String DEAD_LETTER_SUFFIX = "-dlt";

  private Topics() {}

  public static String deadLetterOf(String topic) {
    return topic + DEAD_LETTER_SUFFIX;
  }
}
