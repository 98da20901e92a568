package org.apache.beam.runners.flink.adapter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.beam.runners.flink.translation.types.CoderTypeSerializer;
import org.apache.beam.runners.flink.translation.wrappers.streaming.FlinkKeyUtils;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.commons.codec.digest.MurmurHash3;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.Value;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * zeekbeam's replacement for Beam 2.70's {@code FlinkKey}, the key by which Beam's Flink runner
 * keys every stateful step, grouping and timer: a key encoded by its Beam coder. It is the same
 * class to Flink and Beam (same name, same methods) and gives the same answers: the same hash, so
 * the same key groups, the same equality, and the same bytes in checkpoints and savepoints, so
 * that saved state moves freely between this build and plain Beam. The shaded jar carries this
 * class instead of Beam's ({@code pipelines/pom.xml}); {@code FlinkKeyTest} checks it against
 * Beam's own class, loaded from Beam's jar, on many keys.
 *
 * <p>Why: Flink's heap state backend asks a key for its hash on every state access, and timers
 * and groupings once more. Beam's class runs Guava's streaming Murmur3 each time, allocating a
 * hasher and three buffers, and builds a serializer for every key: in a streaming job that was
 * ~7% of the job's CPU and ~14% of what it allocated (BENCHMARKS.md, "Streaming"). This one
 * computes the same 32 bits (the first four bytes of Murmur3 x64 128 with seed 0, as Guava's
 * {@code HashCode.asInt()} reads them) once per key, without allocating more than the result, and
 * shares one serializer. A key's bytes never change once it is made.
 *
 * <p>To drop when Beam's own class does the same; to check again whenever the Beam version changes
 * ({@code FlinkKeyTest} fails if Beam's class and this one disagree).
 */
public class FlinkKey implements Value {
  private static final long serialVersionUID = 1L;

  /** How the key's bytes are written: a length, then the bytes (Beam's nested byte-array coding). */
  private static final CoderTypeSerializer<byte[]> SERIALIZER =
      new CoderTypeSerializer<>(ByteArrayCoder.of(), false);

  @SuppressWarnings("initialization.fields.uninitialized")
  private ByteBuffer underlying;

  /**
   * The backing array when the key is all of it (as Beam makes every key), else null: equality
   * then reads the arrays without going through the buffers, one memory access fewer per state
   * lookup of a key that is not in the cache.
   */
  private byte @Nullable [] whole;

  /** The key's hash once computed; {@code hashed} says whether it is. */
  private int hash;

  private boolean hashed;

  /** For Flink, which makes an empty key and then {@link #read}s it. */
  public FlinkKey() {}

  private FlinkKey(ByteBuffer underlying) {
    set(underlying);
  }

  private void set(ByteBuffer b) {
    this.underlying = b;
    this.whole =
        b.hasArray() && b.arrayOffset() == 0 && b.position() == 0 && b.limit() == b.array().length
            ? b.array()
            : null;
    this.hashed = false;
  }

  public ByteBuffer getSerializedKey() {
    return underlying;
  }

  public static FlinkKey of(ByteBuffer bytes) {
    return new FlinkKey(bytes);
  }

  public static <K> FlinkKey of(K key, Coder<K> coder) {
    return new FlinkKey(FlinkKeyUtils.encodeKey(key, coder));
  }

  @Override
  public void write(DataOutputView out) throws IOException {
    SERIALIZER.serialize(underlying.array(), out);
  }

  @Override
  public void read(DataInputView in) throws IOException {
    set(ByteBuffer.wrap(SERIALIZER.deserialize(in)));
  }

  public <K> K getKey(Coder<K> coder) {
    return FlinkKeyUtils.decodeKey(underlying, coder);
  }

  /** Murmur3 x64 128 (seed 0) of the whole backing array, its first 32 bits, as Beam's class. */
  @Override
  public int hashCode() {
    if (!hashed) {
      byte[] bytes = underlying.array();
      hash = (int) MurmurHash3.hash128x64(bytes, 0, bytes.length, 0)[0];
      hashed = true;
    }
    return hash;
  }

  /** Equal when the remaining bytes of the two keys are, as Beam's class compares them. */
  @Override
  public boolean equals(@Nullable Object obj) {
    if (this == obj) {
      return true;
    }
    if (!(obj instanceof FlinkKey)) {
      return false;
    }
    FlinkKey other = (FlinkKey) obj;
    if (whole != null && other.whole != null) {
      return Arrays.equals(whole, other.whole);
    }
    return other.underlying.equals(underlying);
  }
}
