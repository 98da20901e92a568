package io.zeekbeam.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.jupiter.api.Test;

/**
 * Deferred counts reach Beam's counters when flushed, each element's in its step, as counting
 * them one by one would have; a count that nets to zero still makes its counter.
 */
class InputCountersTest {
  /** Per element "n": n lines of conn read and parsed, and one line moved from dns to http. */
  private static final class CountFn extends DoFn<Integer, Integer> {
    private final InputCounters counters = new InputCounters();

    @ProcessElement
    public void process(@Element Integer n) {
      try {
        for (int i = 0; i < n; i++) {
          counters.defer("conn", InputCounters.READ);
          counters.defer("conn", InputCounters.PARSED);
        }
        counters.defer("dns", InputCounters.READ);
        counters.defer("dns", InputCounters.READ, -1);
        counters.defer("http", InputCounters.READ);
      } finally {
        counters.flush();
      }
    }
  }

  @Test
  void deferredCountsAddUpInTheirStepWhenFlushed() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(3, 5, 0, 7)).apply("Count", ParDo.of(new CountFn()));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    for (MetricResult<Long> c : InputCounterResults.of(result)) {
      assertEquals("Count/ParMultiDo(Count)", c.getKey().stepName());
    }
    Map<String, Long> counts = InputCounterResults.committed(result);
    assertEquals(15L, counts.get("conn.read"));
    assertEquals(15L, counts.get("conn.parsed"));
    assertEquals(0L, counts.get("dns.read"), "a count that nets to zero still has its counter");
    assertEquals(4L, counts.get("http.read"));
  }
}
