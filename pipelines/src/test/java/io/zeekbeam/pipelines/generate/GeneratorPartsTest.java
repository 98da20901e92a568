package io.zeekbeam.pipelines.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.pipelines.generate.GeneratorConfig.Format;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The small pieces whose mistakes would be hard to see in the generated files. */
class GeneratorPartsTest {
  @Test
  void zeekAsciiEscaping() {
    assertEquals("a\\x09b", ZeekFormat.escape("a\tb", false));
    assertEquals("O=VMware\\\\, Inc", ZeekFormat.escape("O=VMware\\, Inc", false));
    assertEquals("a,b", ZeekFormat.escape("a,b", false));
    assertEquals("a\\x2cb", ZeekFormat.escape("a,b", true));
    assertEquals("\\xc3\\x9cber", ZeekFormat.escape("Über", false));
    assertEquals("\\x2d", ZeekFormat.escape("-", false));
    assertEquals("(empty)", ZeekFormat.escape("", false));
    assertEquals("line\\x0a", ZeekFormat.escape("line\n", false));
  }

  @Test
  void tsvRowsUseZeekMarkers() {
    ZeekEvent.Conn c =
        new ZeekEvent.Conn(1_772_409_600_250_000L, "CAbc", "10.0.0.1", 1, "10.0.0.2", 2, "tcp");
    String row = ZeekFormat.tsv(c);
    String[] f = row.split("\t", -1);
    assertEquals(ZeekEvent.Conn.SCHEMA.size(), f.length);
    assertEquals("1772409600.250000", f[0]);
    assertEquals("-", f[7]);
    assertEquals("0", f[14]);
    ZeekEvent.Ssl s = new ZeekEvent.Ssl(1_000_000L, "C1", "10.0.0.1", 1, "10.0.0.2", 443);
    s.certChainFps = List.of();
    String[] g = ZeekFormat.tsv(s).split("\t", -1);
    assertEquals("(empty)", g[15]);
    assertEquals("-", g[17]);
  }

  @Test
  void times() {
    assertEquals("1772409600.000001", Times.epochSeconds(1_772_409_600_000_001L));
    assertEquals("0.000000", Times.epochSeconds(0));
    long t = Times.micros(Instant.parse("2026-03-02T00:05:01.123456Z"));
    assertEquals("2026-03-02T00:05:01.123456Z", Times.iso(t));
    assertEquals("2026-03-02T01:05:01.123456+01:00", Times.rfc3339(t, 60));
    assertEquals("2026-03-02T00:05:01.123Z", Times.rfc5424(t));
    assertEquals("2026-03-02 00:05:01", Times.sql(t));
    assertEquals("2026-03-02-00-05-01", Times.zeekHeader(t));
    assertEquals(
        Times.micros(Instant.parse("2026-03-02T00:05:00Z")), Times.floor(t, 5 * Times.MINUTE));
  }

  @Test
  void idsAreUniqueAndLookLikeZeeks() {
    Ids ids = new Ids(1);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      String uid = ids.uid();
      assertTrue(uid.matches("C[0-9A-Za-z]{17}"), uid);
      assertTrue(seen.add(uid));
    }
    assertTrue(ids.fuid().matches("F[0-9A-Za-z]{17}"));
    assertTrue(Ids.fingerprint(1, "x").matches("[0-9a-f]{64}"));
  }

  @Test
  void localNets() {
    LocalNets d = LocalNets.defaults();
    for (String local :
        List.of(
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.10.5",
            "169.254.1.1",
            "fd00::1",
            "fc00::1",
            "fe80::1")) {
      assertTrue(d.contains(local), local);
    }
    for (String outside :
        List.of("172.32.0.1", "192.169.1.1", "8.8.8.8", "2001:db8::1", "ff02::1")) {
      assertFalse(d.contains(outside), outside);
    }
    LocalNets narrow = new LocalNets(List.of("192.168.1.0/24"));
    assertTrue(narrow.contains("192.168.1.5"));
    assertFalse(narrow.contains("192.168.10.5"));
  }

  @Test
  void watchlistMatching() {
    List<WatchlistRow> l = List.of(new WatchlistRow("1", "0", "ads.example.com", "s"));
    assertEquals("ads.example.com", WatchlistRow.match(l, "ADS.example.com.", false).domain());
    assertEquals(null, WatchlistRow.match(l, "x.ads.example.com", false));
    assertEquals("ads.example.com", WatchlistRow.match(l, "x.ads.example.com", true).domain());
    assertEquals(null, WatchlistRow.match(l, "notads.example.com", true));
    assertEquals("ads.example.com", WatchlistRow.hostWithoutPort("ads.example.com:8080"));
    assertEquals("2001:db8::1", WatchlistRow.hostWithoutPort("[2001:db8::1]:8080"));
  }

  @Test
  void config() {
    assertEquals(Format.MIXED, Format.parse("Mixed"));
    assertThrows(IllegalArgumentException.class, () -> Format.parse("xml"));
    GeneratorConfig c = GeneratorConfig.of(java.nio.file.Paths.get("x"), 10);
    assertEquals(1L, c.seed());
    assertEquals(Format.TSV, c.format());
    assertEquals(Instant.parse("2026-03-02T00:00:00Z"), c.start());
    assertThrows(IllegalArgumentException.class, () -> c.withRecords(-1));
  }
}
