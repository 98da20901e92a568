package io.zeekbeam.transforms.analytics;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.joda.time.Duration;

/** What the aggregating analytics share: option checks and the coders of their rows. */
final class Aggregations {
  private Aggregations() {}

  static Duration checkPositive(String option, Duration d, String example) {
    if (d == null || !d.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException(option + " must be positive, got " + d + "; " + example);
    }
    return d;
  }

  static Duration checkNotNegative(String option, Duration d, String example) {
    if (d == null || d.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          option + " must be zero or positive, got " + d + "; " + example);
    }
    return d;
  }

  /** The schema coder of a row class of {@code io.zeekbeam.schemas}. */
  static <T> Coder<T> rowCoder(Pipeline pipeline, Class<T> rowClass) {
    try {
      return pipeline.getSchemaRegistry().getSchemaCoder(rowClass);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(rowClass.getSimpleName() + " has lost its @DefaultSchema", e);
    }
  }
}
