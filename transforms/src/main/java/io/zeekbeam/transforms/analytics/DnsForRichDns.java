package io.zeekbeam.transforms.analytics;

import io.zeekbeam.schemas.ZeekDns;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What {@code rich-dns} takes from a DNS record: the ten fields its rows show (of the 25 Zeek
 * writes). The join holds (in batch, shuffles; in streaming, keeps in state until the conn record
 * comes) this instead of the whole record; a DNS record too late for the join is dead-lettered
 * with these fields under Zeek's names (uid, ts and query name the record in the dns log).
 */
final class DnsForRichDns {
  final double ts;
  final String uid;
  final @Nullable String query;
  final @Nullable String origH;
  final @Nullable Integer origP;
  final @Nullable String respH;
  final @Nullable Integer respP;
  final @Nullable String qtypeName;
  final @Nullable List<String> answers;
  final @Nullable List<Double> ttls;

  DnsForRichDns(
      double ts,
      String uid,
      @Nullable String query,
      @Nullable String origH,
      @Nullable Integer origP,
      @Nullable String respH,
      @Nullable Integer respP,
      @Nullable String qtypeName,
      @Nullable List<String> answers,
      @Nullable List<Double> ttls) {
    this.ts = ts;
    this.uid = uid;
    this.query = query;
    this.origH = origH;
    this.origP = origP;
    this.respH = respH;
    this.respP = respP;
    this.qtypeName = qtypeName;
    this.answers = answers;
    this.ttls = ttls;
  }

  static DnsForRichDns of(ZeekDns d) {
    return new DnsForRichDns(
        d.getTs(),
        Objects.requireNonNull(d.getUid(), "uid"),
        d.getQuery(),
        d.getOrigH(),
        d.getOrigP(),
        d.getRespH(),
        d.getRespP(),
        d.getQtypeName(),
        d.getAnswers(),
        d.getTtls());
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof DnsForRichDns)) {
      return false;
    }
    DnsForRichDns d = (DnsForRichDns) o;
    return Double.compare(ts, d.ts) == 0
        && uid.equals(d.uid)
        && Objects.equals(query, d.query)
        && Objects.equals(origH, d.origH)
        && Objects.equals(origP, d.origP)
        && Objects.equals(respH, d.respH)
        && Objects.equals(respP, d.respP)
        && Objects.equals(qtypeName, d.qtypeName)
        && Objects.equals(answers, d.answers)
        && Objects.equals(ttls, d.ttls);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ts, uid, query, origH, origP, respH, respP, qtypeName, answers, ttls);
  }

  @Override
  public String toString() {
    return TEXT.apply(this);
  }

  /** The record as one line of JSON under Zeek's field names, for a dead letter. */
  static final SerializableFunction<DnsForRichDns, String> TEXT =
      d ->
          JsonLine.of(
              g -> {
                g.writeNumberField("ts", d.ts);
                g.writeStringField("uid", d.uid);
                JsonLine.field(g, "id.orig_h", d.origH);
                JsonLine.field(g, "id.orig_p", d.origP);
                JsonLine.field(g, "id.resp_h", d.respH);
                JsonLine.field(g, "id.resp_p", d.respP);
                JsonLine.field(g, "query", d.query);
                JsonLine.field(g, "qtype_name", d.qtypeName);
                if (d.answers != null) {
                  g.writeArrayFieldStart("answers");
                  for (String a : d.answers) {
                    g.writeString(a);
                  }
                  g.writeEndArray();
                }
                if (d.ttls != null) {
                  g.writeArrayFieldStart("TTLs");
                  for (Double t : d.ttls) {
                    g.writeNumber(t);
                  }
                  g.writeEndArray();
                }
              });

  /** Beam's coders for each field, in order. */
  static final class DnsForRichDnsCoder extends AtomicCoder<DnsForRichDns> {
    private static final long serialVersionUID = 1L;
    private static final DnsForRichDnsCoder INSTANCE = new DnsForRichDnsCoder();
    private static final Coder<Double> TS = DoubleCoder.of();
    private static final Coder<String> UID = StringUtf8Coder.of();
    private static final Coder<@Nullable String> TEXT = NullableCoder.of(StringUtf8Coder.of());
    private static final Coder<@Nullable Integer> PORT = NullableCoder.of(VarIntCoder.of());
    private static final Coder<@Nullable List<String>> ANSWERS =
        NullableCoder.of(ListCoder.of(StringUtf8Coder.of()));
    private static final Coder<@Nullable List<Double>> TTLS =
        NullableCoder.of(ListCoder.of(DoubleCoder.of()));

    static DnsForRichDnsCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(DnsForRichDns d, OutputStream out) throws IOException {
      TS.encode(d.ts, out);
      UID.encode(d.uid, out);
      TEXT.encode(d.query, out);
      TEXT.encode(d.origH, out);
      PORT.encode(d.origP, out);
      TEXT.encode(d.respH, out);
      PORT.encode(d.respP, out);
      TEXT.encode(d.qtypeName, out);
      ANSWERS.encode(d.answers, out);
      TTLS.encode(d.ttls, out);
    }

    @Override
    public DnsForRichDns decode(InputStream in) throws IOException {
      return new DnsForRichDns(
          TS.decode(in),
          UID.decode(in),
          TEXT.decode(in),
          TEXT.decode(in),
          PORT.decode(in),
          TEXT.decode(in),
          PORT.decode(in),
          TEXT.decode(in),
          ANSWERS.decode(in),
          TTLS.decode(in));
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
