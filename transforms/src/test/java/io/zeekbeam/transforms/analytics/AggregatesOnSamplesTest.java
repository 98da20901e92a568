package io.zeekbeam.transforms.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekbeam.schemas.DnsLookupCount;
import io.zeekbeam.transforms.parse.ParseLogFiles;
import io.zeekbeam.transforms.parse.ParsedLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.Test;

/**
 * bytes-by-service and dns-lookups over the bundled sample logs, parsed as production parses them,
 * give exactly the answers the sample generator computed on its own when it wrote them ({@code
 * samples/expected}).
 */
class AggregatesOnSamplesTest {
  private static final Path SAMPLES = Paths.get("..", "samples").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static <T> List<T> expected(String answer, Function<JsonNode, T> row) throws IOException {
    List<T> rows = new ArrayList<>();
    for (String line : Files.readAllLines(SAMPLES.resolve("expected").resolve(answer))) {
      if (!line.isBlank()) {
        rows.add(row.apply(JSON.readTree(line)));
      }
    }
    return rows;
  }

  private static String text(JsonNode row, String column) {
    JsonNode v = row.get(column);
    return v == null || v.isNull() ? null : v.asText();
  }

  @Test
  void samplesGiveTheGeneratorsAnswers() throws Exception {
    List<io.zeekbeam.schemas.BytesByService> bytes =
        expected(
            "bytes-by-service.jsonl",
            r ->
                io.zeekbeam.schemas.BytesByService.builder()
                    .setLocalip(text(r, "LOCALIP"))
                    .setService(text(r, "SERVICE"))
                    .setWindowStart(text(r, "WINDOW_START"))
                    .setWindowEnd(text(r, "WINDOW_END"))
                    .setSumBytes(r.get("SUM_BYTES").asLong())
                    .build());
    List<DnsLookupCount> lookups =
        expected(
            "dns-lookups.jsonl",
            r ->
                DnsLookupCount.builder()
                    .setQuery(text(r, "query"))
                    .setLookups(r.get("LOOKUPS").asLong())
                    .build());

    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    ParsedLogs parsed =
        p.apply(FileIO.match().filepattern(SAMPLES.resolve("logs").toString() + "/*"))
            .apply(FileIO.readMatches().withCompression(Compression.UNCOMPRESSED))
            .apply(ParseLogFiles.create().withSyslogYear(2026));
    AnalyticOutput<io.zeekbeam.schemas.BytesByService> bytesOut =
        parsed.conn().apply(BytesByService.create());
    AnalyticOutput<DnsLookupCount> lookupsOut = parsed.dns().apply(DnsLookups.create());
    PAssert.that(bytesOut.results()).containsInAnyOrder(bytes);
    PAssert.that(bytesOut.deadLetters()).empty();
    PAssert.that(lookupsOut.results()).containsInAnyOrder(lookups);
    PAssert.that(lookupsOut.deadLetters()).empty();
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }
}
