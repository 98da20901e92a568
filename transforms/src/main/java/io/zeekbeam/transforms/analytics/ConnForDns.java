package io.zeekbeam.transforms.analytics;

import io.zeekbeam.schemas.ZeekConn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What {@code rich-dns} takes from a conn record: its uid and time, the two byte counts and whether
 * it originated locally. The join holds (in batch, shuffles; in streaming, keeps in state) this
 * instead of the whole record, a fifth of its fields; a conn record too late for the join is
 * dead-lettered with these fields (uid and ts name the record in the conn log).
 */
final class ConnForDns {
  final String uid;
  final double ts;
  final @Nullable Long origIpBytes;
  final @Nullable Long respIpBytes;
  final boolean localOrig;

  ConnForDns(
      String uid,
      double ts,
      @Nullable Long origIpBytes,
      @Nullable Long respIpBytes,
      boolean localOrig) {
    this.uid = uid;
    this.ts = ts;
    this.origIpBytes = origIpBytes;
    this.respIpBytes = respIpBytes;
    this.localOrig = localOrig;
  }

  static ConnForDns of(ZeekConn c, boolean localOrig) {
    return new ConnForDns(
        Objects.requireNonNull(c.getUid(), "uid"),
        c.getTs(),
        c.getOrigIpBytes(),
        c.getRespIpBytes(),
        localOrig);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof ConnForDns)) {
      return false;
    }
    ConnForDns c = (ConnForDns) o;
    return uid.equals(c.uid)
        && Double.compare(ts, c.ts) == 0
        && Objects.equals(origIpBytes, c.origIpBytes)
        && Objects.equals(respIpBytes, c.respIpBytes)
        && localOrig == c.localOrig;
  }

  @Override
  public int hashCode() {
    return Objects.hash(uid, ts, origIpBytes, respIpBytes, localOrig);
  }

  @Override
  public String toString() {
    return TEXT.apply(this);
  }

  /** The record as one line of JSON under Zeek's field names, for a dead letter. */
  static final SerializableFunction<ConnForDns, String> TEXT =
      c ->
          JsonLine.of(
              g -> {
                g.writeNumberField("ts", c.ts);
                g.writeStringField("uid", c.uid);
                JsonLine.field(g, "orig_ip_bytes", c.origIpBytes);
                JsonLine.field(g, "resp_ip_bytes", c.respIpBytes);
                g.writeBooleanField("local_orig", c.localOrig);
              });

  /** Beam's coders for each field, in order. */
  static final class ConnForDnsCoder extends AtomicCoder<ConnForDns> {
    private static final long serialVersionUID = 1L;
    private static final ConnForDnsCoder INSTANCE = new ConnForDnsCoder();
    private static final Coder<String> UID = StringUtf8Coder.of();
    private static final Coder<Double> TS = DoubleCoder.of();
    private static final Coder<@Nullable Long> BYTES = NullableCoder.of(VarLongCoder.of());
    private static final Coder<Boolean> LOCAL = BooleanCoder.of();

    static ConnForDnsCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(ConnForDns c, OutputStream out) throws IOException {
      UID.encode(c.uid, out);
      TS.encode(c.ts, out);
      BYTES.encode(c.origIpBytes, out);
      BYTES.encode(c.respIpBytes, out);
      LOCAL.encode(c.localOrig, out);
    }

    @Override
    public ConnForDns decode(InputStream in) throws IOException {
      return new ConnForDns(
          UID.decode(in), TS.decode(in), BYTES.decode(in), BYTES.decode(in), LOCAL.decode(in));
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      // Every component is deterministic (DoubleCoder encodes the bits of the double).
    }

    @Override
    public boolean consistentWithEquals() {
      return true;
    }
  }
}
