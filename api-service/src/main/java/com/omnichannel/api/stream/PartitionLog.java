package com.omnichannel.api.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One partition of the events topic as this instance has read it: the most recent events (bounded
 * in count and in bytes), for replays from memory, and the streams whose company's events it
 * carries. Appending an event and subscribing a stream exclude each other, so a stream that
 * subscribes gets each event either in its replay or live, never neither.
 */
final class PartitionLog {

  private static final int REMEMBERED_EVENT_IDS = 10_000;

  private final int capacity;
  private final long capacityBytes;
  private final ArrayDeque<StreamEvent> recent = new ArrayDeque<>();
  private final Set<UUID> recentRecords = new LinkedHashSet<>();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

  private long recentBytes;

  /** Every record from this offset on is in {@link #recent} or still to be read. */
  private long coveredFrom;

  /** The offset of the next record to read. */
  private volatile long next;

  PartitionLog(int capacity, long capacityBytes, long startOffset) {
    this.capacity = capacity;
    this.capacityBytes = capacityBytes;
    this.coveredFrom = startOffset;
    this.next = startOffset;
  }

  long next() {
    return next;
  }

  /** A record that carried no event for the streams has been read. */
  synchronized void readUpTo(long nextOffset) {
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

  /**
   * The events of the record just read, offered to every stream; {@code nextOffset} is the offset
   * after it, moved under the same lock so a subscribing stream's live position is exact.
   */
  synchronized void append(List<StreamEvent> events, long nextOffset) {
    for (StreamEvent event : events) {
      recent.add(event);
      recentBytes += event.size();
      while (!recent.isEmpty() && (recent.size() > capacity || recentBytes > capacityBytes)) {
        StreamEvent dropped = recent.poll();
        recentBytes -= dropped.size();
        // Records whose first events were dropped are read from Kafka for a replay that needs
        // them; the events still here are then skipped as already written.
        coveredFrom =
            StreamEvent.offsetOf(recent.isEmpty() ? dropped.id() : recent.peek().id()) + 1;
      }
      for (Subscription subscription : subscriptions) {
        subscription.offer(event);
      }
    }
    next = nextOffset;
  }

  /**
   * What a stream resuming after {@code lastEventId} is owed.
   *
   * @param fromMemory the events after it that are still in memory
   * @param readFrom the first offset to read from Kafka before them, or -1 when memory covers it
   * @param readTo the offset to read up to, exclusive
   * @param liveFrom the offset of the first record the stream gets live
   * @param reset why the resume cannot be served, or null when it can
   */
  record Replay(
      List<StreamEvent> fromMemory, long readFrom, long readTo, long liveFrom, ResetReason reset) {

    Replay resetFor(ResetReason reason) {
      return new Replay(List.of(), -1, -1, liveFrom, reason);
    }
  }

  /**
   * Adds the stream; from now on it is offered every event of this partition. A resume more than
   * {@code maxBehind} records behind the live position, ahead of it, or owed more events from
   * memory than the stream's queue holds is not replayed but reset.
   */
  synchronized Replay subscribe(Subscription subscription, Long lastEventId, long maxBehind) {
    subscriptions.add(subscription);
    Replay live = new Replay(List.of(), -1, -1, next, null);
    if (lastEventId == null) {
      return live;
    }
    long after = StreamEvent.offsetOf(lastEventId);
    if (after >= next) {
      // Followed, it would skip every live event until the offsets caught up with it.
      return live.resetFor(ResetReason.UNKNOWN_POSITION);
    }
    if (next - (after + 1) > maxBehind) {
      return live.resetFor(ResetReason.TOO_FAR_BEHIND);
    }
    Subscription.Limits limits = subscription.limits();
    List<StreamEvent> fromMemory = new ArrayList<>();
    long bytes = 0;
    for (StreamEvent event : recent) {
      if (event.id() > lastEventId && subscription.wants(event)) {
        fromMemory.add(event);
        bytes += event.size();
        if (fromMemory.size() > limits.events() || bytes > limits.bytes()) {
          return live.resetFor(ResetReason.TOO_FAR_BEHIND);
        }
      }
    }
    return after < coveredFrom
        ? new Replay(fromMemory, after, coveredFrom, next, null)
        : new Replay(fromMemory, -1, -1, next, null);
  }

  void unsubscribe(Subscription subscription) {
    subscriptions.remove(subscription);
  }

  List<Subscription> subscriptions() {
    return subscriptions;
  }
}
