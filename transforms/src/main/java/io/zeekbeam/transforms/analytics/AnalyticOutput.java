package io.zeekbeam.transforms.analytics;

import io.zeekbeam.schemas.DeadLetter;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What a stateful analytic gives: its results, and the records it could not use because they came
 * later than its allowed lateness, as dead letters (so nothing is dropped silently).
 */
public final class AnalyticOutput<T> implements POutput {
  private final PCollection<T> results;
  private final PCollection<DeadLetter> deadLetters;

  private AnalyticOutput(PCollection<T> results, PCollection<DeadLetter> deadLetters) {
    this.results = results;
    this.deadLetters = deadLetters;
  }

  public static <T> AnalyticOutput<T> of(
      PCollection<T> results, PCollection<DeadLetter> deadLetters) {
    return new AnalyticOutput<>(results, deadLetters);
  }

  public PCollection<T> results() {
    return results;
  }

  public PCollection<DeadLetter> deadLetters() {
    return deadLetters;
  }

  @Override
  public Pipeline getPipeline() {
    return results.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(
        new TupleTag<T>("results"), results,
        new TupleTag<DeadLetter>("deadLetters"), deadLetters);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {
    // Both collections are outputs of the transforms inside the analytic, finished there.
  }
}
