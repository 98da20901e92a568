package io.zeekbeam.transforms.analytics;

import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.ZeekConn;
import io.zeekbeam.transforms.enrich.LocalNets;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class InboundConnectionsTest {
  private static ZeekConn conn(String uid, double ts, String orig, String resp, Boolean localOrig) {
    return Records.zeek(
        LogType.CONN,
        "{\"ts\":" + ts + ",\"uid\":\"" + uid + "\",\"id.orig_h\":\"" + orig + "\",\"id.resp_h\":\""
            + resp + "\"" + (localOrig == null ? "" : ",\"local_orig\":" + localOrig) + "}");
  }

  /** The planted cases and whether each is inbound to 192.168.1.0/24 and to the defaults. */
  private static final List<ZeekConn> CONNS =
      List.of(
          conn("in-logged", 10.0, "203.0.113.9", "192.168.1.5", false),
          conn("in-derived", 11.0, "203.0.113.9", "192.168.1.6", null),
          conn("in-v6", 12.0, "2001:db8::9", "fd00::5", null),
          conn("out", 13.0, "192.168.1.5", "8.8.8.8", true),
          conn("out-derived", 14.0, "192.168.1.7", "8.8.4.4", null),
          conn("like-trap", 15.0, "203.0.113.9", "192.168.10.5", false),
          conn("local-to-local", 16.0, "10.0.0.1", "192.168.1.5", null),
          conn("zeek-says-remote", 17.0, "10.0.0.2", "192.168.1.9", false));

  private static PCollection<String> uids(PCollection<ZeekConn> c) {
    return c.apply(MapElements.into(TypeDescriptors.strings()).via(ZeekConn::getUid));
  }

  @Test
  void boundedInputWithDefaultsAndWithOneSubnet() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<ZeekConn> conns =
        p.apply(Create.timestamped(CONNS.stream().map(Records::stamped).toList()));
    PAssert.that(uids(conns.apply("Defaults", InboundConnections.create())))
        .containsInAnyOrder("in-logged", "in-derived", "in-v6", "like-trap", "zeek-says-remote");
    PAssert.that(
            uids(
                conns.apply(
                    "OneSubnet",
                    InboundConnections.create().withLocalNets(LocalNets.parse("192.168.1.0/24")))))
        .containsInAnyOrder("in-logged", "in-derived", "local-to-local", "zeek-says-remote");
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  @Test
  void streamOutOfOrderGivesTheSameRecords() throws Exception {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    TestStream.Builder<ZeekConn> stream =
        TestStream.create(p.getSchemaRegistry().getSchemaCoder(ZeekConn.class));
    for (int i = CONNS.size() - 1; i >= 0; i--) {
      TimestampedValue<ZeekConn> t = Records.stamped(CONNS.get(i));
      stream = stream.addElements(t);
      if (i == 4) {
        stream = stream.advanceWatermarkTo(new Instant(12_000));
      }
    }
    PCollection<ZeekConn> conns = p.apply(stream.advanceWatermarkToInfinity());
    PAssert.that(uids(conns.apply(InboundConnections.create())))
        .containsInAnyOrder("in-logged", "in-derived", "in-v6", "like-trap", "zeek-says-remote");
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }
}
