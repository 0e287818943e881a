package com.omnichannel.api.sql;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.StringJoiner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Inserts rows of one table in multi-row statements whose sizes are powers of two up to {@value
 * #LARGEST}: a batch of 13 rows is a statement of 8, one of 4 and one of 1. Each size is one SQL
 * text, which the connection's statement cache keeps prepared on the server, so a batch costs one
 * execution per statement. The driver's own rewrite of a JDBC batch into one multi-row statement
 * prepared a new server statement for every batch, and closed it after: three round trips, and a
 * parse, for every insert.
 *
 * <p>The rows are inserted in their order, so auto-increment ids follow it.
 *
 * @param <T> a row to insert
 */
public final class MultiRowInsert<T> {

  /** Rows per statement at most. */
  static final int LARGEST = 32;

  /** Binds one row's values, from parameter {@code first} on. */
  @FunctionalInterface
  public interface Binder<T> {
    void bind(PreparedStatement statement, int first, T row) throws SQLException;
  }

  private final int columns;
  private final Binder<T> binder;
  private final String[] sqlBySize;

  /**
   * @param into the table and its columns, as in {@code outbox (topic, event_key)}
   * @param values one row's values, as in {@code (?, ?)}: a parameter for each {@code ?} (constants
   *     may stand among them)
   * @param binder binds one row's parameters
   */
  public MultiRowInsert(String into, String values, Binder<T> binder) {
    this.columns = (int) values.chars().filter(c -> c == '?').count();
    this.binder = binder;
    this.sqlBySize = new String[Integer.numberOfTrailingZeros(LARGEST) + 1];
    for (int exponent = 0; exponent < sqlBySize.length; exponent++) {
      StringJoiner rows = new StringJoiner(", ", "INSERT INTO " + into + " VALUES ", "");
      for (int i = 0; i < 1 << exponent; i++) {
        rows.add(values);
      }
      sqlBySize[exponent] = rows.toString();
    }
  }

  /** Inserts the rows in their order; nothing for none. */
  public void insert(JdbcTemplate jdbc, List<T> rows) {
    int from = 0;
    while (from < rows.size()) {
      int size = Math.min(LARGEST, Integer.highestOneBit(rows.size() - from));
      List<T> chunk = rows.subList(from, from + size);
      jdbc.update(
          sql(size),
          statement -> {
            for (int i = 0; i < chunk.size(); i++) {
              binder.bind(statement, i * columns + 1, chunk.get(i));
            }
          });
      from += size;
    }
  }

  /** The statement that inserts {@code size} rows, a power of two up to {@value #LARGEST}. */
  String sql(int size) {
    return sqlBySize[Integer.numberOfTrailingZeros(size)];
  }
}
