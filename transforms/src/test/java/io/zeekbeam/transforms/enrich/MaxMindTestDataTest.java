package io.zeekbeam.transforms.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Metadata;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import io.zeekbeam.schemas.AsnInfo;
import io.zeekbeam.schemas.GeoInfo;
import io.zeekbeam.schemas.GeoLocation;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-checks against MaxMind's own test databases in {@code ../shared/data/MaxMind-DB}, when that
 * folder is present (a user's clone does not have it; the tests then skip): {@link GeoIpLookup}
 * gives the expected answers of {@code EXPECTED_UDF_ANSWERS.tsv}, and {@link MmdbWriter}, fed what
 * MaxMind's reader decodes from each real database, writes a database that reads back the same.
 * Nothing is copied from that folder into the project.
 */
class MaxMindTestDataTest {
  private static final Path DATA = Paths.get("..", "..", "shared", "data", "MaxMind-DB");
  private static final Path TEST_DATA = DATA.resolve("test-data");

  @TempDir Path dir;

  @BeforeAll
  static void onlyWhenTheDataIsThere() {
    assumeTrue(
        Files.isRegularFile(DATA.resolve("EXPECTED_UDF_ANSWERS.tsv"))
            && Files.isDirectory(TEST_DATA),
        "MaxMind's test databases are not at " + DATA.toAbsolutePath().normalize());
  }

  private static String orNull(String field) {
    return field.equals("null") ? null : field;
  }

  private static Double doubleOrNull(String field) {
    return field.equals("null") ? null : Double.valueOf(field);
  }

  /**
   * The TSV's header comment: lookups shaped like the walkthrough's UDFs, first subdivision,
   * English names, and ASN 0 (with ORG null) when the ASN database does not know the address.
   */
  @Test
  void everyExpectedUdfAnswerMatches() throws IOException {
    List<String> lines =
        Files.readAllLines(DATA.resolve("EXPECTED_UDF_ANSWERS.tsv"), StandardCharsets.UTF_8);
    List<String> mismatches = new ArrayList<>();
    int rows = 0;
    String asnDb = TEST_DATA.resolve("GeoLite2-ASN-Test.mmdb").toString();
    for (String line : lines) {
      if (line.startsWith("#") || line.startsWith("ip\t") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      assertEquals(9, f.length, "columns of: " + line);
      String ip = f[0];
      String cityDb = TEST_DATA.resolve(f[1] + ".mmdb").toString();
      Double lon = doubleOrNull(f[5]);
      Double lat = doubleOrNull(f[6]);
      GeoLocation location =
          lon == null && lat == null ? null : GeoLocation.builder().setLon(lon).setLat(lat).build();
      GeoInfo expectedGeo =
          Stream.of(f[2], f[3], f[4]).allMatch("null"::equals) && location == null
              ? null
              : GeoInfo.builder()
                  .setCity(orNull(f[2]))
                  .setCountry(orNull(f[3]))
                  .setSubdivision(orNull(f[4]))
                  .setLocation(location)
                  .build();
      long asn = Long.parseLong(f[7]);
      String org = orNull(f[8]);
      AsnInfo expectedAsn =
          asn == 0 && org == null
              ? null
              : AsnInfo.builder().setAsn(asn == 0 ? null : asn).setOrg(org).build();
      try (GeoIpLookup.Readers r = GeoIpLookup.of(cityDb, asnDb).open()) {
        GeoInfo geo = r.geo(ip);
        AsnInfo got = r.asn(ip);
        if (!Objects.equals(expectedGeo, geo)) {
          mismatches.add(ip + " in " + f[1] + ": geo " + geo + ", expected " + expectedGeo);
        }
        if (!Objects.equals(expectedAsn, got)) {
          mismatches.add(ip + ": asn " + got + ", expected " + expectedAsn);
        }
      }
      rows++;
    }
    assertTrue(rows >= 40, "read only " + rows + " rows");
    assertEquals(List.of(), mismatches);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GeoIP2-City-Test",
        "GeoLite2-City-Test",
        "GeoIP2-Country-Test",
        "GeoLite2-Country-Test",
        "GeoLite2-ASN-Test",
        "GeoIP2-ISP-Test"
      })
  void theWriterRewritesARealDatabaseFaithfully(String name) throws Exception {
    Path real = TEST_DATA.resolve(name + ".mmdb");
    assumeTrue(Files.isRegularFile(real), real + " is not there");
    List<InetAddress> probes = new ArrayList<>();
    Path copy;
    try (Reader reader = new Reader(real.toFile())) {
      Metadata m = reader.getMetadata();
      MmdbWriter writer =
          (m.ipVersion() == 6
                  ? MmdbWriter.ipv6(m.databaseType())
                  : MmdbWriter.ipv4(m.databaseType()))
              .recordSize(m.recordSize())
              .languages(m.languages().toArray(new String[0]));
      Networks<Map> networks = reader.networks(Map.class);
      while (networks.hasNext()) {
        DatabaseRecord<Map> record = networks.next();
        InetAddress address = record.network().networkAddress();
        writer.insert(
            address.getHostAddress() + "/" + record.network().prefixLength(),
            reEncodable(record.data()));
        probes.add(address);
      }
      copy = writer.write(dir.resolve(name + ".mmdb"));
    }
    assertTrue(probes.size() > 10, name + " has only " + probes.size() + " networks");
    for (String other : new String[] {"8.8.8.8", "127.0.0.1", "2001:218::1", "::1"}) {
      probes.add(InetAddress.getByName(other));
    }
    try (Reader original = new Reader(real.toFile());
        Reader rewritten = new Reader(copy.toFile())) {
      assertEquals(original.getMetadata().databaseType(), rewritten.getMetadata().databaseType());
      for (InetAddress probe : probes) {
        assertEquals(
            original.get(probe, Map.class),
            rewritten.get(probe, Map.class),
            name + " at " + probe.getHostAddress());
      }
    }
  }

  /**
   * What the reader decoded, typed for the writer: the reader gives uint16 and int32 as Integer,
   * uint32 as Long, uint64 and uint128 as BigInteger, so these choices decode back to equal values.
   */
  private static Object reEncodable(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put((String) k, reEncodable(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(MaxMindTestDataTest::reEncodable).toList();
    }
    if (value instanceof Integer i) {
      return i >= 0 && i <= 0xFFFF ? MmdbWriter.u16(i) : MmdbWriter.i32(i);
    }
    if (value instanceof Long l) {
      return MmdbWriter.u32(l);
    }
    if (value instanceof BigInteger b) {
      return b.bitLength() <= 64 ? MmdbWriter.u64(b) : MmdbWriter.u128(b);
    }
    return value;
  }
}
