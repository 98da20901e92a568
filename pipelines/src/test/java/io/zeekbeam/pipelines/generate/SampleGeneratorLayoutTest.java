package io.zeekbeam.pipelines.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeekbeam.pipelines.generate.GeneratorConfig.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Where the files go and that each is the format it claims: Zeek TSV, Zeek JSON or syslog. */
class SampleGeneratorLayoutTest {
  @TempDir Path tmp;

  static final List<String> ANSWERS =
      List.of(
          "inbound",
          "dns-lookups",
          "rich-dns",
          "hostname-counts",
          "geo",
          "ssl-certs",
          "new-certs",
          "ssh-failed-logins",
          "ssh-brute-force",
          "watchlist-dns",
          "watchlist-http",
          "bytes-by-service",
          "ssh-brute-force-sliding",
          "watchlist-dns-subdomains",
          "watchlist-http-subdomains",
          "inbound-localnets-192.168.1.0-24");

  @ParameterizedTest
  @EnumSource(Format.class)
  void layout(Format format) throws IOException {
    Path dir = Samples.generate(tmp, 1500, 1, format, false);
    Set<String> types = new TreeSet<>();
    for (Path f : Samples.logFiles(dir)) {
      types.add(Samples.typeOf(f));
    }
    assertEquals(Set.of("conn", "dns", "http", "ssl", "x509", "syslog"), types);
    assertTrue(Files.exists(dir.resolve("logs/auth.log")));
    assertFalse(Files.exists(dir.resolve("logs/watchlist.csv")));
    List<String> watchlist = Samples.lines(dir.resolve("watchlist.csv"));
    assertEquals("id,dateadded,domain,source", watchlist.get(0));
    for (String row : watchlist.subList(1, watchlist.size())) {
      assertTrue(row.matches("\\d+,\\d{10},[a-z0-9.-]+,https?://\\S+"), row);
    }
    for (String a : ANSWERS) {
      assertTrue(Files.exists(dir.resolve("expected/" + a + ".jsonl")), a);
    }
    assertTrue(Files.exists(dir.resolve("expected/summary.json")));
    if (format == Format.MIXED) {
      assertTrue(Files.exists(dir.resolve("logs/conn.00:00:00-01:00:00.log.gz")));
      assertTrue(Files.exists(dir.resolve("logs/ssl.json.gz")));
      assertTrue(Files.exists(dir.resolve("logs/dns.log")));
      assertTrue(Files.exists(dir.resolve("logs/http.log")));
      assertTrue(Files.exists(dir.resolve("logs/x509.log")));
    }
  }

  @Test
  void gzipAppliesToEveryLog() throws IOException {
    Path dir = Samples.generate(tmp, 800, 1, Format.JSON, true);
    for (Path f : Samples.logFiles(dir)) {
      assertTrue(f.toString().endsWith(".gz"), f.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void zeekTsvHeadersAreWellFormed(Format format) throws IOException {
    Path dir = Samples.generate(tmp, 1500, 1, format, false);
    int tsvFiles = 0;
    for (Path f : Samples.logFiles(dir)) {
      List<String> lines = Samples.lines(f);
      if (Samples.typeOf(f).equals("syslog") || !lines.get(0).startsWith("#")) {
        continue;
      }
      tsvFiles++;
      assertEquals("#separator \\x09", lines.get(0));
      assertEquals("#set_separator\t,", lines.get(1));
      assertEquals("#empty_field\t(empty)", lines.get(2));
      assertEquals("#unset_field\t-", lines.get(3));
      assertEquals("#path\t" + Samples.typeOf(f), lines.get(4));
      assertTrue(lines.get(5).matches("#open\t\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d"));
      String[] fields = lines.get(6).split("\t");
      String[] types = lines.get(7).split("\t");
      assertEquals("#fields", fields[0]);
      assertEquals("#types", types[0]);
      assertEquals(fields.length, types.length);
      assertEquals("ts", fields[1]);
      assertEquals("time", types[1]);
      assertTrue(
          lines.get(lines.size() - 1).matches("#close\t\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d"));
      for (String l : lines.subList(8, lines.size() - 1)) {
        assertFalse(l.startsWith("#"), l);
        assertTrue(l.matches("\\d{10}\\.\\d{6}\t.*"), l);
        assertFalse(l.chars().anyMatch(c -> c < 0x20 && c != '\t'), l);
      }
    }
    int expected =
        format == Format.JSON
            ? 0
            : format == Format.TSV ? 5 : Samples.logFiles(dir, "conn").size() + 2;
    assertEquals(expected, tsvFiles);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void jsonLinesAreObjectsWithTs(Format format) throws IOException {
    Path dir = Samples.generate(tmp, 1500, 1, format, false);
    for (Path f : Samples.logFiles(dir)) {
      List<String> lines = Samples.lines(f);
      if (Samples.typeOf(f).equals("syslog") || lines.get(0).startsWith("#")) {
        continue;
      }
      int broken = 0;
      for (String l : lines) {
        JsonNode n = Samples.jsonOrNull(l);
        if (n == null) {
          broken++;
          continue;
        }
        assertTrue(n.has("ts"), l);
        assertTrue(n.has("uid") || n.has("fingerprint") || n.has("id"), l);
        if (n.get("ts").isTextual()) {
          assertTrue(
              n.get("ts").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"));
          assertEquals(Samples.typeOf(f), n.get("_path").asText());
        } else {
          assertTrue(n.get("ts").isNumber(), l);
          assertTrue(l.matches(".*\"ts\":\\d{10}\\.\\d{6}[,}].*"), l);
        }
        n.properties().forEach(e -> assertFalse(e.getValue().isNull(), "unset fields are omitted"));
      }
      assertTrue(broken <= 1, f + " has " + broken + " broken lines");
    }
  }

  @Test
  void syslogLinesCarryTheYear() throws IOException {
    Path dir = Samples.generate(tmp, 1500, 1, Format.MIXED, false);
    int rfc3339 = 0;
    int rfc5424 = 0;
    int broken = 0;
    for (String l : Samples.lines(dir.resolve("logs/auth.log"))) {
      if (Samples.RFC3339_LINE.matcher(l).matches()) {
        rfc3339++;
      } else if (Samples.RFC5424_LINE.matcher(l).matches()) {
        rfc5424++;
      } else {
        broken++;
      }
    }
    assertTrue(rfc3339 > rfc5424 && rfc5424 > 10, rfc3339 + " / " + rfc5424);
    assertEquals(1, broken);
  }

  /**
   * Each log is in the order its producer writes it: by ts, except conn, which Zeek writes when a
   * connection ends, so some lines are "late" (ts earlier than lines before), by up to minutes.
   */
  @Test
  void linesAreInWriteOrder() throws IOException {
    Path dir = Samples.generate(tmp, 3000, 1, Format.MIXED, false);
    for (String type : List.of("dns", "http", "ssl", "x509")) {
      long previous = Long.MIN_VALUE;
      for (Path f : Samples.logFiles(dir, type)) {
        for (JsonNode r : Samples.records(f)) {
          long ts = Samples.tsMicros(r);
          assertTrue(ts >= previous, type + " out of order at " + r);
          previous = ts;
        }
      }
    }
    long previousEnd = Long.MIN_VALUE;
    long maxTs = Long.MIN_VALUE;
    int late = 0;
    long maxLateness = 0;
    for (Path f : Samples.logFiles(dir, "conn")) {
      for (JsonNode r : Samples.records(f)) {
        long ts = Samples.tsMicros(r);
        long end =
            ts
                + (r.has("duration")
                    ? new java.math.BigDecimal(r.get("duration").asText())
                        .movePointRight(6)
                        .longValue()
                    : 0);
        assertTrue(end >= previousEnd, "conn not in end order at " + r);
        previousEnd = end;
        if (ts < maxTs) {
          late++;
          maxLateness = Math.max(maxLateness, maxTs - ts);
        }
        maxTs = Math.max(maxTs, ts);
      }
    }
    assertTrue(late > 5, "late conn lines: " + late);
    assertTrue(maxLateness > 60_000_000L && maxLateness <= 300_000_000L, "" + maxLateness);
  }
}
