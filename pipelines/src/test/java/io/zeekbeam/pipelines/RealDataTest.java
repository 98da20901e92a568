package io.zeekbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Zeek (3.x and 6.2, TSV and JSON) and sshd logs from {@code ../shared/data} through every
 * analytic: well-formed real lines must never become dead letters, and the counts reconcile.
 * Skipped where that folder is absent (a user's clone does not have it).
 */
class RealDataTest {
  static final Path DATA = Paths.get("..", "..", "shared", "data").toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void realLogsRunThroughEveryAnalyticWithoutDeadLetters() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(DATA), "no ../shared/data here");
    Path zed = DATA.resolve("zed-sample-data/zeek-v6.2.0");
    String input =
        String.join(
            ",",
            DATA.resolve("StratosphereLinuxIPS/test9-mixed-zeek-dir").toString(),
            zed.resolve("zeek-json").toString(),
            DATA.resolve("zed-sample-data/zeek-v3.0.0/zeek-default/ssl.log.gz").toString(),
            DATA.resolve("zed-sample-data/zeek-v3.0.0/zeek-default/x509.log.gz").toString(),
            DATA.resolve("loghub/OpenSSH/OpenSSH_2k.log").toString());
    PipelineOptionsFactory.register(RunOptions.class);
    RunOptions o =
        PipelineOptionsFactory.fromArgs(
                "--input=" + input,
                "--output=" + tmp.resolve("out"),
                "--watchlist=" + DATA.resolve("cp-zeek/ad_servers.csv"),
                "--geoipCity=" + DATA.resolve("MaxMind-DB/test-data/GeoLite2-City-Test.mmdb"),
                "--geoipAsn=" + DATA.resolve("MaxMind-DB/test-data/GeoLite2-ASN-Test.mmdb"),
                "--syslogYear=2015",
                "--quiet")
            .as(RunOptions.class);
    o.setRunner(FlinkRunner.class);
    o.as(FlinkPipelineOptions.class).setFlinkMaster("[local]");
    BatchPipeline.Plan plan = BatchPipeline.plan(o);
    assertTrue(plan.skipped.isEmpty(), "every analytic runs: " + plan.skipped);
    PipelineResult r = BatchPipeline.run(o, plan);
    assertEquals(PipelineResult.State.DONE, r.getState());
    RunSummary s = RunSummary.of(r);
    assertTrue(s.unreconciled().isEmpty(), s.inputs.toString());
    for (Map.Entry<String, long[]> e : s.inputs.entrySet()) {
      assertEquals(0, e.getValue()[2], e.getKey() + " has dead letters");
    }
    Map<String, List<String>> outputs = OutputFolders.read(tmp.resolve("out"));
    assertEquals(List.of(), outputs.get(Outputs.DEAD_LETTER));
    assertTrue(outputs.get("ssh-failed-logins").size() > 500, "OpenSSH_2k has >500 failures");
    assertTrue(outputs.get("ssl-certs").size() > 1000, "the zed ssl logs join their certificates");
    assertTrue(outputs.get("rich-dns").size() > 0, "Stratosphere dns joins its conns");
  }
}
