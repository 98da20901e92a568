package io.zeekbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** The Flink settings a streaming run gets unless its command line says otherwise. */
class StreamingFlinkDefaultsTest {
  private static FlinkPipelineOptions applied(String... args) {
    PipelineOptionsFactory.register(RunOptions.class);
    RunOptions o = PipelineOptionsFactory.fromArgs(args).as(RunOptions.class);
    StreamingPipeline.applyFlinkStreamingDefaults(o, List.of(args));
    return o.as(FlinkPipelineOptions.class);
  }

  @Test
  void objectsAreReusedBetweenChainedStepsButStateValuesAreStillCopied() {
    FlinkPipelineOptions flink = applied("--source=kafka");
    assertTrue(flink.getObjectReuse());
    assertFalse(flink.getFasterCopy());
  }

  @Test
  void theCommandLineWins() {
    assertFalse(applied("--source=kafka", "--objectReuse=false").getObjectReuse());
    assertTrue(applied("--source=kafka", "--fasterCopy=true").getFasterCopy());
    assertFalse(applied("--source=kafka", "--disableMetrics=false").getDisableMetrics());
  }

  @Test
  void beamMetricsGoToFlinkOnlyOnACluster() {
    assertTrue(applied("--source=kafka").getDisableMetrics());
    assertTrue(applied("--source=kafka", "--flinkMaster=[local]").getDisableMetrics());
    assertFalse(
        applied("--source=kafka", "--flinkMaster=jobmanager:8081").getDisableMetrics());
  }
}
