package io.zeekbeam.transforms.enrich;

import static io.zeekbeam.transforms.enrich.MmdbWriter.i32;
import static io.zeekbeam.transforms.enrich.MmdbWriter.u128;
import static io.zeekbeam.transforms.enrich.MmdbWriter.u16;
import static io.zeekbeam.transforms.enrich.MmdbWriter.u32;
import static io.zeekbeam.transforms.enrich.MmdbWriter.u64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.maxmind.db.CHMCache;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Metadata;
import com.maxmind.db.Network;
import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks {@link MmdbWriter} by reading its files back with MaxMind's own readers, which validate
 * the metadata, the search tree and the data section as they go.
 */
class MmdbWriterTest {
  @TempDir Path dir;

  private static InetAddress ip(String literal) throws IOException {
    return InetAddress.getByName(literal);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> lookup(Reader reader, String address) throws IOException {
    return reader.get(ip(address), Map.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {24, 28, 32})
  void everyRecordSizeReadsBackInAnIpv6Tree(int recordSize) throws IOException {
    MmdbWriter w = MmdbWriter.ipv6("Test-Record-Size").recordSize(recordSize);
    w.insert("1.2.3.0/24", Map.of("name", "v4 /24"));
    w.insert("1.2.3.128/25", Map.of("name", "v4 /25"));
    w.insert("2001:db8::/32", Map.of("name", "v6 /32"));
    w.insert("2001:db8:0:1::/64", Map.of("name", "v6 /64"));
    w.insert("255.255.255.255", Map.of("name", "v4 host"));
    Path file = w.write(dir.resolve("t.mmdb"));
    try (Reader r = new Reader(file.toFile())) {
      Metadata m = r.getMetadata();
      assertEquals(recordSize, m.recordSize());
      assertEquals(6, m.ipVersion());
      assertEquals("v4 /24", lookup(r, "1.2.3.4").get("name"));
      assertEquals("v4 /25", lookup(r, "1.2.3.200").get("name"));
      assertEquals("v4 host", lookup(r, "255.255.255.255").get("name"));
      assertEquals("v6 /32", lookup(r, "2001:db8:ffff::1").get("name"));
      assertEquals("v6 /64", lookup(r, "2001:db8:0:1::99").get("name"));
      assertEquals("v4 /24", lookup(r, "::1.2.3.4").get("name"), "IPv4 lives in ::/96");
      assertEquals("v4 /24", lookup(r, "::ffff:1.2.3.4").get("name"), "Java maps ::ffff:0:0/96");
      assertNull(lookup(r, "1.2.4.1"));
      assertNull(lookup(r, "255.255.255.254"));
      assertNull(lookup(r, "2001:db9::1"));
      assertNull(lookup(r, "::1"));

      DatabaseRecord<Map> rec = r.getRecord(ip("1.2.3.200"), Map.class);
      Network net = rec.network();
      assertEquals(25, net.prefixLength(), "the reader reports the IPv4 prefix length");
      assertEquals("1.2.3.128", net.networkAddress().getHostAddress());
    }
  }

  @Test
  void anIpv4OnlyTree() throws IOException {
    MmdbWriter w = MmdbWriter.ipv4("Test-IPv4").recordSize(24);
    w.insert("10.0.0.0/8", Map.of("n", u16(8)));
    w.insert("10.1.0.0/16", Map.of("n", u16(16)));
    w.insert("128.0.0.0/1", Map.of("n", u16(1)));
    Path file = w.write(dir.resolve("v4.mmdb"));
    try (Reader r = new Reader(file.toFile())) {
      assertEquals(4, r.getMetadata().ipVersion());
      assertEquals(8, lookup(r, "10.200.0.1").get("n"));
      assertEquals(16, lookup(r, "10.1.2.3").get("n"));
      assertEquals(1, lookup(r, "200.1.2.3").get("n"));
      assertNull(lookup(r, "11.0.0.1"));
    }
    assertThrows(IllegalArgumentException.class, () -> w.insert("2001:db8::/32", Map.of()));
  }

  @Test
  void theNarrowerNetworkWinsWhateverTheInsertOrder() throws IOException {
    MmdbWriter w = MmdbWriter.ipv6("Test-Order");
    w.insert("192.0.2.64/26", Map.of("n", "narrow"));
    w.insert("192.0.2.0/24", Map.of("n", "wide"));
    Path file = w.write(dir.resolve("order.mmdb"));
    try (Reader r = new Reader(file.toFile())) {
      assertEquals("narrow", lookup(r, "192.0.2.100").get("n"));
      assertEquals("wide", lookup(r, "192.0.2.1").get("n"));
      assertEquals("wide", lookup(r, "192.0.2.200").get("n"));
    }
  }

  @Test
  void everyDataTypeDecodesAsTheSpecificationSays() throws IOException {
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("utf8", "Linköping – 東京");
    rec.put("double", -122.3149);
    rec.put("float", 1.5f);
    rec.put("true", true);
    rec.put("false", false);
    rec.put("bytes", new byte[] {0, 1, (byte) 0xFF});
    rec.put("u16", u16(65535));
    rec.put("u16zero", u16(0));
    rec.put("u32", u32(4_294_967_295L));
    rec.put("u64", u64(new BigInteger("18446744073709551615")));
    rec.put("u128", u128(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)));
    rec.put("i32neg", i32(-5));
    rec.put("i32pos", i32(300));
    rec.put("array", List.of("a", u16(2), List.of(true)));
    rec.put("nested", Map.of("inner", Map.of("deep", "yes")));
    rec.put("long string", "x".repeat(300));
    rec.put("longer string", "y".repeat(70_000));
    Map<String, Object> wide = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      wide.put("k" + i, u32(i));
    }
    rec.put("wide map", wide);
    List<Object> longArray = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      longArray.add(u16(i));
    }
    rec.put("long array", longArray);

    Path file = MmdbWriter.ipv6("Test-Types").insert("203.0.113.0/24", rec).write(dir.resolve("t"));
    try (Reader r = new Reader(file.toFile())) {
      Map<String, Object> got = lookup(r, "203.0.113.9");
      assertEquals("Linköping – 東京", got.get("utf8"));
      assertEquals(-122.3149, got.get("double"));
      assertEquals(1.5f, got.get("float"));
      assertEquals(true, got.get("true"));
      assertEquals(false, got.get("false"));
      assertArrayEquals(new byte[] {0, 1, (byte) 0xFF}, (byte[]) got.get("bytes"));
      assertEquals(65535, got.get("u16"));
      assertEquals(0, got.get("u16zero"));
      assertEquals(4_294_967_295L, got.get("u32"));
      assertEquals(new BigInteger("18446744073709551615"), got.get("u64"));
      assertEquals(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE), got.get("u128"));
      assertEquals(-5, got.get("i32neg"));
      assertEquals(300, got.get("i32pos"));
      assertEquals(List.of("a", 2, List.of(true)), got.get("array"));
      assertEquals(Map.of("inner", Map.of("deep", "yes")), got.get("nested"));
      assertEquals("x".repeat(300), got.get("long string"));
      assertEquals("y".repeat(70_000), got.get("longer string"));
      assertEquals(40, ((Map<?, ?>) got.get("wide map")).size());
      assertEquals(39L, ((Map<?, ?>) got.get("wide map")).get("k39"));
      assertEquals(300, ((List<?>) got.get("long array")).size());
      assertEquals(299, ((List<?>) got.get("long array")).get(299));
    }
  }

  @Test
  void metadataReadsBack() throws IOException {
    Path file =
        MmdbWriter.ipv6("GeoIP2-City")
            .languages("en", "de")
            .description("en", "english")
            .description("de", "deutsch")
            .buildEpoch(1_234_567_890L)
            .insert("198.51.100.0/24", Map.of("x", "y"))
            .write(dir.resolve("m.mmdb"));
    try (Reader r = new Reader(file.toFile())) {
      Metadata m = r.getMetadata();
      assertEquals(2, m.binaryFormatMajorVersion());
      assertEquals(0, m.binaryFormatMinorVersion());
      assertEquals("GeoIP2-City", m.databaseType());
      assertEquals(List.of("en", "de"), m.languages());
      assertEquals("deutsch", m.description().get("de"));
      assertEquals(BigInteger.valueOf(1_234_567_890L), m.buildEpoch());
      assertTrue(m.nodeCount() >= 120, "a /24 in ::/96 is at least 120 nodes deep");
    }
  }

  @Test
  void identicalRecordsAreStoredOnce() {
    MmdbWriter one = MmdbWriter.ipv6("Test-Dedup").insert("1.0.0.0/24", Map.of("k", "v"));
    MmdbWriter two =
        MmdbWriter.ipv6("Test-Dedup")
            .insert("1.0.0.0/24", Map.of("k", "v"))
            .insert("1.0.1.0/24", Map.of("k", "v"));
    // The two /24s are the two halves of one /23: the same nodes, one more record pointing at the
    // same data, so the file only grows if the record is stored twice.
    assertEquals(one.toBytes().length, two.toBytes().length);
  }

  @Test
  void refusesAmbiguousIntegersAndBadNetworks() {
    MmdbWriter w = MmdbWriter.ipv6("Test");
    assertThrows(IllegalArgumentException.class, () -> w.insert("1.0.0.0/8", Map.of("n", 1)));
    assertThrows(IllegalArgumentException.class, () -> w.insert("1.0.0.0/8", Map.of("n", 1L)));
    assertThrows(IllegalArgumentException.class, () -> w.insert("example.com/8", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> w.insert("1.0.0.0/33", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> w.insert("1.0.0.0/0", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> u16(65536));
    assertThrows(IllegalArgumentException.class, () -> u32(-1));
    assertThrows(IllegalArgumentException.class, () -> w.recordSize(20));
  }

  @Test
  void geoIp2ReadsTheFixturesAsCityAndAsnDatabases() throws Exception {
    MmdbFixtures.CityAndAsn files = MmdbFixtures.writeCityAndAsn(dir);
    try (DatabaseReader city =
            new DatabaseReader.Builder(files.city().toFile()).withCache(new CHMCache()).build();
        DatabaseReader asn = new DatabaseReader.Builder(new File(files.asn().toString())).build()) {
      assertEquals("GeoIP2-City", city.getMetadata().databaseType());
      CityResponse london = city.tryCity(ip("81.2.69.142")).orElseThrow();
      assertEquals("London", london.city().name());
      assertEquals("United Kingdom", london.country().name());
      assertEquals("GB", london.country().isoCode());
      assertEquals(2643743L, london.city().geonameId());
      assertEquals("England", london.subdivisions().get(0).name());
      assertEquals(51.5142, london.location().latitude());
      assertEquals(-0.0931, london.location().longitude());
      assertEquals(10, london.location().accuracyRadius());
      assertEquals(31, london.traits().network().prefixLength());

      CityResponse boxford = city.tryCity(ip("2.125.160.216")).orElseThrow();
      assertEquals("England", boxford.subdivisions().get(0).name());
      assertEquals("West Berkshire", boxford.mostSpecificSubdivision().name());

      CityResponse japan = city.tryCity(ip("2001:218::1")).orElseThrow();
      assertNull(japan.city().name());
      assertEquals("Japan", japan.country().name());
      assertTrue(city.tryCity(ip("8.8.8.8")).isEmpty());

      AsnResponse bredband = asn.tryAsn(ip("89.160.20.113")).orElseThrow();
      assertEquals(29518L, bredband.autonomousSystemNumber());
      assertEquals("Bredband2 AB", bredband.autonomousSystemOrganization());
      AsnResponse milton = asn.tryAsn(ip("216.160.83.60")).orElseThrow();
      assertEquals(209L, milton.autonomousSystemNumber());
      assertNull(milton.autonomousSystemOrganization());
      assertTrue(asn.tryAsn(ip("81.2.69.142")).isEmpty());
    }
  }
}
