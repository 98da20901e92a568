package io.zeekbeam.transforms.analytics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;

/**
 * Streams a test's events as they might arrive from Kafka: in a shuffled order, in small batches,
 * with the watermark advanced between batches. The watermark only ever reaches the earliest event
 * not yet delivered, so no event is late: a test built on this checks that arrival order and
 * watermark steps do not change the results, not lateness (tests of lateness say so themselves).
 */
final class OutOfOrder {
  private OutOfOrder() {}

  static <T> TestStream<T> stream(Coder<T> coder, List<TimestampedValue<T>> events, long seed) {
    return builder(coder, events, seed).advanceWatermarkToInfinity();
  }

  /** As {@link #stream}, but open: the caller may add more, e.g. late events, before the end. */
  static <T> TestStream.Builder<T> builder(
      Coder<T> coder, List<TimestampedValue<T>> events, long seed) {
    List<TimestampedValue<T>> order = new ArrayList<>(events);
    Collections.shuffle(order, new Random(seed));
    Comparator<TimestampedValue<T>> byTime = Comparator.comparing(TimestampedValue::getTimestamp);
    if (order.size() > 1 && isSorted(order, byTime)) {
      // A shuffle that happens to come out in time order would not test anything.
      Collections.reverse(order);
    }
    TestStream.Builder<T> stream = TestStream.create(coder);
    Instant watermark = null;
    int batch = 3;
    for (int from = 0; from < order.size(); from += batch) {
      List<TimestampedValue<T>> now = order.subList(from, Math.min(order.size(), from + batch));
      stream = addAll(stream, now);
      List<TimestampedValue<T>> rest =
          order.subList(Math.min(order.size(), from + batch), order.size());
      if (!rest.isEmpty()) {
        Instant earliest = Collections.min(rest, byTime).getTimestamp();
        if (watermark == null || earliest.isAfter(watermark)) {
          watermark = earliest;
          stream = stream.advanceWatermarkTo(watermark);
        }
      }
    }
    return stream;
  }

  private static <T> TestStream.Builder<T> addAll(
      TestStream.Builder<T> stream, List<TimestampedValue<T>> values) {
    TestStream.Builder<T> s = stream;
    for (TimestampedValue<T> v : values) {
      s = s.addElements(v);
    }
    return s;
  }

  private static <T> boolean isSorted(List<T> list, Comparator<T> order) {
    for (int i = 1; i < list.size(); i++) {
      if (order.compare(list.get(i - 1), list.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }
}
