package io.zeekbeam.transforms.join;

import io.zeekbeam.schemas.DeadLetter;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/** What the joins share about late data: its dead letters, and the text that explains them. */
final class LateData {
  /** The stage of every late dead letter, as ANALYTICS.md names it. */
  static final String STAGE = "late-data";

  private LateData() {}

  static Coder<DeadLetter> coder(Pipeline pipeline) {
    try {
      return pipeline.getSchemaRegistry().getSchemaCoder(DeadLetter.class);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException("DeadLetter has lost its @DefaultSchema", e);
    }
  }

  static DeadLetter deadLetter(String input, Object key, String raw, Instant ts, String reason) {
    return DeadLetter.of(STAGE, input, "join key " + key, reason, raw, ts.getMillis());
  }

  /** {@code 1m30s}, {@code 2.5s}, {@code 1h}: the way durations are written on the command line. */
  static String describe(Duration d) {
    long ms = Math.abs(d.getMillis());
    StringBuilder text = new StringBuilder(d.getMillis() < 0 ? "-" : "");
    long hours = ms / 3_600_000;
    long minutes = ms / 60_000 % 60;
    long secondsInMillis = ms % 60_000;
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0) {
      text.append(minutes).append('m');
    }
    if (secondsInMillis > 0 || ms == 0) {
      text.append(secondsInMillis / 1000);
      long fraction = secondsInMillis % 1000;
      if (fraction != 0) {
        text.append('.').append(String.format("%03d", fraction).replaceAll("0+$", ""));
      }
      text.append('s');
    }
    return text.toString();
  }

  /**
   * {@code t + d}, held at the end of the global window: a timer may not be set beyond it, and the
   * watermark passes it only at the end of the input anyway.
   */
  static Instant plusCapped(Instant t, Duration d) {
    Instant end = GlobalWindow.INSTANCE.maxTimestamp();
    if (t.isAfter(end.minus(d))) {
      return end;
    }
    return t.plus(d);
  }

  static Instant max(Instant a, @Nullable Instant b) {
    return b == null || a.isAfter(b) ? a : b;
  }
}
