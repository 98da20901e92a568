package io.zeekbeam.pipelines.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeekbeam.transforms.enrich.LocalNets;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * What the report shows, gathered in one streaming pass over the output folders of a run: each
 * aggregate is a {@link TopCounts} or a {@link TimeSeries}, so the memory does not grow with the
 * size of the outputs.
 */
final class ReportData {
  /** Keys kept per table before pruning (the tables show far fewer). */
  static final int CAPACITY = 10_000;

  /** Alerts kept for the brute-force timeline: the strongest, when there are more. */
  static final int ALERTS = 2_000;

  private static final DateTimeFormatter WINDOW_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  final TimeSeries bytesByService = new TimeSeries(5 * 60_000L, 400, 40);
  final TopCounts<String> talkers = new TopCounts<>(CAPACITY);
  final TopCounts<String> dnsQueries = new TopCounts<>(CAPACITY);
  final TopCounts<List<String>> hostnamePairs = new TopCounts<>(CAPACITY);
  final TopCounts<List<String>> bruteForce = new TopCounts<>(ALERTS);
  final TopCounts<String> sshUsers = new TopCounts<>(CAPACITY);
  final TopCounts<List<String>> watchlist = new TopCounts<>(CAPACITY);
  final TopCounts<List<String>> newCerts = new TopCounts<>(CAPACITY);
  final TopCounts<List<String>> inbound = new TopCounts<>(CAPACITY);
  final TopCounts<List<String>> deadLetters = new TopCounts<>(CAPACITY);

  /** Rows read per output folder by the report, and rows it could not read. */
  final Map<String, Long> rowsRead = new ConcurrentSkipListMap<>();

  final Map<String, Long> unreadable = new ConcurrentSkipListMap<>();

  /**
   * Window bounds already converted: a run's windowed rows share a few thousand distinct bounds,
   * and {@code LocalDateTime.parse} costs more than reading the rest of the row.
   */
  private static final int WINDOW_TIMES_KEPT = 100_000;

  private static final Map<String, Long> WINDOW_TIMES = new ConcurrentHashMap<>();

  private ReportData() {}

  /**
   * Reads the outputs under {@code outputDir}; {@code localNets} decides who is a local talker.
   * Each output feeds aggregates of its own, so the outputs are read side by side, one per core:
   * after a run of every analytic over millions of records they hold millions of rows.
   */
  static ReportData read(Path outputDir, LocalNets localNets) {
    ReportData d = new ReportData();
    List<Read> reads = new ArrayList<>();
    reads.add(d.read(outputDir, "bytes-by-service", r -> d.bytesByService(r, localNets)));
    reads.add(
        d.read(
            outputDir,
            "dns-lookups",
            r -> d.dnsQueries.add(text(r, "query"), num(r, "LOOKUPS", 1))));
    reads.add(
        d.read(
            outputDir,
            "hostname-counts",
            r ->
                d.hostnamePairs.add(
                    Arrays.asList(text(r, "SRC_IP"), text(r, "HOSTNAME")),
                    num(r, "COUNT", 1),
                    millis(r, "WINDOW_START"))));
    reads.add(d.read(outputDir, "ssh-brute-force", d::bruteForce));
    reads.add(
        d.read(
            outputDir,
            "ssh-failed-logins",
            r -> d.sshUsers.add(text(r, "USER"), num(r, "COUNT", 1))));
    // The two watchlist outputs share one table: one read, in this order, as before.
    reads.add(
        new Read(
            bytes(outputDir, "watchlist-dns") + bytes(outputDir, "watchlist-http"),
            () -> {
              d.each(outputDir, "watchlist-dns", r -> d.watchlist(r, "dns", "query"));
              d.each(outputDir, "watchlist-http", r -> d.watchlist(r, "http", "host"));
            }));
    reads.add(d.read(outputDir, "new-certs", d::newCert));
    reads.add(d.read(outputDir, "inbound", d::inbound));
    reads.add(d.read(outputDir, "dead-letter", d::deadLetter));
    // Largest first: the pool's threads then finish close together, rather than one reading the
    // largest output alone at the end.
    reads.sort(Comparator.comparingLong(Read::bytes).reversed());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(reads.size(), Runtime.getRuntime().availableProcessors())),
            r -> {
              Thread t = new Thread(r, "zeekbeam-report");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Read read : reads) {
        running.add(pool.submit(read.run()));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the outputs for the report", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IllegalStateException(cause);
    } finally {
      pool.shutdownNow();
    }
    return d;
  }

  /** One read of the report, and the bytes of the output folders it reads. */
  private record Read(long bytes, Runnable run) {}

  /** The read of one output into {@code each}. */
  private Read read(Path outputDir, String output, Consumer<JsonNode> each) {
    return new Read(bytes(outputDir, output), () -> each(outputDir, output, each));
  }

  /**
   * The bytes of an output's files; zero for a missing folder (an unreadable one fails its read).
   */
  private static long bytes(Path outputDir, String output) {
    long bytes = 0;
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(outputDir.resolve(output))) {
      for (Path part : parts) {
        bytes += Files.size(part);
      }
    } catch (IOException e) {
      return bytes;
    }
    return bytes;
  }

  private void each(Path outputDir, String output, Consumer<JsonNode> each) {
    long[] n = new long[1];
    long bad =
        OutputRows.forEach(
            outputDir.resolve(output),
            r -> {
              n[0]++;
              each.accept(r);
            });
    rowsRead.put(output, n[0]);
    if (bad > 0) {
      unreadable.put(output, bad);
    }
  }

  private void bytesByService(JsonNode r, LocalNets localNets) {
    long bytes = num(r, "SUM_BYTES", 0);
    String host = text(r, "LOCALIP");
    Long start = millis(r, "WINDOW_START");
    if (start != null) {
      String service = r.path("SERVICE").isNull() ? "(none)" : text(r, "SERVICE");
      bytesByService.add(start, service, bytes);
    }
    if (localNets.contains(host)) {
      talkers.add(host, bytes, start);
    }
  }

  private void bruteForce(JsonNode r) {
    Long start = millis(r, "STARTTIME");
    TopCounts.Entry<List<String>> e =
        bruteForce.add(
            Arrays.asList(text(r, "HOST"), text(r, "SRC_IP"), String.valueOf(start)),
            num(r, "COUNT_OF_INVALID_SSH", 0),
            start);
    e.details = millis(r, "ENDTIME");
  }

  private void watchlist(JsonNode r, String kind, String nameField) {
    TopCounts.Entry<List<String>> e =
        watchlist.add(
            Arrays.asList(kind, text(r, nameField), text(r, "DOMAIN")), 1, millis(r, "ts"));
    if (e.details == null) {
      e.details = Arrays.asList(text(r, "SOURCE"), text(r, "id.orig_h"));
    }
  }

  private void newCert(JsonNode r) {
    TopCounts.Entry<List<String>> e =
        newCerts.add(
            Arrays.asList(text(r, "SUBJECT"), text(r, "ISSUER"), text(r, "CERT_REGISTRATION_DATE")),
            1,
            millis(r, "SSL_TS"));
    if (e.details == null) {
      JsonNode geo = r.path("DEST_GEOIP");
      JsonNode asn = r.path("DEST_ASN");
      e.details =
          Arrays.asList(
              text(r, "SERVER_NAME"),
              text(r, "DEST_IP"),
              join(text(geo, "CITY"), text(geo, "SUBDIVISION"), text(geo, "COUNTRY")),
              asn.isObject()
                  ? join(
                      asn.path("ASN").isNull() || asn.path("ASN").isMissingNode()
                          ? ""
                          : "AS" + asn.path("ASN").asText(),
                      text(asn, "ORG"))
                  : "",
              text(r, "CERT_EXPIRATION_DATE"));
    }
  }

  private void inbound(JsonNode r) {
    TopCounts.Entry<List<String>> e =
        inbound.add(Arrays.asList(text(r, "id.resp_h"), text(r, "id.resp_p")), 1, millis(r, "ts"));
    if (e.details == null) {
      e.details = text(r, "service");
    }
  }

  private void deadLetter(JsonNode r) {
    deadLetters.add(
        Arrays.asList(text(r, "input"), text(r, "stage"), text(r, "reason")),
        1,
        r.path("eventTime").isNumber() ? r.path("eventTime").asLong() : null);
  }

  private static String join(String... parts) {
    StringBuilder b = new StringBuilder();
    for (String p : parts) {
      if (!p.isEmpty()) {
        b.append(b.length() == 0 ? "" : ", ").append(p);
      }
    }
    return b.toString();
  }

  /** A field as text; missing or null is the empty string. */
  static String text(JsonNode r, String field) {
    JsonNode v = r.path(field);
    return v.isMissingNode() || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
  }

  private static long num(JsonNode r, String field, long otherwise) {
    JsonNode v = r.path(field);
    return v.isNumber() ? v.asLong() : otherwise;
  }

  /**
   * A time as epoch milliseconds: Zeek's epoch seconds ({@code ts}), epoch milliseconds (the
   * windows' {@code STARTTIME}), or {@code yyyy-MM-dd HH:mm:ss} UTC; null when absent or
   * unreadable.
   */
  static Long millis(JsonNode r, String field) {
    JsonNode v = r.path(field);
    if (v.isNumber()) {
      // Zeek's times (ts, SSL_TS) are epoch seconds; the windows' bounds are milliseconds.
      boolean seconds = field.equals("ts") || field.endsWith("_TS");
      return seconds ? Math.round(v.asDouble() * 1000) : v.asLong();
    }
    if (v.isTextual()) {
      String text = v.asText();
      Long known = WINDOW_TIMES.get(text);
      if (known != null) {
        return known;
      }
      long t;
      try {
        t = LocalDateTime.parse(text, WINDOW_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
      } catch (DateTimeParseException e) {
        return null;
      }
      if (WINDOW_TIMES.size() < WINDOW_TIMES_KEPT) {
        WINDOW_TIMES.put(text, t);
      }
      return t;
    }
    return null;
  }
}
