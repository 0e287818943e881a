package com.omnichannel.api.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Items handed in while a batch commits are applied together in the next, and alone when asked. */
class GroupCommitTest {

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
  final List<Integer> alone = Collections.synchronizedList(new ArrayList<>());
  final Map<Integer, Integer> results = new ConcurrentHashMap<>();

  GroupCommit<Integer, Integer> commits(
      int maxBatch, Function<List<Integer>, List<Integer>> batch) {
    return new GroupCommit<>(
        "test",
        maxBatch,
        1,
        items -> {
          batches.add(List.copyOf(items));
          return batch.apply(items);
        },
        item -> {
          alone.add(item);
          return item * 100;
        },
        meters);
  }

  static List<Integer> tenTimes(List<Integer> items) {
    return items.stream().map(item -> item * 10).toList();
  }

  @Test
  void anItemHandedInAloneIsAppliedAloneAndItsFailureIsItsOwn() {
    GroupCommit<Integer, Integer> commits = commits(10, GroupCommitTest::tenTimes);

    assertThat(commits.apply(7)).isEqualTo(700);
    assertThat(batches).isEmpty();
    assertThat(alone).containsExactly(7);
    assertThat(meters.summary("omni.group_commit.batch_size", "name", "test").count()).isOne();

    GroupCommit<Integer, Integer> failing =
        new GroupCommit<>(
            "test",
            10,
            1,
            items -> tenTimes(items),
            item -> {
              throw new IllegalArgumentException("bad item " + item);
            },
            meters);
    assertThatThrownBy(() -> failing.apply(3)).hasMessage("bad item 3");
  }

  @Test
  void itemsHandedInDuringACommitAreAppliedTogetherInTheNextUpToTheLargestBatch()
      throws InterruptedException {
    CountDownLatch firstCommitMayEnd = new CountDownLatch(1);
    List<Integer> applied = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer, Integer> commits =
        new GroupCommit<>(
            "test",
            3,
            1,
            items -> {
              batches.add(List.copyOf(items));
              return tenTimes(items);
            },
            item -> {
              applied.add(item);
              await().until(() -> firstCommitMayEnd.getCount() == 0);
              return item * 10;
            },
            meters);
    Thread leader = handIn(commits, 0);
    await().until(() -> applied.size() == 1);
    List<Thread> followers = new ArrayList<>();
    for (int item = 1; item <= 5; item++) {
      followers.add(handIn(commits, item));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> followers.stream().allMatch(t -> t.getState() == Thread.State.WAITING));

    firstCommitMayEnd.countDown();
    leader.join();
    for (Thread follower : followers) {
      follower.join();
    }

    assertThat(applied).as("the first, alone").containsExactly(0);
    assertThat(batches).hasSize(2);
    assertThat(batches.get(0)).hasSize(3);
    assertThat(batches.get(1)).hasSize(2);
    assertThat(results)
        .containsOnly(
            Map.entry(0, 0),
            Map.entry(1, 10),
            Map.entry(2, 20),
            Map.entry(3, 30),
            Map.entry(4, 40),
            Map.entry(5, 50));
  }

  @Test
  void whenTheBatchFailsEachItemIsAppliedAloneAndOnlyTheBadOneFails() throws InterruptedException {
    CountDownLatch firstMayEnd = new CountDownLatch(1);
    List<Integer> appliedAlone = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer, Integer> blocking =
        new GroupCommit<>(
            "test",
            10,
            1,
            items -> {
              throw new IllegalStateException("the batch failed");
            },
            item -> {
              appliedAlone.add(item);
              if (item == 0) {
                await().until(() -> firstMayEnd.getCount() == 0);
              }
              if (item == 13) {
                throw new IllegalArgumentException("bad item");
              }
              return item * 100;
            },
            meters);
    Map<Integer, Object> outcomes = new ConcurrentHashMap<>();
    Thread first = new Thread(() -> outcomes.put(0, blocking.apply(0)));
    first.start();
    await().until(() -> appliedAlone.size() == 1);
    Thread good = new Thread(() -> outcomes.put(2, blocking.apply(2)));
    Thread bad =
        new Thread(
            () -> {
              try {
                blocking.apply(13);
              } catch (IllegalArgumentException e) {
                outcomes.put(13, e.getMessage());
              }
            });
    good.start();
    bad.start();
    await()
        .until(
            () ->
                good.getState() == Thread.State.WAITING && bad.getState() == Thread.State.WAITING);
    firstMayEnd.countDown();
    first.join();
    good.join();
    bad.join();

    assertThat(outcomes)
        .containsOnly(Map.entry(0, 0), Map.entry(2, 200), Map.entry(13, "bad item"));
    assertThat(appliedAlone).containsExactlyInAnyOrder(0, 2, 13);
  }

  @Test
  void anErrorOutOfABatchLeavesNoneOfItsItemsWaiting() throws InterruptedException {
    CountDownLatch firstMayEnd = new CountDownLatch(1);
    List<Integer> applied = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer, Integer> commits =
        new GroupCommit<>(
            "test",
            10,
            1,
            items -> {
              throw new AssertionError("out of memory, say");
            },
            item -> {
              applied.add(item);
              await().until(() -> item != 0 || firstMayEnd.getCount() == 0);
              return item * 100;
            },
            meters);
    Thread first = handIn(commits, 0);
    await().until(() -> applied.size() == 1);
    List<Thread> queued = List.of(handInCatching(commits, 1), handInCatching(commits, 2));
    await().until(() -> queued.stream().allMatch(t -> t.getState() == Thread.State.WAITING));

    firstMayEnd.countDown();
    first.join();
    for (Thread thread : queued) {
      thread.join(10_000);
    }

    assertThat(queued).noneMatch(Thread::isAlive);
    assertThat(results).containsEntry(0, 0);
    // The request that led the failed batch ends with the Error; the other's item is applied alone.
    assertThat(applied).hasSize(2).contains(0);
  }

  private Thread handInCatching(GroupCommit<Integer, Integer> commits, int item) {
    Thread thread =
        new Thread(
            () -> {
              try {
                results.put(item, commits.apply(item));
              } catch (AssertionError leader) {
                // The one that led the failed batch gets its Error; its item is applied alone.
              }
            });
    thread.start();
    return thread;
  }

  private Thread handIn(GroupCommit<Integer, Integer> commits, int item) {
    Thread thread = new Thread(() -> results.put(item, commits.apply(item)));
    thread.start();
    return thread;
  }
}
