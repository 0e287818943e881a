package com.omnichannel.testing;

import com.omnichannel.contracts.AiReplyGenerated;
import com.omnichannel.contracts.ConversationTurn;
import com.omnichannel.contracts.DeliveryAttempted;
import com.omnichannel.contracts.DeliveryOutcome;
import com.omnichannel.contracts.EventIds;
import com.omnichannel.contracts.HandoffRequested;
import com.omnichannel.contracts.MessageReceived;
import com.omnichannel.contracts.OutboundMessageRequested;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The events of shared-contracts as a test needs them: say what matters to the test, and the rest
 * is the demo's Acme Corp (company 1, channel 1, contact 1, its AI user 1 owning the conversation)
 * in a conversation and about a message no other test run uses.
 *
 * <pre>{@code
 * MessageReceived question = TestEvent.about(conversation).aiOwned(false).text("Hi").messageReceived();
 * AiReplyGenerated reply = TestEvent.about(conversation).message(question.messageId()).aiReplyGenerated();
 * }</pre>
 *
 * <p>{@code message} is the message the event is about: the inbound message of a {@code
 * MessageReceived}, the one answered by an {@code AiReplyGenerated} or {@code HandoffRequested},
 * the one sent by an {@code OutboundMessageRequested} and reported on by a {@code
 * DeliveryAttempted}.
 */
public final class TestEvent {

  /**
   * Ids above those of earlier runs, so records of earlier runs on the shared topics never match.
   */
  private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1_000);

  private Instant occurredAt = Instant.now();
  private long company = 1;
  private long conversation = newId();
  private long message = newId();
  private long channel = 1;
  private long contact = 1;
  private long owner = 1;
  private boolean aiOwned = true;
  private String text = "Hello";
  private String companyName;
  private String assistantInstructions;
  private List<ConversationTurn> history;
  private int attempt = 1;
  private String outboundUrl = "http://127.0.0.1:1/unused";
  private String body;
  private String signature;
  private String correlationId;
  private Integer httpStatus;
  private String providerMessageId;
  private String error;
  private Long retryAfterMillis;

  private TestEvent() {}

  /** An event of a new conversation. */
  public static TestEvent event() {
    return new TestEvent();
  }

  /** An event of {@code conversation}. */
  public static TestEvent about(long conversation) {
    return new TestEvent().conversation(conversation);
  }

  /**
   * The events of {@code request}'s message, as the sender received it; {@link
   * #deliveryAttempted(DeliveryOutcome)} then reports on that very attempt.
   */
  public static TestEvent answering(OutboundMessageRequested request) {
    return new TestEvent()
        .company(request.companyId())
        .conversation(request.conversationId())
        .message(request.messageId())
        .channel(request.channelId())
        .attempt(request.attempt())
        .outboundUrl(request.outboundUrl())
        .body(request.body())
        .signature(request.signature())
        .correlationId(request.correlationId());
  }

  /** A number no other test run has used (for conversations, messages, channels, ...). */
  public static long newId() {
    return IDS.incrementAndGet();
  }

  public TestEvent at(Instant occurredAt) {
    this.occurredAt = occurredAt;
    return this;
  }

  public TestEvent company(long company) {
    this.company = company;
    return this;
  }

  public TestEvent conversation(long conversation) {
    this.conversation = conversation;
    return this;
  }

  public TestEvent message(long message) {
    this.message = message;
    return this;
  }

  public TestEvent channel(long channel) {
    this.channel = channel;
    return this;
  }

  public TestEvent contact(long contact) {
    this.contact = contact;
    return this;
  }

  /** The conversation's owner; for the AI's events, the AI user. */
  public TestEvent owner(long owner) {
    this.owner = owner;
    return this;
  }

  public TestEvent aiOwned(boolean aiOwned) {
    this.aiOwned = aiOwned;
    return this;
  }

  /** The inbound message's text, the reply's, or the hand-off's reason. */
  public TestEvent text(String text) {
    this.text = text;
    return this;
  }

  /** What a model answers from, carried by a {@code MessageReceived} of version 2. */
  public TestEvent context(
      String companyName, String assistantInstructions, List<ConversationTurn> history) {
    this.companyName = companyName;
    this.assistantInstructions = assistantInstructions;
    this.history = history;
    return this;
  }

  public TestEvent attempt(int attempt) {
    this.attempt = attempt;
    return this;
  }

  public TestEvent outboundUrl(String outboundUrl) {
    this.outboundUrl = outboundUrl;
    return this;
  }

  /** The request body the sender posts; {@code {"text":"message <id>"}} unless given. */
  public TestEvent body(String body) {
    this.body = body;
    return this;
  }

  /** The {@code X-Hub-Signature-256} value the sender sends; none unless given. */
  public TestEvent signature(String signature) {
    this.signature = signature;
    return this;
  }

  /** {@code corr-<message id>} unless given. */
  public TestEvent correlationId(String correlationId) {
    this.correlationId = correlationId;
    return this;
  }

  /** The provider's answer in a delivery report. */
  public TestEvent providerAnswered(int httpStatus, String providerMessageId, String error) {
    this.httpStatus = httpStatus;
    this.providerMessageId = providerMessageId;
    this.error = error;
    return this;
  }

  public TestEvent retryAfterMillis(Long retryAfterMillis) {
    this.retryAfterMillis = retryAfterMillis;
    return this;
  }

  public MessageReceived messageReceived() {
    MessageReceived received =
        MessageReceived.of(
            occurredAt, company, conversation, message, channel, contact, owner, aiOwned, text);
    return history == null
        ? received
        : received.withContext(companyName, assistantInstructions, history);
  }

  public AiReplyGenerated aiReplyGenerated() {
    return new AiReplyGenerated(
        EventIds.random(),
        AiReplyGenerated.TYPE,
        AiReplyGenerated.SCHEMA_VERSION,
        occurredAt,
        company,
        conversation,
        message,
        owner,
        text);
  }

  public HandoffRequested handoffRequested() {
    return new HandoffRequested(
        EventIds.random(),
        HandoffRequested.TYPE,
        HandoffRequested.SCHEMA_VERSION,
        occurredAt,
        company,
        conversation,
        message,
        owner,
        text);
  }

  public OutboundMessageRequested outboundMessageRequested() {
    return OutboundMessageRequested.of(
        occurredAt,
        company,
        conversation,
        message,
        channel,
        attempt,
        outboundUrl,
        body == null ? "{\"text\":\"message " + message + "\"}" : body,
        signature,
        correlationId == null ? "corr-" + message : correlationId);
  }

  /** The report on {@link #outboundMessageRequested()}'s message with this outcome. */
  public DeliveryAttempted deliveryAttempted(DeliveryOutcome outcome) {
    return DeliveryAttempted.answering(
        outboundMessageRequested(),
        occurredAt,
        outcome,
        httpStatus,
        providerMessageId,
        error,
        retryAfterMillis);
  }
}
