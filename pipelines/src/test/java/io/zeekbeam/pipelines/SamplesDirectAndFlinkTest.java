package io.zeekbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import io.zeekbeam.transforms.enrich.MmdbFixtures;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole batch pipeline over the bundled samples, on the DirectRunner and on Flink's embedded
 * cluster: both must write identical outputs, and the input accounting must match what the
 * generator says it wrote ({@code samples/expected/summary.json}).
 */
class SamplesDirectAndFlinkTest {
  static final Path SAMPLES = Paths.get("..", "samples").toAbsolutePath().normalize();

  /** The analytics whose outputs are compared with the planted answers. */
  static final List<String> WIRED =
      List.of(
          "inbound",
          "dns-lookups",
          "rich-dns",
          "hostname-counts",
          "geo",
          "ssl-certs",
          "new-certs",
          "ssh-failed-logins",
          "ssh-brute-force",
          "watchlist-dns",
          "watchlist-http",
          "bytes-by-service");

  @TempDir static Path tmp;
  static RunSummary directSummary;
  static Map<String, List<String>> directOutputs;

  static MmdbFixtures.CityAndAsn geoDbs;

  static RunOptions options(String output, String... extra) {
    PipelineOptionsFactory.register(RunOptions.class);
    String[] base = {
      "--geoipCity=" + geoDbs.city(),
      "--geoipAsn=" + geoDbs.asn(),
      "--input=" + SAMPLES.resolve("logs"),
      "--output=" + output,
      "--writeParsed",
      "--quiet",
      "--watchlist=" + SAMPLES.resolve("watchlist.csv"),
      "--analytics=all",
      // The DirectRunner's immutability check walks the whole pipeline for every bundle, and the
      // joins make a bundle per uid: 500 s instead of 45 s here. The transforms' own unit tests
      // keep both checks on.
      "--enforceImmutability=false",
      "--enforceEncodability=false"
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return PipelineOptionsFactory.fromArgs(all).as(RunOptions.class);
  }

  @BeforeAll
  static void runOnDirect() throws Exception {
    geoDbs = MmdbFixtures.writeCityAndAsn(Files.createDirectories(tmp.resolve("mmdb")));
    Path out = tmp.resolve("direct");
    RunOptions o = options(out.toString());
    PipelineResult r = BatchPipeline.run(o, BatchPipeline.plan(o));
    assertEquals(PipelineResult.State.DONE, r.getState());
    directSummary = RunSummary.of(r);
    directOutputs = OutputFolders.read(out);
  }

  @Test
  void inputCountsMatchWhatTheGeneratorWrote() throws Exception {
    JsonNode expected =
        new ObjectMapper().readTree(Files.readString(SAMPLES.resolve("expected/summary.json")));
    assertTrue(directSummary.unreconciled().isEmpty(), directSummary.inputs.toString());
    JsonNode inputs = expected.get("inputs");
    for (String type : List.of("conn", "dns", "http", "ssl", "x509", "syslog")) {
      JsonNode e = inputs.get(type);
      long[] got = directSummary.inputs.get(type);
      assertEquals(
          e.get("records").asLong() + e.get("deadLetters").asLong(), got[0], type + " read");
      assertEquals(e.get("records").asLong(), got[1], type + " parsed");
      assertEquals(e.get("deadLetters").asLong(), got[2], type + " dead-lettered");
      assertEquals(got[1], directOutputs.get(type).size(), type + " parsed = written");
    }
  }

  @Test
  void flinkWritesWhatDirectWrites() {
    Path out = tmp.resolve("flink");
    RunOptions o = options(out.toString(), "--runner=FlinkRunner", "--parallelism=2");
    o.as(FlinkPipelineOptions.class).setFlinkMaster("[local]");
    // What ./zeekbeam run uses: the DataStream translation in batch mode.
    BatchPipeline.applyFlinkBatchDefaults(o, List.of());
    assertTrue(o.as(FlinkPipelineOptions.class).getUseDataStreamForBatch());
    PipelineResult r = BatchPipeline.run(o, BatchPipeline.plan(o));
    assertEquals(PipelineResult.State.DONE, r.getState());
    Map<String, List<String>> flink = OutputFolders.read(out);
    assertEquals(directOutputs.keySet(), flink.keySet());
    for (String folder : directOutputs.keySet()) {
      assertEquals(directOutputs.get(folder), flink.get(folder), folder);
    }
  }

  @Test
  void avroOutputHoldsTheSameRecordsWithAvroSafeNames() throws Exception {
    Path out = tmp.resolve("avro");
    // Flink's DataSet translation, which --useDataStreamForBatch=false still selects.
    String[] args = {"--format=avro", "--runner=FlinkRunner", "--useDataStreamForBatch=false"};
    RunOptions o = options(out.toString(), args);
    BatchPipeline.applyFlinkBatchDefaults(o, List.of(args));
    assertFalse(o.as(FlinkPipelineOptions.class).getUseDataStreamForBatch());
    o.as(FlinkPipelineOptions.class).setFlinkMaster("[local]");
    PipelineResult r = BatchPipeline.run(o, BatchPipeline.plan(o));
    assertEquals(PipelineResult.State.DONE, r.getState());
    for (String folder : directOutputs.keySet()) {
      long n = 0;
      try (java.util.stream.Stream<Path> parts = Files.list(out.resolve(folder))) {
        for (Path part : (Iterable<Path>) parts.filter(f -> f.toString().endsWith(".avro"))::iterator) {
          try (org.apache.avro.file.DataFileReader<org.apache.avro.generic.GenericRecord> reader =
              new org.apache.avro.file.DataFileReader<>(
                  part.toFile(), new org.apache.avro.generic.GenericDatumReader<>())) {
            for (org.apache.avro.generic.GenericRecord rec : reader) {
              if (folder.equals("conn") || folder.equals("inbound")) {
                assertEquals(
                    new org.apache.avro.Schema.Parser()
                        .parse(SAMPLES.resolve("../schemas/avro/ZeekConn.avsc").toFile()),
                    rec.getSchema(),
                    "conn files carry the checked-in schema");
                assertTrue(rec.getSchema().getField("id_orig_h") != null);
              }
              n++;
            }
          }
        }
      }
      assertEquals(directOutputs.get(folder).size(), n, folder);
    }
  }

  @Test
  void everyAnalyticGivesThePlantedAnswers() {
    for (String analytic : WIRED) {
      Path expected = SAMPLES.resolve("expected").resolve(analytic + ".jsonl");
      List<String> want = ExpectedAnswers.expected(expected);
      List<String> got = ExpectedAnswers.actual(directOutputs.get(analytic), expected);
      assertEquals(want.size(), got.size(), analytic + " rows");
      assertEquals(want, got, analytic);
    }
  }

  @Test
  void geoIpValuesComeFromTheDatabases() throws Exception {
    ObjectMapper json = new ObjectMapper();
    boolean london = false;
    for (String line : directOutputs.get("geo")) {
      JsonNode row = json.readTree(line);
      if (row.get("DEST_IP").asText().equals("81.2.69.142")) {
        assertEquals("London", row.at("/DEST_GEO/CITY").asText());
        assertEquals("United Kingdom", row.at("/DEST_GEO/COUNTRY").asText());
        london = true;
      }
      if (row.get("DEST_IP").asText().startsWith("2001:db8")) {
        assertTrue(row.get("DEST_GEO").isNull(), "documentation addresses have no location");
      }
    }
    assertTrue(london, "the planted London responder is in geo");
  }

  @Test
  void slidingBruteForceWindows() {
    Path out = tmp.resolve("sliding");
    RunOptions o = options(out.toString(), "--bruteForceSlide=1s");
    o.setAnalytics("ssh-brute-force");
    PipelineResult r = BatchPipeline.run(o, BatchPipeline.plan(o));
    assertEquals(PipelineResult.State.DONE, r.getState());
    Path expected = SAMPLES.resolve("expected/ssh-brute-force-sliding.jsonl");
    assertEquals(
        ExpectedAnswers.expected(expected),
        ExpectedAnswers.actual(OutputFolders.read(out).get("ssh-brute-force"), expected));
  }

  @Test
  void watchlistWithSubdomains() {
    Path out = tmp.resolve("subdomains");
    RunOptions o = options(out.toString(), "--watchlistSubdomains");
    o.setAnalytics("watchlist-dns,watchlist-http");
    PipelineResult r = BatchPipeline.run(o, BatchPipeline.plan(o));
    assertEquals(PipelineResult.State.DONE, r.getState());
    Map<String, List<String>> outputs = OutputFolders.read(out);
    for (String analytic : List.of("watchlist-dns", "watchlist-http")) {
      Path expected = SAMPLES.resolve("expected/" + analytic + "-subdomains.jsonl");
      assertEquals(
          ExpectedAnswers.expected(expected),
          ExpectedAnswers.actual(outputs.get(analytic), expected),
          analytic);
    }
  }

  @Test
  void inboundToOneSubnetIsCidrMembership() {
    Path out = tmp.resolve("subnet");
    RunOptions o = options(out.toString(), "--localNets=192.168.1.0/24");
    o.setAnalytics("inbound");
    PipelineResult r = BatchPipeline.run(o, BatchPipeline.plan(o));
    assertEquals(PipelineResult.State.DONE, r.getState());
    Path expected = SAMPLES.resolve("expected/inbound-localnets-192.168.1.0-24.jsonl");
    assertEquals(
        ExpectedAnswers.expected(expected),
        ExpectedAnswers.actual(OutputFolders.read(out).get("inbound"), expected));
  }
}
