package io.zeekbeam.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zeekbeam.schemas.WatchlistEntry;
import io.zeekbeam.transforms.errors.BadRecordException;
import io.zeekbeam.transforms.parse.Watchlists.Format;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WatchlistsTest {
  private static void assertNoBadRows(Watchlists.Result result) {
    List<Watchlists.BadRow> bad = result.badRows();
    assertTrue(
        bad.isEmpty(),
        () -> bad.size() + " bad rows, first " + bad.subList(0, Math.min(3, bad.size())));
  }

  private static String reason(Watchlists.Reader reader, String line) {
    return assertThrows(BadRecordException.class, () -> reader.read(line)).getMessage();
  }

  @Test
  void csvWithHeaderAndQuotedFields() throws Exception {
    Watchlists.Reader r = Watchlists.reader("ad_servers.csv");
    assertEquals(List.of(), r.read("id,dateadded,domain,source"));
    assertEquals(Optional.of(Format.CSV), r.format());
    assertEquals(
        List.of(WatchlistEntry.create("1", "1602886038", "fr.a2dfp.net", "https://mvps.org/h.txt")),
        r.read("1,1602886038,fr.a2dfp.net,https://mvps.org/h.txt"));
    assertEquals(
        List.of(WatchlistEntry.create("2", "1602886038", "ads.example.com", "MVPS, 2020 edition")),
        r.read("2,1602886038,\"Ads.Example.COM.\",\"MVPS, 2020 edition\""));
    assertEquals(
        List.of(WatchlistEntry.create("3", null, "x.example", "ad_servers.csv")),
        r.read("3,,x.example,"),
        "empty dateadded is null; empty source falls back to the caller's name");
    assertTrue(reason(r, "4,1602886038,\"a,b.com\",s").contains("contains ','"));
    assertTrue(reason(r, "5,1602886038,a.com").contains("3 fields but the header has 4"));
    assertTrue(reason(r, "6,1602886038,a.com,s,extra").contains("5 fields"));
    assertTrue(reason(r, "7,1602886038,,s").contains("domain is empty"));
    assertTrue(reason(r, "8,1602886038,\"unterminated,s").startsWith("CSV row is malformed"));
    assertEquals(List.of(), r.read("# a comment"));
    assertEquals(List.of(), r.read("   "));
  }

  @Test
  void csvColumnsComeFromTheHeader() throws Exception {
    Watchlists.Reader r = Watchlists.reader("list.csv");
    r.read("\uFEFFDomain,Source");
    assertEquals(
        List.of(WatchlistEntry.create("2", null, "a.example", "feed")),
        r.read("a.example,feed"),
        "without an id column the ID is the line number");
  }

  @Test
  void csvReaderToldTheFormatAcceptsRowsWithoutHeader() throws Exception {
    Watchlists.Reader r = Watchlists.reader("adhosts", Format.CSV);
    assertEquals(
        List.of(WatchlistEntry.create("9", "1602886038", "ads.example.com", "src")),
        r.read("9,1602886038,ads.example.com,src"));
    assertEquals(List.of(), r.read("id,dateadded,domain,source"), "a header is still a header");
  }

  @Test
  void oneDomainALine() throws Exception {
    Watchlists.Reader r = Watchlists.reader("domains.txt");
    assertEquals(List.of(), r.read("# my list"));
    assertEquals(List.of(), r.read(""));
    assertEquals(
        List.of(WatchlistEntry.create("3", null, "ads.example.com", "domains.txt")),
        r.read("  Ads.Example.COM.  "));
    assertEquals(Optional.of(Format.DOMAIN_LIST), r.format());
    assertEquals(
        List.of(WatchlistEntry.create("4", null, "track.example.net", "domains.txt")),
        r.read("track.example.net # why it is listed\r"));
    assertTrue(reason(r, "two words.com here").contains("more than one word"));
    assertTrue(reason(r, "http://x.example/path").contains("contains ':'"));
    assertTrue(reason(r, "x.example/path").contains("contains '/'"));
    assertTrue(reason(r, "a..b.com").contains("empty label"));
    assertTrue(reason(r, ".").contains("domain is empty"));
    assertTrue(reason(r, "a".repeat(64) + ".com").contains("longer than 63"));
    assertTrue(reason(r, ("abc.").repeat(70) + "com").contains("longer than 253"));
    assertTrue(reason(r, "bücher.example").contains("non-ASCII"));
    assertTrue(reason(r, "*.example.com").contains("contains '*'"));
    assertEquals(13, r.lineNumber());
    assertEquals(
        List.of(WatchlistEntry.create("14", null, "_dmarc.x-y.example", "domains.txt")),
        r.read("_dmarc.x-y.example"));
  }

  @Test
  void hostsFile() throws Exception {
    Watchlists.Reader r = Watchlists.reader("hosts.txt");
    assertEquals(List.of(), r.read("# AdAway default blocklist"));
    assertEquals(List.of(), r.read("127.0.0.1  localhost"));
    assertEquals(Optional.of(Format.HOSTS), r.format());
    assertEquals(List.of(), r.read("::1  localhost ip6-localhost ip6-loopback"));
    assertEquals(List.of(), r.read("255.255.255.255 broadcasthost"));
    assertEquals(
        List.of(WatchlistEntry.create("5", null, "analytics.163.com", "hosts.txt")),
        r.read("127.0.0.1 analytics.163.com"));
    assertEquals(
        List.of(
            WatchlistEntry.create("6", null, "a.example", "hosts.txt"),
            WatchlistEntry.create("6", null, "b.example", "hosts.txt")),
        r.read("0.0.0.0\tA.example  b.example. # two names\r"));
    assertTrue(reason(r, "0.0.0.0").contains("no host name"));
    assertTrue(reason(r, "ads.example.com").contains("does not start with an IP address"));
    assertTrue(reason(r, "0.0.0.0 good.example bad/name").contains("contains '/'"));
  }

  @Test
  void hostileLines() throws Exception {
    String huge = "a".repeat(3 * 1024 * 1024);
    Watchlists.Reader list = Watchlists.reader("l");
    list.read("ok.example");
    assertTrue(reason(list, huge).length() < 300);
    assertTrue(reason(list, huge + " " + huge).length() < 300);
    Watchlists.Reader csv = Watchlists.reader("c.csv");
    csv.read("id,dateadded,domain,source");
    assertTrue(reason(csv, "1,2," + huge + ",s").length() < 300);
    assertTrue(reason(csv, "\"").startsWith("CSV row is malformed"));
    assertTrue(reason(csv, "\u0000,\u0001,\u0002,\u0003").length() < 300);
    assertEquals("line is null", reason(csv, null));
  }

  @Test
  void parseCollectsEntriesAndBadRowsWithLineNumbers() {
    Watchlists.Result result =
        Watchlists.parse(
            List.of("# comment", "a.example", "bad domain", "", "B.example."), "list.txt");
    assertEquals(
        List.of(
            WatchlistEntry.create("2", null, "a.example", "list.txt"),
            WatchlistEntry.create("5", null, "b.example", "list.txt")),
        result.entries());
    assertEquals(1, result.badRows().size());
    assertEquals(3, result.badRows().get(0).lineNumber());
    assertEquals("bad domain", result.badRows().get(0).line());
  }

  @Test
  void normaliseDomain() {
    assertEquals("example.com", Watchlists.normaliseDomain(" Example.COM. "));
    assertEquals("example.com", Watchlists.normaliseDomain("example.com:8080"));
    assertEquals("example.com", Watchlists.normaliseDomain("example.com.:80"));
    assertEquals("example.com", Watchlists.normaliseDomain("example.com:"));
    assertEquals("2001:db8::1", Watchlists.normaliseDomain("[2001:DB8::1]:443"));
    assertEquals("::1", Watchlists.normaliseDomain("[::1]"));
    assertEquals("2001:db8::1", Watchlists.normaliseDomain("2001:db8::1"));
    assertEquals("fe80::1%eth0", Watchlists.normaliseDomain("[fe80::1%eth0]:80"));
    assertEquals("1.2.3.4", Watchlists.normaliseDomain("1.2.3.4:80"));
    assertEquals("a.example:http", Watchlists.normaliseDomain("a.example:http"));
    assertEquals("[::1", Watchlists.normaliseDomain("[::1"));
    assertEquals("", Watchlists.normaliseDomain("."));
    assertNull(Watchlists.normaliseDomain(null));
  }

  @Test
  void adServersCsvHas9513Entries() throws Exception {
    Path file = Path.of("/work/shared/data/cp-zeek/ad_servers.csv");
    assumeTrue(Files.exists(file), file + " is not here");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> rows = lines.stream().skip(1).filter(l -> !l.isBlank()).toList();
    assertEquals("id,dateadded,domain,source", lines.get(0));
    assertEquals(9513, rows.size());
    Watchlists.Result result = Watchlists.parse(file);
    assertNoBadRows(result);
    assertEquals(rows.size(), result.entries().size());
    for (int i = 0; i < rows.size(); i++) {
      String[] fields = rows.get(i).split(",");
      WatchlistEntry e = result.entries().get(i);
      assertEquals(fields[0], e.getId());
      assertEquals(fields[1], e.getDateAdded());
      assertEquals(fields[2], e.getDomain());
      assertEquals(fields[3], e.getSource());
    }
  }

  @Test
  void adawayHostsFileHasNoBadRows() throws Exception {
    Path file = Path.of("/work/shared/data/adaway/hosts.txt");
    assumeTrue(Files.exists(file), file + " is not here");
    Watchlists.Result result = Watchlists.parse(file);
    assertNoBadRows(result);
    List<String> records =
        Files.readAllLines(file).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .collect(Collectors.toList());
    long localhostLines = records.stream().filter(l -> l.endsWith(" localhost")).count();
    long names = records.stream().mapToLong(l -> l.split("\\s+").length - 1).sum();
    assertEquals(names - localhostLines, result.entries().size());
    assertTrue(result.entries().stream().allMatch(e -> e.getSource().equals("hosts.txt")));
    assertTrue(
        result
            .entries()
            .contains(
                WatchlistEntry.create(
                    Long.toString(
                        Files.readAllLines(file).indexOf("127.0.0.1 analytics.163.com") + 1),
                    null,
                    "analytics.163.com",
                    "hosts.txt")));
  }
}
