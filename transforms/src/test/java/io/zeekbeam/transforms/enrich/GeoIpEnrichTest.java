package io.zeekbeam.transforms.enrich;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zeekbeam.schemas.AsnInfo;
import io.zeekbeam.schemas.GeoInfo;
import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GeoIpEnrich} on rows of another type than {@code geo}'s, as {@code new-certs} will use it:
 * one output per input, the input's timestamp kept, nulls for what cannot be looked up.
 */
class GeoIpEnrichTest {
  @TempDir static Path dir;
  private static MmdbFixtures.CityAndAsn files;

  @BeforeAll
  static void writeDatabases() {
    files = MmdbFixtures.writeCityAndAsn(dir);
  }

  /** A row of the test: the address and what the two lookups gave, as text. */
  private static String describe(String ip, GeoInfo geo, AsnInfo asn) {
    return ip
        + " city="
        + (geo == null ? "null" : geo.getCity())
        + " asn="
        + (asn == null ? "null" : asn.getAsn());
  }

  private static TimestampedValue<String> at(long millis, String value) {
    return TimestampedValue.of(value, new Instant(millis));
  }

  @Test
  void everyRowComesOutOnceWithItsTimestamp() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<String> ips =
        p.apply(
            Create.timestamped(
                at(1000, "89.160.20.112"),
                at(2000, "81.2.69.142"),
                at(3000, "10.0.0.1"),
                at(4000, "not an address"),
                at(5000, "89.160.20.112")));
    PCollection<String> rows =
        ips.apply(
            GeoIpEnrich.of(
                GeoIpLookup.of(files.city().toString(), files.asn().toString()),
                ip -> ip,
                GeoIpEnrichTest::describe,
                TypeDescriptors.strings()));
    PAssert.that(rows.apply(Reify.timestamps()))
        .containsInAnyOrder(
            at(1000, "89.160.20.112 city=Linköping asn=29518"),
            at(2000, "81.2.69.142 city=London asn=null"),
            at(3000, "10.0.0.1 city=null asn=null"),
            at(4000, "not an address city=null asn=null"),
            at(5000, "89.160.20.112 city=Linköping asn=29518"));
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  @Test
  void withoutDatabasesEveryLookupIsNull() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<String> rows =
        p.apply(Create.of("89.160.20.112"))
            .apply(
                GeoIpEnrich.of(
                    GeoIpLookup.none(),
                    ip -> ip,
                    GeoIpEnrichTest::describe,
                    TypeDescriptors.strings()));
    PAssert.that(rows).containsInAnyOrder("89.160.20.112 city=null asn=null");
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  @Test
  void aBadDatabaseFailsWhenThePipelineIsBuilt() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<String> ips = p.apply(Create.of("89.160.20.112"));
    GeoIpEnrich<String, String> swapped =
        GeoIpEnrich.of(
            GeoIpLookup.of(files.asn().toString(), files.city().toString()),
            ip -> ip,
            GeoIpEnrichTest::describe,
            TypeDescriptors.strings());
    assertThrows(IllegalArgumentException.class, () -> ips.apply(swapped));
  }
}
