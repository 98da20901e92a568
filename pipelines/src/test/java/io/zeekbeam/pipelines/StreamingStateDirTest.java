package io.zeekbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/** Where a streaming run keeps its state, by the options (no broker, no Flink). */
class StreamingStateDirTest {
  private static RunOptions options(String... args) {
    PipelineOptionsFactory.register(RunOptions.class);
    return PipelineOptionsFactory.fromArgs(args).as(RunOptions.class);
  }

  private static final String HOME = System.getProperty("user.home");

  @Test
  void byDefaultAFolderPerConsumerGroupInTheHomeFolderOnTheEmbeddedCluster() {
    assertEquals(
        Paths.get(HOME, ".zeekbeam", "state", "zeekbeam"),
        StreamingPipeline.stateDir(options("--runner=FlinkRunner")));
    assertEquals(
        Paths.get(HOME, ".zeekbeam", "state", "lab_1"),
        StreamingPipeline.stateDir(options("--runner=FlinkRunner", "--groupId=lab/1")));
    assertEquals(
        Paths.get(HOME, "s"),
        StreamingPipeline.stateDir(options("--runner=FlinkRunner", "--stateDir=~/s")));
    assertEquals(
        Paths.get("/var/lib/zb"),
        StreamingPipeline.stateDir(options("--runner=FlinkRunner", "--stateDir=file:///var/lib/zb")));
  }

  @Test
  void noneOnRequestOnARemoteClusterUnlessGivenAndOnOtherRunners() {
    assertNull(StreamingPipeline.stateDir(options("--runner=FlinkRunner", "--stateDir=none")));
    assertNull(StreamingPipeline.stateDir(options("--runner=FlinkRunner", "--stateDir=")));
    assertNull(
        StreamingPipeline.stateDir(options("--runner=FlinkRunner", "--flinkMaster=jm:8081")));
    assertEquals(
        Paths.get("/shared/zb"),
        StreamingPipeline.stateDir(
            options("--runner=FlinkRunner", "--flinkMaster=jm:8081", "--stateDir=/shared/zb")));
    assertNull(StreamingPipeline.stateDir(options("--runner=DirectRunner")));
    // Flink's own checkpoint options, without --stateDir: the user manages checkpoints.
    assertNull(
        StreamingPipeline.stateDir(
            options("--runner=FlinkRunner", "--stateBackendStoragePath=file:///cp")));
  }

  @Test
  void otherStorageAndTwoPlacesForCheckpointsAreOneSentence() {
    UsageException s3 =
        assertThrows(
            UsageException.class,
            () ->
                StreamingPipeline.stateDir(
                    options("--runner=FlinkRunner", "--stateDir=s3://bucket/zb")));
    assertTrue(s3.getMessage().startsWith("--stateDir=s3://bucket/zb: give a folder"), s3.getMessage());
    UsageException both =
        assertThrows(
            UsageException.class,
            () ->
                StreamingPipeline.stateDir(
                    options(
                        "--runner=FlinkRunner",
                        "--stateDir=/zb",
                        "--stateBackendStoragePath=file:///cp")));
    assertTrue(both.getMessage().contains("give one"), both.getMessage());
  }

  @Test
  void durationsAreWrittenAsTheOptionsTakeThem() {
    assertEquals("10m", StreamingPipeline.text(Duration.standardMinutes(10)));
    assertEquals("2h", StreamingPipeline.text(Duration.standardHours(2)));
    assertEquals("90s", StreamingPipeline.text(Duration.standardSeconds(90)));
    assertEquals("1500ms", StreamingPipeline.text(Duration.millis(1500)));
    assertEquals("0s", StreamingPipeline.text(Duration.ZERO));
  }
}
