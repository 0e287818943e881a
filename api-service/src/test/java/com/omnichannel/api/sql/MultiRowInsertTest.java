package com.omnichannel.api.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.omnichannel.api.ApiIntegrationTest;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Multi-row inserts against the service's own database, through its pool and driver settings. */
@ApiIntegrationTest
class MultiRowInsertTest {

  private static final String TABLE = "multi_row_insert_probe_" + System.nanoTime();

  private record Probe(String label, int position) {}

  private final MultiRowInsert<Probe> insert =
      new MultiRowInsert<>(
          TABLE + " (label, position, constant)",
          "(?, ?, 'fixed')",
          (statement, first, probe) -> {
            statement.setString(first, probe.label());
            statement.setInt(first + 1, probe.position());
          });

  @Autowired JdbcTemplate jdbc;
  @Autowired PlatformTransactionManager transactions;

  @BeforeEach
  void createTable() {
    jdbc.execute(
        "CREATE TABLE "
            + TABLE
            + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(20) NOT NULL,"
            + " position INT NOT NULL, constant VARCHAR(10) NOT NULL)");
  }

  @AfterEach
  void dropTable() {
    jdbc.execute("DROP TABLE " + TABLE);
  }

  @Test
  void rowsAreStoredInTheirOrderInStatementsOfPowersOfTwo() {
    List<Probe> rows = probes("a", 45);

    new TransactionTemplate(transactions).executeWithoutResult(tx -> insert.insert(jdbc, rows));

    List<Probe> stored =
        jdbc.query(
            "SELECT label, position FROM " + TABLE + " WHERE constant = 'fixed' ORDER BY id",
            (rs, row) -> new Probe(rs.getString("label"), rs.getInt("position")));
    assertThat(stored).containsExactlyElementsOf(rows);
    assertThat(insert.sql(1)).endsWith("VALUES (?, ?, 'fixed')");
    assertThat(insert.sql(4)).endsWith("VALUES " + String.join(", ", nCopies(4)));
    assertThat(insert.sql(MultiRowInsert.LARGEST)).contains(String.join(", ", nCopies(32)));
  }

  @Test
  void noRowsNoStatement() {
    new TransactionTemplate(transactions)
        .executeWithoutResult(tx -> insert.insert(jdbc, List.of()));

    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE, Long.class)).isZero();
  }

  /**
   * The point of it: a connection prepares each statement once. A JDBC batch the driver rewrote
   * into one multi-row statement was prepared on the server again for every batch.
   */
  @Test
  void aConnectionPreparesEachStatementOnce() {
    long[] prepares = new long[3];
    new TransactionTemplate(transactions)
        .executeWithoutResult(
            tx -> {
              prepares[0] = preparedInSession();
              insert.insert(jdbc, probes("first", 13));
              prepares[1] = preparedInSession();
              insert.insert(jdbc, probes("second", 13));
              insert.insert(jdbc, probes("third", 5));
              prepares[2] = preparedInSession();
            });

    // 13 rows are statements of 8, 4 and 1; 5 rows are 4 and 1 again.
    assertThat(prepares[1] - prepares[0]).isLessThanOrEqualTo(3);
    assertThat(prepares[2]).isEqualTo(prepares[1]);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE, Long.class)).isEqualTo(31);
  }

  private long preparedInSession() {
    return jdbc.query(
        "SHOW SESSION STATUS LIKE 'Com_stmt_prepare'",
        rs -> {
          rs.next();
          return rs.getLong(2);
        });
  }

  private static List<Probe> probes(String label, int count) {
    return IntStream.range(0, count).mapToObj(i -> new Probe(label + i, i)).toList();
  }

  private static List<String> nCopies(int count) {
    return Collections.nCopies(count, "(?, ?, 'fixed')");
  }
}
