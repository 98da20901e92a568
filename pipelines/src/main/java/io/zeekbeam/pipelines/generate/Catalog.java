package io.zeekbeam.pipelines.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The made-up network the background traffic comes from: clients, internal servers, public sites
 * with their certificates, and the words that fill URIs, user agents and user names. Everything
 * here is bounded, so the aggregates the expected answers keep (lookups per query, bytes per host
 * and service) are bounded too however many records are generated.
 *
 * <p>Two Zeek sensors watch the network: a legacy one (Zeek 4.0, no {@code Site::local_nets},
 * certificates by file id) on 192.168.1.0/24 and a current one (Zeek 6, certificates by
 * fingerprint) on 10.10.0.0/16 and fd00:10:10::/48.
 */
final class Catalog {
  /** A Zeek sensor, which decides how a record is written. */
  enum Sensor {
    /** Zeek 4.0 without local_nets: no local_orig/local_resp, certificates by file id. */
    LEGACY,
    /** Zeek 6 with local_nets: writes local_orig/local_resp, certificates by fingerprint. */
    CURRENT
  }

  /** The networks the current sensor's Zeek calls local (it does not list link-local). */
  static final LocalNets CURRENT_SENSOR_NETS =
      new LocalNets(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fd00::/8"));

  /** A host on the local network. */
  record Client(String ip4, String ip6, Sensor sensor, String os) {
    String resolver(boolean v6) {
      if (sensor == Sensor.LEGACY) {
        return "192.168.1.1";
      }
      return v6 ? "fd00:10:10::53" : "10.10.0.53";
    }
  }

  /** A public site reachable by TLS or plain HTTP. */
  record Site(
      String domain,
      String ip4,
      String ip6,
      List<String> cnames,
      Certificate leaf,
      Certificate ca,
      int httpPort,
      List<String> uris,
      String mime) {}

  static final String[] OS = {"windows", "windows", "windows", "linux", "mac"};

  static final String[][] USER_AGENTS = {
    {
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/133.0.0.0 Safari/537.36 Edg/133.0.0.0",
      "Microsoft-CryptoAPI/10.0",
      "Microsoft NCSI",
      "Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.71"
    },
    {
      "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:135.0) Gecko/20100101 Firefox/135.0",
      "Debian APT-HTTP/1.3 (2.6.1)",
      "Wget/1.21.3",
      "curl/7.88.1"
    },
    {
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
          + " Version/18.3 Safari/605.1.15",
      "com.apple.trustd/3.0",
      "CaptiveNetworkSupport-481.60.2 wispr",
      "curl/8.7.1"
    }
  };

  static final String[] ATTACKER_PREFIXES = {
    "45.148.10.",
    "185.220.101.",
    "193.32.162.",
    "141.98.11.",
    "92.255.85.",
    "218.92.0.",
    "61.177.172.",
    "180.101.88.",
    "194.169.175.",
    "80.94.95."
  };

  static final String[] SCANNER_PREFIXES = {
    "162.142.125.", "167.94.138.", "71.6.199.", "198.235.24.", "147.185.132.", "205.210.31."
  };

  static final String[] ATTACK_USERS = {
    "admin",
    "test",
    "oracle",
    "ubuntu",
    "pi",
    "git",
    "postgres",
    "user",
    "ftpuser",
    "support",
    "guest",
    "deploy",
    "hadoop",
    "minecraft",
    "ansible",
    "jenkins",
    "steam",
    "nagios"
  };

  static final String[] STAFF = {"alice", "bob", "carol", "dave", "deploy", "backup"};

  /** Syslog hosts: name, address, header style, UTC offset. */
  record SshHost(String name, String ip, SyslogLine.Style style, int offsetMinutes) {}

  static final List<SshHost> SSH_HOSTS =
      List.of(
          new SshHost("bastion01", "10.10.0.22", SyslogLine.Style.RFC3339, 0),
          new SshHost("web01", "10.10.0.80", SyslogLine.Style.RFC3339, 60),
          new SshHost("db01", "10.10.0.30", SyslogLine.Style.RFC5424, 0));

  /** Names looked up without a connection following: reverse, TXT, failing lookups. */
  static final String[][] MISC_LOOKUPS = {
    {"wpad.corp.example", "A", "NXDOMAIN"},
    {"isatap.corp.example", "A", "NXDOMAIN"},
    {"_dmarc.corp.example", "TXT", "v=DMARC1; p=quarantine; rua=mailto:dmarc@corp.example"},
    {"corp.example", "TXT", "v=spf1 mx include:spf.protection.outlook.com -all"},
    {"time.windows.com", "A", "168.61.215.74"},
    {"ntp.ubuntu.com", "A", "185.125.190.58"},
    {"2.pool.ntp.org", "A", "162.159.200.123"},
    {"fileserver.corp.example", "A", "10.10.0.10"},
    {"printer.corp.example", "A", "192.168.1.50"},
    {"10.0.10.10.in-addr.arpa", "PTR", "fileserver.corp.example"},
    {"22.0.10.10.in-addr.arpa", "PTR", "bastion01.corp.example"},
    {"50.1.168.192.in-addr.arpa", "PTR", "printer.corp.example"},
    {"68.185.250.142.in-addr.arpa", "PTR", "fra24s06-in-f4.1e100.net"},
    {"200.197.79.204.in-addr.arpa", "PTR", "a-0001.a-msedge.net"},
    {"4.121.82.140.in-addr.arpa", "PTR", "lb-140-82-121-4-fra.github.com"},
    {"telemetry.corp.example", "A", "SERVFAIL"}
  };

  /** Lookups of listed ad servers, rarer than the others. */
  static final String[][] AD_LOOKUPS = {
    {"static.a-ads.com", "A", "104.18.34.12"},
    {"abcstats.com", "A", "199.59.243.225"},
    {"ad.a8.net", "A", "175.41.226.135"}
  };

  final List<Client> clients = new ArrayList<>();
  final List<Site> tlsSites = new ArrayList<>();
  final List<Site> httpSites = new ArrayList<>();

  /** Plain-HTTP ad servers, some of them on the generated watchlist. */
  final List<Site> adSites = new ArrayList<>();

  /** The legacy sensor's printer and the current sensor's NAS, both {@code CN=localhost}. */
  final Certificate printerCert;

  final Certificate nasCert;
  final Certificate intranetCert;
  final Certificate intranetCa;

  private final long seed;
  private final long start;
  private final SplittableRandom random;

  Catalog(long seed, long start) {
    this.seed = seed;
    this.start = start;
    this.random = new SplittableRandom(seed ^ 0xCA7A106L);
    for (int i = 20; i < 46; i++) {
      clients.add(new Client("192.168.1." + i, null, Sensor.LEGACY, pick(OS)));
    }
    for (int i = 10; i < 90; i++) {
      String v6 = i % 4 == 0 ? "fd00:10:10:1::" + Integer.toHexString(0x100 + i) : null;
      clients.add(new Client("10.10.1." + i, v6, Sensor.CURRENT, pick(OS)));
    }
    for (int i = 10; i < 40; i++) {
      clients.add(new Client("10.10.2." + i, null, Sensor.CURRENT, pick(OS)));
    }

    Certificate r11 =
        ca(
            "CN=R11,O=Let's Encrypt,C=US",
            "CN=ISRG Root X1,O=Internet Security Research Group,C=US",
            true);
    Certificate e6 =
        ca(
            "CN=E6,O=Let's Encrypt,C=US",
            "CN=ISRG Root X2,O=Internet Security Research Group,C=US",
            false);
    Certificate wr2 =
        ca(
            "CN=WR2,O=Google Trust Services,C=US",
            "CN=GTS Root R1,O=Google Trust Services LLC,C=US",
            true);
    Certificate digicert =
        ca(
            "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1,O=DigiCert Inc,C=US",
            "CN=DigiCert Global Root G2,OU=www.digicert.com,O=DigiCert Inc,C=US",
            true);
    Certificate azure =
        ca(
            "CN=Microsoft Azure RSA TLS Issuing CA 04,O=Microsoft Corporation,C=US",
            "CN=DigiCert Global Root G2,OU=www.digicert.com,O=DigiCert Inc,C=US",
            true);
    Certificate amazon =
        ca("CN=Amazon RSA 2048 M02,O=Amazon,C=US", "CN=Amazon Root CA 1,O=Amazon,C=US", true);
    Certificate sectigo =
        ca(
            "CN=Sectigo RSA Domain Validation Secure Server CA,O=Sectigo Limited,L=Salford,"
                + "ST=Greater Manchester,C=GB",
            "CN=USERTrust RSA Certification Authority,O=The USERTRUST Network,L=Jersey City,"
                + "ST=New Jersey,C=US",
            true);
    Certificate globalsign =
        ca(
            "CN=GlobalSign Atlas R3 DV TLS CA 2025 Q1,O=GlobalSign nv-sa,C=BE",
            "CN=GlobalSign,OU=GlobalSign Root CA - R3,O=GlobalSign",
            true);

    tls("www.google.com", "142.250.185.68", "2a00:1450:4001:82b::2004", List.of(), wr2, null);
    tls("fonts.gstatic.com", "142.250.186.35", "2a00:1450:4001:81d::2003", List.of(), wr2, null);
    tls(
        "www.youtube.com",
        "142.250.185.78",
        "2a00:1450:4001:80e::200e",
        List.of("youtube-ui.l.google.com"),
        wr2,
        null);
    tls("update.googleapis.com", "142.250.186.99", null, List.of(), wr2, null);
    tls(
        "login.microsoftonline.com",
        "20.190.160.20",
        null,
        List.of("login.mso.msidentity.com", "ak.privatelink.msidentity.com"),
        azure,
        "O=Microsoft Corporation,L=Redmond,ST=WA,C=US");
    tls(
        "outlook.office365.com",
        "52.97.146.162",
        null,
        List.of("outlook.ms-acdc.office.com"),
        azure,
        "O=Microsoft Corporation,L=Redmond,ST=WA,C=US");
    tls(
        "www.bing.com",
        "204.79.197.200",
        "2620:1ec:c11::200",
        List.of("www-www.bing.com.trafficmanager.net"),
        azure,
        "O=Microsoft Corporation,L=Redmond,ST=WA,C=US");
    tls("github.com", "140.82.121.4", null, List.of(), sectigo, null);
    tls("api.github.com", "140.82.121.6", null, List.of(), sectigo, null);
    tls(
        "objects.githubusercontent.com",
        "185.199.108.133",
        "2606:50c0:8000::154",
        List.of(),
        digicert,
        "O=GitHub\\, Inc.,L=San Francisco,ST=California,C=US");
    tls(
        "www.wikipedia.org",
        "185.15.59.224",
        "2a02:ec80:300:ed1a::1",
        List.of("dyna.wikimedia.org"),
        e6,
        null);
    tls(
        "en.wikipedia.org",
        "185.15.59.224",
        "2a02:ec80:300:ed1a::1",
        List.of("dyna.wikimedia.org"),
        e6,
        null);
    tls("slack.com", "3.121.6.180", null, List.of(), amazon, null);
    tls(
        "s3.amazonaws.com",
        "52.217.160.48",
        null,
        List.of("s3-1-w.amazonaws.com"),
        digicert,
        "O=Amazon.com\\, Inc.,L=Seattle,ST=Washington,C=US");
    tls(
        "cdn.jsdelivr.net",
        "151.101.1.229",
        null,
        List.of("jsdelivr.map.fastly.net"),
        globalsign,
        null);
    tls("www.cloudflare.com", "104.16.124.96", "2606:4700::6810:7c60", List.of(), e6, null);
    tls(
        "www.reddit.com",
        "151.101.1.140",
        null,
        List.of("reddit.map.fastly.net"),
        digicert,
        "O=Reddit Inc.,L=SAN FRANCISCO,ST=California,C=US");
    tls("news.ycombinator.com", "209.216.230.207", null, List.of(), r11, null);
    tls("www.debian.org", "151.101.2.132", null, List.of("debian.map.fastly.net"), r11, null);
    // Addresses in MaxMind's public GeoIP2 test databases, so that geo enrichment has values.
    tls("shop.uk.example", "81.2.69.142", null, List.of(), r11, null);
    tls("cdn.se.example", "89.160.20.112", null, List.of(), e6, null);
    tls("mail.gb.example", "2.125.160.216", null, List.of(), sectigo, null);
    tls("api.us.example", "216.160.83.56", null, List.of(), r11, null);

    http("connectivity-check.ubuntu.com", "185.125.190.49", 80, List.of("/"), "text/plain");
    http(
        "detectportal.firefox.com",
        "34.107.221.82",
        80,
        List.of("/canonical.html", "/success.txt?ipv4"),
        "text/plain");
    http(
        "ocsp.digicert.com",
        "93.184.220.29",
        80,
        List.of(
            "/MFEwTzBNMEswSTAJBgUrDgMCGgUABBQ50otx%2Fh0Ztl%2Bz8SiPI7wEWVxDlQQUTiJUIBiV5uNu5g"
                + "%2F6%2BrkS7QYXjzkCEAUZZSZEml49Gjh0j13P68w%3D"),
        "application/ocsp-response");
    http(
        "ctldl.windowsupdate.com",
        "93.184.221.240",
        80,
        List.of(
            "/msdownload/update/v3/static/trustedr/en/authrootstl.cab?7e5c1a9f2a1d8b3c",
            "/msdownload/update/v3/static/trustedr/en/disallowedcertstl.cab?0fd0e8b8b2a4c6d1"),
        "application/vnd.ms-cab-compressed");
    http(
        "deb.debian.org",
        "151.101.2.132",
        80,
        List.of(
            "/debian/dists/bookworm/InRelease",
            "/debian/pool/main/c/curl/libcurl4_7.88.1-10+deb12u12_amd64.deb"),
        "application/x-debian-package");
    http("www.msftconnecttest.com", "13.107.4.52", 80, List.of("/connecttest.txt"), "text/plain");
    http(
        "api.us.example",
        "216.160.83.56",
        8080,
        List.of("/v1/status", "/v1/metrics"),
        "application/json");
    adSites.add(
        new Site(
            "static.a-ads.com",
            "104.18.34.12",
            null,
            List.of(),
            null,
            null,
            80,
            List.of("/ads/banner.js?size=728x90"),
            "application/javascript"));
    adSites.add(
        new Site(
            "abcstats.com",
            "199.59.243.225",
            null,
            List.of(),
            null,
            null,
            80,
            List.of("/pixel.gif?id=88213&r=1"),
            "image/gif"));
    adSites.add(
        new Site(
            "adserver.adtech.example",
            "198.18.7.20",
            null,
            List.of(),
            null,
            null,
            80,
            List.of("/serve?zone=17"),
            "text/html"));

    printerCert =
        Certificate.rsa(
            Ids.fingerprint(seed, "printer"),
            "CN=localhost",
            "CN=localhost",
            serial(16),
            start - 900 * Times.DAY,
            start + 2750 * Times.DAY,
            List.of("localhost"));
    nasCert =
        Certificate.rsa(
            Ids.fingerprint(seed, "nas"),
            "CN=localhost",
            "CN=Synology Inc. CA,O=Synology Inc.,C=TW",
            serial(18),
            start - 400 * Times.DAY,
            start + 330 * Times.DAY,
            List.of("localhost", "nas.corp.example"));
    intranetCa =
        ca(
            "CN=Corp Issuing CA 1,O=Example Corp\\, Ltd.,C=GB",
            "CN=Corp Root CA,O=Example Corp\\, Ltd.,C=GB",
            true);
    intranetCert =
        Certificate.rsa(
            Ids.fingerprint(seed, "intranet"),
            "CN=intranet.corp.example,OU=IT,O=Example Corp\\, Ltd.,L=London,C=GB",
            intranetCa.subject(),
            serial(20),
            start - 200 * Times.DAY,
            start + 165 * Times.DAY,
            List.of("intranet.corp.example", "wiki.corp.example"));
  }

  private String pick(String[] a) {
    return a[random.nextInt(a.length)];
  }

  private String serial(int digits) {
    return Ids.serial(random, digits);
  }

  private Certificate ca(String subject, String issuer, boolean rsa) {
    long nvb = start - (400 + random.nextInt(300)) * Times.DAY;
    long nva = nvb + 5 * 365 * Times.DAY;
    String fp = Ids.fingerprint(seed, "ca:" + subject);
    Certificate c =
        rsa
            ? Certificate.rsa(fp, subject, issuer, serial(32), nvb, nva, List.of())
            : Certificate.ecdsa(fp, subject, issuer, serial(32), nvb, nva, List.of());
    return c.asCa();
  }

  private void tls(
      String domain, String ip4, String ip6, List<String> cnames, Certificate ca, String org) {
    boolean letsEncrypt = ca.subject().contains("Let's Encrypt");
    long days = letsEncrypt ? 90 : 397;
    // Some certificates are younger than 30 days at the start, so new-certs has background rows.
    long age = letsEncrypt ? 1 + random.nextInt(85) : 20 + random.nextInt(360);
    long nvb =
        Times.floor(start - age * Times.DAY - random.nextInt(86_400) * Times.SECOND, Times.SECOND);
    String subject = "CN=" + domain + (org == null ? "" : "," + org);
    String fp = Ids.fingerprint(seed, "leaf:" + domain);
    Certificate leaf =
        ca.keyType().equals("rsa")
            ? Certificate.rsa(
                fp, subject, ca.subject(), serial(32), nvb, nvb + days * Times.DAY, List.of(domain))
            : Certificate.ecdsa(
                fp,
                subject,
                ca.subject(),
                serial(32),
                nvb,
                nvb + days * Times.DAY,
                List.of(domain));
    tlsSites.add(new Site(domain, ip4, ip6, cnames, leaf, ca, 443, List.of(), null));
  }

  private void http(String domain, String ip4, int port, List<String> uris, String mime) {
    httpSites.add(new Site(domain, ip4, null, List.of(), null, null, port, uris, mime));
  }
}
