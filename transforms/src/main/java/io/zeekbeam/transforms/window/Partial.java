package io.zeekbeam.transforms.window;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BigEndianLongCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Part of one window's sum for one key: the sum of some input values that fall in the window
 * starting at {@link #windowStart}, and how many input elements they were. What the bundle-local
 * pre-aggregation hands to the stateful step, which then never needs to re-assign windows.
 */
final class Partial {
  final long windowStart;
  final long sum;
  final long records;

  Partial(long windowStart, long sum, long records) {
    this.windowStart = windowStart;
    this.sum = sum;
    this.records = records;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Partial)) {
      return false;
    }
    Partial p = (Partial) o;
    return windowStart == p.windowStart && sum == p.sum && records == p.records;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(windowStart) * 31 * 31 + Long.hashCode(sum) * 31 + Long.hashCode(records);
  }

  @Override
  public String toString() {
    return "Partial{windowStart=" + windowStart + ", sum=" + sum + ", records=" + records + "}";
  }

  /** Window starts are fixed-width (they can be far negative); sums and counts are varints. */
  static final class PartialCoder extends AtomicCoder<Partial> {
    private static final long serialVersionUID = 1L;
    private static final PartialCoder INSTANCE = new PartialCoder();
    private static final BigEndianLongCoder START = BigEndianLongCoder.of();
    private static final VarLongCoder NUMBER = VarLongCoder.of();

    static PartialCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Partial value, OutputStream out) throws IOException {
      START.encode(value.windowStart, out);
      NUMBER.encode(value.sum, out);
      NUMBER.encode(value.records, out);
    }

    @Override
    public Partial decode(InputStream in) throws IOException {
      return new Partial(START.decode(in), NUMBER.decode(in), NUMBER.decode(in));
    }

    @Override
    public void verifyDeterministic() {}

    @Override
    public boolean consistentWithEquals() {
      return true;
    }
  }
}
