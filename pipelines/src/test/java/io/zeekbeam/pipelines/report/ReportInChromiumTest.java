package io.zeekbeam.pipelines.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zeekbeam.transforms.enrich.LocalNets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in headless Chromium from a {@code file://} URL (no network) and reads the DOM
 * after its scripts ran: every chart drew a canvas, and no injected payload executed, both with the
 * page's Content-Security-Policy and without it (so that escaping alone is shown to hold). Skipped
 * where Chromium is not installed; .ci/run installs Debian's chromium package.
 */
class ReportInChromiumTest {
  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  @TempDir Path dir;

  @BeforeAll
  static void needsChromium() {
    assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM);
  }

  private Path hostileReport() throws IOException {
    HostileOutputs.write(dir);
    return HtmlReport.write(
        dir, HostileOutputs.summary(), HostileOutputs.skipped(), LocalNets.defaults());
  }

  @Test
  void chartsDrawAndPayloadsStayText() throws Exception {
    Path report = hostileReport();
    checkRendered(report, dump(report));
  }

  @Test
  void escapingAloneKeepsPayloadsInertWithoutTheContentSecurityPolicy() throws Exception {
    Path report = hostileReport();
    Document page = Jsoup.parse(Files.readString(report, StandardCharsets.UTF_8));
    page.select("meta[http-equiv=Content-Security-Policy]").remove();
    page.outputSettings().prettyPrint(false);
    Path bare = dir.resolve("report-without-csp.html");
    Files.writeString(bare, page.outerHtml(), StandardCharsets.UTF_8);
    checkRendered(report, dump(bare));
  }

  @Test
  void aClickOnAHeadingSortsTheTable() throws Exception {
    Path report = hostileReport();
    Document page = Jsoup.parse(Files.readString(report, StandardCharsets.UTF_8));
    // The test's own click needs a script the page's policy does not allow.
    page.select("meta[http-equiv=Content-Security-Policy]").remove();
    page.body()
        .appendElement("script")
        .appendChild(
            new DataNode("document.querySelector('#talkers thead th:nth-child(2)').click();"));
    page.outputSettings().prettyPrint(false);
    Path clicked = dir.resolve("report-clicked.html");
    Files.writeString(clicked, page.outerHtml(), StandardCharsets.UTF_8);
    Document dom = dump(clicked);
    Element th = dom.selectFirst("#talkers thead th:nth-child(2)");
    assertEquals("ascending", th.attr("aria-sort"));
    List<String> hosts = dom.select("#talkers tbody tr td:first-child").eachText();
    assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"), hosts);
    List<String> before =
        Jsoup.parse(Files.readString(report, StandardCharsets.UTF_8))
            .select("#talkers tbody tr td:first-child")
            .eachText();
    assertEquals(List.of("10.0.0.4", "10.0.0.3", "10.0.0.2", "10.0.0.1"), before);
  }

  private static void checkRendered(Path report, Document dom) throws IOException {
    int charts =
        Jsoup.parse(Files.readString(report, StandardCharsets.UTF_8)).select("div.chart").size();
    assertTrue(charts >= 6, "charts in the report: " + charts);
    assertEquals("zeekbeam report", dom.title(), "a payload changed the title");
    Element body = dom.body();
    assertEquals("", dom.select("div.chart[data-error]").attr("data-error"));
    assertEquals(String.valueOf(charts), body.attr("data-rendered"), "charts drawn");
    for (Element chart : dom.select("div.chart")) {
      assertEquals(1, chart.select("canvas").size(), chart.attr("data-chart"));
    }
    assertTrue(dom.select("img, svg[onload], iframe").isEmpty(), "no injected elements");
    String text = dom.selectFirst("main").text();
    for (String p : HostileOutputs.PAYLOADS) {
      assertTrue(text.contains(p), "shown as text: " + p);
    }
  }

  /** The DOM after the page's scripts ran. */
  private Document dump(Path html) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(dir, "chromium-profile");
    Path out = dir.resolve("dom.html");
    Path err = dir.resolve("chromium.err");
    Process p =
        new ProcessBuilder(
                List.of(
                    CHROMIUM.toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--user-data-dir=" + profile,
                    "--virtual-time-budget=5000",
                    "--dump-dom",
                    html.toUri().toString()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Chromium did not finish in 120 s");
    }
    String dom = Files.readString(out, StandardCharsets.UTF_8);
    assertTrue(
        dom.contains("<body"),
        "Chromium exited " + p.exitValue() + ": " + Files.readString(err, StandardCharsets.UTF_8));
    return Jsoup.parse(dom);
  }
}
