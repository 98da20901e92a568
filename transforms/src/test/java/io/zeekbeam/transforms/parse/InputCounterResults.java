package io.zeekbeam.transforms.parse;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** The {@link InputCounters} a finished pipeline reported, for tests. */
final class InputCounterResults {
  private InputCounterResults() {}

  /** Every input counter of the run, per step. */
  static Iterable<MetricResult<Long>> of(PipelineResult result) {
    return result
        .metrics()
        .queryMetrics(
            MetricsFilter.builder()
                .addNameFilter(MetricNameFilter.inNamespace(InputCounters.NAMESPACE))
                .build())
        .getCounters();
  }

  /** The committed counts by counter name ({@code conn.read}, ...), summed over steps. */
  static Map<String, Long> committed(PipelineResult result) {
    Map<String, Long> counts = new HashMap<>();
    for (MetricResult<Long> c : of(result)) {
      counts.merge(c.getName().getName(), c.getCommitted(), Long::sum);
    }
    return counts;
  }
}
