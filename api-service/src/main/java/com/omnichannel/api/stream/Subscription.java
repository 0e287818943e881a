package com.omnichannel.api.stream;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open stream: the events for its company (and conversation, if it asked for one) wait in a
 * bounded queue and are written in order by one task at a time, so a slow client holds up nobody
 * else. Until its replay is ready, live events only wait; then the replay goes first, and an event
 * is never written twice: anything at or below the last written id is skipped.
 */
final class Subscription {

  private static final Logger log = LoggerFactory.getLogger(Subscription.class);

  /** A heartbeat in the queue. */
  private static final StreamEvent HEARTBEAT = new StreamEvent(-1, 0, 0, "", "");

  final long companyId;
  final Long conversationId;
  private final SseEmitter emitter;
  private final Executor writer;
  private final int capacity;
  private final ArrayDeque<StreamEvent> queue = new ArrayDeque<>();
  private boolean started;
  private boolean writing;
  private boolean closed;
  private long lastWritten;

  Subscription(
      long companyId,
      Long conversationId,
      long lastEventId,
      SseEmitter emitter,
      Executor writer,
      int capacity) {
    this.companyId = companyId;
    this.conversationId = conversationId;
    this.lastWritten = lastEventId;
    this.emitter = emitter;
    this.writer = writer;
    this.capacity = capacity;
  }

  boolean wants(StreamEvent event) {
    return event.companyId() == companyId
        && (conversationId == null || event.conversationId() == conversationId);
  }

  /** A live event; dropped when it is not this stream's. */
  void offer(StreamEvent event) {
    if (wants(event)) {
      enqueue(event);
    }
  }

  void heartbeat() {
    enqueue(HEARTBEAT);
  }

  /** The replay, written before every live event that waited for it; then live events flow. */
  synchronized void start(List<StreamEvent> replay) {
    List<StreamEvent> live = List.copyOf(queue);
    queue.clear();
    replay.stream().filter(this::wants).forEach(queue::add);
    queue.addAll(live);
    started = true;
    schedule();
  }

  private synchronized void enqueue(StreamEvent event) {
    if (closed) {
      return;
    }
    // Until the replay starts, live events only wait: room for twice as many then.
    if (queue.size() >= capacity + (started ? 0 : capacity)) {
      log.info("Closing the event stream of company {}: its client fell behind", companyId);
      close();
      return;
    }
    queue.add(event);
    if (started) {
      schedule();
    }
  }

  private void schedule() {
    if (!writing && !queue.isEmpty() && !closed) {
      writing = true;
      writer.execute(this::writeQueued);
    }
  }

  private void writeQueued() {
    while (true) {
      StreamEvent next;
      synchronized (this) {
        next = queue.poll();
        if (next == null || closed) {
          writing = false;
          return;
        }
        if (next != HEARTBEAT) {
          if (next.id() <= lastWritten) {
            continue;
          }
          lastWritten = next.id();
        }
      }
      try {
        if (next == HEARTBEAT) {
          emitter.send(SseEmitter.event().comment("heartbeat"));
        } else {
          emitter.send(
              SseEmitter.event().id(Long.toString(next.id())).name(next.type()).data(next.data()));
        }
      } catch (IOException | IllegalStateException e) {
        // The client went away; its stream ends here, and completing it unsubscribes it.
        synchronized (this) {
          closed = true;
          writing = false;
          queue.clear();
        }
        emitter.completeWithError(e);
        return;
      }
    }
  }

  synchronized void close() {
    if (!closed) {
      closed = true;
      queue.clear();
      emitter.complete();
    }
  }
}
