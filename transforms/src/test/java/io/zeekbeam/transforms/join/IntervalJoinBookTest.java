package io.zeekbeam.transforms.join;

import org.apache.beam.sdk.testing.CoderProperties;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** The stateful join's per-key bookkeeping survives its coder (checkpoints), nulls included. */
class IntervalJoinBookTest {
  @Test
  void theBookCoderKeepsEveryFieldAndNulls() throws Exception {
    IntervalJoin.Book.BookCoder coder = IntervalJoin.Book.BookCoder.INSTANCE;
    for (IntervalJoin.Book b :
        new IntervalJoin.Book[] {
          new IntervalJoin.Book(0, null, null),
          new IntervalJoin.Book(3, new Instant(120_000), null),
          new IntervalJoin.Book(1L << 40, new Instant(-5), new Instant(Long.MAX_VALUE / 1000))
        }) {
      CoderProperties.coderDecodeEncodeEqual(coder, b);
      CoderProperties.coderDeterministic(coder, b, b);
    }
    CoderProperties.coderSerializable(coder);
  }
}
