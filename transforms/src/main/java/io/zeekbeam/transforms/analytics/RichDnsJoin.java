package io.zeekbeam.transforms.analytics;

import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.RichDns;
import io.zeekbeam.schemas.ZeekConn;
import io.zeekbeam.schemas.ZeekDns;
import io.zeekbeam.transforms.enrich.LocalNets;
import io.zeekbeam.transforms.join.IntervalJoin;
import io.zeekbeam.transforms.join.JoinBuckets;
import io.zeekbeam.transforms.join.JoinResult;
import io.zeekbeam.transforms.join.Joined;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * {@code rich-dns} (the walkthrough's RICH_DNS): each DNS record joined with the conn record of
 * the same {@code uid} whose {@code ts} is within one minute of it (inclusive, either order,
 * ksqlDB's {@code WITHIN 1 MINUTES}), keeping only locally originated connections, so that a
 * lookup carries its byte counts.
 *
 * <p>Input: DNS records (this transform's input) and conn records (given to {@link #of}). Output:
 * {@link RichDns} rows stamped with the later of the two event times; DNS and conn records that
 * arrive after the join has released their uid (window plus allowed lateness) are dead letters.
 * {@code DEST_PORT} is the responder's port ({@code id.resp_p}); the walkthrough mapped it from
 * {@code id.resp_h}. {@code LOCAL_ORIG} is Zeek's {@code local_orig}, or, where Zeek did not log
 * it, whether {@code id.orig_h} is in the local networks. Conns are filtered before the join, so
 * the join buffers only the connections that can match, and of each record only what the output
 * takes ({@link ConnForDns}: uid, ts, byte counts, local origin; {@link DnsForRichDns}: ten of the
 * DNS record's fields).
 */
public final class RichDnsJoin extends PTransform<PCollection<ZeekDns>, AnalyticOutput<RichDns>> {
  private static final long serialVersionUID = 1L;

  private final PCollection<ZeekConn> conns;
  private final Duration within;
  private final Duration allowedLateness;
  private final LocalNets localNets;
  private final int joinBuckets;

  private RichDnsJoin(
      PCollection<ZeekConn> conns,
      Duration within,
      Duration allowedLateness,
      LocalNets localNets,
      int joinBuckets) {
    this.conns = conns;
    this.within = within;
    this.allowedLateness = allowedLateness;
    this.localNets = localNets;
    this.joinBuckets = joinBuckets;
  }

  /** DNS joined with {@code conns} within one minute, default local networks, no lateness. */
  public static RichDnsJoin of(PCollection<ZeekConn> conns) {
    return new RichDnsJoin(
        conns,
        Duration.standardMinutes(1),
        Duration.ZERO,
        LocalNets.defaults(),
        JoinBuckets.DEFAULT);
  }

  public RichDnsJoin within(Duration d) {
    return new RichDnsJoin(conns, d, allowedLateness, localNets, joinBuckets);
  }

  public RichDnsJoin withAllowedLateness(Duration d) {
    return new RichDnsJoin(conns, within, d, localNets, joinBuckets);
  }

  public RichDnsJoin withLocalNets(LocalNets nets) {
    return new RichDnsJoin(conns, within, allowedLateness, nets, joinBuckets);
  }

  /** The join's buckets over bounded input: {@link IntervalJoin#withBuckets}. */
  public RichDnsJoin withJoinBuckets(int buckets) {
    return new RichDnsJoin(conns, within, allowedLateness, localNets, buckets);
  }

  @Override
  public AnalyticOutput<RichDns> expand(PCollection<ZeekDns> dns) {
    LocalNets nets = localNets;
    PCollection<KV<String, ConnForDns>> localConns =
        conns
            .apply(
                "LocallyOriginatedWithUid",
                Filter.by(
                    c -> c.getUid() != null && InboundConnections.originatedLocally(c, nets)))
            .apply(
                "KeyConnByUid",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(ConnForDns.class)))
                    .via((ZeekConn c) -> KV.of(c.getUid(), ConnForDns.of(c, true))))
            .setCoder(
                org.apache.beam.sdk.coders.KvCoder.of(
                    StringUtf8Coder.of(), ConnForDns.ConnForDnsCoder.of()));
    PCollection<KV<String, DnsForRichDns>> keyedDns =
        dns.apply("DnsWithUid", Filter.by(d -> d.getUid() != null))
            .apply(
                "KeyDnsByUid",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(DnsForRichDns.class)))
                    .via((ZeekDns d) -> KV.of(d.getUid(), DnsForRichDns.of(d))))
            .setCoder(
                org.apache.beam.sdk.coders.KvCoder.of(
                    StringUtf8Coder.of(), DnsForRichDns.DnsForRichDnsCoder.of()));
    JoinResult<String, DnsForRichDns, ConnForDns> joined =
        keyedDns.apply(
            "JoinConnWithinOneMinute",
            IntervalJoin.<String, DnsForRichDns, ConnForDns>innerJoin(localConns)
                .within(within)
                .withAllowedLateness(allowedLateness)
                .withInputNames("dns", "conn")
                .withLateRecordText(DnsForRichDns.TEXT, ConnForDns.TEXT)
                .withBuckets(joinBuckets));
    PCollection<RichDns> rows =
        joined
            .joined()
            .apply(
                "ToRichDnsRows",
                MapElements.into(TypeDescriptor.of(RichDns.class))
                    .via((KV<String, Joined<DnsForRichDns, ConnForDns>> kv) -> row(kv.getValue())));
    PCollection<DeadLetter> late = joined.late();
    return AnalyticOutput.of(rows, late);
  }

  static RichDns row(Joined<DnsForRichDns, ConnForDns> j) {
    DnsForRichDns d = j.left();
    ConnForDns c = j.right();
    String[] labels = d.query == null ? new String[0] : d.query.split("\\.", -1);
    return RichDns.builder()
        .setQuery(d.query)
        .setSrcIp(d.origH)
        .setDestIp(d.respH)
        .setSrcPort(d.origP)
        .setDestPort(d.respP)
        .setQtypeName(d.qtypeName)
        .setTtls(d.ttls)
        .setHostname(label(labels, 0))
        .setElement2(label(labels, 1))
        .setElement3(label(labels, 2))
        .setElement4(label(labels, 3))
        .setAnswers(d.answers)
        .setTs(d.ts)
        .setUid(d.uid)
        .setRequestBytes(c.origIpBytes)
        .setReplyBytes(c.respIpBytes)
        .setLocalOrig(c.localOrig)
        .build();
  }

  private static @Nullable String label(String[] labels, int i) {
    return i < labels.length ? labels[i] : null;
  }

}
