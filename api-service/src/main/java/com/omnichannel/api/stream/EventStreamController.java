package com.omnichannel.api.stream;

import com.omnichannel.api.security.CompanyPrincipal;
import com.omnichannel.api.web.InvalidRequestException;
import com.omnichannel.api.web.ServiceUnavailableException;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Agents' live view: every change in their company, as Server-Sent Events. */
@RestController
class EventStreamController {

  private static final Duration NOT_READY_RETRY = Duration.ofSeconds(1);

  private final EventFanOut fanOut;
  private final StreamSlots slots;
  private final StreamProperties properties;
  private final TaskExecutor writers;

  EventStreamController(
      EventFanOut fanOut,
      StreamSlots slots,
      StreamProperties properties,
      @Qualifier("applicationTaskExecutor") TaskExecutor writers) {
    this.fanOut = fanOut;
    this.slots = slots;
    this.properties = properties;
    this.writers = writers;
  }

  @Operation(
      summary = "Stream every change in the company (Server-Sent Events)",
      description =
          "Events: message.created, message.updated (delivery status), conversation.created,"
              + " conversation.updated (owner, status, last_message_at); data is the message or"
              + " conversation as the API shows it. Each event's id increases within the"
              + " company's stream: reconnect with Last-Event-ID (or last_event_id) to get every"
              + " event after it first, then live ones; events are kept 7 days. A resume that"
              + " cannot be served whole (older than Kafka keeps, more than 10,000 records"
              + " behind or more missed events than the stream's queue holds, ahead of the"
              + " stream, or while the instance's replays are busy) starts with event: reset,"
              + " data {\"reason\": ...}, whose id resumes from there: reload by REST. A"
              + " comment every 15 s keeps the stream open. Optional"
              + " filter conversation_id. Browsers: open it with ?token= from POST"
              + " /companies/{id}/stream-tokens. At most 50 streams per company per instance"
              + " (then 429), 2000 per instance (then 503), both with Retry-After.")
  @GetMapping(value = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  ResponseEntity<SseEmitter> events(
      @AuthenticationPrincipal CompanyPrincipal company,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
      @RequestParam(name = "last_event_id", required = false) String lastEventIdParameter,
      @RequestParam(name = "conversation_id", required = false) Long conversationId)
      throws IOException {
    Long lastEventId = parse(lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParameter);
    if (!fanOut.ready()) {
      if (lastEventIdHeader != null) {
        return comeBackShortly();
      }
      throw new ServiceUnavailableException(
          "Event streams are not ready on this instance yet; retry after 1 s", 1);
    }
    StreamSlots.Slot slot = slots.acquire(company.companyId());
    SseEmitter emitter = new SseEmitter(properties.timeout().toMillis());
    Subscription subscription =
        new Subscription(
            company.companyId(),
            company.apiKeyId(),
            conversationId,
            lastEventId == null ? -1 : lastEventId,
            emitter,
            writers,
            new Subscription.Limits(properties.queue(), properties.queueBytes().toBytes()));
    // Run once however the stream ends (completed, timed out, failed, closed before Spring took
    // the emitter over, which then never calls onCompletion): its place is given back.
    subscription.onEnd(
        () -> {
          fanOut.unsubscribe(subscription);
          slot.release();
        });
    emitter.onCompletion(subscription::end);
    emitter.onTimeout(subscription::close);
    emitter.onError(failure -> subscription.close());
    try {
      emitter.send(
          SseEmitter.event()
              .reconnectTime(properties.reconnect().toMillis())
              .comment("events of company " + company.companyId()));
      fanOut.subscribe(subscription, lastEventId);
    } catch (IOException | RuntimeException e) {
      // The emitter never reached the client, so no completion will give the place back.
      subscription.close();
      subscription.end();
      throw e;
    }
    return ResponseEntity.ok()
        .header("Cache-Control", "no-store")
        .header("X-Accel-Buffering", "no")
        .body(emitter);
  }

  /**
   * For an {@code EventSource}'s own reconnect (it sends {@code Last-Event-ID}) to an instance just
   * started: any status but 200 would close it for good, so it gets an empty stream that ends at
   * once with a short {@code retry:}, and the same object comes back a moment later.
   */
  private static ResponseEntity<SseEmitter> comeBackShortly() throws IOException {
    SseEmitter emitter = new SseEmitter();
    emitter.send(
        SseEmitter.event()
            .reconnectTime(NOT_READY_RETRY.toMillis())
            .comment("event streams are not ready on this instance yet"));
    emitter.complete();
    return ResponseEntity.ok().header("Cache-Control", "no-store").body(emitter);
  }

  private static Long parse(String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return null;
    }
    try {
      long id = Long.parseLong(lastEventId.strip());
      if (id < 0) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("Last-Event-ID must be an event id this stream gave");
    }
  }
}
