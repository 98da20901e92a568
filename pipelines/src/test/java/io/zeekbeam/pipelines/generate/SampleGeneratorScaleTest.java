package io.zeekbeam.pipelines.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator must stream: here it writes 200k records (about 60 MB of logs and answers) in a
 * separate JVM whose heap is far smaller than would be needed to hold them, and the result is still
 * complete and consistent. No timing is asserted.
 */
class SampleGeneratorScaleTest {
  @TempDir Path tmp;

  @Test
  void twoHundredThousandRecordsInASmallHeap() throws Exception {
    Path out = tmp.resolve("big");
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                SampleGenerator.class.getName(),
                "--output=" + out,
                "--records=200000",
                "--format=mixed")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("generator.log").toFile())
            .start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "generator did not finish");
    assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("generator.log")));

    JsonNode summary = Samples.summary(out);
    long records = summary.get("totals").get("records").asLong();
    assertTrue(records >= 199_000 && records <= 201_000, "records " + records);
    long counted = 0;
    for (Path f : Samples.logFiles(out)) {
      counted += Samples.classify(f).stream().filter(k -> k == Samples.Kind.RECORD).count();
    }
    assertEquals(records, counted);

    for (String a : SampleGeneratorLayoutTest.ANSWERS) {
      long lines = 0;
      String previous = null;
      try (BufferedReader r =
          Files.newBufferedReader(
              out.resolve("expected/" + a + ".jsonl"), StandardCharsets.UTF_8)) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          assertTrue(previous == null || previous.compareTo(l) <= 0, a + " is not sorted");
          previous = l;
          lines++;
        }
      }
      assertEquals(summary.get("analytics").get(a).asLong(), lines, a);
    }
    assertTrue(summary.get("analytics").get("rich-dns").asLong() > 20_000);
    assertTrue(Files.notExists(out.resolve(".generate-tmp")));
    List<Path> conn = Samples.logFiles(out, "conn");
    assertTrue(conn.size() >= 2, "hourly conn archives: " + conn);
  }
}
