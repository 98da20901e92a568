package io.zeekbeam.transforms.join;

import io.zeekbeam.schemas.DeadLetter;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What {@link IntervalJoin} and {@link AsOfJoin} produce: the matches, keyed by the join key, and
 * the elements that came too late to be joined, as dead letters ready for the shared dead-letter
 * sink. Both collections are in the global window.
 */
public final class JoinResult<K, L, R> implements POutput {
  private final Pipeline pipeline;
  private final TupleTag<KV<K, Joined<L, R>>> joinedTag;
  private final PCollection<KV<K, Joined<L, R>>> joined;
  private final TupleTag<DeadLetter> lateTag;
  private final PCollection<DeadLetter> late;

  private JoinResult(
      Pipeline pipeline,
      TupleTag<KV<K, Joined<L, R>>> joinedTag,
      PCollection<KV<K, Joined<L, R>>> joined,
      TupleTag<DeadLetter> lateTag,
      PCollection<DeadLetter> late) {
    this.pipeline = pipeline;
    this.joinedTag = joinedTag;
    this.joined = joined;
    this.lateTag = lateTag;
    this.late = late;
  }

  static <K, L, R> JoinResult<K, L, R> of(
      TupleTag<KV<K, Joined<L, R>>> joinedTag,
      PCollection<KV<K, Joined<L, R>>> joined,
      TupleTag<DeadLetter> lateTag,
      PCollection<DeadLetter> late) {
    return new JoinResult<>(joined.getPipeline(), joinedTag, joined, lateTag, late);
  }

  /** Every match, keyed by the join key; see the join for its timestamp. */
  public PCollection<KV<K, Joined<L, R>>> joined() {
    return joined;
  }

  /**
   * Elements that arrived later than the allowed lateness, with stage {@code late-data}, the side's
   * name as input, the join key as source and a reason saying how late they were.
   */
  public PCollection<DeadLetter> late() {
    return late;
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(joinedTag, joined, lateTag, late);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
