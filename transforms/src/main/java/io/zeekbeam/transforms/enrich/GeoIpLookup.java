package io.zeekbeam.transforms.enrich;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.record.Location;
import com.maxmind.geoip2.record.Subdivision;
import io.zeekbeam.schemas.AsnInfo;
import io.zeekbeam.schemas.GeoInfo;
import io.zeekbeam.schemas.GeoLocation;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where the MaxMind databases are (a City database for {@code --geoipCity}, an ASN database for
 * {@code --geoipAsn}; either may be absent), and the lookups over them.
 *
 * <p>This object holds paths, not readers, so it is small and serializable into a pipeline. {@link
 * #validate()} checks the files when the pipeline is built, with a message that names the option,
 * the file and what to do; {@link #open()} gives the lookups, and a {@code DoFn} calls it in
 * {@code @Setup} (see {@link GeoIpEnrich}). The files must be at the same path wherever workers
 * run.
 *
 * <p>Lookups never throw for what a log may contain: private, reserved, loopback, link-local,
 * multicast and documentation addresses, addresses the database does not know, and text that is not
 * an IP literal all give null (the whole struct, not a struct of nulls). Names are only ever taken
 * as literals, so a lookup never resolves a name in DNS.
 */
public final class GeoIpLookup implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The command-line option naming the City database. */
  public static final String CITY_OPTION = "--geoipCity";

  /** The command-line option naming the ASN database. */
  public static final String ASN_OPTION = "--geoipAsn";

  /**
   * Special-purpose blocks (IANA's IPv4 and IPv6 special-purpose address registries) that no public
   * database should place, so they are never looked up: "this network", RFC 1918, shared/CGN space,
   * loopback, link-local, IETF protocol assignments, documentation, benchmarking, multicast and
   * reserved (with broadcast); for IPv6 the unspecified, loopback and deprecated IPv4-compatible
   * addresses ({@code ::/96}), local-use NAT64, discard-only, IETF protocol assignments (with
   * Teredo), documentation, SRv6 SIDs, unique local, link-local, site-local and multicast.
   * IPv4-mapped addresses count as their IPv4 address.
   */
  static final LocalNets SPECIAL_PURPOSE =
      LocalNets.parse(
          "0.0.0.0/8,10.0.0.0/8,100.64.0.0/10,127.0.0.0/8,169.254.0.0/16,172.16.0.0/12,"
              + "192.0.0.0/24,192.0.2.0/24,192.168.0.0/16,198.18.0.0/15,198.51.100.0/24,"
              + "203.0.113.0/24,224.0.0.0/4,240.0.0.0/4,"
              + "::/96,64:ff9b:1::/48,100::/64,2001::/23,2001:db8::/32,3fff::/20,5f00::/16,"
              + "fc00::/7,fe80::/10,fec0::/10,ff00::/8");

  /** The two kinds of database, with what each accepts and how to name it to a user. */
  enum Kind {
    CITY(CITY_OPTION, "a MaxMind City database (GeoLite2-City or GeoIP2-City .mmdb)"),
    ASN(ASN_OPTION, "a MaxMind ASN database (GeoLite2-ASN .mmdb)");

    final String option;
    final String wanted;

    Kind(String option, String wanted) {
      this.option = option;
      this.wanted = wanted;
    }

    /** The same test MaxMind's {@link DatabaseReader} applies before a city or ASN lookup. */
    boolean accepts(String databaseType) {
      return this == CITY
          ? databaseType.contains("City") || databaseType.contains("Enterprise")
          : databaseType.contains("GeoLite2-ASN");
    }
  }

  private final @Nullable String cityPath;
  private final @Nullable String asnPath;

  private GeoIpLookup(@Nullable String cityPath, @Nullable String asnPath) {
    this.cityPath = cityPath;
    this.asnPath = asnPath;
  }

  /** No database: {@link #isEmpty()}; add one with {@link #withCity} or {@link #withAsn}. */
  public static GeoIpLookup none() {
    return new GeoIpLookup(null, null);
  }

  /**
   * The databases named by the two options as a user gave them; a null or blank path means that
   * database is absent.
   */
  public static GeoIpLookup of(@Nullable String cityPath, @Nullable String asnPath) {
    return new GeoIpLookup(blankToNull(cityPath), blankToNull(asnPath));
  }

  /** A copy with the City database at {@code path} ({@code --geoipCity}). */
  public GeoIpLookup withCity(String path) {
    return new GeoIpLookup(requirePath(path, Kind.CITY), asnPath);
  }

  /** A copy with the ASN database at {@code path} ({@code --geoipAsn}). */
  public GeoIpLookup withAsn(String path) {
    return new GeoIpLookup(cityPath, requirePath(path, Kind.ASN));
  }

  private static String requirePath(String path, Kind kind) {
    String p = blankToNull(path);
    if (p == null) {
      throw new IllegalArgumentException(
          kind.option + ": the path is empty; give the path of " + kind.wanted);
    }
    return p;
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  public @Nullable String cityPath() {
    return cityPath;
  }

  public @Nullable String asnPath() {
    return asnPath;
  }

  public boolean hasCity() {
    return cityPath != null;
  }

  public boolean hasAsn() {
    return asnPath != null;
  }

  /** True when neither database is given: every lookup gives null. */
  public boolean isEmpty() {
    return cityPath == null && asnPath == null;
  }

  /**
   * Checks, as the pipeline is built, that each given file exists, is readable, is a MaxMind DB and
   * is of the right kind (a City database for {@link #CITY_OPTION}, an ASN database for {@link
   * #ASN_OPTION}).
   *
   * @throws IllegalArgumentException naming the option and the file, and saying what to do
   */
  public GeoIpLookup validate() {
    open().close();
    return this;
  }

  /**
   * Opens the databases for lookups, with the checks of {@link #validate()}. Readers are shared
   * within the JVM, one per file, however many {@code DoFn} instances open them, and closed when
   * the last {@link Readers} on a file is closed; a database replaced on disk is therefore read
   * afresh only once every user of the old one has closed it.
   *
   * @throws IllegalArgumentException as {@link #validate()}
   */
  public Readers open() {
    Shared city = null;
    Shared asn = null;
    try {
      city = cityPath == null ? null : Shared.acquire(cityPath, Kind.CITY);
      asn = asnPath == null ? null : Shared.acquire(asnPath, Kind.ASN);
      return new Readers(city, asn);
    } catch (RuntimeException e) {
      if (city != null) {
        city.release();
      }
      throw e;
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof GeoIpLookup other
        && Objects.equals(cityPath, other.cityPath)
        && Objects.equals(asnPath, other.asnPath);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cityPath, asnPath);
  }

  @Override
  public String toString() {
    return "GeoIpLookup{" + CITY_OPTION + "=" + cityPath + ", " + ASN_OPTION + "=" + asnPath + "}";
  }

  /** How many open {@link Readers} share the reader of the file at {@code path}. */
  static int usersOf(String path) {
    synchronized (Shared.class) {
      Shared shared = Shared.OPEN.get(Paths.get(path).toAbsolutePath().normalize().toString());
      return shared == null ? 0 : shared.users;
    }
  }

  /**
   * The open databases of one {@link GeoIpLookup}: thread-safe; close it when done (a {@code DoFn}
   * does so in {@code @Teardown}).
   */
  public static final class Readers implements AutoCloseable {
    private final @Nullable Shared city;
    private final @Nullable Shared asn;
    private volatile boolean closed;

    private Readers(@Nullable Shared city, @Nullable Shared asn) {
      this.city = city;
      this.asn = asn;
    }

    /**
     * The City database's English city, country, first subdivision and location of {@code ip}; null
     * when there is no City database, when the address is not public or not in the database, or
     * when its record has none of these four.
     *
     * @throws UncheckedIOException if the file was damaged after it was opened
     */
    public @Nullable GeoInfo geo(@Nullable String ip) {
      checkOpen();
      if (city == null) {
        return null;
      }
      InetAddress address = city.lookupAddress(ip);
      if (address == null) {
        return null;
      }
      Optional<CityResponse> response;
      try {
        response = city.reader.tryCity(address);
      } catch (IOException | GeoIp2Exception e) {
        throw city.failure(e);
      }
      return response.map(GeoIpLookup::geoInfo).orElse(null);
    }

    /**
     * The ASN database's autonomous system number and organisation of {@code ip}; null when there
     * is no ASN database, when the address is not public or not in the database.
     *
     * @throws UncheckedIOException if the file was damaged after it was opened
     */
    public @Nullable AsnInfo asn(@Nullable String ip) {
      checkOpen();
      if (asn == null) {
        return null;
      }
      InetAddress address = asn.lookupAddress(ip);
      if (address == null) {
        return null;
      }
      Optional<AsnResponse> response;
      try {
        response = asn.reader.tryAsn(address);
      } catch (IOException | GeoIp2Exception e) {
        throw asn.failure(e);
      }
      return response.map(GeoIpLookup::asnInfo).orElse(null);
    }

    private void checkOpen() {
      if (closed) {
        // Another user may keep the shared reader open, so a lookup could still succeed: refuse
        // it, or a use after close would only show up once this user happened to be the last.
        throw new IllegalStateException("lookup on closed GeoIpLookup.Readers");
      }
    }

    /** Releases the shared readers; closing twice does nothing. */
    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (city != null) {
        city.release();
      }
      if (asn != null) {
        asn.release();
      }
    }
  }

  private static @Nullable GeoInfo geoInfo(CityResponse r) {
    String city = r.city().name();
    String country = r.country().name();
    // The walkthrough's UDF reports the first (least specific) subdivision, e.g. England rather
    // than West Berkshire.
    List<Subdivision> subdivisions = r.subdivisions();
    String subdivision = subdivisions.isEmpty() ? null : subdivisions.get(0).name();
    Location loc = r.location();
    GeoLocation location =
        loc.latitude() == null && loc.longitude() == null
            ? null
            : GeoLocation.builder().setLon(loc.longitude()).setLat(loc.latitude()).build();
    if (city == null && country == null && subdivision == null && location == null) {
      // A record with nothing geographic (e.g. only traits) says no more than no record.
      return null;
    }
    return GeoInfo.builder()
        .setCity(city)
        .setCountry(country)
        .setSubdivision(subdivision)
        .setLocation(location)
        .build();
  }

  private static @Nullable AsnInfo asnInfo(AsnResponse r) {
    Long number = r.autonomousSystemNumber();
    String org = r.autonomousSystemOrganization();
    if (number == null && org == null) {
      return null;
    }
    return AsnInfo.builder().setAsn(number).setOrg(org).build();
  }

  /**
   * The address to look up for {@code text}, or null when it is not an IP literal or is in a
   * special-purpose block. Only literals reach {@link InetAddress}, so no name is resolved.
   */
  static @Nullable InetAddress publicAddress(@Nullable String text) {
    byte[] bytes = LocalNets.bytesOf(text);
    if (bytes == null) {
      return null;
    }
    for (LocalNets.Cidr block : SPECIAL_PURPOSE.blocks()) {
      if (block.contains(bytes)) {
        return null;
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
    }
  }

  /** One open database file, shared by every {@link Readers} on it in this JVM. */
  private static final class Shared {
    private static final Map<String, Shared> OPEN = new HashMap<>();

    private final String key;
    private final Path file;
    private final DatabaseReader reader;
    private final boolean ipv4Only;
    private int users;

    private Shared(String key, Path file, DatabaseReader reader) {
      this.key = key;
      this.file = file;
      this.reader = reader;
      this.ipv4Only = reader.getMetadata().ipVersion() == 4;
    }

    static synchronized Shared acquire(String path, Kind kind) {
      Path file = checkFile(path, kind);
      String key = file.toAbsolutePath().normalize().toString();
      Shared shared = OPEN.get(key);
      if (shared == null) {
        DatabaseReader reader = openReader(path, file, kind);
        try {
          checkType(path, reader, kind);
          probe(path, reader, kind);
        } catch (RuntimeException e) {
          closeQuietly(reader);
          throw e;
        }
        shared = new Shared(key, file, reader);
        OPEN.put(key, shared);
      } else {
        checkType(path, shared.reader, kind);
      }
      shared.users++;
      return shared;
    }

    void release() {
      synchronized (Shared.class) {
        users--;
        if (users == 0) {
          OPEN.remove(key);
          closeQuietly(reader);
        }
      }
    }

    /** The address to look up in this database, or null if it must not or cannot be. */
    @Nullable InetAddress lookupAddress(@Nullable String ip) {
      InetAddress address = publicAddress(ip);
      // MaxMind's reader refuses an IPv6 address outright on an IPv4-only database.
      if (address instanceof Inet6Address && ipv4Only) {
        return null;
      }
      return address;
    }

    /**
     * A lookup failed although the file passed {@link #validate()}: it was damaged or replaced
     * while in use, which no record can work around.
     */
    UncheckedIOException failure(Exception e) {
      return new UncheckedIOException(
          new IOException(
              "the MaxMind database " + file + " failed during a lookup: " + e.getMessage(), e));
    }

    private static Path checkFile(String path, Kind kind) {
      Path file;
      try {
        file = Paths.get(path);
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException(
            kind.option + "=" + path + " is not a valid path (" + e.getReason() + ")");
      }
      if (!Files.exists(file)) {
        throw new IllegalArgumentException(
            kind.option
                + "="
                + path
                + ": no such file. Give the path of "
                + kind.wanted
                + ", or leave "
                + kind.option
                + " out to run without it.");
      }
      if (Files.isDirectory(file)) {
        throw new IllegalArgumentException(
            kind.option + "=" + path + " is a directory; give the path of " + kind.wanted + ".");
      }
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException(
            kind.option
                + "="
                + path
                + " cannot be read by this user; make it readable (e.g. chmod a+r).");
      }
      return file;
    }

    private static DatabaseReader openReader(String path, Path file, Kind kind) {
      try {
        return new DatabaseReader.Builder(file.toFile())
            .locales(List.of("en"))
            .withCache(new CHMCache())
            .build();
      } catch (IOException e) {
        throw corrupt(path, kind, e);
      } catch (IllegalArgumentException e) {
        // DatabaseReader refuses a database type it does not know, e.g. a custom one.
        throw new IllegalArgumentException(
            kind.option
                + "="
                + path
                + " is a MaxMind DB that GeoIP2 cannot read ("
                + e.getMessage()
                + "); give the path of "
                + kind.wanted
                + ".",
            e);
      }
    }

    private static void checkType(String path, DatabaseReader reader, Kind kind) {
      String type = reader.getMetadata().databaseType();
      if (kind.accepts(type)) {
        return;
      }
      Kind other = kind == Kind.CITY ? Kind.ASN : Kind.CITY;
      String hint =
          other.accepts(type)
              ? " It looks like the " + other.option + " database: are the two options swapped?"
              : "";
      throw new IllegalArgumentException(
          kind.option
              + "="
              + path
              + " is a "
              + type
              + " database; "
              + kind.option
              + " needs "
              + kind.wanted
              + "."
              + hint);
    }

    /**
     * Looks up one IPv4 and one IPv6 address, so that a file whose metadata survived but whose
     * search tree or data is damaged fails now, not on a worker halfway through the input.
     */
    private static void probe(String path, DatabaseReader reader, Kind kind) {
      try {
        lookUp(reader, kind, InetAddress.getByAddress(new byte[] {1, 1, 1, 1}));
        if (reader.getMetadata().ipVersion() == 6) {
          byte[] v6 = new byte[16];
          v6[0] = 0x20;
          v6[1] = 0x01;
          v6[2] = 0x48;
          v6[3] = 0x60;
          lookUp(reader, kind, InetAddress.getByAddress(v6));
        }
      } catch (IOException | GeoIp2Exception | RuntimeException e) {
        throw corrupt(path, kind, e);
      }
    }

    private static void lookUp(DatabaseReader reader, Kind kind, InetAddress address)
        throws IOException, GeoIp2Exception {
      if (kind == Kind.CITY) {
        reader.tryCity(address);
      } else {
        reader.tryAsn(address);
      }
    }

    private static IllegalArgumentException corrupt(String path, Kind kind, Exception e) {
      return new IllegalArgumentException(
          kind.option
              + "="
              + path
              + " is not a valid MaxMind DB file ("
              + Objects.toString(e.getMessage(), e.getClass().getSimpleName())
              + "); download it again, or give the path of "
              + kind.wanted
              + ".",
          e);
    }

    private static void closeQuietly(DatabaseReader reader) {
      try {
        reader.close();
      } catch (IOException e) {
        // Nothing depends on the close succeeding: the reader is no longer reachable.
      }
    }
  }
}
