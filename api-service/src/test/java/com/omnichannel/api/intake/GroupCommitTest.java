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
  void anItemHandedInAloneIsItsOwnBatch() {
    GroupCommit<Integer, Integer> commits = commits(10, GroupCommitTest::tenTimes);

    assertThat(commits.apply(7)).isEqualTo(70);
    assertThat(batches).containsExactly(List.of(7));
    assertThat(meters.summary("omni.group_commit.batch_size", "name", "test").count()).isOne();
  }

  @Test
  void itemsHandedInDuringACommitAreAppliedTogetherInTheNextUpToTheLargestBatch()
      throws InterruptedException {
    CountDownLatch firstCommitMayEnd = new CountDownLatch(1);
    GroupCommit<Integer, Integer> commits =
        commits(
            3,
            items -> {
              if (items.contains(0)) {
                await().until(() -> firstCommitMayEnd.getCount() == 0);
              }
              return tenTimes(items);
            });
    Thread leader = handIn(commits, 0);
    await().until(() -> batches.size() == 1);
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

    assertThat(batches).hasSize(3);
    assertThat(batches.get(0)).containsExactly(0);
    assertThat(batches.get(1)).hasSize(3);
    assertThat(batches.get(2)).hasSize(2);
    assertThat(results)
        .containsOnly(
            Map.entry(0, 0),
            Map.entry(1, 10),
            Map.entry(2, 20),
            Map.entry(3, 30),
            Map.entry(4, 40),
            Map.entry(5, 50));
    assertThat(alone).isEmpty();
  }

  @Test
  void whenTheBatchFailsEachItemIsAppliedAloneAndOnlyTheBadOneFails() {
    GroupCommit<Integer, Integer> commits =
        new GroupCommit<>(
            "test",
            10,
            items -> {
              throw new IllegalStateException("the batch failed");
            },
            item -> {
              if (item == 13) {
                throw new IllegalArgumentException("bad item");
              }
              return item * 100;
            },
            meters);

    assertThat(commits.apply(2)).isEqualTo(200);
    assertThatThrownBy(() -> commits.apply(13)).hasMessage("bad item");
  }

  @Test
  void anItemTheBatchHandsBackIsAppliedAloneByItsOwnCaller() {
    GroupCommit<Integer, Integer> commits =
        commits(10, items -> items.stream().map(item -> item % 2 == 0 ? item * 10 : null).toList());

    assertThat(commits.apply(4)).isEqualTo(40);
    assertThat(commits.apply(5)).isEqualTo(500);
    assertThat(alone).containsExactly(5);
  }

  private Thread handIn(GroupCommit<Integer, Integer> commits, int item) {
    Thread thread = new Thread(() -> results.put(item, commits.apply(item)));
    thread.start();
    return thread;
  }
}
