package io.zeekbeam.pipelines.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekbeam.transforms.enrich.LocalNets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's HTML as a parser sees it: hostile values stay text, charts get their data. */
class HtmlReportTest {
  @TempDir Path dir;

  private Document hostileReport() throws Exception {
    HostileOutputs.write(dir);
    Path file =
        HtmlReport.write(
            dir, HostileOutputs.summary(), HostileOutputs.skipped(), LocalNets.defaults());
    assertEquals(dir.resolve("report.html"), file);
    return Jsoup.parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  @Test
  void hostileValuesAreTextNeverMarkupOrScript() throws Exception {
    Document doc = hostileReport();
    assertEquals("zeekbeam report", doc.title());
    assertTrue(doc.select("img, svg, iframe, object, embed").isEmpty());
    for (Element e : doc.getAllElements()) {
      for (Attribute a : e.attributes()) {
        assertFalse(a.getKey().toLowerCase().startsWith("on"), e.outerHtml());
      }
    }
    List<Element> code = doc.select("script:not([type])");
    assertEquals(2, code.size(), "ECharts and the report's script, nothing else");
    String shown = doc.selectFirst("main").text();
    for (String p : HostileOutputs.PAYLOADS) {
      assertTrue(shown.contains(p), "shown as text: " + p);
    }
    for (String section :
        new String[] {
          "#dead-letters", "#dns", "#brute-force", "#watchlist", "#new-certs", "#inbound"
        }) {
      String text = doc.selectFirst(section).text();
      assertTrue(
          text.contains(HostileOutputs.SCRIPT) || text.contains(HostileOutputs.IMG), section);
    }
  }

  @Test
  void chartDataIsJsonWithoutMarkupCharacters() throws Exception {
    Document doc = hostileReport();
    List<Element> blocks = doc.select("script[type=application/json]");
    assertEquals(doc.select("div.chart").size(), blocks.size());
    assertTrue(blocks.size() >= 6, "charts: " + blocks.size());
    ObjectMapper json = new ObjectMapper();
    for (Element b : blocks) {
      String data = b.data();
      assertFalse(data.contains("<") || data.contains(">") || data.contains("&"), data);
      assertTrue(doc.select("div.chart[data-chart=" + b.id() + "]").size() == 1, b.id());
      json.readTree(data);
    }
    JsonNode dns = json.readTree(doc.getElementById("chart-dns").data());
    List<String> labels = new ArrayList<>();
    dns.get("labels").forEach(l -> labels.add(l.asText()));
    assertTrue(labels.containsAll(HostileOutputs.PAYLOADS), labels.toString());
    JsonNode bytes = json.readTree(doc.getElementById("chart-bytes").data());
    List<String> services = new ArrayList<>();
    bytes.get("series").forEach(s -> services.add(s.get("name").asText()));
    assertTrue(services.containsAll(HostileOutputs.PAYLOADS), services.toString());
  }

  @Test
  void contentSecurityPolicyAllowsExactlyThePagesOwnScriptsAndStyle() throws Exception {
    Document doc = hostileReport();
    String csp = doc.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content");
    assertTrue(csp.startsWith("default-src 'none';"), csp);
    for (Element s : doc.select("script:not([type]), style")) {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(s.data().getBytes(StandardCharsets.UTF_8));
      assertTrue(
          csp.contains("'sha256-" + Base64.getEncoder().encodeToString(d) + "'"), s.tagName());
    }
    assertFalse(csp.contains("unsafe"), csp);
    assertTrue(doc.select("[src], link, [href]:not([href^=#])").isEmpty(), "nothing is fetched");
  }

  @Test
  void topCountsAreExactUntilPrunedThenSayHowFarOff() {
    TopCounts<String> t = new TopCounts<>(2);
    t.add("a", 10);
    t.add("b", 7);
    t.add("c", 1);
    t.add("a", 5);
    t.add("d", 2);
    assertEquals(-1, t.droppedMax());
    t.add("e", 1);
    assertEquals(2, t.size());
    assertEquals(2, t.droppedMax());
    assertEquals(
        List.of("a", "b"),
        t.top(5).stream().map(e -> e.key).collect(java.util.stream.Collectors.toList()));
    assertEquals(15, t.top(1).get(0).total);
    assertEquals(26, t.grandTotal());
  }

  @Test
  void timeSeriesWidensBucketsAndFoldsSmallSeries() {
    TimeSeries ts = new TimeSeries(60_000, 4, 3);
    for (int minute = 0; minute < 10; minute++) {
      ts.add(minute * 60_000L, "s" + (minute % 5), 10);
    }
    assertEquals(240_000, ts.widthMillis());
    assertEquals(List.of(0L, 240_000L, 480_000L), ts.times());
    Map<String, List<Long>> series = ts.series(2);
    assertEquals(List.of("s0", "s1", TimeSeries.OTHER), new ArrayList<>(series.keySet()));
    long total = series.values().stream().flatMap(List::stream).mapToLong(Long::longValue).sum();
    assertEquals(100, total);
    assertEquals(List.of(10L, 10L, 0L), series.get("s0"));
  }

  @Test
  void avroOutputsAreReadWithTheirJsonNames() throws Exception {
    Schema schema =
        SchemaBuilder.record("InboundRow")
            .fields()
            .name("id_resp_h")
            .doc("id.resp_h")
            .type()
            .stringType()
            .noDefault()
            .name("id_resp_p")
            .doc("id.resp_p")
            .type()
            .longType()
            .noDefault()
            .name("ts")
            .type()
            .doubleType()
            .noDefault()
            .endRecord();
    Path folder = Files.createDirectories(dir.resolve("inbound"));
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
      w.create(schema, folder.resolve("part-00000-of-00001.avro").toFile());
      for (int i = 0; i < 3; i++) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("id_resp_h", "10.1.2.3");
        r.put("id_resp_p", 22L);
        r.put("ts", 1772409600.0 + i);
        w.append(r);
      }
    }
    ReportData d = ReportData.read(dir, LocalNets.defaults());
    TopCounts.Entry<List<String>> top = d.inbound.top(1).get(0);
    assertEquals(List.of("10.1.2.3", "22"), top.key);
    assertEquals(3, top.total);
    assertEquals(1772409600000L, top.firstMillis);
    assertEquals(1772409602000L, top.lastMillis);
  }
}
