package io.zeekbeam.transforms.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.RichDns;
import io.zeekbeam.schemas.ZeekConn;
import io.zeekbeam.schemas.ZeekDns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Analytic 3 ({@code rich-dns}) over dns and conn records written as Zeek JSON: the one-minute
 * window at its edges, which connections count as locally originated, many-to-many matches on a
 * uid, records without a uid, and every column of the row. Once bounded, once as an out-of-order
 * stream with the same expected rows and timestamps plus a conn record beyond the allowed lateness.
 */
class RichDnsJoinTest {
  /** 2026-03-02T00:00:00Z in epoch seconds; a whole minute, so on the join's timer grid. */
  private static final long T0 = 1_772_409_600L;

  private static final String RESOLVER = "10.0.0.53";
  private static final List<String> ANSWERS = List.of("192.0.2.1", "192.0.2.2");
  private static final List<Double> TTLS = List.of(300.0, 300.0);

  /** A dns record as the test writes it: the flow's origin and the query (null: not logged). */
  private record Dns(String uid, double at, String orig, int origPort, String query) {}

  /** A conn record as the test writes it; {@code localOrig} null means Zeek did not log it. */
  private record Conn(
      String uid,
      double at,
      String orig,
      int origPort,
      Boolean localOrig,
      long origIpBytes,
      long respIpBytes) {}

  private static String ts(double secondsAfterT0) {
    return String.format(Locale.ROOT, "%.6f", T0 + secondsAfterT0);
  }

  private static long millis(double secondsAfterT0) {
    return T0 * 1000 + Math.round(secondsAfterT0 * 1000);
  }

  private static String uidField(String uid) {
    return uid == null ? "" : ",\"uid\":\"" + uid + "\"";
  }

  private static TimestampedValue<KV<String, String>> line(Dns d) {
    return ZeekLines.line(
        LogType.DNS,
        "{\"ts\":"
            + ts(d.at())
            + uidField(d.uid())
            + ",\"id.orig_h\":\""
            + d.orig()
            + "\",\"id.orig_p\":"
            + d.origPort()
            + ",\"id.resp_h\":\""
            + RESOLVER
            + "\",\"id.resp_p\":53,\"proto\":\"udp\",\"trans_id\":4711"
            + (d.query() == null ? "" : ",\"query\":\"" + d.query() + "\"")
            + ",\"qclass\":1,\"qclass_name\":\"C_INTERNET\",\"qtype\":1,\"qtype_name\":\"A\""
            + ",\"rcode\":0,\"rcode_name\":\"NOERROR\""
            + ",\"answers\":[\"192.0.2.1\",\"192.0.2.2\"],\"TTLs\":[300.0,300.0]}");
  }

  private static TimestampedValue<KV<String, String>> line(Conn c) {
    // orig_bytes/resp_bytes (payload) differ from the IP byte counts that the row must carry.
    return ZeekLines.line(
        LogType.CONN,
        "{\"ts\":"
            + ts(c.at())
            + uidField(c.uid())
            + ",\"id.orig_h\":\""
            + c.orig()
            + "\",\"id.orig_p\":"
            + c.origPort()
            + ",\"id.resp_h\":\""
            + RESOLVER
            + "\",\"id.resp_p\":53,\"proto\":\"udp\",\"service\":\"dns\",\"duration\":0.01"
            + ",\"orig_bytes\":"
            + (c.origIpBytes() - 28)
            + ",\"resp_bytes\":"
            + (c.respIpBytes() - 28)
            + ",\"conn_state\":\"SF\""
            + (c.localOrig() == null ? "" : ",\"local_orig\":" + c.localOrig())
            + ",\"orig_pkts\":1,\"orig_ip_bytes\":"
            + c.origIpBytes()
            + ",\"resp_pkts\":1,\"resp_ip_bytes\":"
            + c.respIpBytes()
            + "}");
  }

  /**
   * The row {@code d} and {@code c} must give, with the query's labels as the test expects them
   * (those not given are null). Stamped with the later of the two records' times.
   */
  private static TimestampedValue<RichDns> row(Dns d, Conn c, String... labels) {
    RichDns row =
        RichDns.builder()
            .setQuery(d.query())
            .setSrcIp(d.orig())
            .setDestIp(RESOLVER)
            .setSrcPort(d.origPort())
            .setDestPort(53)
            .setQtypeName("A")
            .setTtls(TTLS)
            .setHostname(labels.length > 0 ? labels[0] : null)
            .setElement2(labels.length > 1 ? labels[1] : null)
            .setElement3(labels.length > 2 ? labels[2] : null)
            .setElement4(labels.length > 3 ? labels[3] : null)
            .setAnswers(ANSWERS)
            .setTs(Double.parseDouble(ts(d.at())))
            .setUid(d.uid())
            .setRequestBytes(c.origIpBytes())
            .setReplyBytes(c.respIpBytes())
            .setLocalOrig(true)
            .build();
    return TimestampedValue.of(row, new Instant(Math.max(millis(d.at()), millis(c.at()))));
  }

  private static TimestampedValue<RichDns> wwwExampleCom(Dns d, Conn c) {
    return row(d, c, "www", "example", "com");
  }

  private final List<TimestampedValue<KV<String, String>>> lines = new ArrayList<>();
  private final List<TimestampedValue<RichDns>> expected = new ArrayList<>();

  private Dns dns(String uid, double at, String orig, int origPort, String query) {
    Dns d = new Dns(uid, at, orig, origPort, query);
    lines.add(line(d));
    return d;
  }

  private Dns dns(String uid, double at, String orig, int origPort) {
    return dns(uid, at, orig, origPort, "www.example.com");
  }

  private Conn conn(
      String uid, double at, String orig, int origPort, Boolean localOrig, long req, long reply) {
    Conn c = new Conn(uid, at, orig, origPort, localOrig, req, reply);
    lines.add(line(c));
    return c;
  }

  /** The planted cases, in seconds after T0, and the rows they must give. */
  private void addCases() {
    // Exactly one minute apart joins, in either order; the row's TS is the dns record's.
    Conn before = conn("Cbefore", 100, "10.1.0.1", 40001, true, 101, 201);
    Dns beforeDns = dns("Cbefore", 160, "10.1.0.1", 40001);
    expected.add(wwwExampleCom(beforeDns, before));
    Dns afterDns = dns("Cafter", 200, "10.1.0.2", 40002);
    Conn after = conn("Cafter", 260, "10.1.0.2", 40002, true, 102, 202);
    expected.add(wwwExampleCom(afterDns, after));

    // One millisecond more than a minute apart does not, in either order.
    dns("Cover", 300, "10.1.0.3", 40003);
    conn("Cover", 360.001, "10.1.0.3", 40003, true, 103, 203);
    conn("Cunder", 339.999, "10.1.0.4", 40004, true, 104, 204);
    dns("Cunder", 400, "10.1.0.4", 40004);

    // Zeek's local_orig decides when logged, even against a local address; else the address does.
    dns("Cremote", 420, "192.168.1.10", 40005);
    conn("Cremote", 425, "192.168.1.10", 40005, false, 105, 205);
    Dns derivedDns = dns("Cderived", 430, "10.1.0.6", 40006);
    Conn derived = conn("Cderived", 431, "10.1.0.6", 40006, null, 106, 206);
    expected.add(wwwExampleCom(derivedDns, derived));
    dns("Cpublic", 440, "203.0.113.7", 40007);
    conn("Cpublic", 441, "203.0.113.7", 40007, null, 107, 207);

    // Several lookups on one uid each join its conn; two conns on a uid make the join
    // many-to-many, as ksqlDB's is.
    Conn several = conn("Cseveral", 452, "10.1.0.8", 40008, true, 108, 208);
    Dns www = dns("Cseveral", 450, "10.1.0.8", 40008, "www.example.org");
    Dns mail = dns("Cseveral", 450.5, "10.1.0.8", 40008, "mail.example.org");
    Dns ftp = dns("Cseveral", 451, "10.1.0.8", 40008, "ftp.example.org");
    expected.add(row(www, several, "www", "example", "org"));
    expected.add(row(mail, several, "mail", "example", "org"));
    expected.add(row(ftp, several, "ftp", "example", "org"));
    Dns twice1 = dns("Ctwice", 460, "10.1.0.9", 40009);
    Dns twice2 = dns("Ctwice", 461, "10.1.0.9", 40009);
    Conn twiceA = conn("Ctwice", 462, "10.1.0.9", 40009, true, 109, 209);
    Conn twiceB = conn("Ctwice", 463, "10.1.0.9", 40009, true, 1109, 1209);
    expected.add(wwwExampleCom(twice1, twiceA));
    expected.add(wwwExampleCom(twice1, twiceB));
    expected.add(wwwExampleCom(twice2, twiceA));
    expected.add(wwwExampleCom(twice2, twiceB));

    // No uid on either side, or on the conn only: nothing to join on, and no failure.
    dns(null, 470, "10.1.0.10", 40010);
    conn(null, 470, "10.1.0.10", 40010, true, 110, 210);
    dns("Corphan", 471, "10.1.0.11", 40011);
    conn(null, 471, "10.1.0.11", 40011, true, 111, 211);

    // The labels: one, five (only the first four are columns), none.
    Dns oneLabel = dns("Cone", 480, "10.1.0.12", 40012, "localhost");
    expected.add(row(oneLabel, conn("Cone", 481, "10.1.0.12", 40012, true, 112, 212), "localhost"));
    Dns fiveLabels = dns("Cfive", 490, "10.1.0.13", 40013, "www.eu.mail.example.com");
    expected.add(
        row(
            fiveLabels,
            conn("Cfive", 491, "10.1.0.13", 40013, true, 113, 213),
            "www",
            "eu",
            "mail",
            "example"));
    Dns noQuery = dns("Cnoquery", 495, "10.1.0.14", 40014, null);
    expected.add(row(noQuery, conn("Cnoquery", 496, "10.1.0.14", 40014, true, 114, 214)));

    // The last pair; the stream's late record is for this uid.
    Dns lastDns = dns("Clast", 590, "10.1.0.15", 40015);
    Conn last = conn("Clast", 595, "10.1.0.15", 40015, true, 115, 215);
    expected.add(wwwExampleCom(lastDns, last));
  }

  private static AnalyticOutput<RichDns> richDns(PCollection<KV<String, String>> lines) {
    PCollection<ZeekDns> dns = ZeekLines.parse(lines, LogType.DNS);
    PCollection<ZeekConn> conns = ZeekLines.parse(lines, LogType.CONN);
    return dns.apply("RichDns", RichDnsJoin.of(conns));
  }

  @Test
  void boundedInputJoinsWithinOneMinuteLocalOriginsOnly() {
    addCases();
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    AnalyticOutput<RichDns> out =
        richDns(p.apply("Lines", Create.timestamped(lines).withCoder(ZeekLines.CODER)));
    PAssert.that(out.results().apply("Timestamps", Reify.timestamps()))
        .containsInAnyOrder(expected);
    PAssert.that(out.deadLetters()).empty();
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  /**
   * The same lines out of order, then the watermark at 750 s: uid Clast (records at 590 s and 595
   * s) has released both at 720 s, the first grid step after 595 s + 2 minutes. A conn record of
   * Clast at 600 s arriving then would have joined in a batch run, but is 90 s behind what the join
   * has seen pass, beyond the minute it allows: a dead letter, and no row.
   */
  @Test
  void streamOutOfOrderGivesTheSameRowsAndDeadLettersTheLateConn() {
    addCases();
    Conn late = new Conn("Clast", 600, "10.1.0.15", 40015, true, 999, 999);
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    AnalyticOutput<RichDns> out =
        richDns(
            p.apply(
                "Lines",
                OutOfOrder.builder(ZeekLines.CODER, lines, 3)
                    .advanceWatermarkTo(new Instant(millis(750)))
                    .addElements(line(late))
                    .advanceWatermarkToInfinity()));
    PAssert.that(out.results().apply("Timestamps", Reify.timestamps()))
        .containsInAnyOrder(expected);
    PAssert.that(out.deadLetters())
        .satisfies(
            letters -> {
              List<DeadLetter> all = new ArrayList<>();
              letters.forEach(all::add);
              assertEquals(1, all.size(), all.toString());
              DeadLetter d = all.get(0);
              assertEquals("late-data", d.getStage());
              assertEquals("conn", d.getInput());
              assertEquals("join key Clast", d.getSource());
              assertEquals(millis(600), d.getEventTime());
              assertTrue(d.getRaw().contains("Clast"), d.getRaw());
              assertTrue(d.getReason().startsWith("conn record at "), d.getReason());
              return null;
            });
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }
}
