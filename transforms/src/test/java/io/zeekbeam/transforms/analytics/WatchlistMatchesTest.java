package io.zeekbeam.transforms.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.WatchlistDnsMatch;
import io.zeekbeam.schemas.WatchlistEntry;
import io.zeekbeam.schemas.WatchlistHttpMatch;
import io.zeekbeam.schemas.ZeekDns;
import io.zeekbeam.schemas.ZeekHttp;
import io.zeekbeam.transforms.errors.BadRecordException;
import io.zeekbeam.transforms.parse.Watchlists;
import io.zeekbeam.transforms.parse.ZeekJson;
import io.zeekbeam.transforms.parse.ZeekRecordType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Analytic 9 over Zeek JSON lines (read by {@link ZeekJson}) and a CSV watchlist (read by {@link
 * Watchlists}), bounded and as out-of-order streams, with and without subdomains. Each event
 * carries the ID of the watchlist row it must match, with subdomains off and on; the expected
 * output row is built from that event and that row.
 */
class WatchlistMatchesTest {
  private static final List<String> WATCHLIST_CSV =
      List.of(
          "id,dateadded,domain,source",
          "1,1602886038,fr.a2dfp.net,https://winhelp2002.mvps.org/hosts.txt",
          "2,1602886038,ads.example.com,list-a",
          "3,1602886038,example.org,list-a",
          "4,1602886038,tracker.example.org,list-a",
          // The same domain as ID 2 once normalised: ID 2 is kept.
          "7,1602886099,Ads.Example.COM.,list-b",
          // Listed twice: ID 9 is kept, being lower than 10 as a number (not as text).
          "10,1602886100,dup.example.net,list-c",
          "9,1602886100,dup.example.net,list-b",
          // Digits and dots are a valid domain; the IP address 192.0.2.10 must not match it.
          "11,1602886100,0.2.10,list-d");

  /** A watchlist row no file format accepts, as a refreshing source or another reader may give. */
  private static final WatchlistEntry IPV6_ENTRY =
      WatchlistEntry.create("99", null, "2001:db8::5", "manual");

  private static final double TS0 = 1602886100.5;

  /** An event, and the IDs of the rows it must match without and with subdomains (null: none). */
  private record Case<E>(E event, String exactId, String subdomainId) {}

  private final Map<String, WatchlistEntry> entriesById = new HashMap<>();
  private final List<WatchlistEntry> watchlist = new ArrayList<>();

  WatchlistMatchesTest() {
    Watchlists.Result parsed = Watchlists.parse(WATCHLIST_CSV, "ad_hosts.csv");
    assertEquals(List.of(), parsed.badRows());
    watchlist.addAll(parsed.entries());
    watchlist.add(IPV6_ENTRY);
    for (WatchlistEntry e : watchlist) {
      entriesById.put(e.getId(), e);
    }
  }

  private static <T> T zeek(LogType type, String json) {
    try {
      return ZeekJson.parse(ZeekRecordType.<T>of(type), json);
    } catch (BadRecordException e) {
      throw new AssertionError("the test's own line does not parse: " + json, e);
    }
  }

  private static String quotedOrAbsent(String field, String value) {
    return value == null ? "" : ",\"" + field + "\":\"" + value + "\"";
  }

  private static ZeekDns dns(int i, String query) {
    return zeek(
        LogType.DNS,
        "{\"ts\":"
            + (TS0 + 7 * i)
            + ",\"uid\":\"CDns"
            + i
            + "\",\"id.orig_h\":\"192.168.1.9\",\"id.orig_p\":"
            + (53000 + i)
            + ",\"id.resp_h\":\"192.168.1.1\",\"id.resp_p\":53,\"proto\":\"udp\",\"trans_id\":"
            + (4700 + i)
            + quotedOrAbsent("query", query)
            + ",\"qclass\":1,\"qclass_name\":\"C_INTERNET\",\"qtype\":1,\"qtype_name\":\"A\","
            + "\"rcode\":0,\"rcode_name\":\"NOERROR\",\"AA\":false,\"TC\":false,\"RD\":true,"
            + "\"RA\":true,\"Z\":0,\"answers\":[\"203.0.113."
            + i
            + "\"],\"TTLs\":[60.0],\"rejected\":false}");
  }

  private static ZeekHttp http(int i, String host) {
    return zeek(
        LogType.HTTP,
        "{\"ts\":"
            + (TS0 + 7 * i)
            + ",\"uid\":\"CHttp"
            + i
            + "\",\"id.orig_h\":\"192.168.1.9\",\"id.orig_p\":"
            + (50000 + i)
            + ",\"id.resp_h\":\"203.0.113.1\",\"id.resp_p\":80,\"trans_depth\":1,"
            + "\"method\":\"GET\""
            + quotedOrAbsent("host", host)
            + ",\"uri\":\"/ad.js?n="
            + i
            + "\",\"version\":\"1.1\",\"user_agent\":\"Mozilla/5.0\",\"request_body_len\":0,"
            + "\"response_body_len\":1234,\"status_code\":200,\"status_msg\":\"OK\",\"tags\":[],"
            + "\"resp_fuids\":[\"FhttpResp"
            + i
            + "\"],\"resp_mime_types\":[\"text/javascript\"]}");
  }

  private static List<Case<ZeekDns>> dnsCases() {
    List<Case<ZeekDns>> c = new ArrayList<>();
    int i = 0;
    c.add(new Case<>(dns(i++, "fr.a2dfp.net"), "1", "1"));
    c.add(new Case<>(dns(i++, "ADS.example.com."), "2", "2"));
    c.add(new Case<>(dns(i++, "x.ads.example.com"), null, "2"));
    c.add(new Case<>(dns(i++, "notads.example.com"), null, null));
    c.add(new Case<>(dns(i++, "deep.tracker.example.org"), null, "4"));
    c.add(new Case<>(dns(i++, "example.org"), "3", "3"));
    c.add(new Case<>(dns(i++, "www.example.org"), null, "3"));
    c.add(new Case<>(dns(i++, "dup.example.net"), "9", "9"));
    c.add(new Case<>(dns(i++, "example.com"), null, null));
    c.add(new Case<>(dns(i++, null), null, null));
    c.add(new Case<>(dns(i++, "192.0.2.10"), null, null));
    c.add(new Case<>(dns(i++, "a2dfp.net"), null, null));
    c.add(new Case<>(dns(i++, "fr.a2dfp.net.evil.test"), null, null));
    return c;
  }

  private static List<Case<ZeekHttp>> httpCases() {
    List<Case<ZeekHttp>> c = new ArrayList<>();
    int i = 0;
    c.add(new Case<>(http(i++, "fr.a2dfp.net:8080"), "1", "1"));
    c.add(new Case<>(http(i++, "Ads.Example.com"), "2", "2"));
    c.add(new Case<>(http(i++, "ADS.example.com.:80"), "2", "2"));
    c.add(new Case<>(http(i++, "x.ads.example.com:443"), null, "2"));
    c.add(new Case<>(http(i++, "[2001:db8::5]:8080"), "99", "99"));
    c.add(new Case<>(http(i++, "[::1]:8080"), null, null));
    c.add(new Case<>(http(i++, "192.0.2.10:80"), null, null));
    c.add(new Case<>(http(i++, "notads.example.com"), null, null));
    c.add(new Case<>(http(i++, "dup.example.net"), "9", "9"));
    c.add(new Case<>(http(i++, null), null, null));
    return c;
  }

  private static <E> List<TimestampedValue<E>> inputs(
      List<Case<E>> cases, Function<E, Long> millis) {
    List<TimestampedValue<E>> in = new ArrayList<>();
    for (Case<E> c : cases) {
      in.add(TimestampedValue.of(c.event(), new Instant(millis.apply(c.event()))));
    }
    return in;
  }

  /** The expected rows, each at its event's time. */
  private <E, M> List<TimestampedValue<M>> expected(
      List<Case<E>> cases,
      boolean subdomains,
      Function<E, Long> millis,
      BiFunction<E, WatchlistEntry, M> row) {
    List<TimestampedValue<M>> out = new ArrayList<>();
    for (Case<E> c : cases) {
      String id = subdomains ? c.subdomainId() : c.exactId();
      if (id != null) {
        out.add(
            TimestampedValue.of(
                row.apply(c.event(), entriesById.get(id)), new Instant(millis.apply(c.event()))));
      }
    }
    return out;
  }

  private List<TimestampedValue<WatchlistDnsMatch>> expectedDns(boolean subdomains) {
    return expected(dnsCases(), subdomains, ZeekDns::getTsMillis, WatchlistDnsMatch::of);
  }

  private List<TimestampedValue<WatchlistHttpMatch>> expectedHttp(boolean subdomains) {
    return expected(httpCases(), subdomains, ZeekHttp::getTsMillis, WatchlistHttpMatch::of);
  }

  private static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.create());
  }

  private static <T> Coder<T> coder(Pipeline p, Class<T> type) throws Exception {
    return p.getSchemaRegistry().getSchemaCoder(type);
  }

  private static PCollectionView<Map<String, WatchlistEntry>> table(
      Pipeline p, List<WatchlistEntry> entries) throws Exception {
    return WatchlistMatches.asTable(
        p.apply("Watchlist", Create.of(entries).withCoder(coder(p, WatchlistEntry.class))));
  }

  private static void run(Pipeline p) {
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  private static <T> PTransform<PBegin, PCollection<T>> bounded(
      List<TimestampedValue<T>> events, Coder<T> coder) {
    return Create.timestamped(events).withCoder(coder);
  }

  /**
   * The watchlist as the matchers get it: a side input ({@link WatchlistMatches#dns}), or a table
   * fixed when the pipeline is built ({@link WatchlistMatches#dnsAgainst}); both give the same
   * matches.
   */
  private WatchlistMatches.Dns dnsMatcher(Pipeline p, boolean fixedTable) throws Exception {
    return fixedTable
        ? WatchlistMatches.dnsAgainst(watchlist)
        : WatchlistMatches.dns(table(p, watchlist));
  }

  private WatchlistMatches.Http httpMatcher(Pipeline p, boolean fixedTable) throws Exception {
    return fixedTable
        ? WatchlistMatches.httpAgainst(watchlist)
        : WatchlistMatches.http(table(p, watchlist));
  }

  @ParameterizedTest(name = "subdomains={0}, fixed table={1}")
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void dnsBounded(boolean subdomains, boolean fixedTable) throws Exception {
    Pipeline p = pipeline();
    PCollection<WatchlistDnsMatch> out =
        p.apply(bounded(inputs(dnsCases(), ZeekDns::getTsMillis), coder(p, ZeekDns.class)))
            .apply(dnsMatcher(p, fixedTable).withSubdomains(subdomains));
    PAssert.that(out.apply(Reify.timestamps())).containsInAnyOrder(expectedDns(subdomains));
    run(p);
  }

  @ParameterizedTest(name = "subdomains={0}, fixed table={1}")
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void dnsOutOfOrderStream(boolean subdomains, boolean fixedTable) throws Exception {
    Pipeline p = pipeline();
    PCollection<WatchlistDnsMatch> out =
        p.apply(
                OutOfOrder.stream(
                    coder(p, ZeekDns.class), inputs(dnsCases(), ZeekDns::getTsMillis), 11))
            .apply(dnsMatcher(p, fixedTable).withSubdomains(subdomains));
    PAssert.that(out.apply(Reify.timestamps())).containsInAnyOrder(expectedDns(subdomains));
    run(p);
  }

  @ParameterizedTest(name = "subdomains={0}, fixed table={1}")
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void httpBounded(boolean subdomains, boolean fixedTable) throws Exception {
    Pipeline p = pipeline();
    PCollection<WatchlistHttpMatch> out =
        p.apply(bounded(inputs(httpCases(), ZeekHttp::getTsMillis), coder(p, ZeekHttp.class)))
            .apply(httpMatcher(p, fixedTable).withSubdomains(subdomains));
    PAssert.that(out.apply(Reify.timestamps())).containsInAnyOrder(expectedHttp(subdomains));
    run(p);
  }

  @ParameterizedTest(name = "subdomains={0}, fixed table={1}")
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void httpOutOfOrderStream(boolean subdomains, boolean fixedTable) throws Exception {
    Pipeline p = pipeline();
    PCollection<WatchlistHttpMatch> out =
        p.apply(
                OutOfOrder.stream(
                    coder(p, ZeekHttp.class), inputs(httpCases(), ZeekHttp::getTsMillis), 13))
            .apply(httpMatcher(p, fixedTable).withSubdomains(subdomains));
    PAssert.that(out.apply(Reify.timestamps())).containsInAnyOrder(expectedHttp(subdomains));
    run(p);
  }

  @Test
  void anEmptyFixedTableMatchesNothing() throws Exception {
    Pipeline p = pipeline();
    PCollection<WatchlistDnsMatch> dnsOut =
        p.apply("Dns", bounded(inputs(dnsCases(), ZeekDns::getTsMillis), coder(p, ZeekDns.class)))
            .apply(WatchlistMatches.dnsAgainst(List.of()).withSubdomains(true));
    PAssert.that(dnsOut).empty();
    run(p);
  }

  /**
   * Streaming events in fixed windows against a watchlist that itself came in windows (timestamped
   * long before the events): the table is global, so every window sees all of it, and each match
   * stays in its event's window.
   */
  @Test
  void dnsInFixedWindowsStream() throws Exception {
    Duration size = Duration.standardSeconds(30);
    Pipeline p = pipeline();
    List<TimestampedValue<WatchlistEntry>> timedList = new ArrayList<>();
    for (WatchlistEntry e : watchlist) {
      timedList.add(TimestampedValue.of(e, new Instant(0)));
    }
    PCollectionView<Map<String, WatchlistEntry>> table =
        WatchlistMatches.asTable(
            p.apply(
                    "Watchlist",
                    Create.timestamped(timedList).withCoder(coder(p, WatchlistEntry.class)))
                .apply("WatchlistInWindows", Window.into(FixedWindows.of(size))));
    PCollection<TimestampedValue<WatchlistDnsMatch>> out =
        p.apply(
                OutOfOrder.stream(
                    coder(p, ZeekDns.class), inputs(dnsCases(), ZeekDns::getTsMillis), 17))
            .apply("EventsInWindows", Window.into(FixedWindows.of(size)))
            .apply(WatchlistMatches.dns(table).withSubdomains(true))
            .apply(Reify.timestamps());

    Map<IntervalWindow, List<TimestampedValue<WatchlistDnsMatch>>> byWindow = new HashMap<>();
    for (TimestampedValue<WatchlistDnsMatch> m : expectedDns(true)) {
      long start = m.getTimestamp().getMillis() - m.getTimestamp().getMillis() % size.getMillis();
      byWindow
          .computeIfAbsent(new IntervalWindow(new Instant(start), size), w -> new ArrayList<>())
          .add(m);
    }
    assertTrue(byWindow.size() > 1, "the test's events should span several windows");
    for (Map.Entry<IntervalWindow, List<TimestampedValue<WatchlistDnsMatch>>> w :
        byWindow.entrySet()) {
      PAssert.that("matches in " + w.getKey(), out)
          .inWindow(w.getKey())
          .containsInAnyOrder(w.getValue());
    }
    PAssert.that("all matches", out).containsInAnyOrder(expectedDns(true));
    run(p);
  }

  @Test
  void emptyWatchlistMatchesNothingBounded() throws Exception {
    Pipeline p = pipeline();
    PCollectionView<Map<String, WatchlistEntry>> empty = table(p, List.of());
    PCollection<WatchlistDnsMatch> dnsOut =
        p.apply("Dns", bounded(inputs(dnsCases(), ZeekDns::getTsMillis), coder(p, ZeekDns.class)))
            .apply(WatchlistMatches.dns(empty).withSubdomains(true));
    PCollection<WatchlistHttpMatch> httpOut =
        p.apply(
                "Http",
                bounded(inputs(httpCases(), ZeekHttp::getTsMillis), coder(p, ZeekHttp.class)))
            .apply(WatchlistMatches.http(empty).withSubdomains(true));
    PAssert.that(dnsOut).empty();
    PAssert.that(httpOut).empty();
    run(p);
  }

  @Test
  void emptyWatchlistMatchesNothingStream() throws Exception {
    Pipeline p = pipeline();
    PCollectionView<Map<String, WatchlistEntry>> empty = table(p, List.of());
    PCollection<WatchlistDnsMatch> dnsOut =
        p.apply(
                "Dns",
                OutOfOrder.stream(
                    coder(p, ZeekDns.class), inputs(dnsCases(), ZeekDns::getTsMillis), 19))
            .apply(WatchlistMatches.dns(empty));
    PCollection<WatchlistHttpMatch> httpOut =
        p.apply(
                "Http",
                OutOfOrder.stream(
                    coder(p, ZeekHttp.class), inputs(httpCases(), ZeekHttp::getTsMillis), 23))
            .apply(WatchlistMatches.http(empty));
    PAssert.that(dnsOut).empty();
    PAssert.that(httpOut).empty();
    run(p);
  }

  @Test
  void duplicateDomainsKeepTheLowestIdWhateverTheOrder() {
    WatchlistEntry a = WatchlistEntry.create("10", "1602886100", "dup.example.net", "list-c");
    WatchlistEntry b = WatchlistEntry.create("9", "1602886100", "DUP.example.net.", "list-b");
    WatchlistEntry c = WatchlistEntry.create("x7", "1602886100", "dup.example.net", "list-a");
    WatchlistEntry d = WatchlistEntry.create(null, null, "dup.example.net", null);
    WatchlistEntry e = WatchlistEntry.create("09", "1602886100", "dup.example.net", "list-e");
    WatchlistEntry f = WatchlistEntry.create("9", "1602886000", "dup.example.net", "list-f");
    List<WatchlistEntry> rows = new ArrayList<>(List.of(a, b, c, d, e, f));
    Random random = new Random(5);
    for (int round = 0; round < 20; round++) {
      Collections.shuffle(rows, random);
      Map<String, WatchlistEntry> table = WatchlistMatches.toTable(rows);
      // 9 = 09 as numbers; then the text decides ("09" before "9").
      assertEquals(Map.of("dup.example.net", e), table, rows.toString());
    }
    // The same ID twice: the earlier DATEADDED.
    assertEquals(f, WatchlistMatches.toTable(List.of(b, c, a, f, d)).get("dup.example.net"));
    assertEquals(b, WatchlistMatches.toTable(List.of(d, c, b, a)).get("dup.example.net"));
    // 10 before 9 as text, but not as a number; numbers before other IDs, absent IDs last.
    assertEquals(a, WatchlistMatches.toTable(List.of(c, d, a)).get("dup.example.net"));
    assertEquals(c, WatchlistMatches.toTable(List.of(d, c)).get("dup.example.net"));
  }

  @Test
  void lookupIsExactOrMostSpecificParent() {
    Map<String, WatchlistEntry> table =
        WatchlistMatches.toTable(
            List.of(
                WatchlistEntry.create("1", null, "example.com", "s"),
                WatchlistEntry.create("2", null, "ads.example.com", "s"),
                WatchlistEntry.create("3", null, "", "s")));
    assertEquals(2, table.size(), "an empty domain can match nothing and is left out");
    assertEquals("2", WatchlistMatches.lookup(table, "ads.example.com", false).getId());
    assertNull(WatchlistMatches.lookup(table, "x.ads.example.com", false));
    assertEquals("2", WatchlistMatches.lookup(table, "x.y.ads.example.com", true).getId());
    assertEquals("1", WatchlistMatches.lookup(table, "notads.example.com", true).getId());
    assertNull(WatchlistMatches.lookup(table, "notexample.com", true));
    assertNull(WatchlistMatches.lookup(table, "com", true));
    assertNull(WatchlistMatches.lookup(table, "", true));
    assertNull(WatchlistMatches.lookup(table, null, true));
    assertNull(WatchlistMatches.lookup(Map.of(), "example.com", true));
  }

  @Test
  void aHostileNameOfManyLabelsCostsFewProbes() {
    Map<String, WatchlistEntry> table =
        WatchlistMatches.toTable(List.of(WatchlistEntry.create("2", null, "ads.example.com", "s")));
    String hostile = "a.".repeat(500_000) + "ads.example.com";
    WatchlistEntry found =
        assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(5), () -> WatchlistMatches.lookup(table, hostile, true));
    assertEquals("2", found.getId());
  }

  /**
   * The contract a refreshing source relies on: any singleton view in the global window whose value
   * is {@link WatchlistMatches#toTable} serves the joins, not only the one {@link
   * WatchlistMatches#asTable} makes.
   */
  @Test
  void aViewOfToTableBuiltElsewhereServesToo() throws Exception {
    Pipeline p = pipeline();
    PCollectionView<Map<String, WatchlistEntry>> table =
        p.apply(
                "Snapshot",
                Create.of(List.of(WatchlistMatches.toTable(watchlist)))
                    .withCoder(MapCoder.of(StringUtf8Coder.of(), coder(p, WatchlistEntry.class))))
            .apply("SnapshotView", View.asSingleton());
    PCollection<WatchlistHttpMatch> out =
        p.apply(
                OutOfOrder.stream(
                    coder(p, ZeekHttp.class), inputs(httpCases(), ZeekHttp::getTsMillis), 29))
            .apply(WatchlistMatches.http(table).withSubdomains(true));
    PAssert.that(out.apply(Reify.timestamps())).containsInAnyOrder(expectedHttp(true));
    run(p);
  }

  @Test
  void misuseIsRefusedWithAReason() throws Exception {
    Pipeline p = pipeline();
    PCollection<ZeekDns> dns = p.apply("Dns", Create.empty(coder(p, ZeekDns.class)));
    IllegalArgumentException noTable =
        assertThrows(IllegalArgumentException.class, () -> dns.apply(WatchlistMatches.dns(null)));
    assertTrue(noTable.getMessage().contains("asTable(watchlist)"), noTable.getMessage());
    IllegalArgumentException noEntries =
        assertThrows(IllegalArgumentException.class, () -> WatchlistMatches.dnsAgainst(null));
    assertTrue(noEntries.getMessage().contains("empty list"), noEntries.getMessage());

    PCollection<WatchlistEntry> stream =
        p.apply(
            "Stream",
            TestStream.create(coder(p, WatchlistEntry.class))
                .addElements(IPV6_ENTRY)
                .advanceWatermarkToInfinity());
    IllegalArgumentException unbounded =
        assertThrows(IllegalArgumentException.class, () -> WatchlistMatches.asTable(stream));
    assertTrue(unbounded.getMessage().contains("unbounded"), unbounded.getMessage());
  }
}
