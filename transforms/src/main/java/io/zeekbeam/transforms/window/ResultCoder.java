package io.zeekbeam.transforms.window;

import io.zeekbeam.transforms.window.WindowedSum.Result;
import io.zeekbeam.transforms.window.WindowedSum.Timing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.BigEndianLongCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.StructuredCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Encodes a {@link Result}: the key with the given coder, the window bounds fixed-width (they can
 * be far negative), the sum as a varint, the timing as one byte of our own numbering (not the
 * enum's ordinal, which a reordering would change).
 */
final class ResultCoder<K> extends StructuredCoder<Result<K>> {
  private static final long serialVersionUID = 1L;
  private static final BigEndianLongCoder BOUND = BigEndianLongCoder.of();
  private static final VarLongCoder SUM = VarLongCoder.of();

  private final Coder<K> keyCoder;

  private ResultCoder(Coder<K> keyCoder) {
    this.keyCoder = keyCoder;
  }

  static <K> ResultCoder<K> of(Coder<K> keyCoder) {
    return new ResultCoder<>(keyCoder);
  }

  @Override
  public void encode(Result<K> value, OutputStream out) throws IOException {
    keyCoder.encode(value.getKey(), out);
    BOUND.encode(value.getWindowStart(), out);
    BOUND.encode(value.getWindowEnd(), out);
    SUM.encode(value.getSum(), out);
    out.write(timingByte(value.getTiming()));
  }

  @Override
  public Result<K> decode(InputStream in) throws IOException {
    K key = keyCoder.decode(in);
    long start = BOUND.decode(in);
    long end = BOUND.decode(in);
    long sum = SUM.decode(in);
    return Result.of(key, start, end, sum, timingOf(in.read()));
  }

  static int timingByte(Timing timing) {
    switch (timing) {
      case EARLY:
        return 0;
      case ON_TIME:
        return 1;
      default:
        return 2;
    }
  }

  static Timing timingOf(int b) throws CoderException {
    switch (b) {
      case 0:
        return Timing.EARLY;
      case 1:
        return Timing.ON_TIME;
      case 2:
        return Timing.LATE;
      default:
        throw new CoderException("not a WindowedSum timing byte: " + b);
    }
  }

  @Override
  public List<? extends Coder<?>> getCoderArguments() {
    return List.of(keyCoder);
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    verifyDeterministic(this, "the key coder must be deterministic", keyCoder);
  }

  @Override
  public boolean consistentWithEquals() {
    return keyCoder.consistentWithEquals();
  }
}
