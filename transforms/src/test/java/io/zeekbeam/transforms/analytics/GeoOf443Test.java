package io.zeekbeam.transforms.analytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zeekbeam.schemas.AsnInfo;
import io.zeekbeam.schemas.GeoConnection;
import io.zeekbeam.schemas.GeoInfo;
import io.zeekbeam.schemas.GeoLocation;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.ZeekConn;
import io.zeekbeam.transforms.enrich.GeoIpLookup;
import io.zeekbeam.transforms.enrich.LocalNets;
import io.zeekbeam.transforms.enrich.MmdbFixtures;
import io.zeekbeam.transforms.errors.BadRecordException;
import io.zeekbeam.transforms.parse.ZeekJson;
import io.zeekbeam.transforms.parse.ZeekRecordType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Analytic 5 over conn records written as Zeek JSON, enriched from the {@link MmdbFixtures}
 * databases: once bounded, once as an out-of-order stream, with the same expected rows and
 * timestamps.
 */
class GeoOf443Test {
  private static final ZeekRecordType<ZeekConn> CONN = ZeekRecordType.of(LogType.CONN);
  private static final double T0 = 1_700_000_000.25;

  @TempDir static Path dir;
  private static GeoIpLookup geoIp;

  @BeforeAll
  static void writeDatabases() {
    MmdbFixtures.CityAndAsn files = MmdbFixtures.writeCityAndAsn(dir);
    geoIp = GeoIpLookup.of(files.city().toString(), files.asn().toString());
  }

  private static Coder<ZeekConn> connCoder() {
    try {
      return SchemaRegistry.createDefault().getSchemaCoder(ZeekConn.class);
    } catch (NoSuchSchemaException e) {
      throw new AssertionError(e);
    }
  }

  private static ZeekConn conn(
      double ts, String uid, String proto, String orig, String resp, Integer respPort) {
    String json =
        "{\"ts\":"
            + ts
            + ",\"uid\":\""
            + uid
            + "\",\"id.orig_h\":\""
            + orig
            + "\",\"id.orig_p\":50000"
            + (resp == null ? "" : ",\"id.resp_h\":\"" + resp + "\"")
            + (respPort == null ? "" : ",\"id.resp_p\":" + respPort)
            + ",\"proto\":\""
            + proto
            + "\"}";
    try {
      return ZeekJson.parse(CONN, json);
    } catch (BadRecordException e) {
      throw new AssertionError("the test's own record does not parse: " + json, e);
    }
  }

  private static GeoInfo geo(
      String city, String country, String subdivision, double lon, double lat) {
    return GeoInfo.builder()
        .setCity(city)
        .setCountry(country)
        .setSubdivision(subdivision)
        .setLocation(GeoLocation.builder().setLon(lon).setLat(lat).build())
        .build();
  }

  private static AsnInfo asn(long number, String org) {
    return AsnInfo.builder().setAsn(number).setOrg(org).build();
  }

  private static final GeoInfo LONDON =
      geo("London", "United Kingdom", "England", -0.0931, 51.5142);
  private static final GeoInfo LINKOPING =
      geo("Linköping", "Sweden", "Östergötland County", 15.6167, 58.4167);
  private static final GeoInfo MILTON =
      geo("Milton", "United States", "Washington", -122.3149, 47.2513);
  private static final GeoInfo JAPAN = geo(null, "Japan", null, 139.75309, 35.68536);

  /** The conns fed in; those expected out are in {@link #expected}. */
  private final List<TimestampedValue<ZeekConn>> input = new ArrayList<>();

  private final List<TimestampedValue<GeoConnection>> expected = new ArrayList<>();

  private ZeekConn add(double ts, String uid, String proto, String orig, String resp, Integer p) {
    ZeekConn c = conn(ts, uid, proto, orig, resp, p);
    input.add(TimestampedValue.of(c, new Instant(c.getTsMillis())));
    return c;
  }

  private void expect(ZeekConn c, GeoInfo geo, AsnInfo asn) {
    GeoConnection row =
        GeoConnection.builder()
            .setTs(c.getTs())
            .setUid(c.getUid())
            .setSrcIp(c.getOrigH())
            .setDestIp(c.getRespH())
            .setDestPort(c.getRespP())
            .setDestGeo(geo)
            .setDestAsn(asn)
            .build();
    expected.add(TimestampedValue.of(row, new Instant(c.getTsMillis())));
  }

  private void addCases() {
    expect(add(T0, "Clondon", "tcp", "10.99.0.20", "81.2.69.142", 443), LONDON, null);
    expect(
        add(T0 + 1.5, "Clinkoping", "tcp", "192.168.1.9", "89.160.20.112", 443),
        LINKOPING,
        asn(29518, "Bredband2 AB"));
    expect(add(T0 + 3, "Cquic", "udp", "10.99.0.21", "216.160.83.56", 443), MILTON, asn(209, null));
    expect(
        add(T0 + 4.000001, "Cjapan", "tcp", "fd00:10:10:1::99", "2001:218::1", 443),
        JAPAN,
        asn(2914, "NTT America, Inc."));
    expect(add(T0 + 5, "Cunknown", "tcp", "10.99.0.20", "8.8.8.8", 443), null, null);
    expect(add(T0 + 6, "Cdoc", "tcp", "fd00::99", "2001:db8:cafe::443", 443), null, null);
    // Not geo: local responders (192.168.10.5 is in the default 192.168.0.0/16), another port,
    // no port, no responder.
    add(T0 + 7, "Cnotlocal", "tcp", "192.168.1.40", "192.168.10.5", 443);
    add(T0 + 8, "Clocal", "tcp", "10.99.0.20", "10.10.0.80", 443);
    add(T0 + 9, "Cport80", "tcp", "10.99.0.20", "81.2.69.142", 80);
    add(T0 + 10, "Cnoport", "tcp", "10.99.0.20", "81.2.69.142", null);
    add(T0 + 11, "Cnoresp", "tcp", "10.99.0.20", null, 443);
    add(T0 + 12, "Clinklocal", "tcp", "fe80::1", "fe80::2", 443);
  }

  private static void run(Pipeline p) {
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  @Test
  void boundedConnsToPort443OfRemoteRespondersAreEnrichedAndKeepTheirTimestamps() {
    addCases();
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<ZeekConn> conns =
        p.apply("Conns", Create.timestamped(input).withCoder(connCoder()));
    PCollection<GeoConnection> rows = conns.apply("Geo", GeoOf443.create().withGeoIp(geoIp));
    PAssert.that(rows.apply("Timestamps", Reify.timestamps())).containsInAnyOrder(expected);
    run(p);
  }

  @Test
  void anOutOfOrderStreamGivesTheSameRows() {
    addCases();
    List<TimestampedValue<ZeekConn>> shuffled = new ArrayList<>(input);
    Collections.shuffle(shuffled, new Random(443));
    List<Instant> arrival = shuffled.stream().map(TimestampedValue::getTimestamp).toList();
    assertFalse(
        arrival.equals(arrival.stream().sorted().toList()), "the stream must arrive out of order");
    // Batches of three, the watermark then moved up to the earliest conn still to come, so that
    // no conn is late.
    TestStream.Builder<ZeekConn> stream = TestStream.create(connCoder());
    Instant watermark = BoundedWindow.TIMESTAMP_MIN_VALUE;
    for (int from = 0; from < shuffled.size(); from += 3) {
      int to = Math.min(shuffled.size(), from + 3);
      for (TimestampedValue<ZeekConn> c : shuffled.subList(from, to)) {
        stream = stream.addElements(c);
      }
      if (to < shuffled.size()) {
        Instant earliestToCome = Collections.min(arrival.subList(to, arrival.size()));
        if (earliestToCome.isAfter(watermark)) {
          watermark = earliestToCome;
          stream = stream.advanceWatermarkTo(watermark);
        }
      }
    }
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<GeoConnection> rows =
        p.apply("Conns", stream.advanceWatermarkToInfinity())
            .apply("Geo", GeoOf443.create().withGeoIp(geoIp));
    PAssert.that(rows.apply("Timestamps", Reify.timestamps())).containsInAnyOrder(expected);
    run(p);
  }

  @Test
  void theWalkthroughsSlash24AsLocalNetsReportsTheRespondersItDoesNotCover() {
    ZeekConn other = conn(T0, "Cother", "tcp", "192.168.1.40", "192.168.10.5", 443);
    ZeekConn local = conn(T0 + 1, "Clocal", "tcp", "192.168.1.40", "192.168.1.1", 443);
    ZeekConn london = conn(T0 + 2, "Clondon", "tcp", "192.168.1.40", "81.2.69.142", 443);
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<GeoConnection> rows =
        p.apply("Conns", Create.of(other, local, london).withCoder(connCoder()))
            .apply(
                "Geo",
                GeoOf443.create()
                    .withLocalNets(LocalNets.parse("192.168.1.0/24"))
                    .withGeoIp(GeoIpLookup.none().withCity(geoIp.cityPath())));
    PAssert.that(rows)
        .containsInAnyOrder(
            GeoConnection.builder()
                .setTs(other.getTs())
                .setUid("Cother")
                .setSrcIp("192.168.1.40")
                .setDestIp("192.168.10.5")
                .setDestPort(443)
                .build(),
            GeoConnection.builder()
                .setTs(london.getTs())
                .setUid("Clondon")
                .setSrcIp("192.168.1.40")
                .setDestIp("81.2.69.142")
                .setDestPort(443)
                .setDestGeo(LONDON)
                .build());
    run(p);
  }

  @Test
  void withOnlyTheAsnDatabaseTheGeoColumnIsNull() {
    ZeekConn c = conn(T0, "Casn", "tcp", "10.0.0.1", "89.160.20.112", 443);
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<GeoConnection> rows =
        p.apply("Conns", Create.of(c).withCoder(connCoder()))
            .apply("Geo", GeoOf443.create().withGeoIp(GeoIpLookup.of(null, geoIp.asnPath())));
    PAssert.that(rows)
        .containsInAnyOrder(
            GeoConnection.builder()
                .setTs(c.getTs())
                .setUid("Casn")
                .setSrcIp("10.0.0.1")
                .setDestIp("89.160.20.112")
                .setDestPort(443)
                .setDestAsn(asn(29518, "Bredband2 AB"))
                .build());
    run(p);
  }

  @Test
  void refusesToRunWithoutAnyDatabase() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<ZeekConn> conns = p.apply("Conns", Create.empty(connCoder()));
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () -> conns.apply("Geo", GeoOf443.create().withGeoIp(GeoIpLookup.of("", null))))
            .getMessage();
    assertThat(
        message,
        allOf(
            containsString("at least one MaxMind database"),
            containsString("--geoipCity"),
            containsString("--geoipAsn")));
    assertThrows(IllegalArgumentException.class, () -> conns.apply(GeoOf443.create()));
  }

  @Test
  void aMissingDatabaseFailsWhenThePipelineIsBuilt() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<ZeekConn> conns = p.apply("Conns", Create.empty(connCoder()));
    String missing = dir.resolve("GeoLite2-ASN.mmdb").toString();
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    conns.apply(
                        "Geo",
                        GeoOf443.create().withGeoIp(GeoIpLookup.of(geoIp.cityPath(), missing))))
            .getMessage();
    assertThat(message, allOf(containsString("--geoipAsn=" + missing), containsString("no such")));
  }
}
