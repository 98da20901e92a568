package io.zeekbeam.pipelines.generate;

import io.zeekbeam.pipelines.generate.Catalog.Sensor;
import io.zeekbeam.pipelines.generate.Catalog.SshHost;
import io.zeekbeam.pipelines.generate.SyslogLine.Failure;
import io.zeekbeam.pipelines.generate.Traffic.Answer;
import io.zeekbeam.pipelines.generate.ZeekEvent.Conn;
import io.zeekbeam.pipelines.generate.ZeekEvent.Dns;
import io.zeekbeam.pipelines.generate.ZeekEvent.Http;
import io.zeekbeam.pipelines.generate.ZeekEvent.Ssl;
import io.zeekbeam.pipelines.generate.ZeekEvent.X509;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The cases every analytic must get right, at fixed times in the first two hours: the ones the
 * walkthrough gets wrong (a {@code LIKE} prefix for a network, a subject join, a brute-force
 * grouping that never fires), the boundaries of every window and join, the forms of input that are
 * easy to misparse, and a few lines that cannot be parsed at all.
 *
 * <p>Times are offsets from the first five-minute boundary at or after the configured start, so
 * that the windows the cases are built around are the analytics' epoch-aligned windows. Cases that
 * sit on a boundary use fractions such as .25 or .5, exact in binary floating point, so that a
 * reader computing with doubles gets the same answer. Planted addresses (10.99.0.0/24,
 * 203.0.113.0/24, 198.51.100.0/24, 2001:db8::/32) are never used by the background traffic, so the
 * cases' own answers are not disturbed by it.
 */
final class PlantedCases {
  static final String RESOLVER = "10.10.0.53";

  private final Traffic tr;
  private final long seed;
  private final long base;
  private final List<Scenario> scenarios = new ArrayList<>();
  private final List<WatchlistRow> watchlist = new ArrayList<>();
  private int nextPort = 40000;

  PlantedCases(Traffic tr, long seed, long start) {
    this.tr = tr;
    this.seed = seed;
    this.base = Times.ceil(start, 5 * Times.MINUTE);
    watchlist();
    inbound();
    lookups();
    richDns();
    hostnameCounts();
    geo();
    certificates();
    failedLogins();
    bruteForce();
    watchlistMatches();
    bytesByService();
    badLines();
    scenarios.sort(Comparator.comparingLong(s -> s.start));
  }

  /** The planted scenarios in order of start. */
  List<Scenario> scenarios() {
    return scenarios;
  }

  List<WatchlistRow> watchlistRows() {
    return watchlist;
  }

  /** The end of the planted period, for sizing the background. */
  long end() {
    return at(7200);
  }

  private long at(double offsetSeconds) {
    return base + Math.round(offsetSeconds * Times.SECOND);
  }

  private Scenario scenario(double offsetSeconds) {
    Scenario s = new Scenario(at(offsetSeconds));
    scenarios.add(s);
    return s;
  }

  private int port() {
    nextPort += 7;
    return nextPort;
  }

  // ------------------------------------------------------------------------------- watchlist

  private void watchlist() {
    String mvps = "https://winhelp2002.mvps.org/hosts.txt";
    String lists = "https://lists.example.org/adservers.txt";
    String older = Long.toString(Times.floor(base, Times.DAY) / Times.SECOND - 6 * 86_400);
    String newer = Long.toString(Times.floor(base, Times.DAY) / Times.SECOND - 2 * 86_400);
    String[] mvpsHosts = {
      "fr.a2dfp.net",
      "mfr.a2dfp.net",
      "ad.a8.net",
      "asy.a8ww.net",
      "static.a-ads.com",
      "abcstats.com",
      "track.acclaimnetwork.com",
      "csh.actiondesk.com",
      "ads.activepower.net"
    };
    int id = 1;
    for (String h : mvpsHosts) {
      watchlist.add(new WatchlistRow(Integer.toString(id++), older, h, mvps));
    }
    watchlist.add(new WatchlistRow(Integer.toString(id++), newer, "ads.example.com", lists));
    watchlist.add(new WatchlistRow(Integer.toString(id++), newer, "tracker.example.net", lists));
    watchlist.add(new WatchlistRow(Integer.toString(id), newer, "pixel.adnet.example", lists));
  }

  // ------------------------------------------------------------------------------- conn helpers

  private Conn tcp(
      Scenario s,
      Sensor sensor,
      long ts,
      String orig,
      String resp,
      int respP,
      String service,
      long duration,
      String state,
      String history) {
    Conn c = tr.conn(s, sensor, ts, tr.ids.uid(), orig, port(), resp, respP, "tcp", service);
    boolean established = state.equals("SF") || state.equals("S1") || state.equals("RSTO");
    return Traffic.sizes(
        c,
        duration,
        established ? 900 : 0,
        established ? 4200 : 0,
        established ? 8 : 1,
        established ? 7 : (state.equals("REJ") ? 1 : 0),
        state,
        history);
  }

  // ------------------------------------------------------------------------------- 1 inbound

  private void inbound() {
    // From the internet to 192.168.1.5, seen by the legacy sensor: local_orig not written.
    tcp(
        scenario(60),
        Sensor.LEGACY,
        at(60),
        "203.0.113.45",
        "192.168.1.5",
        22,
        "ssh",
        12 * Times.SECOND,
        "SF",
        "ShAdDaFf");
    // To 192.168.10.5: local by default, which the walkthrough's LIKE '192.168.1%' agrees with
    // only by accident; outside 192.168.1.0/24 (see the inbound-localnets-... answer).
    tcp(
        scenario(80),
        Sensor.LEGACY,
        at(80),
        "198.51.100.77",
        "192.168.10.5",
        443,
        null,
        Times.SECOND / 1000,
        "REJ",
        "Sr");
    // IPv6 from the internet to a ULA web server; a long connection, so a late line.
    tcp(
        scenario(100),
        Sensor.CURRENT,
        at(100),
        "2001:db8:bad::1",
        "fd00:10:10::80",
        80,
        "http",
        240 * Times.SECOND,
        "SF",
        "ShADadFf");
    tcp(
        scenario(120),
        Sensor.CURRENT,
        at(120),
        "203.0.113.46",
        "172.16.4.20",
        3389,
        null,
        0,
        "S0",
        "S");
    // Local to local: not inbound.
    tcp(
        scenario(140),
        Sensor.CURRENT,
        at(140),
        "10.10.1.23",
        "192.168.1.5",
        22,
        "ssh",
        30 * Times.SECOND,
        "SF",
        "ShAdDaFf");
    // Internet to internet (transit): responder not local.
    tcp(
        scenario(160),
        Sensor.CURRENT,
        at(160),
        "203.0.113.47",
        "198.51.100.10",
        25,
        null,
        0,
        "S0",
        "S");
    // Zeek's own local_nets lacked IPv6 here, so it wrote local_orig=F for a ULA origin: a value
    // Zeek wrote is taken as written, so this counts as inbound.
    Scenario trap = scenario(180);
    Conn c =
        tcp(
            trap,
            Sensor.CURRENT,
            at(180),
            "fd00:10:10:1::20",
            "fd00:10:10::5",
            22,
            "ssh",
            20 * Times.SECOND,
            "SF",
            "ShAdDaFf");
    c.localOrig = false;
    c.localResp = false;
    // Link-local responders, IPv4 and IPv6, from the internet.
    tcp(
        scenario(200),
        Sensor.LEGACY,
        at(200),
        "203.0.113.48",
        "169.254.10.20",
        80,
        null,
        0,
        "S0",
        "S");
    Scenario ll6 = scenario(220);
    Conn u =
        tr.conn(
            ll6,
            Sensor.LEGACY,
            at(220),
            tr.ids.uid(),
            "2001:db8:feed::9",
            5353,
            "fe80::20c:29ff:fe12:3456",
            5353,
            "udp",
            "dns");
    Traffic.sizes(u, 0, 40, 0, 1, 0, "S0", "D");
    tcp(
        scenario(240),
        Sensor.LEGACY,
        at(240),
        "192.168.1.77",
        "192.168.1.5",
        445,
        "smb",
        3 * Times.SECOND,
        "SF",
        "ShADadFf");
    tcp(
        scenario(260),
        Sensor.LEGACY,
        at(260),
        "203.0.113.49",
        "10.10.5.5",
        8080,
        null,
        0,
        "REJ",
        "Sr");
  }

  // ------------------------------------------------------------------------------- 2 lookups

  private void lookup(double offset, String client, String query) {
    Scenario s = scenario(offset);
    tr.lookup(
        s,
        Sensor.CURRENT,
        s.start,
        client,
        RESOLVER,
        List.of(query),
        List.of("A"),
        List.of(new Answer(List.of("198.51.100.200"), List.of(300 * Times.SECOND), "NOERROR")));
  }

  private void lookups() {
    for (int i = 0; i < 7; i++) {
      lookup(300 + i * 37.5, "10.99.0." + (1 + i % 3), "planted-seven.example.net");
    }
    lookup(320, "10.99.0.4", "planted-one.example.net");
    // A different query string: counted under its own key.
    lookup(330, "10.99.0.4", "Planted-Seven.example.net");
  }

  // ------------------------------------------------------------------------------- 3 rich-dns

  private static final String RICH_CLIENT = "10.99.0.10";

  private Dns dns(
      Scenario s,
      long ts,
      String uid,
      String client,
      int port,
      String server,
      int serverPort,
      String proto,
      String query,
      String qtype,
      Answer a) {
    return tr.dns(
        s, ts, uid, client, port, server, serverPort, proto, query, qtype, a, 3 * Times.MILLI);
  }

  private static Answer a(String ip) {
    return new Answer(List.of(ip), List.of(300 * Times.SECOND), "NOERROR");
  }

  /** A DNS record at {@code dnsAt} and, unless {@code connAt} is null, its conn record. */
  private void richPair(double dnsAt, Double connAt, Sensor sensor, String client, String query) {
    double first = connAt == null ? dnsAt : Math.min(dnsAt, connAt);
    Scenario s = scenario(first);
    String uid = tr.ids.uid();
    int p = port();
    boolean longTcp = connAt != null && Math.abs(connAt - dnsAt) >= 30;
    dns(
        s,
        at(dnsAt),
        uid,
        client,
        p,
        RESOLVER,
        53,
        longTcp ? "tcp" : "udp",
        query,
        "A",
        a("198.51.100.201"));
    if (connAt != null) {
      Conn c =
          tr.conn(
              s, sensor, at(connAt), uid, client, p, RESOLVER, 53, longTcp ? "tcp" : "udp", "dns");
      if (longTcp) {
        // DNS over one TCP connection, the query well after the connection opened (or a conn
        // record stamped well after its query): the join's time bound decides.
        Traffic.sizes(
            c,
            Math.round((Math.abs(connAt - dnsAt) + 15) * Times.SECOND),
            120,
            400,
            6,
            5,
            "SF",
            "ShADadFf");
      } else {
        Traffic.sizes(c, 3 * Times.MILLI, 41, 57, 1, 1, "SF", "Dd");
      }
    }
  }

  private void richDns() {
    richPair(600, 600.0, Sensor.CURRENT, RICH_CLIENT, "www.rich-normal.example");
    // conn 60 s before the dns record: joined (|dt| <= 1 minute, inclusive)
    richPair(690.5, 630.5, Sensor.CURRENT, RICH_CLIENT, "www.rich-conn-first.example");
    // conn 61 s before: not joined
    richPair(761.25, 700.25, Sensor.CURRENT, RICH_CLIENT, "www.rich-61s-before.example");
    // conn 60 s after: joined (either order)
    richPair(780.5, 840.5, Sensor.CURRENT, RICH_CLIENT, "www.rich-conn-after.example");
    // conn 61 s after: not joined
    richPair(800.25, 861.25, Sensor.CURRENT, RICH_CLIENT, "www.rich-61s-after.example");
    // no conn at all
    richPair(820, null, Sensor.CURRENT, RICH_CLIENT, "www.rich-noconn.example");
    // an outside client of our DNS server: Zeek wrote local_orig=F
    richPair(860, 860.0, Sensor.CURRENT, "198.51.100.53", "vpn.corp.example");
    // an outside client seen by the legacy sensor: local_orig unset, decided from the address
    Scenario legacyOutside = scenario(880);
    {
      String uid = tr.ids.uid();
      int p = port();
      dns(
          legacyOutside,
          at(880),
          uid,
          "203.0.113.53",
          p,
          "192.168.1.1",
          53,
          "udp",
          "router.home.example",
          "A",
          a("192.168.1.1"));
      Conn c =
          tr.conn(
              legacyOutside,
              Sensor.LEGACY,
              at(880),
              uid,
              "203.0.113.53",
              p,
              "192.168.1.1",
              53,
              "udp",
              "dns");
      Traffic.sizes(c, 2 * Times.MILLI, 37, 53, 1, 1, "SF", "Dd");
    }
    // a local client seen by the legacy sensor: local_orig unset, decided local
    Scenario legacyLocal = scenario(920);
    {
      String uid = tr.ids.uid();
      int p = port();
      dns(
          legacyLocal,
          at(920),
          uid,
          "192.168.1.30",
          p,
          "192.168.1.1",
          53,
          "udp",
          "www.rich-legacy.example",
          "A",
          a("198.51.100.202"));
      Conn c =
          tr.conn(
              legacyLocal,
              Sensor.LEGACY,
              at(920),
              uid,
              "192.168.1.30",
              p,
              "192.168.1.1",
              53,
              "udp",
              "dns");
      Traffic.sizes(c, 2 * Times.MILLI, 41, 57, 1, 1, "SF", "Dd");
    }
    // three dns records on one uid (A, AAAA, and a retried A): three rows, one conn
    Scenario multi = scenario(940);
    {
      String uid = tr.ids.uid();
      int p = port();
      long t = at(940);
      dns(
          multi,
          t,
          uid,
          RICH_CLIENT,
          p,
          RESOLVER,
          53,
          "udp",
          "api.rich-multi.example",
          "A",
          a("198.51.100.203"));
      dns(
          multi,
          t + 400,
          uid,
          RICH_CLIENT,
          p,
          RESOLVER,
          53,
          "udp",
          "api.rich-multi.example",
          "AAAA",
          new Answer(List.of("2001:db8:203::1"), List.of(300 * Times.SECOND), "NOERROR"));
      dns(
          multi,
          t + 5 * Times.SECOND,
          uid,
          RICH_CLIENT,
          p,
          RESOLVER,
          53,
          "udp",
          "api.rich-multi.example",
          "A",
          a("198.51.100.203"));
      Conn c = tr.conn(multi, Sensor.CURRENT, t, uid, RICH_CLIENT, p, RESOLVER, 53, "udp", "dns");
      Traffic.sizes(c, 5 * Times.SECOND + 3000, 120, 180, 3, 3, "SF", "Dd");
    }
    // a resolver on a port other than 53: DEST_PORT is the port, not the address
    Scenario alt = scenario(960);
    {
      String uid = tr.ids.uid();
      int p = port();
      dns(
          alt,
          at(960),
          uid,
          RICH_CLIENT,
          p,
          "10.10.0.54",
          5300,
          "udp",
          "www.rich-altport.example",
          "A",
          a("198.51.100.204"));
      Conn c =
          tr.conn(
              alt, Sensor.CURRENT, at(960), uid, RICH_CLIENT, p, "10.10.0.54", 5300, "udp", "dns");
      Traffic.sizes(c, 2 * Times.MILLI, 43, 59, 1, 1, "SF", "Dd");
    }
    // NXDOMAIN: no answers, no TTLs
    Scenario nx = scenario(980);
    tr.lookup(
        nx,
        Sensor.CURRENT,
        nx.start,
        RICH_CLIENT,
        RESOLVER,
        List.of("nonexistent.rich.example"),
        List.of("A"),
        List.of(Answer.of("NXDOMAIN")));
    // one label, and five labels
    Scenario one = scenario(1000);
    tr.lookup(
        one,
        Sensor.CURRENT,
        one.start,
        RICH_CLIENT,
        RESOLVER,
        List.of("localhost"),
        List.of("A"),
        List.of(Answer.of("NXDOMAIN")));
    Scenario five = scenario(1020);
    tr.lookup(
        five,
        Sensor.CURRENT,
        five.start,
        RICH_CLIENT,
        RESOLVER,
        List.of("a.b.c.d.rich-labels.example"),
        List.of("TXT"),
        List.of(new Answer(List.of("labels=five"), List.of(60 * Times.SECOND), "NOERROR")));
    Scenario ptr = scenario(1040);
    tr.lookup(
        ptr,
        Sensor.CURRENT,
        ptr.start,
        RICH_CLIENT,
        RESOLVER,
        List.of("201.100.51.198.in-addr.arpa"),
        List.of("PTR"),
        List.of(new Answer(List.of("rich-ptr.example"), List.of(3600 * Times.SECOND), "NOERROR")));
  }

  // ------------------------------------------------------------------------------- 4
  // hostname-counts

  private void hostnameCounts() {
    // Three lookups in [2100 s, 2400 s), two in [2400 s, 2700 s): counts 3 and 2.
    for (double t : new double[] {2101, 2150, 2250, 2410, 2520}) {
      Scenario s = scenario(t);
      tr.lookup(
          s,
          Sensor.CURRENT,
          s.start,
          "10.99.0.7",
          RESOLVER,
          List.of("www.hostcount.example"),
          List.of("A"),
          List.of(a("198.51.100.205")));
    }
    // A second hostname from the same client in the first window.
    Scenario s = scenario(2160);
    tr.lookup(
        s,
        Sensor.CURRENT,
        s.start,
        "10.99.0.7",
        RESOLVER,
        List.of("mail.hostcount.example"),
        List.of("A"),
        List.of(a("198.51.100.206")));
  }

  // ------------------------------------------------------------------------------- 5 geo

  private void geo() {
    String[] maxmindTest = {"81.2.69.142", "89.160.20.112", "2.125.160.216", "216.160.83.56"};
    double t = 2800;
    for (String ip : maxmindTest) {
      Scenario s = scenario(t);
      tcp(
          s,
          Sensor.CURRENT,
          s.start,
          "10.99.0.20",
          ip,
          443,
          "ssl",
          2 * Times.SECOND,
          "SF",
          "ShADadFf");
      t += 10;
    }
    Scenario v6 = scenario(t);
    tcp(
        v6,
        Sensor.CURRENT,
        v6.start,
        "fd00:10:10:1::99",
        "2001:db8:cafe::443",
        443,
        "ssl",
        2 * Times.SECOND,
        "SF",
        "ShADadFf");
    // Not geo: local responders, and a public responder on another port.
    tcp(
        scenario(t + 10),
        Sensor.CURRENT,
        at(t + 10),
        "10.99.0.20",
        "10.10.0.80",
        443,
        "ssl",
        Times.SECOND,
        "SF",
        "ShADadFf");
    tcp(
        scenario(t + 20),
        Sensor.LEGACY,
        at(t + 20),
        "192.168.1.40",
        "192.168.10.5",
        443,
        "ssl",
        Times.SECOND,
        "SF",
        "ShADadFf");
    tcp(
        scenario(t + 30),
        Sensor.CURRENT,
        at(t + 30),
        "10.99.0.20",
        "81.2.69.142",
        80,
        "http",
        Times.SECOND,
        "SF",
        "ShADadFf");
  }

  // ------------------------------------------------------------------------------- 6 ssl-certs

  private Certificate cert(
      String key, String subject, String issuer, long notValidBefore, long validity) {
    long nvb = Times.floor(notValidBefore, Times.SECOND);
    return Certificate.rsa(
        Ids.fingerprint(seed, "planted:" + key),
        subject,
        issuer,
        Ids.serial(tr.r, 18),
        nvb,
        nvb + validity,
        List.of(subject.replaceFirst(",.*", "").replace("CN=", "")));
  }

  /**
   * A TLS handshake and its conn, the certificate identified the way {@code sensor} does, and its
   * x509 record {@code x509Delay} after the handshake (none when null).
   */
  private Ssl tls(
      Scenario s,
      Sensor sensor,
      long ts,
      String client,
      String server,
      int port,
      String sni,
      Certificate cert,
      String validation,
      Long x509Delay) {
    String uid = tr.ids.uid();
    int p = port();
    Ssl ssl = new Ssl(ts, uid, client, p, server, port);
    ssl.version = "TLSv12";
    ssl.cipher = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    ssl.curve = "x25519";
    ssl.serverName = sni;
    ssl.nextProtocol = sni == null ? null : "http/1.1";
    ssl.validationStatus = validation;
    String fuid = null;
    if (sensor == Sensor.CURRENT) {
      ssl.sslHistory = "CsxknGIi";
      ssl.certChainFps = List.of(cert.fingerprint());
      ssl.sniMatchesCert = sni == null ? null : Boolean.TRUE;
    } else {
      fuid = tr.ids.fuid();
      ssl.certChainFuids = List.of(fuid);
      ssl.subject = cert.subject();
      ssl.issuer = cert.issuer();
    }
    s.add(ssl);
    if (x509Delay != null) {
      s.add(
          new X509(
              ts + x509Delay, fuid, sensor == Sensor.CURRENT ? cert.fingerprint() : null, cert));
    }
    Conn c = tr.conn(s, sensor, ts, uid, client, p, server, port, "tcp", "ssl");
    Traffic.sizes(c, 3 * Times.SECOND, 1100, 5200, 9, 8, "SF", "ShADadFf");
    return ssl;
  }

  private void certificates() {
    long quarter = Times.SECOND / 4;
    // Zeek < 4.1: the ESX host's certificate, a DN with escaped commas; old.
    Scenario esx = scenario(3100);
    tls(
        esx,
        Sensor.LEGACY,
        esx.start,
        "192.168.1.33",
        "192.168.1.60",
        443,
        null,
        Certificate.rsa(
            Ids.fingerprint(seed, "planted:esx"),
            "unstructuredName=1551262921\\,564d7761726520496e632e,CN=esx01.corp.example,"
                + "emailAddress=ssl-certificates@vmware.com,"
                + "OU=VMware ESX Server Default Certificate,O=VMware\\, Inc,L=Palo Alto,"
                + "ST=California,C=US",
            "O=VMware Installer",
            "CC57FE54011E",
            Times.micros(Instant.parse("2019-02-27T10:22:01Z")),
            Times.micros(Instant.parse("2030-08-28T10:22:01Z")),
            List.of("esx01.corp.example")),
        "unable to get local issuer certificate",
        90 * Times.MILLI);
    // Zeek < 4.1: x509 exactly 1 s after the handshake (joined) and 1.5 s after (not joined).
    Scenario in = scenario(3130.25);
    tls(
        in,
        Sensor.LEGACY,
        in.start,
        "192.168.1.34",
        "198.51.100.30",
        443,
        "boundary-in.legacy.example",
        cert(
            "in",
            "CN=boundary-in.legacy.example",
            "CN=R11,O=Let's Encrypt,C=US",
            in.start - 45 * Times.DAY,
            90 * Times.DAY),
        "ok",
        Times.SECOND);
    Scenario out = scenario(3160.25);
    tls(
        out,
        Sensor.LEGACY,
        out.start,
        "192.168.1.34",
        "198.51.100.31",
        443,
        "boundary-out.legacy.example",
        cert(
            "out",
            "CN=boundary-out.legacy.example",
            "CN=R11,O=Let's Encrypt,C=US",
            out.start - 45 * Times.DAY,
            90 * Times.DAY),
        "ok",
        6 * quarter);

    // Zeek 4.1+: a certificate logged once, at first sight; later handshakes join that record.
    long firstSeen = at(3200.5);
    Certificate fresh =
        cert(
            "fresh",
            "CN=www.fresh.example",
            "CN=E6,O=Let's Encrypt,C=US",
            firstSeen - 10 * Times.DAY,
            90 * Times.DAY);
    Scenario f1 = scenario(3200.5);
    tls(
        f1,
        Sensor.CURRENT,
        f1.start,
        "10.99.0.30",
        "89.160.20.112",
        443,
        "www.fresh.example",
        fresh,
        "ok",
        quarter);
    for (double t : new double[] {4400, 5400}) {
      Scenario later = scenario(t);
      tls(
          later,
          Sensor.CURRENT,
          later.start,
          "10.99.0.31",
          "89.160.20.112",
          443,
          "www.fresh.example",
          fresh,
          "ok",
          null);
    }

    // Zeek 4.1+: logged at 3300.25, then again at 3900.75 after a restart emptied Zeek's cache.
    // The handshake at 3900.0 joins the record at 3900.75 (the latest at or before ts + 1 s).
    Certificate relog =
        cert(
            "relog",
            "CN=relog.example",
            "CN=R11,O=Let's Encrypt,C=US",
            at(3300) - 200 * Times.DAY,
            397 * Times.DAY);
    double[][] relogs = {{3300, 0.25}, {3600, -1}, {3900, -1}, {3900.5, 0.25}, {4200, -1}};
    for (double[] r : relogs) {
      Scenario s = scenario(r[0]);
      tls(
          s,
          Sensor.CURRENT,
          s.start,
          "10.99.0.32",
          "216.160.83.56",
          443,
          "relog.example",
          relog,
          "ok",
          r[1] < 0 ? null : Math.round(r[1] * Times.SECOND));
    }

    // Three unrelated certificates with the subject CN=localhost within one second: a join on
    // the subject pairs each handshake with all three.
    Scenario lh = scenario(4700);
    long t = lh.start;
    tls(
        lh,
        Sensor.LEGACY,
        t,
        "192.168.1.35",
        "192.168.1.51",
        443,
        null,
        cert(
            "localhost-printer",
            "CN=localhost",
            "CN=localhost",
            t - 700 * Times.DAY,
            3650 * Times.DAY),
        "self signed certificate",
        100 * Times.MILLI);
    tls(
        lh,
        Sensor.CURRENT,
        t + 300 * Times.MILLI,
        "10.99.0.33",
        "10.10.0.61",
        8443,
        null,
        cert(
            "localhost-nas",
            "CN=localhost",
            "CN=Synology Inc. CA,O=Synology Inc.,C=TW",
            t - 300 * Times.DAY,
            730 * Times.DAY),
        "unable to get local issuer certificate",
        50 * Times.MILLI);
    tls(
        lh,
        Sensor.CURRENT,
        t + 600 * Times.MILLI,
        "10.99.0.34",
        "10.10.0.62",
        443,
        null,
        cert(
            "localhost-ap",
            "CN=localhost",
            "CN=UniFi Controller,O=Ubiquiti Inc.,C=US",
            t - 5 * Times.DAY,
            3650 * Times.DAY),
        "self signed certificate in certificate chain",
        100 * Times.MILLI);

    // Age boundaries, relative to the handshake (not the wall clock): 29 days and 30 days less
    // an hour are new; 30 days and an hour, and 31 days, are not.
    double[] ages = {29 * 24, 30 * 24 - 1, 30 * 24 + 1, 31 * 24};
    String[] names = {"age-29d", "age-30d-minus-1h", "age-30d-plus-1h", "age-31d"};
    for (int i = 0; i < ages.length; i++) {
      Scenario s = scenario(5000 + 10 * i);
      long hours = (long) ages[i];
      tls(
          s,
          Sensor.CURRENT,
          s.start,
          "10.99.0.35",
          "198.51.100.4" + i,
          443,
          names[i] + ".example",
          cert(
              names[i],
              "CN=" + names[i] + ".example",
              "CN=R11,O=Let's Encrypt,C=US",
              s.start - hours * Times.HOUR,
              90 * Times.DAY),
          "ok",
          quarter);
    }

    // Zeek 4.1+: a certificate logged before the archive begins: nothing to join.
    Scenario unlogged = scenario(5200);
    tls(
        unlogged,
        Sensor.CURRENT,
        unlogged.start,
        "10.99.0.36",
        "198.51.100.50",
        443,
        "unlogged.example",
        cert(
            "unlogged",
            "CN=unlogged.example",
            "CN=R11,O=Let's Encrypt,C=US",
            unlogged.start - 5 * Times.DAY,
            90 * Times.DAY),
        "ok",
        null);

    // No identity at all, only subject and issuer (a sensor that does not log the chain): the
    // subject join is the only way.
    Scenario bySubject = scenario(5300);
    {
      Certificate vpn =
          cert(
              "vpn",
              "CN=legacy-vpn.corp.example,O=Example Corp\\, Ltd.,C=GB",
              "CN=Corp Issuing CA 1,O=Example Corp\\, Ltd.,C=GB",
              bySubject.start - 90 * Times.DAY,
              365 * Times.DAY);
      String uid = tr.ids.uid();
      int p = port();
      Ssl ssl = new Ssl(bySubject.start, uid, "192.168.1.36", p, "192.168.1.70", 443);
      ssl.version = "TLSv12";
      ssl.cipher = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
      ssl.curve = "secp256r1";
      ssl.subject = vpn.subject();
      ssl.issuer = vpn.issuer();
      ssl.validationStatus = "ok";
      bySubject.add(ssl);
      bySubject.add(new X509(bySubject.start + 400 * Times.MILLI, tr.ids.fuid(), null, vpn));
      Conn c =
          tr.conn(
              bySubject,
              Sensor.LEGACY,
              bySubject.start,
              uid,
              "192.168.1.36",
              p,
              "192.168.1.70",
              443,
              "tcp",
              "ssl");
      Traffic.sizes(c, 2 * Times.SECOND, 1000, 4800, 8, 7, "SF", "ShADadFf");
    }

    // A resumed session: no certificates, nothing to join.
    Scenario resumed = scenario(5350);
    tr.handshake(
        resumed,
        Sensor.CURRENT,
        resumed.start,
        tr.ids.uid(),
        "10.99.0.37",
        port(),
        "81.2.69.142",
        443,
        "shop.uk.example",
        List.of(),
        "TLSv12",
        "ok");

    // Zeek 4.1+: a slow handshake, the certificate logged 1.5 s after it: that handshake has no
    // row; a later one joins the record.
    Certificate slow =
        cert(
            "slow",
            "CN=slow.example",
            "CN=R11,O=Let's Encrypt,C=US",
            at(5500) - 20 * Times.DAY,
            90 * Times.DAY);
    Scenario slow1 = scenario(5500);
    tls(
        slow1,
        Sensor.CURRENT,
        slow1.start,
        "10.99.0.38",
        "2.125.160.216",
        443,
        "slow.example",
        slow,
        "ok",
        6 * quarter);
    Scenario slow2 = scenario(5800);
    tls(
        slow2,
        Sensor.CURRENT,
        slow2.start,
        "10.99.0.38",
        "2.125.160.216",
        443,
        "slow.example",
        slow,
        "ok",
        null);
  }

  // ------------------------------------------------------------------------------- 7 failed logins

  private static final SshHost BASTION = Catalog.SSH_HOSTS.get(0);
  private static final SshHost WEB = Catalog.SSH_HOSTS.get(1);
  private static final SshHost DB = Catalog.SSH_HOSTS.get(2);

  private void line(double offset, SshHost h, String message, Failure f) {
    line(offset, h, tr.pid(h), message, f);
  }

  /** With the pid given: rsyslog folds repeats of the same program, pid and message only. */
  private void line(double offset, SshHost h, int pid, String message, Failure f) {
    Scenario s = scenario(offset);
    s.add(Traffic.sshd(h, s.start, pid, message, f));
  }

  private static Failure fail(String user, String ip, Integer port, String kind) {
    return new Failure(user, ip, port, kind, 1);
  }

  private void failedLogins() {
    String iu = Failure.INVALID_USER;
    String fp = Failure.FAILED_PASSWORD;
    String fo = Failure.FAILED_OTHER;
    String cp = Failure.CLOSED_PREAUTH;
    line(
        1200,
        BASTION,
        "Invalid user oracle from 203.0.113.10 port 41234",
        fail("oracle", "203.0.113.10", 41234, iu));
    line(
        1210,
        BASTION,
        "Invalid user test from 203.0.113.11",
        fail("test", "203.0.113.11", null, iu));
    line(
        1220,
        BASTION,
        "Failed password for root from 203.0.113.12 port 50522 ssh2",
        fail("root", "203.0.113.12", 50522, fp));
    line(
        1230,
        BASTION,
        "Failed password for invalid user admin from 203.0.113.13 port 50523 ssh2",
        fail("admin", "203.0.113.13", 50523, fp));
    line(
        1240,
        BASTION,
        "Failed password for root from 2001:db8::7 port 50600 ssh2",
        fail("root", "2001:db8::7", 50600, fp));
    line(
        1250,
        DB,
        "Invalid user bob from 2001:db8::7 port 50601",
        fail("bob", "2001:db8::7", 50601, iu));
    line(
        1260,
        BASTION,
        "Failed keyboard-interactive/pam for invalid user ftp from 203.0.113.14 port 50524 ssh2",
        fail("ftp", "203.0.113.14", 50524, fo));
    line(
        1270,
        BASTION,
        "Failed keyboard-interactive for root from 203.0.113.15 port 50525 ssh2",
        fail("root", "203.0.113.15", 50525, fo));
    line(
        1280,
        BASTION,
        "Failed hostbased for root from 203.0.113.16 port 50526 ssh2",
        fail("root", "203.0.113.16", 50526, fo));
    line(
        1290,
        BASTION,
        "Connection closed by invalid user support 203.0.113.17 port 50527" + " [preauth]",
        fail("support", "203.0.113.17", 50527, cp));
    line(
        1300,
        BASTION,
        "Disconnected from invalid user ubnt 203.0.113.18 port 50528 [preauth]",
        fail("ubnt", "203.0.113.18", 50528, cp));
    line(
        1310,
        BASTION,
        "Connection closed by authenticating user root 203.0.113.19 port 50529" + " [preauth]",
        fail("root", "203.0.113.19", 50529, cp));
    // rsyslog folds repeats of one message into one line: a single record with COUNT 5.
    int webPid = tr.pid(WEB);
    line(
        1318,
        WEB,
        webPid,
        "Failed password for root from 203.0.113.20 port 50530 ssh2",
        fail("root", "203.0.113.20", 50530, fp));
    line(
        1320,
        WEB,
        webPid,
        "message repeated 5 times: [ Failed password for root from 203.0.113.20 port"
            + " 50530 ssh2]",
        new Failure("root", "203.0.113.20", 50530, fp, 5));
    // User names that carry a fake source: the source is the last "from" sshd wrote.
    line(
        1330,
        BASTION,
        "Invalid user guest from 1.2.3.4 port 5 x from 203.0.113.21 port 50531",
        fail("guest from 1.2.3.4 port 5 x", "203.0.113.21", 50531, iu));
    line(
        1340,
        BASTION,
        "Failed password for invalid user root from 1.2.3.4 port 5 ssh2 from"
            + " 203.0.113.22 port 50532 ssh2",
        fail("root from 1.2.3.4 port 5 ssh2", "203.0.113.22", 50532, fp));
    line(
        1350,
        BASTION,
        "Invalid user oracle from 2001:db8::8",
        fail("oracle", "2001:db8::8", null, iu));
    // PAM's own line before sshd's: not one of the failure forms (it would count twice).
    line(
        1360,
        BASTION,
        "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0"
            + " tty=ssh ruser= rhost=203.0.113.27  user=root",
        null);
    line(
        1360.5,
        BASTION,
        "Failed password for root from 203.0.113.27 port 50537 ssh2",
        fail("root", "203.0.113.27", 50537, fp));

    // Not failures.
    String key = "ED25519 SHA256:Lq2cK7vNq3mJ4ZbY1xW9tR8sP6oU5iE3aD2fG1hJ0kQ";
    line(1400, BASTION, "Failed publickey for alice from 10.10.1.20 port 50000 ssh2: " + key, null);
    line(
        1401,
        BASTION,
        "Failed none for invalid user admin from 203.0.113.24 port 50534 ssh2",
        null);
    line(
        1402,
        BASTION,
        "Accepted publickey for alice from 10.10.1.20 port 50000 ssh2: " + key,
        null);
    line(
        1403,
        BASTION,
        "pam_unix(sshd:session): session opened for user alice(uid=1001) by" + " (uid=0)",
        null);
    line(1404, WEB, "Accepted password for deploy from 10.10.1.21 port 50001 ssh2", null);
    line(
        1405,
        BASTION,
        "Received disconnect from 203.0.113.25 port 50535:11: Bye Bye [preauth]",
        null);
    line(1406, BASTION, "Connection closed by 203.0.113.26 port 50536 [preauth]", null);
    line(1407, BASTION, "Disconnected from user alice 10.10.1.20 port 50000", null);
    line(1408, DB, "error: kex_exchange_identification: Connection closed by remote host", null);
    line(1409, DB, "Server listening on 0.0.0.0 port 22.", null);
    Scenario sudo = scenario(1410);
    sudo.add(
        Traffic.other(
            BASTION,
            sudo.start,
            "sudo",
            31337,
            "pam_unix(sudo:auth): authentication failure; logname=alice uid=1001 euid=0"
                + " tty=/dev/pts/0 ruser=alice rhost=  user=alice"));
  }

  // ------------------------------------------------------------------------------- 8 brute force

  private void burst(SshHost h, String ip, double first, double step, int n, String kind) {
    for (int i = 0; i < n; i++) {
      Scenario s = scenario(first + i * step);
      int port = port();
      String user = "user" + i;
      String message =
          kind.equals(Failure.INVALID_USER)
              ? "Invalid user " + user + " from " + ip + " port " + port
              : "Failed password for invalid user "
                  + user
                  + " from "
                  + ip
                  + " port "
                  + port
                  + " ssh2";
      s.add(Traffic.sshd(h, s.start, tr.pid(h), message, fail(user, ip, port, kind)));
    }
  }

  private void bruteForce() {
    // 15 in one 5 s window: fires.
    burst(BASTION, "203.0.113.66", 1800.2, 0.2, 15, Failure.FAILED_PASSWORD);
    // Exactly 10 in one window: does not fire (more than 10 is needed).
    burst(BASTION, "203.0.113.67", 2400.5, 0.3, 10, Failure.INVALID_USER);
    // 11 within 3.2 s across the boundary at 3005 s: 6 + 5 in the tumbling windows, all 11 in
    // the sliding windows starting at 3002 s and 3003 s.
    burst(BASTION, "203.0.113.68", 3003.0, 0.3, 6, Failure.FAILED_PASSWORD);
    burst(BASTION, "203.0.113.68", 3005.0, 0.3, 5, Failure.INVALID_USER);
    // Two connections of at most 6 attempts each (sshd's MaxAuthTries), each logged as one line
    // and a "message repeated" line: 4 lines, 1 + 5 + 1 + 4 = 11 attempts, fires.
    int[] pids = {tr.pid(BASTION), tr.pid(BASTION)};
    int[] ports = {40404, 40412};
    double[][] times = {{3600.1, 3601.5}, {3602.0, 3603.4}};
    int[] repeats = {5, 4};
    for (int c = 0; c < 2; c++) {
      String m = "Failed password for root from 203.0.113.69 port " + ports[c] + " ssh2";
      line(
          times[c][0],
          BASTION,
          pids[c],
          m,
          fail("root", "203.0.113.69", ports[c], Failure.FAILED_PASSWORD));
      line(
          times[c][1],
          BASTION,
          pids[c],
          "message repeated " + repeats[c] + " times: [ " + m + "]",
          new Failure("root", "203.0.113.69", ports[c], Failure.FAILED_PASSWORD, repeats[c]));
    }
    // 14 "Connection closed by invalid user" and 4 "Invalid user": only the 4 count.
    for (int i = 0; i < 18; i++) {
      Scenario s = scenario(4200.2 + i * 0.25);
      int port = port();
      String user = "admin";
      boolean closed = i % 9 != 0 && i % 9 != 4;
      String msg =
          closed
              ? "Connection closed by invalid user "
                  + user
                  + " 203.0.113.70 port "
                  + port
                  + " [preauth]"
              : "Invalid user " + user + " from 203.0.113.70 port " + port;
      s.add(
          Traffic.sshd(
              BASTION,
              s.start,
              tr.pid(BASTION),
              msg,
              fail(
                  user,
                  "203.0.113.70",
                  port,
                  closed ? Failure.CLOSED_PREAUTH : Failure.INVALID_USER)));
    }
    // An IPv6 source in RFC 5424 lines: 12, fires.
    burst(DB, "2001:db8:dead::1", 4800.1, 0.3, 12, Failure.INVALID_USER);
  }

  // ------------------------------------------------------------------------------- 9 watchlist

  private void watchlistMatches() {
    String client = "10.99.0.50";
    String[] queries = {
      "ads.example.com",
      "ADS.Example.COM",
      "cdn.ads.example.com",
      "notads.example.com",
      "ads.example.com.evil.test",
      "fr.a2dfp.net",
      "mfr.a2dfp.net",
      "xfr.a2dfp.net",
      "a2dfp.net",
      "tracker.example.net",
      "eu.tracker.example.net",
      "pixel.adnet.example"
    };
    double t = 6000;
    for (String q : queries) {
      lookup(t, client, q);
      t += 5;
    }
    // A trailing dot, and no conn record, so that rich-dns never splits it.
    Scenario dot = scenario(t);
    dns(
        dot,
        dot.start,
        tr.ids.uid(),
        client,
        port(),
        RESOLVER,
        53,
        "udp",
        "ads.example.com.",
        "A",
        a("198.51.100.207"));
    t += 5;
    String[] hosts = {
      "static.a-ads.com", "Static.A-Ads.com:8080", "img.static.a-ads.com",
      "tracker.example.net:8080", "nottracker.example.net", "abcstats.com.",
      "pixel.tracker.example.net:8080", "203.0.113.5:8080", "notads.example.com"
    };
    for (String h : hosts) {
      Scenario s = scenario(t);
      int port = h.contains(":") ? 8080 : 80;
      Conn c =
          tcp(
              s,
              Sensor.CURRENT,
              s.start,
              client,
              "198.51.100.80",
              port,
              "http",
              400 * Times.MILLI,
              "SF",
              "ShADadFf");
      Http r = new Http(s.start + 20 * Times.MILLI, c.uid, client, c.origP, c.respH, port);
      r.method = "GET";
      r.host = h;
      r.uri = "/ads/show.js?slot=" + (int) t;
      r.userAgent = Catalog.USER_AGENTS[0][0];
      r.statusCode = 200L;
      r.statusMsg = "OK";
      r.responseBodyLen = 1834;
      r.respFuids = List.of(tr.ids.fuid());
      r.respMimeTypes = List.of("application/javascript");
      s.add(r);
      t += 5;
    }
    // Values that need escaping in TSV: a tab in the URI, non-ASCII in the user agent.
    Scenario esc = scenario(t);
    Conn c =
        tcp(
            esc,
            Sensor.CURRENT,
            esc.start,
            "10.99.0.51",
            "198.51.100.81",
            80,
            "http",
            300 * Times.MILLI,
            "SF",
            "ShADadFf");
    Http r = new Http(esc.start + 10 * Times.MILLI, c.uid, "10.99.0.51", c.origP, c.respH, 80);
    r.method = "POST";
    r.host = "www.escapes.example";
    r.uri = "/search?q=zeek\tbeam&lang=de";
    r.referrer = "http://www.escapes.example/";
    r.userAgent = "Mozilla/5.0 (Überbrowser 1.0; \\Windows)";
    r.requestBodyLen = 42;
    r.statusCode = 404L;
    r.statusMsg = "Not Found";
    r.origFuids = List.of(tr.ids.fuid());
    r.origMimeTypes = List.of("application/x-www-form-urlencoded");
    esc.add(r);
  }

  // ------------------------------------------------------------------------------- 10 bytes

  private void bytesByService() {
    String client = "10.99.0.60";
    // Window [6600 s, 6900 s): three conns without a service, one missing resp_ip_bytes, one
    // missing both byte counts, and a late one (a long connection written after the others).
    for (double t : new double[] {6601, 6650, 6700}) {
      Scenario s = scenario(t);
      Conn c =
          tr.conn(
              s,
              Sensor.CURRENT,
              s.start,
              tr.ids.uid(),
              client,
              port(),
              "10.10.0.70",
              9000,
              "tcp",
              null);
      Traffic.sizes(c, 10 * Times.SECOND, 1000, 2000, 10, 10, "SF", "ShADadFf");
    }
    Scenario half = scenario(6710);
    Conn h =
        tr.conn(
            half,
            Sensor.CURRENT,
            half.start,
            tr.ids.uid(),
            client,
            port(),
            "10.10.0.70",
            9000,
            "tcp",
            null);
    Traffic.sizes(h, 5 * Times.SECOND, 500, 0, 5, 0, "SH", "ShAF");
    h.respIpBytes = null;
    h.respPkts = null;
    h.respBytes = null;
    Scenario none = scenario(6720);
    Conn n =
        tr.conn(
            none,
            Sensor.CURRENT,
            none.start,
            tr.ids.uid(),
            client,
            port(),
            "10.10.0.70",
            9000,
            "tcp",
            null);
    n.connState = "OTH";
    Scenario late = scenario(6610);
    Conn l =
        tr.conn(
            late,
            Sensor.CURRENT,
            late.start,
            tr.ids.uid(),
            client,
            port(),
            "10.10.0.70",
            9000,
            "tcp",
            null);
    Traffic.sizes(l, 250 * Times.SECOND, 30_000, 90_000, 60, 80, "SF", "ShADadFf");
    // Half-open windows: 6899.75 is in [6600 s, 6900 s), 6900 in [6900 s, 7200 s).
    for (double t : new double[] {6899.75, 6900}) {
      Scenario s = scenario(t);
      Conn c =
          tr.conn(
              s,
              Sensor.CURRENT,
              s.start,
              tr.ids.uid(),
              client,
              port(),
              "10.10.0.10",
              445,
              "tcp",
              "smb");
      Traffic.sizes(c, Times.SECOND, 700, 1300, 4, 4, "SF", "ShADadFf");
    }
  }

  // ------------------------------------------------------------------------------- bad lines

  private void badLines() {
    Scenario conn = scenario(400);
    Conn c = new Conn(conn.start, tr.ids.uid(), "10.99.0.90", 40001, "10.10.0.10", 445, "tcp");
    Traffic.sizes(c, Times.SECOND, 100, 200, 2, 2, "SF", "ShADadFf");
    c.service = "smb";
    c.localOrig = true;
    c.localResp = true;
    conn.add(new LogFileWriter.BadLine(c));

    Scenario dns = scenario(1150);
    Dns d =
        new Dns(
            dns.start,
            tr.ids.uid(),
            "10.99.0.90",
            40002,
            RESOLVER,
            53,
            "udp",
            4242,
            "truncated.example",
            1,
            "A");
    d.rcode = 0;
    d.rcodeName = "NOERROR";
    d.answers = List.of("198.51.100.99");
    d.ttls = List.of(300 * Times.SECOND);
    dns.add(new LogFileWriter.BadLine(d));

    Scenario http = scenario(6290);
    Http h = new Http(http.start, tr.ids.uid(), "10.99.0.90", 40003, "198.51.100.82", 80);
    h.method = "GET";
    h.host = "truncated.example";
    h.uri = "/index.html";
    h.statusCode = 200L;
    h.statusMsg = "OK";
    http.add(new LogFileWriter.BadLine(h));

    Scenario ssl = scenario(5600);
    Ssl s = new Ssl(ssl.start, tr.ids.uid(), "10.99.0.90", 40004, "198.51.100.83", 443);
    s.version = "TLSv13";
    s.cipher = "TLS_AES_128_GCM_SHA256";
    s.serverName = "truncated.example";
    s.certChainFps = List.of();
    ssl.add(new LogFileWriter.BadLine(s));

    Scenario syslog = scenario(1650);
    syslog.add(
        new LogFileWriter.BadLine(
            Traffic.sshd(
                BASTION,
                syslog.start,
                4242,
                "Invalid user truncated from 203.0.113.99 port 4242",
                null)));
  }
}
