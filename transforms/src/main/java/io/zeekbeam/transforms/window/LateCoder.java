package io.zeekbeam.transforms.window;

import io.zeekbeam.transforms.window.WindowedSum.Late;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.BigEndianLongCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StructuredCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Encodes a {@link Late}: the key with the given coder, instants fixed-width, counts as varints.
 */
final class LateCoder<K> extends StructuredCoder<Late<K>> {
  private static final long serialVersionUID = 1L;
  private static final BigEndianLongCoder INSTANT = BigEndianLongCoder.of();
  private static final VarLongCoder NUMBER = VarLongCoder.of();

  private final Coder<K> keyCoder;

  private LateCoder(Coder<K> keyCoder) {
    this.keyCoder = keyCoder;
  }

  static <K> LateCoder<K> of(Coder<K> keyCoder) {
    return new LateCoder<>(keyCoder);
  }

  @Override
  public void encode(Late<K> value, OutputStream out) throws IOException {
    keyCoder.encode(value.getKey(), out);
    INSTANT.encode(value.getWindowStart(), out);
    INSTANT.encode(value.getWindowEnd(), out);
    INSTANT.encode(value.getClosedAt(), out);
    INSTANT.encode(value.getWatermark(), out);
    NUMBER.encode(value.getSum(), out);
    NUMBER.encode(value.getRecords(), out);
    INSTANT.encode(value.getEventTime(), out);
  }

  @Override
  public Late<K> decode(InputStream in) throws IOException {
    K key = keyCoder.decode(in);
    long start = INSTANT.decode(in);
    long end = INSTANT.decode(in);
    long closedAt = INSTANT.decode(in);
    long watermark = INSTANT.decode(in);
    long sum = NUMBER.decode(in);
    long records = NUMBER.decode(in);
    long eventTime = INSTANT.decode(in);
    return Late.of(key, start, end, closedAt, watermark, sum, records, eventTime);
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
