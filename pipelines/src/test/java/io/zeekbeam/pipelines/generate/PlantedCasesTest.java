package io.zeekbeam.pipelines.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeekbeam.pipelines.generate.GeneratorConfig.Format;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planted ground truth is in the expected answers, the way ANALYTICS.md defines them, and does
 * not depend on the seed, the format or how much background traffic surrounds it.
 */
class PlantedCasesTest {
  @TempDir static Path tmp;
  static Path mixed;
  static Path small;

  @BeforeAll
  static void generate() throws IOException {
    mixed = Samples.generate(tmp.resolve("mixed"), 3000, 1, Format.MIXED, false);
    small = Samples.generate(tmp.resolve("small"), 400, 99, Format.JSON, true);
  }

  static Stream<Path> samples() {
    return Stream.of(mixed, small);
  }

  private static List<JsonNode> where(Path dir, String analytic, Predicate<JsonNode> p) {
    return Samples.rows(dir, analytic).stream().filter(p).toList();
  }

  private static Predicate<JsonNode> eq(String field, String value) {
    return n -> n.hasNonNull(field) && n.get(field).asText().equals(value);
  }

  /** The planted origins: documentation ranges, and the one ULA host with a written local_orig. */
  private static final java.util.regex.Pattern PLANTED_ORIGINS =
      java.util.regex.Pattern.compile(
          "203\\.0\\.113\\.|198\\.51\\.100\\.|2001:db8:|fd00:10:10:1::20$");

  private static double at(double offset) {
    return Samples.BASE + offset;
  }

  @ParameterizedTest
  @MethodSource("samples")
  void inbound(Path dir) {
    Set<String> responders = new TreeSet<>();
    for (JsonNode r : Samples.rows(dir, "inbound")) {
      String orig = r.get("id.orig_h").asText();
      String resp = r.get("id.resp_h").asText();
      if (r.get("ts").asDouble() < at(300) && PLANTED_ORIGINS.matcher(orig).lookingAt()) {
        responders.add(orig + ">" + resp);
      }
      assertFalse(resp.equals("192.168.1.5") && !orig.startsWith("203."), "local origin " + orig);
    }
    assertEquals(
        Set.of(
            "203.0.113.45>192.168.1.5",
            "198.51.100.77>192.168.10.5",
            "2001:db8:bad::1>fd00:10:10::80",
            "203.0.113.46>172.16.4.20",
            "fd00:10:10:1::20>fd00:10:10::5",
            "203.0.113.48>169.254.10.20",
            "2001:db8:feed::9>fe80::20c:29ff:fe12:3456",
            "203.0.113.49>10.10.5.5"),
        responders);
    Set<String> variant = new TreeSet<>();
    for (JsonNode r : Samples.rows(dir, "inbound-localnets-192.168.1.0-24")) {
      if (r.get("ts").asDouble() < at(300)) {
        variant.add(r.get("id.resp_h").asText());
      }
    }
    assertEquals(Set.of("192.168.1.5"), variant);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void dnsLookups(Path dir) {
    assertEquals(
        7,
        where(dir, "dns-lookups", eq("query", "planted-seven.example.net"))
            .get(0)
            .get("LOOKUPS")
            .asInt());
    assertEquals(
        1,
        where(dir, "dns-lookups", eq("query", "planted-one.example.net"))
            .get(0)
            .get("LOOKUPS")
            .asInt());
    assertEquals(
        1,
        where(dir, "dns-lookups", eq("query", "Planted-Seven.example.net"))
            .get(0)
            .get("LOOKUPS")
            .asInt());
    assertEquals(1, where(dir, "dns-lookups", eq("query", "www.rich-61s-before.example")).size());
  }

  @ParameterizedTest
  @MethodSource("samples")
  void richDns(Path dir) {
    for (String joined :
        List.of(
            "www.rich-normal.example",
            "www.rich-conn-first.example",
            "www.rich-conn-after.example",
            "www.rich-legacy.example",
            "nonexistent.rich.example")) {
      assertEquals(1, where(dir, "rich-dns", eq("query", joined)).size(), joined);
    }
    for (String notJoined :
        List.of(
            "www.rich-61s-before.example",
            "www.rich-61s-after.example",
            "www.rich-noconn.example",
            "vpn.corp.example",
            "router.home.example",
            "ads.example.com.")) {
      assertEquals(0, where(dir, "rich-dns", eq("query", notJoined)).size(), notJoined);
    }
    List<JsonNode> multi = where(dir, "rich-dns", eq("query", "api.rich-multi.example"));
    assertEquals(3, multi.size());
    assertEquals(1, multi.stream().map(r -> r.get("UID").asText()).distinct().count());
    JsonNode alt = where(dir, "rich-dns", eq("query", "www.rich-altport.example")).get(0);
    assertEquals(5300, alt.get("DEST_PORT").asInt());
    assertEquals("10.10.0.54", alt.get("DEST_IP").asText());
    JsonNode legacy = where(dir, "rich-dns", eq("query", "www.rich-legacy.example")).get(0);
    assertTrue(legacy.get("LOCAL_ORIG").asBoolean());
    JsonNode five = where(dir, "rich-dns", eq("query", "a.b.c.d.rich-labels.example")).get(0);
    assertEquals("a", five.get("HOSTNAME").asText());
    assertEquals("d", five.get("ELEMENT4").asText());
    JsonNode one = where(dir, "rich-dns", eq("query", "localhost")).get(0);
    assertTrue(one.get("ELEMENT2").isNull());
    assertTrue(one.get("ANSWERS").isNull());
    JsonNode normal = where(dir, "rich-dns", eq("query", "www.rich-normal.example")).get(0);
    assertEquals(at(600), normal.get("TS").asDouble());
    assertEquals("198.51.100.201", normal.get("ANSWERS").get(0).asText());
    assertEquals(300.0, normal.get("TTLS").get(0).asDouble());
    assertTrue(normal.get("REQUEST_BYTES").asLong() > 0 && normal.get("REPLY_BYTES").asLong() > 0);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void hostnameCounts(Path dir) {
    List<JsonNode> www =
        where(dir, "hostname-counts", eq("SRC_IP", "10.99.0.7").and(eq("HOSTNAME", "www")));
    assertEquals(2, www.size());
    long w = (Samples.BASE + 2100) * 1000;
    assertEquals(w, www.get(0).get("WINDOW_START").asLong());
    assertEquals(w + 300_000, www.get(0).get("WINDOW_END").asLong());
    assertEquals(3, www.get(0).get("COUNT").asInt());
    assertEquals(w + 300_000, www.get(1).get("WINDOW_START").asLong());
    assertEquals(2, www.get(1).get("COUNT").asInt());
    List<JsonNode> rich =
        where(dir, "hostname-counts", eq("SRC_IP", "10.99.0.10").and(eq("HOSTNAME", "www")));
    assertEquals((Samples.BASE + 600) * 1000, rich.get(0).get("WINDOW_START").asLong());
    assertEquals(3, rich.get(0).get("COUNT").asInt());
  }

  @ParameterizedTest
  @MethodSource("samples")
  void geo(Path dir) {
    Set<String> dest = new TreeSet<>();
    for (JsonNode r : where(dir, "geo", eq("SRC_IP", "10.99.0.20"))) {
      dest.add(r.get("DEST_IP").asText());
    }
    assertEquals(Set.of("81.2.69.142", "89.160.20.112", "2.125.160.216", "216.160.83.56"), dest);
    assertEquals(
        1, where(dir, "geo", eq("SRC_IP", "10.99.0.20").and(eq("DEST_IP", "81.2.69.142"))).size());
    assertEquals(1, where(dir, "geo", eq("DEST_IP", "2001:db8:cafe::443")).size());
    assertTrue(
        Samples.rows(dir, "geo").stream()
            .allMatch(r -> r.get("UID").asText().matches("C[0-9A-Za-z]{17}")));
    assertTrue(where(dir, "geo", eq("DEST_IP", "192.168.10.5")).isEmpty());
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sslCerts(Path dir) {
    assertEquals(
        1, where(dir, "ssl-certs", eq("SERVER_NAME", "boundary-in.legacy.example")).size());
    assertEquals(
        0, where(dir, "ssl-certs", eq("SERVER_NAME", "boundary-out.legacy.example")).size());
    assertEquals(0, where(dir, "ssl-certs", eq("SERVER_NAME", "unlogged.example")).size());
    List<JsonNode> fresh = where(dir, "ssl-certs", eq("SERVER_NAME", "www.fresh.example"));
    assertEquals(3, fresh.size());
    for (JsonNode r : fresh) {
      assertEquals(at(3200.75), r.get("X509_TS").asDouble());
      assertEquals("CN=www.fresh.example", r.get("SUBJECT").asText());
      assertEquals("CN=E6,O=Let's Encrypt,C=US", r.get("ISSUER").asText());
    }
    for (JsonNode r : where(dir, "ssl-certs", eq("SERVER_NAME", "relog.example"))) {
      double ssl = r.get("SSL_TS").asDouble();
      double expected = ssl < at(3899) ? at(3300.25) : at(3900.75);
      assertEquals(expected, r.get("X509_TS").asDouble(), "relog at " + ssl);
    }
    assertEquals(5, where(dir, "ssl-certs", eq("SERVER_NAME", "relog.example")).size());
    List<JsonNode> slow = where(dir, "ssl-certs", eq("SERVER_NAME", "slow.example"));
    assertEquals(1, slow.size());
    assertEquals(at(5800), slow.get(0).get("SSL_TS").asDouble());
    assertEquals(at(5501.5), slow.get(0).get("X509_TS").asDouble());

    List<JsonNode> localhost =
        where(
            dir,
            "ssl-certs",
            r ->
                r.get("SUBJECT").asText().equals("CN=localhost")
                    && Math.abs(r.get("SSL_TS").asDouble() - at(4700.3)) < 0.5);
    assertEquals(3, localhost.size());
    for (JsonNode r : localhost) {
      String issuer =
          switch (r.get("DEST_IP").asText()) {
            case "192.168.1.51" -> "CN=localhost";
            case "10.10.0.61" -> "CN=Synology Inc. CA,O=Synology Inc.,C=TW";
            case "10.10.0.62" -> "CN=UniFi Controller,O=Ubiquiti Inc.,C=US";
            default -> "?";
          };
      assertEquals(issuer, r.get("ISSUER").asText());
    }

    JsonNode esx = where(dir, "ssl-certs", eq("DEST_IP", "192.168.1.60")).get(0);
    assertTrue(esx.get("SUBJECT").asText().contains("O=VMware\\, Inc,"));
    assertEquals("2019-02-27 10:22:01", esx.get("CERT_REGISTRATION_DATE").asText());
    assertEquals("2030-08-28 10:22:01", esx.get("CERT_EXPIRATION_DATE").asText());
    assertEquals(1551262921.0, esx.get("CERTIFICATE_NOT_VALID_BEFORE").asDouble());
    assertEquals(at(3100.09), esx.get("X509_TS").asDouble(), 1e-6);
    assertEquals("rsaEncryption", esx.get("CERTIFICATE_KEY_ALG").asText());
    assertEquals(2048, esx.get("CERTIFICATE_KEY_LENGTH").asInt());
    assertEquals(3, esx.get("CERTIFICATE_VERSION").asInt());

    List<JsonNode> bySubject = where(dir, "ssl-certs", eq("DEST_IP", "192.168.1.70"));
    assertEquals(1, bySubject.size());
    assertEquals(at(5300.4), bySubject.get(0).get("X509_TS").asDouble(), 1e-6);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void newCerts(Path dir) {
    Set<String> names = new TreeSet<>();
    for (JsonNode r : Samples.rows(dir, "new-certs")) {
      if (r.hasNonNull("SERVER_NAME") && r.get("SERVER_NAME").asText().startsWith("age-")) {
        names.add(r.get("SERVER_NAME").asText());
      }
    }
    assertEquals(Set.of("age-29d.example", "age-30d-minus-1h.example"), names);
    assertEquals(3, where(dir, "new-certs", eq("SERVER_NAME", "www.fresh.example")).size());
    assertTrue(where(dir, "new-certs", eq("DEST_IP", "192.168.1.60")).isEmpty());
    assertEquals(1, where(dir, "new-certs", eq("DEST_IP", "10.10.0.62")).size());
    List<String> ssl = Samples.lines(dir.resolve("expected/ssl-certs.jsonl"));
    for (String row : Samples.lines(dir.resolve("expected/new-certs.jsonl"))) {
      assertTrue(ssl.contains(row), "new-certs is a subset of ssl-certs");
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sshFailedLogins(Path dir) {
    JsonNode injected =
        where(dir, "ssh-failed-logins", eq("USER", "guest from 1.2.3.4 port 5 x")).get(0);
    assertEquals("203.0.113.21", injected.get("SRC_IP").asText());
    assertEquals(50531, injected.get("SRC_PORT").asInt());
    assertEquals("INVALID_USER", injected.get("KIND").asText());
    JsonNode injected2 =
        where(dir, "ssh-failed-logins", eq("USER", "root from 1.2.3.4 port 5 ssh2")).get(0);
    assertEquals("203.0.113.22", injected2.get("SRC_IP").asText());
    assertEquals("FAILED_PASSWORD", injected2.get("KIND").asText());
    JsonNode repeated =
        where(
                dir,
                "ssh-failed-logins",
                eq("SRC_IP", "203.0.113.20").and(r -> r.get("COUNT").asInt() == 5))
            .get(0);
    assertEquals("web01", repeated.get("HOST").asText());
    assertEquals("sshd", repeated.get("TAG").asText());
    assertEquals((Samples.BASE + 1320) * 1000, repeated.get("TIMESTAMP").asLong());
    assertEquals("2026-03-02 00:22:00", repeated.get("EVENT_TIME").asText());
    JsonNode noPort = where(dir, "ssh-failed-logins", eq("SRC_IP", "203.0.113.11")).get(0);
    assertTrue(noPort.get("SRC_PORT").isNull());
    assertEquals("test", noPort.get("USER").asText());
    assertEquals(2, where(dir, "ssh-failed-logins", eq("SRC_IP", "2001:db8::7")).size());
    Set<String> kinds = new TreeSet<>();
    for (JsonNode r : Samples.rows(dir, "ssh-failed-logins")) {
      kinds.add(r.get("KIND").asText());
      String m = r.get("MESSAGE").asText();
      assertFalse(
          m.startsWith("Failed publickey")
              || m.startsWith("Failed none")
              || m.startsWith("Accepted")
              || m.startsWith("pam_unix")
              || m.startsWith("Connection closed by 203."),
          m);
    }
    assertEquals(
        Set.of("CLOSED_PREAUTH", "FAILED_OTHER", "FAILED_PASSWORD", "INVALID_USER"), kinds);
    assertEquals(
        3,
        where(
                dir,
                "ssh-failed-logins",
                eq("KIND", "FAILED_OTHER")
                    .and(r -> r.get("SRC_IP").asText().startsWith("203.0.113.")))
            .size());
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sshBruteForce(Path dir) {
    assertEquals(List.of(15), counts(dir, "ssh-brute-force", "203.0.113.66"));
    assertEquals(List.of(), counts(dir, "ssh-brute-force", "203.0.113.67"));
    assertEquals(List.of(), counts(dir, "ssh-brute-force-sliding", "203.0.113.67"));
    assertEquals(List.of(), counts(dir, "ssh-brute-force", "203.0.113.68"));
    assertEquals(List.of(11, 11), counts(dir, "ssh-brute-force-sliding", "203.0.113.68"));
    assertEquals(List.of(11), counts(dir, "ssh-brute-force", "203.0.113.69"));
    assertEquals(List.of(), counts(dir, "ssh-brute-force", "203.0.113.70"));
    assertEquals(List.of(), counts(dir, "ssh-brute-force-sliding", "203.0.113.70"));
    assertEquals(List.of(12), counts(dir, "ssh-brute-force", "2001:db8:dead::1"));
    JsonNode b = where(dir, "ssh-brute-force", eq("SRC_IP", "203.0.113.66")).get(0);
    assertEquals((Samples.BASE + 1800) * 1000, b.get("STARTTIME").asLong());
    assertEquals((Samples.BASE + 1805) * 1000, b.get("ENDTIME").asLong());
    assertEquals("bastion01", b.get("HOST").asText());
    List<JsonNode> straddle = where(dir, "ssh-brute-force-sliding", eq("SRC_IP", "203.0.113.68"));
    assertEquals((Samples.BASE + 3002) * 1000, straddle.get(0).get("STARTTIME").asLong());
    assertEquals((Samples.BASE + 3003) * 1000, straddle.get(1).get("STARTTIME").asLong());
  }

  private static List<Integer> counts(Path dir, String analytic, String ip) {
    return where(dir, analytic, eq("SRC_IP", ip)).stream()
        .map(r -> r.get("COUNT_OF_INVALID_SSH").asInt())
        .toList();
  }

  private static Set<String> matched(Path dir, String analytic, String field) {
    Set<String> s = new TreeSet<>();
    for (JsonNode r : Samples.rows(dir, analytic)) {
      if (r.get("ts").asDouble() >= at(6000) && r.get("ts").asDouble() < at(6200)) {
        s.add(r.get(field).asText() + "=" + r.get("DOMAIN").asText());
      }
    }
    return s;
  }

  @ParameterizedTest
  @MethodSource("samples")
  void watchlist(Path dir) {
    Set<String> exactDns =
        Set.of(
            "ads.example.com=ads.example.com",
            "ADS.Example.COM=ads.example.com",
            "ads.example.com.=ads.example.com",
            "fr.a2dfp.net=fr.a2dfp.net",
            "mfr.a2dfp.net=mfr.a2dfp.net",
            "tracker.example.net=tracker.example.net",
            "pixel.adnet.example=pixel.adnet.example");
    assertEquals(exactDns, matched(dir, "watchlist-dns", "query"));
    Set<String> subDns = new TreeSet<>(exactDns);
    subDns.add("cdn.ads.example.com=ads.example.com");
    subDns.add("eu.tracker.example.net=tracker.example.net");
    assertEquals(subDns, matched(dir, "watchlist-dns-subdomains", "query"));
    Set<String> exactHttp =
        Set.of(
            "static.a-ads.com=static.a-ads.com", "Static.A-Ads.com:8080=static.a-ads.com",
            "tracker.example.net:8080=tracker.example.net", "abcstats.com.=abcstats.com");
    assertEquals(exactHttp, matched(dir, "watchlist-http", "host"));
    Set<String> subHttp = new TreeSet<>(exactHttp);
    subHttp.add("img.static.a-ads.com=static.a-ads.com");
    subHttp.add("pixel.tracker.example.net:8080=tracker.example.net");
    assertEquals(subHttp, matched(dir, "watchlist-http-subdomains", "host"));
    JsonNode row = where(dir, "watchlist-dns", eq("query", "ads.example.com")).get(0);
    assertEquals("10", row.get("ID").asText());
    assertEquals("https://lists.example.org/adservers.txt", row.get("SOURCE").asText());
    assertTrue(row.get("DATEADDED").asText().matches("\\d{10}"));
    assertTrue(row.get("uid").asText().matches("C[0-9A-Za-z]{17}"));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void bytesByService(Path dir) {
    List<JsonNode> rows = where(dir, "bytes-by-service", eq("LOCALIP", "10.99.0.60"));
    assertEquals(3, rows.size());
    JsonNode none = rows.stream().filter(r -> r.get("SERVICE").isNull()).findFirst().get();
    assertEquals("2026-03-02 01:50:00", none.get("WINDOW_START").asText());
    assertEquals("2026-03-02 01:55:00", none.get("WINDOW_END").asText());
    // three conns of 1000+520 and 2000+520 bytes, one of 500+260 with no resp_ip_bytes, one
    // with no byte counts at all, and the late one of 30000+3120 and 90000+4160 bytes
    assertEquals(3 * (1520 + 2520) + 760 + 33120 + 94160, none.get("SUM_BYTES").asLong());
    List<String> smb =
        rows.stream()
            .filter(r -> "smb".equals(r.get("SERVICE").asText()))
            .map(r -> r.get("WINDOW_START").asText() + "/" + r.get("SUM_BYTES").asLong())
            .toList();
    assertEquals(List.of("2026-03-02 01:50:00/2416", "2026-03-02 01:55:00/2416"), smb);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void plantedLinesAreInTheLogs(Path dir) throws IOException {
    String auth = String.join("\n", Samples.lines(Samples.logFiles(dir, "syslog").get(0)));
    assertTrue(auth.contains("sshd[") && auth.contains("<38>1 "));
    assertTrue(
        auth.contains(
            "message repeated 5 times: [ Failed password for root from "
                + "203.0.113.20 port 50530 ssh2]"));
    assertTrue(auth.contains("+01:00 web01 sshd["));
    boolean unsetLocalOrig = false;
    boolean writtenLocalOrig = false;
    for (Path f : Samples.logFiles(dir, "conn")) {
      for (JsonNode r : Samples.records(f)) {
        if (r.get("id.orig_h").asText().equals("203.0.113.45")) {
          unsetLocalOrig = !r.has("local_orig");
        }
        if (r.get("id.orig_h").asText().equals("203.0.113.46")) {
          writtenLocalOrig = r.has("local_orig");
        }
      }
    }
    assertTrue(unsetLocalOrig && writtenLocalOrig);
  }
}
