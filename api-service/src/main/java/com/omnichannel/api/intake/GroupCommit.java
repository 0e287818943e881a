package com.omnichannel.api.intake;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Group commit: concurrent requests hand in their items, and one of them (the leader) applies every
 * item waiting, up to {@code maxBatch}, in one transaction, while the others wait for it and gather
 * the next batch; up to {@code maxBatches} batches are applied at once. Under load one commit, a
 * handful of statements and one outbox insert then serve dozens of requests; alone, a request is
 * its own batch and waits for nobody.
 *
 * <p>Each request returns only once its item is committed. A batch of one item is applied as the
 * item alone, and fails only its request. When a larger batch fails, each item is applied again
 * alone, by its own request in its own transaction, so one bad item fails only its own request; so
 * is an item the batch hands back (its result {@code null}), one that needs what a batch must not
 * take (a conversation's row lock, say). No thread of its own: nothing to start, and nothing left
 * waiting at shutdown that a request does not wait for itself.
 *
 * @param <T> an item
 * @param <R> what applying it returned
 */
public final class GroupCommit<T, R> {

  private final int maxBatch;
  private final int maxBatches;
  private final Function<List<T>, List<R>> batch;
  private final Function<T, R> alone;
  private final DistributionSummary batchSizes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition settled = lock.newCondition();
  private final ArrayDeque<Pending<T, R>> waiting = new ArrayDeque<>();
  private int committing;

  /**
   * @param name names the batch-size metric {@code omni.group_commit.batch_size{name}}
   * @param maxBatches batches applied at once at most; each has a connection of its own, and the
   *     items of two must not take each other's locks in opposite orders
   * @param batch applies two or more items in one transaction, all or none; a null result hands one
   *     back
   * @param alone applies one item in a transaction of its own
   */
  public GroupCommit(
      String name,
      int maxBatch,
      int maxBatches,
      Function<List<T>, List<R>> batch,
      Function<T, R> alone,
      MeterRegistry meters) {
    this.maxBatch = maxBatch;
    this.maxBatches = maxBatches;
    this.batch = batch;
    this.alone = alone;
    this.batchSizes =
        DistributionSummary.builder("omni.group_commit.batch_size")
            .description("Items applied by one group commit")
            .tag("name", name)
            .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100)
            .register(meters);
  }

  /** Applies the item with whatever else is waiting; returns once it is committed. */
  public R apply(T item) {
    Pending<T, R> mine = new Pending<>(item);
    List<Pending<T, R>> led;
    lock.lock();
    try {
      waiting.add(mine);
      while (true) {
        if (mine.settled) {
          break;
        }
        if (committing < maxBatches && !waiting.isEmpty()) {
          committing++;
          led = new ArrayList<>(Math.min(maxBatch, waiting.size()));
          while (!waiting.isEmpty() && led.size() < maxBatch) {
            led.add(waiting.poll());
          }
          lock.unlock();
          try {
            commit(led);
          } finally {
            lock.lock();
            // An Error out of the batch settles nothing: each of its items is then applied alone
            // by its own request, rather than left waiting for good.
            for (Pending<T, R> pending : led) {
              if (!pending.settled) {
                pending.alone = true;
                pending.settled = true;
              }
            }
            committing--;
            settled.signalAll();
          }
          continue;
        }
        settled.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.alone ? alone.apply(item) : mine.result;
  }

  /** Applies the batch, and settles each of its items: with its result, or to be applied alone. */
  private void commit(List<Pending<T, R>> led) {
    batchSizes.record(led.size());
    if (led.size() == 1) {
      Pending<T, R> only = led.get(0);
      try {
        only.result = alone.apply(only.item);
      } catch (RuntimeException failed) {
        only.failure = failed;
      }
      only.settled = true;
      return;
    }
    List<R> results;
    try {
      results = batch.apply(led.stream().map(Pending::item).toList());
    } catch (RuntimeException failed) {
      results = null;
    }
    for (int i = 0; i < led.size(); i++) {
      Pending<T, R> pending = led.get(i);
      R result = results == null ? null : results.get(i);
      pending.alone = result == null;
      pending.result = result;
      pending.settled = true;
    }
  }

  /** An item handed in, and once settled what became of it; guarded by the lock. */
  private static final class Pending<T, R> {
    private final T item;
    private boolean settled;
    private boolean alone;
    private R result;
    private RuntimeException failure;

    Pending(T item) {
      this.item = item;
    }

    T item() {
      return item;
    }
  }
}
