package io.zeekbeam.transforms.enrich;

import static io.zeekbeam.transforms.enrich.MmdbWriter.u32;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.schemas.AsnInfo;
import io.zeekbeam.schemas.GeoInfo;
import io.zeekbeam.schemas.GeoLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups and start-up checks of {@link GeoIpLookup} over the {@link MmdbFixtures} databases. */
class GeoIpLookupTest {
  @TempDir static Path dir;
  private static MmdbFixtures.CityAndAsn fixtures;
  private static GeoIpLookup both;

  @BeforeAll
  static void writeFixtures() {
    fixtures = MmdbFixtures.writeCityAndAsn(dir);
    both = GeoIpLookup.of(fixtures.city().toString(), fixtures.asn().toString());
  }

  private static GeoInfo geo(
      String city, String country, String subdivision, Double lon, Double lat) {
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

  private static String messageOf(GeoIpLookup lookup) {
    return assertThrows(IllegalArgumentException.class, lookup::validate).getMessage();
  }

  @Test
  void ipv4AddressesGetEnglishNamesTheFirstSubdivisionAndLonLat() {
    try (GeoIpLookup.Readers r = both.open()) {
      GeoInfo london = geo("London", "United Kingdom", "England", -0.0931, 51.5142);
      assertEquals(london, r.geo("81.2.69.142"));
      assertEquals(london, r.geo("81.2.69.143"), "the whole /31");
      assertNull(r.geo("81.2.69.144"));
      assertEquals(
          geo("Boxford", "United Kingdom", "England", -1.25, 51.75),
          r.geo("2.125.160.216"),
          "England, the first subdivision, not West Berkshire, the most specific");
      assertEquals(
          geo("Linköping", "Sweden", "Östergötland County", 15.6167, 58.4167),
          r.geo("89.160.20.112"));
      assertEquals(
          geo("Milton", "United States", "Washington", -122.3149, 47.2513), r.geo("216.160.83.56"));
      assertEquals(geo(null, "Bhutan", null, 90.5, 27.5), r.geo("67.43.156.1"));
    }
  }

  @Test
  void ipv6AndMappedAddresses() {
    try (GeoIpLookup.Readers r = both.open()) {
      GeoInfo japan = geo(null, "Japan", null, 139.75309, 35.68536);
      assertEquals(japan, r.geo("2001:218::1"));
      assertEquals(japan, r.geo("2001:0218:0000:0000:0000:0000:0000:0001"));
      assertEquals(japan, r.geo("2001:218:FFFF::1"));
      assertEquals(japan, r.geo("[2001:218::1]"), "as in a URL or an sshd line");
      assertEquals(asn(2914, "NTT America, Inc."), r.asn("2001:218::1"));
      assertEquals("London", r.geo("::ffff:81.2.69.142").getCity(), "IPv4-mapped is IPv4");
      assertNull(r.geo("2001:219::1"));
    }
  }

  @Test
  void asnNumbersAsLongsAndOrganisationsWhenKnown() {
    try (GeoIpLookup.Readers r = both.open()) {
      assertEquals(asn(29518, "Bredband2 AB"), r.asn("89.160.20.112"));
      assertEquals(asn(209, null), r.asn("216.160.83.56"), "a number without an organisation");
      assertEquals(asn(15169, "Google Inc."), r.asn("1.0.0.1"));
      assertNull(r.asn("81.2.69.142"), "in the City database but not in the ASN database");
      assertEquals(Long.valueOf(29518), r.asn("89.160.20.119").getAsn());
    }
  }

  @Test
  void unknownAddressesAndRecordsWithoutGeographyGiveNull() {
    try (GeoIpLookup.Readers r = both.open()) {
      for (String unknown : new String[] {"8.8.8.8", "1.1.1.1", "2a00:1450::1", "81.2.69.141"}) {
        assertNull(r.geo(unknown), unknown);
        assertNull(r.asn(unknown), unknown);
      }
      assertNull(r.geo("214.1.1.1"), "a record with only traits is not a place");
    }
  }

  private static final String[] SPECIAL = {
    "10.0.0.1",
    "10.10.0.80",
    "172.16.5.4",
    "172.31.255.255",
    "192.168.1.9",
    "127.0.0.1",
    "169.254.1.1",
    "100.64.0.1",
    "0.0.0.0",
    "0.1.2.3",
    "192.0.0.9",
    "192.0.2.1",
    "198.18.0.1",
    "198.51.100.7",
    "203.0.113.9",
    "224.0.0.251",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "::1.2.3.4",
    "fe80::1",
    "fe80::1%eth0",
    "fd00::1",
    "fc00::7",
    "fec0::1",
    "ff02::1",
    "ff05::1:3",
    "2001:db8::1",
    "2001:db8:cafe::443",
    "2001::1",
    "2001:2::1",
    "3fff::1",
    "100::1",
    "64:ff9b:1::1",
    "5f00::1",
    "::ffff:10.0.0.1",
    "::ffff:127.0.0.1"
  };

  @Test
  void privateReservedLoopbackLinkLocalMulticastAndDocumentationAreNeverLookedUp() {
    // A database that places everything: any null below is the lookup refusing the address, not
    // the database not knowing it.
    Map<String, Object> everywhere = Map.of("city", Map.of("names", Map.of("en", "Anywhere")));
    MmdbWriter city = MmdbWriter.ipv6("GeoIP2-City");
    MmdbWriter asnDb = MmdbWriter.ipv6("GeoLite2-ASN");
    for (String half : new String[] {"0.0.0.0/1", "128.0.0.0/1", "::/1", "8000::/1"}) {
      city.insert(half, everywhere);
      asnDb.insert(half, Map.of("autonomous_system_number", u32(64512)));
    }
    Path cityFile = city.write(dir.resolve("everywhere-city.mmdb"));
    Path asnFile = asnDb.write(dir.resolve("everywhere-asn.mmdb"));
    try (GeoIpLookup.Readers r = GeoIpLookup.of(cityFile.toString(), asnFile.toString()).open()) {
      assertEquals("Anywhere", r.geo("8.8.8.8").getCity());
      assertEquals("Anywhere", r.geo("2a00:1450::1").getCity());
      assertEquals(asn(64512, null), r.asn("9.9.9.9"));
      assertEquals("Anywhere", r.geo("2002:5102:458e::1").getCity(), "6to4 is public");
      for (String special : SPECIAL) {
        assertNull(r.geo(special), special);
        assertNull(r.asn(special), special);
      }
    }
  }

  @Test
  void textThatIsNotAnIpLiteralGivesNullAndIsNeverResolved() {
    try (GeoIpLookup.Readers r = both.open()) {
      for (String text :
          new String[] {
            null,
            "",
            " ",
            "-",
            "not-an-ip",
            "example.com",
            "localhost",
            "1.2.3",
            "1.2.3.4.5",
            "256.1.1.1",
            "81.2.69.142:443",
            "81.2.69.142/31",
            "2001:218::1::2",
            "::ffff:81.2.69",
            "0x51.2.69.142",
            "81.2.69.142 extra"
          }) {
        assertNull(r.geo(text), String.valueOf(text));
        assertNull(r.asn(text), String.valueOf(text));
      }
    }
  }

  @Test
  void eitherDatabaseMayBeAbsent() {
    try (GeoIpLookup.Readers r = GeoIpLookup.none().open()) {
      assertNull(r.geo("81.2.69.142"));
      assertNull(r.asn("89.160.20.112"));
    }
    GeoIpLookup cityOnly = GeoIpLookup.none().withCity(fixtures.city().toString());
    assertTrue(cityOnly.hasCity());
    assertFalse(cityOnly.hasAsn());
    try (GeoIpLookup.Readers r = cityOnly.open()) {
      assertEquals("Linköping", r.geo("89.160.20.112").getCity());
      assertNull(r.asn("89.160.20.112"));
    }
    try (GeoIpLookup.Readers r = GeoIpLookup.of(" ", fixtures.asn().toString()).open()) {
      assertNull(r.geo("89.160.20.112"));
      assertEquals(asn(29518, "Bredband2 AB"), r.asn("89.160.20.112"));
    }
    assertTrue(GeoIpLookup.of(null, "").isEmpty());
  }

  @Test
  void anIpv4OnlyDatabaseGivesNullForIpv6InsteadOfFailing() {
    Path v4 =
        MmdbWriter.ipv4("GeoLite2-City")
            .recordSize(24)
            .insert("81.2.69.142/31", Map.of("city", Map.of("names", Map.of("en", "London"))))
            .write(dir.resolve("v4-city.mmdb"));
    try (GeoIpLookup.Readers r = GeoIpLookup.none().withCity(v4.toString()).open()) {
      assertEquals("London", r.geo("81.2.69.142").getCity());
      assertEquals("London", r.geo("::ffff:81.2.69.142").getCity());
      assertNull(r.geo("2001:218::1"));
    }
  }

  @Test
  void readersOnOneFileAreSharedAndOutliveEachOther() {
    String city = fixtures.city().toString();
    assertEquals(0, GeoIpLookup.usersOf(city));
    GeoIpLookup.Readers first = both.open();
    GeoIpLookup.Readers second = both.open();
    assertEquals(2, GeoIpLookup.usersOf(city), "one reader, two users");
    assertThrows(IllegalArgumentException.class, () -> GeoIpLookup.none().withAsn(city).open());
    assertEquals(2, GeoIpLookup.usersOf(city), "a refused open takes no share");
    first.close();
    first.close();
    assertThrows(IllegalStateException.class, () -> first.geo("81.2.69.142"));
    assertEquals(1, GeoIpLookup.usersOf(city), "closing twice releases once");
    assertEquals("London", second.geo("81.2.69.142").getCity(), "still open for the other user");
    second.close();
    assertEquals(0, GeoIpLookup.usersOf(city));
    try (GeoIpLookup.Readers again = both.open()) {
      assertEquals("London", again.geo("81.2.69.142").getCity(), "reopened after the last close");
    }
    both.validate();
    assertEquals(0, GeoIpLookup.usersOf(city), "validate() leaves nothing open");
  }

  @Test
  void theConfigurationIsSerializableAndHoldsPathsOnly() {
    GeoIpLookup copy = SerializableUtils.ensureSerializable(both);
    assertEquals(fixtures.city().toString(), copy.cityPath());
    assertEquals(fixtures.asn().toString(), copy.asnPath());
    assertEquals(both, copy);
    assertNull(GeoIpLookup.none().cityPath());
  }

  @Test
  void aMissingFileNamesTheOptionAndTheFile() {
    String missing = dir.resolve("GeoLite2-City.mmdb").toString();
    assertThat(
        messageOf(GeoIpLookup.none().withCity(missing)),
        allOf(containsString("--geoipCity=" + missing), containsString("no such file")));
    assertThat(
        messageOf(GeoIpLookup.of(fixtures.city().toString(), missing)),
        allOf(containsString("--geoipAsn=" + missing), containsString("ASN database")));
    assertThat(
        messageOf(GeoIpLookup.none().withCity(dir.toString())),
        allOf(containsString("--geoipCity"), containsString("is a directory")));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> GeoIpLookup.none().withAsn(" "))
            .getMessage(),
        containsString("--geoipAsn"));
  }

  @Test
  void aCorruptFileIsRefusedAtStartUp() throws IOException {
    Path text = Files.writeString(dir.resolve("text.mmdb"), "this is not a database\n");
    Path empty = Files.write(dir.resolve("empty.mmdb"), new byte[0]);
    byte[] good = Files.readAllBytes(fixtures.city());
    Path truncated =
        Files.write(dir.resolve("truncated.mmdb"), Arrays.copyOf(good, good.length / 2));
    // Metadata intact, search tree overwritten: only a lookup notices.
    byte[] scrambled = good.clone();
    Arrays.fill(scrambled, 0, 7, (byte) 0xFF);
    Path badTree = Files.write(dir.resolve("bad-tree.mmdb"), scrambled);
    for (Path bad : new Path[] {text, empty, truncated, badTree}) {
      assertThat(
          bad.toString(),
          messageOf(GeoIpLookup.none().withCity(bad.toString())),
          allOf(
              containsString("--geoipCity=" + bad),
              containsString("not a valid MaxMind DB"),
              containsString("download")));
    }
    assertThat(
        messageOf(GeoIpLookup.none().withAsn(text.toString())), containsString("--geoipAsn"));
  }

  @Test
  void aDatabaseOfTheWrongTypeIsRefusedAtStartUp() {
    String city = fixtures.city().toString();
    String asnFile = fixtures.asn().toString();
    assertThat(
        messageOf(GeoIpLookup.none().withAsn(city)),
        allOf(
            containsString("--geoipAsn=" + city),
            containsString("is a GeoIP2-City database"),
            containsString("needs a MaxMind ASN database"),
            containsString("swapped")));
    assertThat(
        messageOf(GeoIpLookup.of(asnFile, city)),
        allOf(containsString("--geoipCity=" + asnFile), containsString("GeoLite2-ASN")));
    Path country =
        MmdbWriter.ipv6("GeoLite2-Country")
            .insert("81.2.69.0/24", Map.of("country", Map.of("names", Map.of("en", "UK"))))
            .write(dir.resolve("country.mmdb"));
    assertThat(
        messageOf(GeoIpLookup.none().withCity(country.toString())),
        allOf(containsString("is a GeoLite2-Country database"), containsString("City database")));
    Path custom =
        MmdbWriter.ipv6("Zeekbeam-Custom")
            .insert("81.2.69.0/24", Map.of("x", "y"))
            .write(dir.resolve("custom.mmdb"));
    assertThat(
        messageOf(GeoIpLookup.none().withCity(custom.toString())),
        allOf(containsString("--geoipCity=" + custom), containsString("Zeekbeam-Custom")));
  }

  @Test
  void aFailedOpenLeavesNothingOpen() throws IOException {
    Path text = Files.write(dir.resolve("junk.mmdb"), "junk".getBytes(StandardCharsets.UTF_8));
    GeoIpLookup half = GeoIpLookup.of(fixtures.city().toString(), text.toString());
    assertThrows(IllegalArgumentException.class, half::open);
    assertEquals(0, GeoIpLookup.usersOf(fixtures.city().toString()));
    assertEquals(0, GeoIpLookup.usersOf(text.toString()));
  }
}
