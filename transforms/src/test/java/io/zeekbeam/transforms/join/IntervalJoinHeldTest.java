package io.zeekbeam.transforms.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** What a key of the stateful join holds survives its coder (checkpoints), nulls included. */
class IntervalJoinHeldTest {
  @Test
  void theHeldCoderKeepsEveryElementEveryFieldAndNulls() throws Exception {
    IntervalJoin.HeldCoder<String, Long> coder =
        IntervalJoin.Held.coder(StringUtf8Coder.of(), VarLongCoder.of());
    List<IntervalJoin.Held<String, Long>> values =
        List.of(
            new IntervalJoin.Held<String, Long>(List.of(), List.of(), null, null),
            new IntervalJoin.Held<>(
                List.of(TimestampedValue.of("a", new Instant(1_000))),
                List.of(),
                new Instant(120_000),
                null),
            new IntervalJoin.Held<>(
                List.of(
                    TimestampedValue.of("", new Instant(-5)),
                    TimestampedValue.of("b", new Instant(7))),
                List.of(TimestampedValue.of(1L << 40, new Instant(Long.MAX_VALUE / 1000))),
                new Instant(-5),
                new Instant(Long.MAX_VALUE / 1000)));
    for (IntervalJoin.Held<String, Long> h : values) {
      CoderProperties.coderDecodeEncodeEqual(coder, h);
      CoderProperties.coderDeterministic(coder, h, h);
    }
    CoderProperties.coderSerializable(coder);
  }

  @Test
  void heldValuesCannotBeChangedAfterTheFact() {
    List<TimestampedValue<String>> left = new ArrayList<>();
    left.add(TimestampedValue.of("a", new Instant(0)));
    IntervalJoin.Held<String, Long> held = new IntervalJoin.Held<>(left, List.of(), null, null);
    assertThrows(
        UnsupportedOperationException.class,
        () -> held.left.add(TimestampedValue.of("b", new Instant(1))));
    List<TimestampedValue<String>> more =
        IntervalJoin.Held.plus(held.left, TimestampedValue.of("b", new Instant(1)));
    assertEquals(1, held.left.size());
    assertEquals(2, more.size());
  }
}
