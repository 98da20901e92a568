package io.zeekbeam.pipelines.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeekbeam.pipelines.generate.GeneratorConfig.Format;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * summary.json is what a pipeline run reconciles against (records read = parsed + dead-lettered),
 * so its counts are checked against the files, counted here without the generator's help.
 */
class SampleGeneratorSummaryTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Format.class)
  void countsMatchTheFiles(Format format) throws IOException {
    Path dir = Samples.generate(tmp, 3000, 5, format, format == Format.JSON);
    JsonNode summary = Samples.summary(dir);
    Map<String, long[]> byType = new HashMap<>();
    int files = 0;
    for (Path f : Samples.logFiles(dir)) {
      long[] c = byType.computeIfAbsent(Samples.typeOf(f), t -> new long[4]);
      List<Samples.Kind> kinds = Samples.classify(f);
      c[0] += kinds.size();
      c[1] += kinds.stream().filter(k -> k == Samples.Kind.HEADER).count();
      c[2] += kinds.stream().filter(k -> k == Samples.Kind.RECORD).count();
      c[3] += kinds.stream().filter(k -> k == Samples.Kind.BROKEN).count();
      files++;
    }
    long records = 0;
    long broken = 0;
    int listed = 0;
    JsonNode inputs = summary.get("inputs");
    assertEquals(byType.keySet(), toSet(inputs));
    for (Map.Entry<String, long[]> e : byType.entrySet()) {
      JsonNode in = inputs.get(e.getKey());
      long[] c = e.getValue();
      assertEquals(c[0], in.get("lines").asLong(), e.getKey() + " lines");
      assertEquals(c[1], in.get("headerLines").asLong(), e.getKey() + " header lines");
      assertEquals(c[2], in.get("records").asLong(), e.getKey() + " records");
      assertEquals(c[3], in.get("deadLetters").asLong(), e.getKey() + " dead letters");
      assertTrue(c[3] >= (e.getKey().equals("x509") ? 0 : 1), e.getKey() + " has a broken line");
      for (JsonNode f : in.get("files")) {
        List<Samples.Kind> kinds = Samples.classify(dir.resolve(f.get("path").asText()));
        assertEquals(kinds.size(), f.get("lines").asLong(), f.get("path").asText());
        listed++;
      }
      records += c[2];
      broken += c[3];
    }
    assertEquals(files, listed);
    assertEquals(records, summary.get("totals").get("records").asLong());
    assertEquals(broken, summary.get("totals").get("deadLetters").asLong());
    assertEquals(records + broken, summary.get("totals").get("read").asLong());
    assertTrue(Math.abs(records - 3000) < 30, "records " + records);

    JsonNode analytics = summary.get("analytics");
    assertEquals(
        new java.util.TreeSet<>(SampleGeneratorLayoutTest.ANSWERS),
        new java.util.TreeSet<>(toSet(analytics)));
    for (String a : SampleGeneratorLayoutTest.ANSWERS) {
      List<String> lines = Samples.lines(dir.resolve("expected/" + a + ".jsonl"));
      assertEquals(lines.size(), analytics.get(a).asLong(), a);
      for (int i = 1; i < lines.size(); i++) {
        assertTrue(lines.get(i - 1).compareTo(lines.get(i)) <= 0, a + " is not sorted");
      }
      assertTrue(lines.size() > 0, a + " is empty");
    }
    assertEquals(
        Samples.lines(dir.resolve("watchlist.csv")).size() - 1,
        summary.get("watchlist").get("rows").asInt());
  }

  private static java.util.Set<String> toSet(JsonNode object) {
    java.util.Set<String> s = new java.util.TreeSet<>();
    object.properties().forEach(e -> s.add(e.getKey()));
    return s;
  }
}
