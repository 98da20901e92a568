package io.zeekbeam.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;

/**
 * Contender (c): DuckDB over the JSON lines, reading only the five columns the analytic needs,
 * with as many threads as the machine has cores, writing {@code host,service,window,bytes} rows.
 *
 * <p>Usage: {@code DuckDbBytes CONN_LOG OUT_CSV THREADS}. Prints {@code elapsed_ms=...}.
 */
public final class DuckDbBytes {
  private DuckDbBytes() {}

  public static void main(String[] args) throws SQLException, ClassNotFoundException {
    long start = System.nanoTime();
    String in = Path.of(args[0]).toAbsolutePath().toString().replace("'", "''");
    String out = Path.of(args[1]).toAbsolutePath().toString().replace("'", "''");
    int threads = Integer.parseInt(args[2]);
    Class.forName("org.duckdb.DuckDBDriver");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET threads = " + threads);
      // ignore_errors turns the generator's planted truncated line into a row of nulls; zeekbeam
      // dead-letters a record without ts, so that row is left out here too.
      s.execute(
          "COPY (SELECT \"id.orig_h\" AS host, service, CAST(floor(ts / 300) AS BIGINT) AS win,"
              + " sum(coalesce(orig_ip_bytes, 0) + coalesce(resp_ip_bytes, 0)) AS bytes"
              + " FROM read_ndjson('" + in + "', columns = {'ts': 'DOUBLE', 'id.orig_h': 'VARCHAR',"
              + " 'service': 'VARCHAR', 'orig_ip_bytes': 'BIGINT', 'resp_ip_bytes': 'BIGINT'},"
              + " ignore_errors = true) WHERE ts IS NOT NULL"
              + " GROUP BY ALL) TO '" + out + "' (HEADER false)");
    }
    System.out.println("elapsed_ms=" + (System.nanoTime() - start) / 1_000_000);
  }
}
