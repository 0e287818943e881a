package com.omnichannel.api.plans;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a statement costs the database: its plan ({@code EXPLAIN}: which index reads each table, and
 * how many rows the optimizer expects) and the rows it actually reads, counted by the session's
 * {@code Handler_read_*} status (index look-ups, index steps and row reads, of temporary tables
 * too). A plan's estimate ignores a {@code LIMIT}, the count does not. Writes run in a transaction
 * that is rolled back, so nothing changes.
 */
final class PlanProbe {

  /** Full scans: of the table, or of a whole index. */
  private static final Set<String> SCANS = Set.of("ALL", "index");

  /** One row of {@code EXPLAIN}. */
  record Step(String table, String type, String key, Long rows) {

    boolean baseTable() {
      return table != null && !table.startsWith("<");
    }
  }

  /** A statement with its parameters: positional ({@code List}) or named ({@code Map}). */
  record Call(HotStatement statement, Object params) {

    static Call of(HotStatement statement, Object... params) {
      return new Call(statement, Arrays.asList(params));
    }

    static Call named(HotStatement statement, Map<String, ?> params) {
      return new Call(statement, params);
    }
  }

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final long showStatusCost;

  PlanProbe(JdbcClient jdbc, TransactionTemplate transaction) {
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.showStatusCost =
        transaction.execute(
            tx -> {
              long first = handlerReads();
              return handlerReads() - first;
            });
  }

  /** The plan and the rows read of a call, checked for full scans of any table. */
  Plan of(Call call) {
    List<Step> steps = explain(call);
    long reads = rowsRead(call);
    System.out.printf("%-34s reads %6d  %s%n", call.statement().name(), reads, steps);
    for (Step step : steps) {
      if (step.baseTable()) {
        assertThat(step.type())
            .as("%s reads %s by a full scan: %s", call.statement().name(), step.table(), steps)
            .isNotIn(SCANS);
      }
    }
    return new Plan(call.statement().name(), steps, reads);
  }

  private List<Step> explain(Call call) {
    return spec("EXPLAIN " + call.statement().sql(), call.params())
        .query(
            (rs, row) ->
                new Step(
                    rs.getString("table"),
                    rs.getString("type"),
                    rs.getString("key"),
                    rs.getObject("rows", Long.class)))
        .list();
  }

  private long rowsRead(Call call) {
    return transaction.execute(
        tx -> {
          long before = handlerReads();
          var spec = spec(call.statement().sql(), call.params());
          if (call.statement().sql().strip().startsWith("SELECT")) {
            spec.query().listOfRows();
          } else {
            spec.update();
          }
          long read = handlerReads() - before - showStatusCost;
          tx.setRollbackOnly();
          return read;
        });
  }

  @SuppressWarnings("unchecked")
  private JdbcClient.StatementSpec spec(String sql, Object params) {
    JdbcClient.StatementSpec spec = jdbc.sql(sql);
    return params instanceof Map
        ? spec.params((Map<String, ?>) params)
        : spec.params((List<?>) params);
  }

  private long handlerReads() {
    return jdbc
        .sql("SHOW SESSION STATUS LIKE 'Handler_read%'")
        .query((rs, row) -> rs.getLong("Value"))
        .list()
        .stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  /** A statement's plan and reads, to assert on. */
  static final class Plan {

    private final String name;
    private final List<Step> steps;
    private final long reads;

    private Plan(String name, List<Step> steps, long reads) {
      this.name = name;
      this.steps = steps;
      this.reads = reads;
    }

    /** Every step over {@code table} (its alias in the statement) reads it by {@code key}. */
    Plan reads(String table, String key) {
      List<Step> over = steps.stream().filter(step -> table.equals(step.table())).toList();
      assertThat(over).as("%s: no step reads %s: %s", name, table, steps).isNotEmpty();
      assertThat(over)
          .as("%s reads %s by another index: %s", name, table, steps)
          .allSatisfy(step -> assertThat(step.key()).isEqualTo(key));
      return this;
    }

    /** A look-up of one row of {@code table} by {@code key}, a unique one. */
    Plan oneRow(String table, String key) {
      return reads(table, key).estimatesAtMost(1).readsAtMost(2);
    }

    /** The optimizer expects at most {@code rows} rows from each step over a table. */
    Plan estimatesAtMost(long rows) {
      assertThat(steps.stream().filter(Step::baseTable).collect(Collectors.toList()))
          .as("%s: estimates", name)
          .allSatisfy(
              step -> assertThat(step.rows() == null ? 0 : step.rows()).isLessThan(rows + 1));
      return this;
    }

    /** Running it reads at most {@code rows} rows and index entries. */
    Plan readsAtMost(long rows) {
      assertThat(reads).as("%s: rows read, plan %s", name, steps).isLessThanOrEqualTo(rows);
      return this;
    }
  }
}
