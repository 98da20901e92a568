package io.zeekbeam.transforms.join;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Test inputs for the joins: one stream of keyed, timestamped records whose values say their side
 * ({@code "L:text"} or {@code "R:number"}, {@code "E:text"} or {@code "T:number"}), split into the
 * two typed inputs. One stream keeps the order of both sides under a single {@code TestStream}.
 */
final class JoinTesting {
  static final KvCoder<String, String> RECORD_CODER =
      KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());

  /** An arbitrary origin, so that timestamps look like Zeek's: 2020-05-13T10:00:00Z. */
  static final Instant BASE = Instant.parse("2020-05-13T10:00:00Z");

  private JoinTesting() {}

  static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.create());
  }

  static PipelineResult run(Pipeline p) {
    PipelineResult result = p.run();
    result.waitUntilFinish();
    TestPipeline.verifyPAssertsSucceeded(p, result);
    return result;
  }

  static Instant at(long millis) {
    return BASE.plus(Duration.millis(millis));
  }

  static Instant atSeconds(long seconds) {
    return at(seconds * 1000);
  }

  static TimestampedValue<KV<String, String>> record(
      String side, String key, Object value, Instant ts) {
    return TimestampedValue.of(KV.of(key, side + ":" + value), ts);
  }

  static PCollection<KV<String, String>> bounded(
      Pipeline p, Iterable<TimestampedValue<KV<String, String>>> records) {
    return p.apply("Records", Create.timestamped(records).withCoder(RECORD_CODER));
  }

  static PCollection<KV<String, String>> stream(
      Pipeline p, TestStream<KV<String, String>> records) {
    return p.apply("Records", records);
  }

  static PCollection<KV<String, String>> texts(
      PCollection<KV<String, String>> records, String side) {
    return records
        .apply("Only" + side, Filter.by(kv -> kv.getValue().startsWith(side + ":")))
        .apply(
            "Texts" + side,
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via(kv -> KV.of(kv.getKey(), kv.getValue().substring(side.length() + 1))));
  }

  static PCollection<KV<String, Long>> numbers(
      PCollection<KV<String, String>> records, String side) {
    return records
        .apply("Only" + side, Filter.by(kv -> kv.getValue().startsWith(side + ":")))
        .apply(
            "Numbers" + side,
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                .via(
                    kv ->
                        KV.of(
                            kv.getKey(),
                            Long.parseLong(kv.getValue().substring(side.length() + 1)))));
  }

  static long counter(PipelineResult result, String namespace, String name) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(namespace, name))
                    .build());
    long sum = 0;
    for (MetricResult<Long> c : metrics.getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  static DistributionResult distribution(PipelineResult result, String namespace, String name) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(namespace, name))
                    .build());
    DistributionResult merged = DistributionResult.IDENTITY_ELEMENT;
    for (MetricResult<DistributionResult> d : metrics.getDistributions()) {
      DistributionResult r = d.getAttempted();
      merged =
          DistributionResult.create(
              merged.getSum() + r.getSum(),
              merged.getCount() + r.getCount(),
              Math.min(merged.getMin(), r.getMin()),
              Math.max(merged.getMax(), r.getMax()));
    }
    return merged;
  }
}
