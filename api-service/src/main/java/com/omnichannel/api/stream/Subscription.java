package com.omnichannel.api.stream;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open stream: the events for its company (and conversation, if it asked for one) wait in a
 * queue bounded in events and in bytes, and are written in order by one task at a time, so a slow
 * client holds up nobody else. Until its replay is ready, live events only wait; then the replay
 * goes first, and an event is never written twice: anything at or below the last written id is
 * skipped. The replay is bounded by the same limits as the queue ({@link PartitionLog}, {@link
 * KafkaReplay}) and waits apart from it, so live events get the whole queue while it is written.
 *
 * <p>Only the writer task touches the emitter. The fan-out and the heartbeats offer events while
 * holding locks every company's streams share, and a send to a client that reads a trickle can
 * block for as long as the client likes (completing the emitter waits for that send): so they, and
 * whoever else closes the stream, only mark it closed and leave the writer to complete it.
 *
 * <p>However the stream finishes, its end ({@link #onEnd}: unsubscribing, giving its place back)
 * runs once: the emitter's completion callback alone is not enough, since Spring never runs it for
 * an emitter that was complete before the controller returned it (a stream closed while it
 * replayed).
 */
final class Subscription {

  private static final Logger log = LoggerFactory.getLogger(Subscription.class);

  /** A heartbeat in the queue. */
  private static final StreamEvent HEARTBEAT = new StreamEvent(-1, 0, 0, "", "");

  /** What may wait for one client: so many events, and so many bytes of their data. */
  record Limits(int events, long bytes) {

    /** What is left of these limits once {@code taken} wait. */
    Limits less(List<StreamEvent> taken) {
      return new Limits(
          events - taken.size(), bytes - taken.stream().mapToLong(StreamEvent::size).sum());
    }
  }

  final long companyId;
  final long apiKeyId;
  final Long conversationId;
  private final SseEmitter emitter;
  private final Executor writer;
  private final Limits limits;
  private final ArrayDeque<StreamEvent> replay = new ArrayDeque<>();
  private final ArrayDeque<StreamEvent> queue = new ArrayDeque<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Runnable onEnd = () -> {};
  private long queuedBytes;
  private boolean started;
  private boolean writing;
  private boolean closed;
  private boolean finished;
  private long lastWritten;

  Subscription(
      long companyId,
      long apiKeyId,
      Long conversationId,
      long lastEventId,
      SseEmitter emitter,
      Executor writer,
      Limits limits) {
    this.companyId = companyId;
    this.apiKeyId = apiKeyId;
    this.conversationId = conversationId;
    this.lastWritten = lastEventId;
    this.emitter = emitter;
    this.writer = writer;
    this.limits = limits;
  }

  Limits limits() {
    return limits;
  }

  /** What to do once when the stream finishes, however it does; set before it subscribes. */
  void onEnd(Runnable whenEnded) {
    this.onEnd = whenEnded;
  }

  /** Runs the stream's end, once however often it is called. */
  void end() {
    if (ended.compareAndSet(false, true)) {
      onEnd.run();
    }
  }

  boolean wants(StreamEvent event) {
    return event.companyId() == companyId
        && (conversationId == null || event.conversationId() == conversationId);
  }

  /** A live event; dropped when it is not this stream's. Never blocks. */
  void offer(StreamEvent event) {
    if (wants(event)) {
      enqueue(event);
    }
  }

  /** A comment for an idle stream; a stream with events waiting needs none. Never blocks. */
  synchronized void heartbeat() {
    if (started && !closed && queue.isEmpty() && replay.isEmpty()) {
      queue.add(HEARTBEAT);
      schedule();
    }
  }

  /** The replay, written before every live event that waited for it; then live events flow. */
  synchronized void start(List<StreamEvent> replayed) {
    if (closed) {
      return;
    }
    replayed.stream().filter(this::wants).forEach(replay::add);
    started = true;
    schedule();
  }

  /**
   * Starts with {@code reset} instead of a replay: the client reloads what it shows, and the live
   * events that waited follow it. The stream goes on from the reset's id, whatever id it resumed
   * from: one ahead of the live position would otherwise skip every live event.
   */
  synchronized void startWithReset(StreamEvent reset) {
    if (closed) {
      return;
    }
    replay.add(reset);
    lastWritten = reset.id();
    started = true;
    schedule();
  }

  private synchronized void enqueue(StreamEvent event) {
    if (closed) {
      return;
    }
    // Until the replay starts, live events only wait: room for twice as many then. The replay
    // itself waits apart, so it never takes the live events' room.
    int room = started ? 1 : 2;
    if (queue.size() >= limits.events() * room
        || queuedBytes + event.size() > limits.bytes() * room) {
      log.info("Closing the event stream of company {}: its client fell behind", companyId);
      close();
      return;
    }
    queue.add(event);
    queuedBytes += event.size();
    if (started) {
      schedule();
    }
  }

  /**
   * Ends the stream: nothing more is queued, and the writer completes the emitter once a send it
   * may be in has returned. Never blocks, whoever calls it.
   */
  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    replay.clear();
    queue.clear();
    queuedBytes = 0;
    schedule();
  }

  synchronized boolean isClosed() {
    return closed;
  }

  private void schedule() {
    if (writing || finished || (queue.isEmpty() && replay.isEmpty() && !closed)) {
      return;
    }
    writing = true;
    try {
      writer.execute(this::writeQueued);
    } catch (RejectedExecutionException e) {
      // Shutting down: the container ends the request itself.
      writing = false;
      log.debug("No writer for the event stream of company {}: {}", companyId, e.toString());
      if (closed) {
        end();
      }
    }
  }

  private void writeQueued() {
    while (true) {
      StreamEvent next;
      synchronized (this) {
        if (closed) {
          writing = false;
          if (finished) {
            return;
          }
          finished = true;
          break;
        }
        next = replay.poll();
        if (next == null) {
          next = queue.poll();
          if (next == null) {
            writing = false;
            return;
          }
          queuedBytes -= next.size();
        }
        if (next != HEARTBEAT) {
          if (next.id() <= lastWritten && !next.isReset()) {
            continue;
          }
          lastWritten = Math.max(lastWritten, next.id());
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
          finished = true;
          writing = false;
          replay.clear();
          queue.clear();
          queuedBytes = 0;
        }
        emitter.completeWithError(e);
        end();
        return;
      }
    }
    emitter.complete();
    end();
  }
}
