package io.zeekbeam.pipelines.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekbeam.pipelines.RunSummary;
import io.zeekbeam.transforms.enrich.LocalNets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;

/**
 * The HTML report of a batch run, {@code DIR/report.html}: one self-contained file (ECharts, the
 * script and the styles inline; nothing fetched), readable from a {@code file://} URL.
 *
 * <p>Every value shown comes from logs an attacker can write into, so none is ever concatenated
 * into HTML or script: the page is a jsoup DOM whose {@code text()} and {@code attr()} escape, and
 * chart data is JSON from Jackson with {@code <}, {@code >}, {@code &} and {@code '} written as
 * {@code \\u003c} and so on, inside {@code <script type="application/json">} blocks that the page's
 * own script reads with {@code JSON.parse}. A Content-Security-Policy that allows only the page's
 * own scripts and styles (by hash) and images from {@code data:} is the second line of defence.
 */
public final class HtmlReport {
  public static final String FILE = "report.html";
  static final String ECHARTS_VERSION = "5.3.1";
  static final String ECHARTS =
      "/META-INF/resources/webjars/echarts/" + ECHARTS_VERSION + "/dist/echarts.min.js";

  /** Rows in each table and bars in each chart. */
  static final int TOP = 20;

  /** Rows in the tables of events (alerts, watchlist hits, certificates). */
  static final int EVENTS = 200;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    JSON.getFactory().setCharacterEscapes(new HtmlSafeEscapes());
  }

  private final ReportData data;
  private final RunSummary summary;
  private final Map<String, String> skipped;
  private final Document doc = Document.createShell("");
  private final Element main;
  private final Element nav;

  private HtmlReport(ReportData data, RunSummary summary, Map<String, String> skipped) {
    this.data = data;
    this.summary = summary;
    this.skipped = skipped;
    doc.outputSettings().prettyPrint(false).charset(StandardCharsets.UTF_8);
    nav = doc.body().appendElement("nav");
    main = doc.body().appendElement("main");
  }

  /**
   * Reads the outputs under {@code outputDir} and writes the report beside them.
   *
   * @param skipped analytics that did not run, with the reason, to say so in the report
   * @return the report's path
   */
  public static Path write(
      Path outputDir, RunSummary summary, Map<String, String> skipped, LocalNets localNets)
      throws IOException {
    ReportData data = ReportData.read(outputDir, localNets);
    Path file = outputDir.resolve(FILE);
    Files.writeString(file, render(data, summary, skipped, outputDir.toString()));
    return file;
  }

  static String render(
      ReportData data, RunSummary summary, Map<String, String> skipped, String title) {
    HtmlReport r = new HtmlReport(data, summary, skipped);
    r.build(title);
    return r.doc.outerHtml();
  }

  private void build(String outputDir) {
    String css = resource("report.css");
    String echarts = echarts();
    String script = resource("report.js");
    Element head = doc.head();
    head.appendElement("meta").attr("charset", "utf-8");
    head.appendElement("meta")
        .attr("http-equiv", "Content-Security-Policy")
        .attr(
            "content",
            "default-src 'none'; script-src "
                + hash(echarts)
                + " "
                + hash(script)
                + "; style-src "
                + hash(css)
                + "; img-src data:; base-uri 'none'; form-action 'none'");
    head.appendElement("meta").attr("name", "viewport").attr("content", "width=device-width");
    head.appendElement("title").text("zeekbeam report");
    head.appendElement("style").appendChild(new DataNode(css));
    doc.prependChild(new DocumentType("html", "", ""));

    main.appendElement("h1").text("zeekbeam report");
    main.appendElement("p").addClass("note").text("Outputs in " + outputDir + "; times in UTC.");
    run();
    deadLetters();
    bytesByService();
    talkers();
    dns();
    bruteForce();
    watchlist();
    newCerts();
    inbound();

    doc.body().appendElement("script").appendChild(new DataNode(echarts));
    doc.body().appendElement("script").appendChild(new DataNode(script));
  }

  private void run() {
    Element s = section("run", "Run");
    Element inputs = table(s, "input", "#read", "#parsed", "#dead-lettered", "#skipped");
    summary.inputs.forEach((input, c) -> row(inputs, input, c[0], c[1], c[2], c[3]));
    Map<String, Long> outputs = new LinkedHashMap<>(summary.outputs);
    data.rowsRead.forEach((o, n) -> outputs.putIfAbsent(o, n));
    List<String> labels = new ArrayList<>(outputs.keySet());
    List<Long> values = new ArrayList<>(outputs.values());
    chart(
        s,
        "chart-outputs",
        Map.of("kind", "bar", "labels", labels, "values", values, "unit", "records"));
    Element out = table(s, "output", "#records");
    outputs.forEach((o, n) -> row(out, o, n));
    if (!skipped.isEmpty()) {
      Element t = table(s, "analytic not run", "why");
      skipped.forEach((a, why) -> row(t, a, why));
    }
    data.unreadable.forEach(
        (o, n) -> note(s, n + " rows of " + o + " could not be read and are not in this report."));
  }

  private void deadLetters() {
    Element s = section("dead-letters", "Dead letters");
    note(
        s,
        data.deadLetters.grandTotal()
            + " records were dead-lettered (the dead-letter folder holds each with its raw text);"
            + " the most common reasons:");
    approximate(s, data.deadLetters);
    Element t = table(s, "input", "stage", "reason", "#records", "first event");
    for (TopCounts.Entry<List<String>> e : data.deadLetters.top(TOP)) {
      row(t, e.key.get(0), e.key.get(1), e.key.get(2), e.total, time(e.firstMillis));
    }
  }

  private void bytesByService() {
    Element s = section("bytes", "Bytes by service over time");
    TimeSeries ts = data.bytesByService;
    if (ts.isEmpty()) {
      note(s, "No bytes-by-service output in this run.");
      return;
    }
    note(
        s,
        "IP bytes (both directions) per service, summed per "
            + (ts.widthMillis() / 60_000)
            + " minutes; the top 10 services, the rest as "
            + TimeSeries.OTHER
            + ".");
    List<Map<String, Object>> series = new ArrayList<>();
    ts.series(10).forEach((name, values) -> series.add(Map.of("name", name, "values", values)));
    chart(s, "chart-bytes", Map.of("kind", "area", "times", ts.times(), "series", series));
  }

  private void talkers() {
    Element s = section("talkers", "Top talkers");
    note(s, "Local hosts (--localNets) by the IP bytes of the connections they originated.");
    approximate(s, data.talkers);
    List<TopCounts.Entry<String>> top = data.talkers.top(TOP);
    barChart(s, "chart-talkers", top, "bytes");
    Element t = table(s, "local host", "#bytes", "first window", "last window");
    for (TopCounts.Entry<String> e : top) {
      row(t, e.key, e.total, time(e.firstMillis), time(e.lastMillis));
    }
  }

  private void dns() {
    Element s = section("dns", "DNS");
    s.appendElement("h3").text("Top queried domains");
    approximate(s, data.dnsQueries);
    List<TopCounts.Entry<String>> top = data.dnsQueries.top(TOP);
    barChart(s, "chart-dns", top, "lookups");
    Element t = table(s, "query", "#lookups");
    top.forEach(e -> row(t, e.key, e.total));
    s.appendElement("h3").text("Top (source, hostname) pairs");
    note(s, "rich-dns rows per source address and first label of the query, over all windows.");
    approximate(s, data.hostnamePairs);
    Element p = table(s, "source", "hostname", "#lookups", "first window", "last window");
    for (TopCounts.Entry<List<String>> e : data.hostnamePairs.top(TOP)) {
      row(p, e.key.get(0), e.key.get(1), e.total, time(e.firstMillis), time(e.lastMillis));
    }
  }

  private void bruteForce() {
    Element s = section("brute-force", "SSH brute force");
    List<TopCounts.Entry<List<String>>> alerts = data.bruteForce.top(ReportData.ALERTS);
    alerts.sort(
        (a, b) ->
            a.firstMillis != b.firstMillis
                ? Long.compare(a.firstMillis, b.firstMillis)
                : Long.compare(b.total, a.total));
    note(
        s,
        data.bruteForce.size()
            + " alerts"
            + (data.bruteForce.droppedMax() >= 0 ? " shown (the strongest)" : "")
            + "; each dot is a window with more failed logins from one source than the threshold.");
    if (!alerts.isEmpty()) {
      List<String> hosts = new ArrayList<>();
      List<List<Object>> points = new ArrayList<>();
      for (TopCounts.Entry<List<String>> e : alerts) {
        int host = hosts.indexOf(e.key.get(0));
        if (host < 0) {
          hosts.add(e.key.get(0));
          host = hosts.size() - 1;
        }
        points.add(List.of(e.firstMillis, host, e.total, e.key.get(1)));
      }
      chart(s, "chart-brute-force", Map.of("kind", "timeline", "hosts", hosts, "points", points));
    }
    Element t = table(s, "window start", "window end", "host", "source", "#failures");
    for (TopCounts.Entry<List<String>> e : alerts.subList(0, Math.min(EVENTS, alerts.size()))) {
      Long end = (Long) e.details;
      row(
          t,
          time(e.firstMillis),
          end == null ? "" : time(end),
          e.key.get(0),
          e.key.get(1),
          e.total);
    }
    s.appendElement("h3").text("User names tried");
    approximate(s, data.sshUsers);
    Element u = table(s, "user", "#failed logins");
    data.sshUsers.top(TOP).forEach(e -> row(u, e.key, e.total));
  }

  private void watchlist() {
    Element s = section("watchlist", "Watchlist hits");
    approximate(s, data.watchlist);
    Element t =
        table(
            s,
            "kind",
            "name",
            "listed domain",
            "list source",
            "first client",
            "#hits",
            "first",
            "last");
    for (TopCounts.Entry<List<String>> e : data.watchlist.top(EVENTS)) {
      @SuppressWarnings("unchecked")
      List<String> d = (List<String>) e.details;
      row(
          t,
          e.key.get(0),
          e.key.get(1),
          e.key.get(2),
          d.get(0),
          d.get(1),
          e.total,
          time(e.firstMillis),
          time(e.lastMillis));
    }
  }

  private void newCerts() {
    Element s = section("new-certs", "New certificates");
    note(
        s, "Certificates less than 30 days old when seen, with the responder's place and network.");
    approximate(s, data.newCerts);
    Element t =
        table(
            s,
            "subject",
            "issuer",
            "issued",
            "expires",
            "server name",
            "responder",
            "place",
            "network",
            "#handshakes",
            "first seen");
    for (TopCounts.Entry<List<String>> e : data.newCerts.top(EVENTS)) {
      @SuppressWarnings("unchecked")
      List<String> d = (List<String>) e.details;
      row(
          t,
          e.key.get(0),
          e.key.get(1),
          e.key.get(2),
          d.get(4),
          d.get(0),
          d.get(1),
          d.get(2),
          d.get(3),
          e.total,
          time(e.firstMillis));
    }
  }

  private void inbound() {
    Element s = section("inbound", "Inbound connections by destination");
    note(s, "Connections from outside --localNets to a local responder, per responder and port.");
    approximate(s, data.inbound);
    List<TopCounts.Entry<List<String>>> top = data.inbound.top(TOP);
    List<String> labels = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    for (TopCounts.Entry<List<String>> e : top) {
      labels.add(e.key.get(0) + " port " + e.key.get(1));
      values.add(e.total);
    }
    if (!top.isEmpty()) {
      chart(
          s,
          "chart-inbound",
          Map.of("kind", "bar", "labels", labels, "values", values, "unit", "connections"));
    }
    Element t = table(s, "responder", "#port", "first service", "#connections", "first", "last");
    for (TopCounts.Entry<List<String>> e : top) {
      row(
          t,
          e.key.get(0),
          port(e.key.get(1)),
          (String) e.details,
          e.total,
          time(e.firstMillis),
          time(e.lastMillis));
    }
  }

  private static Object port(String p) {
    try {
      return Long.parseLong(p);
    } catch (NumberFormatException e) {
      return p;
    }
  }

  private Element section(String id, String title) {
    nav.appendElement("a").attr("href", "#" + id).text(title);
    Element s = main.appendElement("section").id(id);
    s.appendElement("h2").text(title);
    return s;
  }

  private static void note(Element parent, String text) {
    parent.appendElement("p").addClass("note").text(text);
  }

  private static void approximate(Element parent, TopCounts<?> counts) {
    if (counts.droppedMax() >= 0) {
      note(
          parent,
          "Approximate: there were too many distinct keys to keep them all, so totals of "
              + counts.droppedMax()
              + " or less may be missing or too small.");
    }
  }

  private void barChart(Element parent, String id, List<TopCounts.Entry<String>> top, String unit) {
    if (top.isEmpty()) {
      return;
    }
    List<String> labels = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    for (TopCounts.Entry<String> e : top) {
      labels.add(e.key);
      values.add(e.total);
    }
    chart(parent, id, Map.of("kind", "bar", "labels", labels, "values", values, "unit", unit));
  }

  private static void chart(Element parent, String id, Map<String, Object> data) {
    parent.appendElement("div").addClass("chart").attr("data-chart", id);
    parent
        .appendElement("script")
        .attr("type", "application/json")
        .id(id)
        .appendChild(new DataNode(json(data)));
  }

  /** A sortable table; a heading starting with {@code #} is a numeric column. Returns its body. */
  private static Element table(Element parent, String... headings) {
    Element table = parent.appendElement("table").addClass("sortable");
    Element tr = table.appendElement("thead").appendElement("tr");
    for (String h : headings) {
      Element th = tr.appendElement("th");
      if (h.startsWith("#")) {
        th.addClass("n").text(h.substring(1));
      } else {
        th.text(h);
      }
    }
    return table.appendElement("tbody");
  }

  private static void row(Element body, Object... cells) {
    Element tr = body.appendElement("tr");
    for (Object c : cells) {
      Element td = tr.appendElement("td");
      if (c instanceof Long || c instanceof Integer) {
        long n = ((Number) c).longValue();
        td.addClass("n").attr("data-sort", Long.toString(n)).text(String.format("%,d", n));
      } else {
        td.text(c == null ? "" : c.toString());
      }
    }
  }

  private static String time(long millis) {
    return millis == Long.MAX_VALUE || millis == Long.MIN_VALUE
        ? ""
        : TIME.format(Instant.ofEpochMilli(millis));
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("chart data is not serialisable", e);
    }
  }

  private static String hash(String inline) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(d) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String resource(String name) {
    return read(HtmlReport.class.getResourceAsStream(name), name);
  }

  static String echarts() {
    return read(HtmlReport.class.getResourceAsStream(ECHARTS), ECHARTS);
  }

  private static String read(InputStream in, String name) {
    if (in == null) {
      throw new IllegalStateException(name + " is missing from the jar");
    }
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * JSON that can sit inside an HTML {@code <script>} element: no {@code <}, {@code >}, {@code &}
   * or {@code '} (so no {@code </script>} or {@code <!--} can end or change it), and the line
   * separators U+2028 and U+2029 escaped for older script parsers.
   */
  static final class HtmlSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    HtmlSafeEscapes() {
      for (char c : new char[] {'<', '>', '&', '\''}) {
        ascii[c] = ESCAPE_STANDARD;
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch == 0x2028 || ch == 0x2029) {
        return new SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }
}
