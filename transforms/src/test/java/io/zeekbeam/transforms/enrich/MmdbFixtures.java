package io.zeekbeam.transforms.enrich;

import static io.zeekbeam.transforms.enrich.MmdbWriter.u16;
import static io.zeekbeam.transforms.enrich.MmdbWriter.u32;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small GeoIP2-City and GeoLite2-ASN databases written by {@link MmdbWriter}, for tests here and in
 * {@code pipelines/} (through the transforms test-jar).
 *
 * <p>The four public addresses the sample generator uses as TLS responders (81.2.69.142,
 * 89.160.20.112, 2.125.160.216, 216.160.83.56) carry the same networks and English values as in
 * MaxMind's own test databases, so a test gives the same answers with these fixtures as with
 * MaxMind's GeoIP2-City-Test and GeoLite2-ASN-Test. A few more entries cover an IPv6 network, a
 * network with a country but no city, two subdivisions (the first one counts), and a record with
 * nothing geographic in it.
 */
public final class MmdbFixtures {
  /** File name of the City fixture inside the folder given to {@link #writeCityAndAsn}. */
  public static final String CITY_FILE = "zeekbeam-City-Test.mmdb";

  /** File name of the ASN fixture inside the folder given to {@link #writeCityAndAsn}. */
  public static final String ASN_FILE = "zeekbeam-ASN-Test.mmdb";

  /** The two files written. */
  public record CityAndAsn(Path city, Path asn) {}

  private MmdbFixtures() {}

  /** Writes {@link #CITY_FILE} and {@link #ASN_FILE} into {@code dir}, which must exist. */
  public static CityAndAsn writeCityAndAsn(Path dir) {
    return new CityAndAsn(city().write(dir.resolve(CITY_FILE)), asn().write(dir.resolve(ASN_FILE)));
  }

  /** The City fixture, ready to write (an IPv6 tree with IPv4 in {@code ::/96}). */
  public static MmdbWriter city() {
    MmdbWriter w =
        MmdbWriter.ipv6("GeoIP2-City")
            .languages("en", "de")
            .description("en", "zeekbeam GeoIP2-City test fixture");
    w.insert(
        "81.2.69.142/31",
        cityRecord(
            "London",
            2643743,
            "United Kingdom",
            "GB",
            2635167,
            List.of(subdivision("England", "ENG", 6269131)),
            51.5142,
            -0.0931,
            10));
    w.insert(
        "89.160.20.112/28",
        cityRecord(
            "Linköping",
            2694762,
            "Sweden",
            "SE",
            2661886,
            List.of(subdivision("Östergötland County", "E", 2685867)),
            58.4167,
            15.6167,
            76));
    w.insert(
        "2.125.160.216/29",
        cityRecord(
            "Boxford",
            2655045,
            "United Kingdom",
            "GB",
            2635167,
            List.of(
                subdivision("England", "ENG", 6269131),
                subdivision("West Berkshire", "WBK", 3333217)),
            51.75,
            -1.25,
            100));
    w.insert(
        "216.160.83.56/29",
        cityRecord(
            "Milton",
            5803556,
            "United States",
            "US",
            6252001,
            List.of(subdivision("Washington", "WA", 5815135)),
            47.2513,
            -122.3149,
            22));
    w.insert(
        "2001:218::/32",
        cityRecord(null, 0, "Japan", "JP", 1861060, List.of(), 35.68536, 139.75309, 100));
    w.insert(
        "67.43.156.0/24", cityRecord(null, 0, "Bhutan", "BT", 1252634, List.of(), 27.5, 90.5, 534));
    w.insert("214.1.1.0/24", Map.of("traits", Map.of("is_anycast", true)));
    return w;
  }

  /** The ASN fixture, ready to write. */
  public static MmdbWriter asn() {
    MmdbWriter w =
        MmdbWriter.ipv6("GeoLite2-ASN").description("en", "zeekbeam GeoLite2-ASN test fixture");
    w.insert("89.160.20.112/29", asnRecord(29518, "Bredband2 AB"));
    w.insert("216.160.83.56/29", asnRecord(209, null));
    w.insert("1.0.0.0/24", asnRecord(15169, "Google Inc."));
    w.insert("2001:218::/32", asnRecord(2914, "NTT America, Inc."));
    return w;
  }

  private static Map<String, Object> names(String english) {
    return Map.of("names", Map.of("en", english));
  }

  private static Map<String, Object> subdivision(String name, String isoCode, long geonameId) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("geoname_id", u32(geonameId));
    s.put("iso_code", isoCode);
    s.putAll(names(name));
    return s;
  }

  private static Map<String, Object> cityRecord(
      String city,
      long cityGeonameId,
      String country,
      String countryIso,
      long countryGeonameId,
      List<Map<String, Object>> subdivisions,
      double latitude,
      double longitude,
      int accuracyRadius) {
    Map<String, Object> r = new LinkedHashMap<>();
    if (city != null) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("geoname_id", u32(cityGeonameId));
      c.putAll(names(city));
      r.put("city", c);
    }
    Map<String, Object> ctry = new LinkedHashMap<>();
    ctry.put("geoname_id", u32(countryGeonameId));
    ctry.put("iso_code", countryIso);
    ctry.putAll(names(country));
    r.put("country", ctry);
    r.put("registered_country", ctry);
    Map<String, Object> location = new LinkedHashMap<>();
    location.put("accuracy_radius", u16(accuracyRadius));
    location.put("latitude", latitude);
    location.put("longitude", longitude);
    r.put("location", location);
    if (!subdivisions.isEmpty()) {
      r.put("subdivisions", new ArrayList<>(subdivisions));
    }
    return r;
  }

  private static Map<String, Object> asnRecord(long number, String organization) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("autonomous_system_number", u32(number));
    if (organization != null) {
      r.put("autonomous_system_organization", organization);
    }
    return r;
  }
}
