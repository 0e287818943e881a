package com.omnichannel.api.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One partition of the events topic as this instance has read it: the most recent events, for
 * replays from memory, and the streams whose company's events it carries. Appending an event and
 * subscribing a stream exclude each other, so a stream that subscribes gets each event either in
 * its replay or live, never neither.
 */
final class PartitionLog {

  private static final int REMEMBERED_EVENT_IDS = 10_000;

  private final int capacity;
  private final ArrayDeque<StreamEvent> recent = new ArrayDeque<>();
  private final Set<UUID> recentRecords = new LinkedHashSet<>();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

  /** Every record from this offset on is in {@link #recent} or still to be read. */
  private long coveredFrom;

  /** The offset of the next record to read. */
  private volatile long next;

  PartitionLog(int capacity, long startOffset) {
    this.capacity = capacity;
    this.coveredFrom = startOffset;
    this.next = startOffset;
  }

  long next() {
    return next;
  }

  void readUpTo(long nextOffset) {
    next = nextOffset;
  }

  /**
   * Whether a record with this event id is new: the relay may publish a row twice (it crashed
   * between publishing and marking it sent), and every instance skips the repeat alike.
   */
  synchronized boolean firstSeen(UUID eventId) {
    if (!recentRecords.add(eventId)) {
      return false;
    }
    if (recentRecords.size() > REMEMBERED_EVENT_IDS) {
      var oldest = recentRecords.iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  synchronized void append(List<StreamEvent> events) {
    for (StreamEvent event : events) {
      recent.add(event);
      if (recent.size() > capacity) {
        recent.poll();
        // Records whose first events were dropped are read from Kafka for a replay that needs
        // them; the events still here are then skipped as already written.
        coveredFrom = StreamEvent.offsetOf(recent.peek().id()) + 1;
      }
      for (Subscription subscription : subscriptions) {
        subscription.offer(event);
      }
    }
  }

  /**
   * What a stream resuming after {@code lastEventId} is owed.
   *
   * @param fromMemory the events after it that are still in memory
   * @param readFrom the first offset to read from Kafka before them, or -1 when memory covers it
   * @param readTo the offset to read up to, exclusive
   */
  record Replay(List<StreamEvent> fromMemory, long readFrom, long readTo) {}

  /** Adds the stream; from now on it is offered every event of this partition. */
  synchronized Replay subscribe(Subscription subscription, Long lastEventId) {
    subscriptions.add(subscription);
    if (lastEventId == null) {
      return new Replay(List.of(), -1, -1);
    }
    List<StreamEvent> fromMemory = new ArrayList<>();
    for (StreamEvent event : recent) {
      if (event.id() > lastEventId && subscription.wants(event)) {
        fromMemory.add(event);
      }
    }
    long after = StreamEvent.offsetOf(lastEventId);
    return after < coveredFrom
        ? new Replay(fromMemory, after, coveredFrom)
        : new Replay(fromMemory, -1, -1);
  }

  void unsubscribe(Subscription subscription) {
    subscriptions.remove(subscription);
  }

  List<Subscription> subscriptions() {
    return subscriptions;
  }
}
