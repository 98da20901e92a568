package io.zeekbeam.pipelines.generate;

import io.zeekbeam.pipelines.generate.Catalog.Sensor;
import io.zeekbeam.pipelines.generate.Catalog.SshHost;
import io.zeekbeam.pipelines.generate.ZeekEvent.Conn;
import io.zeekbeam.pipelines.generate.ZeekEvent.Dns;
import io.zeekbeam.pipelines.generate.ZeekEvent.Ssl;
import io.zeekbeam.pipelines.generate.ZeekEvent.X509;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The building blocks of scenarios: a connection with consistent byte and packet counts, a DNS
 * transaction, a TLS handshake with the certificates each sensor logs, an sshd syslog line. Used by
 * both the background traffic and the planted cases so that they look alike.
 */
final class Traffic {
  private static final Map<String, Integer> QTYPES =
      Map.of("A", 1, "AAAA", 28, "PTR", 12, "TXT", 16, "SRV", 33, "CNAME", 5);
  private static final Map<String, Integer> RCODES =
      Map.of("NOERROR", 0, "SERVFAIL", 2, "NXDOMAIN", 3, "REFUSED", 5);

  /** A DNS reply: answers and their TTLs (null when there are none), and its rcode name. */
  record Answer(List<String> answers, List<Long> ttls, String rcode) {
    static Answer of(String rcode) {
      return new Answer(null, null, rcode);
    }

    static Answer noReply() {
      return new Answer(null, null, null);
    }
  }

  final Ids ids;
  final SplittableRandom r;

  /** When the current sensor last logged each certificate (Zeek 4.1+ logs one once a day). */
  private final Map<String, Long> x509LoggedAt = new HashMap<>();

  private final Map<String, Integer> pids = new HashMap<>();

  Traffic(Ids ids, SplittableRandom r) {
    this.ids = ids;
    this.r = r;
  }

  long between(long lo, long hi) {
    return lo + (hi > lo ? r.nextLong(hi - lo) : 0);
  }

  long ms(int lo, int hi) {
    return between(lo * 1000L, hi * 1000L);
  }

  int port(String os) {
    return os.equals("windows") ? 49152 + r.nextInt(16383) : 32768 + r.nextInt(28231);
  }

  <T> T pick(List<T> l) {
    return l.get(r.nextInt(l.size()));
  }

  String pick(String[] a) {
    return a[r.nextInt(a.length)];
  }

  static boolean v6(String ip) {
    return ip.indexOf(':') >= 0;
  }

  /** A connection record, its local_orig/local_resp as the sensor writes them. */
  Conn conn(
      Scenario s,
      Sensor sensor,
      long ts,
      String uid,
      String orig,
      int origP,
      String resp,
      int respP,
      String proto,
      String service) {
    Conn c = new Conn(ts, uid, orig, origP, resp, respP, proto);
    c.service = service;
    if (sensor == Sensor.CURRENT) {
      c.localOrig = Catalog.CURRENT_SENSOR_NETS.contains(orig);
      c.localResp = Catalog.CURRENT_SENSOR_NETS.contains(resp);
    }
    return s.add(c);
  }

  /** Fills in the sizes: IP bytes are payload plus per-packet IP and TCP/UDP headers. */
  static Conn sizes(
      Conn c,
      long duration,
      long origBytes,
      long respBytes,
      long origPkts,
      long respPkts,
      String state,
      String history) {
    int ip = v6(c.origH) ? 40 : 20;
    int l4 = c.proto.equals("tcp") ? 32 : c.proto.equals("udp") ? 8 : 8;
    c.duration = duration;
    c.origBytes = origBytes;
    c.respBytes = respBytes;
    c.origPkts = origPkts;
    c.respPkts = respPkts;
    c.origIpBytes = origBytes + origPkts * (ip + l4);
    c.respIpBytes = respBytes + respPkts * (ip + l4);
    c.connState = state;
    c.history = history;
    return c;
  }

  Dns dns(
      Scenario s,
      long ts,
      String uid,
      String orig,
      int origP,
      String resp,
      int respP,
      String proto,
      String query,
      String qtype,
      Answer a,
      Long rtt) {
    Dns d =
        new Dns(
            ts,
            uid,
            orig,
            origP,
            resp,
            respP,
            proto,
            r.nextInt(65536),
            query,
            QTYPES.get(qtype),
            qtype);
    if (a.rcode() != null) {
      d.rcode = RCODES.get(a.rcode());
      d.rcodeName = a.rcode();
      d.rtt = rtt;
      d.answers = a.answers();
      d.ttls = a.ttls();
      d.aa = orig.startsWith("10.10.") && query.endsWith(".corp.example");
    }
    return s.add(d);
  }

  /**
   * One UDP DNS transaction, possibly several queries on one socket (an A and an AAAA query share
   * the uid, as glibc sends them), and its conn record. Returns the conn.
   */
  Conn lookup(
      Scenario s,
      Sensor sensor,
      long t,
      String client,
      String resolver,
      List<String> queries,
      List<String> qtypes,
      List<Answer> answers) {
    String uid = ids.uid();
    int port = 32768 + r.nextInt(28231);
    long rtt = ms(2, 45);
    long ob = 0;
    long rb = 0;
    long last = t;
    boolean replied = false;
    for (int i = 0; i < queries.size(); i++) {
      long ts = t + i * between(80, 900);
      Answer a = answers.get(i);
      dns(s, ts, uid, client, port, resolver, 53, "udp", queries.get(i), qtypes.get(i), a, rtt);
      ob += 18 + queries.get(i).length();
      if (a.rcode() != null) {
        replied = true;
        rb += 18 + queries.get(i).length() + 16L * (a.answers() == null ? 0 : a.answers().size());
      }
      last = ts;
    }
    Conn c = conn(s, sensor, t, uid, client, port, resolver, 53, "udp", "dns");
    int n = queries.size();
    return replied
        ? sizes(c, last - t + rtt, ob, rb, n, n, "SF", "Dd")
        : sizes(c, last - t, ob, 0, n, 0, "S0", "D");
  }

  /** The reply to an A or AAAA query for a site: its CNAME chain, then its address. */
  Answer siteAnswer(Catalog.Site site, String qtype) {
    List<String> a = new ArrayList<>(site.cnames());
    List<Long> ttl = new ArrayList<>();
    for (int i = 0; i < site.cnames().size(); i++) {
      ttl.add((r.nextBoolean() ? 300L : 3600L) * Times.SECOND);
    }
    String ip = qtype.equals("AAAA") ? site.ip6() : site.ip4();
    if (ip != null) {
      a.add(ip);
      ttl.add((long) (20 + r.nextInt(280)) * Times.SECOND);
    }
    return a.isEmpty() ? Answer.of("NOERROR") : new Answer(a, ttl, "NOERROR");
  }

  /** A TCP connection that completed normally, with plausible sizes. */
  Conn tcp(
      Scenario s,
      Sensor sensor,
      long ts,
      String uid,
      String orig,
      int origP,
      String resp,
      int respP,
      String service,
      long duration,
      long origBytes,
      long respBytes) {
    Conn c = conn(s, sensor, ts, uid, orig, origP, resp, respP, "tcp", service);
    long op = 3 + origBytes / 1200 + r.nextInt(4);
    long rp = 2 + respBytes / 1400 + r.nextInt(4);
    String[] histories = {"ShADadFf", "ShADadfF", "ShADaFdf", "ShADadFf", "ShADadR"};
    String h = histories[r.nextInt(histories.length)];
    return sizes(c, duration, origBytes, respBytes, op, rp, h.endsWith("R") ? "RSTO" : "SF", h);
  }

  /**
   * A TLS handshake's ssl record and the x509 records its sensor logs: Zeek before 4.1 logs every
   * certificate of every handshake under a fresh file id; 4.1 and later log a certificate by
   * fingerprint the first time it is seen and then at most once a day.
   */
  Ssl handshake(
      Scenario s,
      Sensor sensor,
      long ts,
      String uid,
      String orig,
      int origP,
      String resp,
      int respP,
      String sni,
      List<Certificate> chain,
      String version,
      String validation) {
    Ssl ssl = new Ssl(ts, uid, orig, origP, resp, respP);
    boolean tls13 = version.equals("TLSv13");
    boolean ecdsa = !chain.isEmpty() && chain.get(0).keyType().equals("ecdsa");
    ssl.version = version;
    ssl.cipher =
        tls13
            ? pick(
                new String[] {
                  "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"
                })
            : ecdsa
                ? "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
                : pick(
                    new String[] {
                      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"
                    });
    ssl.curve = r.nextInt(4) == 0 ? "secp256r1" : "x25519";
    ssl.serverName = sni;
    ssl.resumed = !tls13 && chain.isEmpty();
    ssl.nextProtocol = tls13 ? null : (sni == null ? null : r.nextBoolean() ? "h2" : "http/1.1");
    // TLS 1.3 encrypts the certificates: Zeek sees none.
    boolean seesCerts = !tls13 && !chain.isEmpty();
    ssl.validationStatus = seesCerts ? validation : null;
    if (sensor == Sensor.CURRENT) {
      ssl.sslHistory = tls13 ? "CsiI" : ssl.resumed ? "CsxkiI" : "CsxknGIi";
      List<String> fps = new ArrayList<>();
      long at = ts + ms(15, 180);
      for (Certificate c : seesCerts ? chain : List.<Certificate>of()) {
        fps.add(c.fingerprint());
        Long last = x509LoggedAt.get(c.fingerprint());
        if (last == null || at - last >= Times.DAY) {
          x509LoggedAt.put(c.fingerprint(), at);
          s.add(new X509(at, null, c.fingerprint(), c));
        }
        at += ms(0, 2);
      }
      ssl.certChainFps = fps;
      ssl.sniMatchesCert = seesCerts && sni != null ? Boolean.TRUE : null;
    } else {
      List<String> fuids = new ArrayList<>();
      long at = ts + ms(15, 180);
      for (Certificate c : seesCerts ? chain : List.<Certificate>of()) {
        String fuid = ids.fuid();
        fuids.add(fuid);
        s.add(new X509(at, fuid, null, c));
        at += ms(0, 2);
      }
      ssl.certChainFuids = fuids;
      if (seesCerts) {
        ssl.subject = chain.get(0).subject();
        ssl.issuer = chain.get(0).issuer();
      }
    }
    return s.add(ssl);
  }

  int pid(SshHost h) {
    int p = pids.getOrDefault(h.name(), 1000 + h.name().length() * 377) + 1 + r.nextInt(40);
    pids.put(h.name(), p);
    return p;
  }

  /** An sshd line at {@code t}, kept to the millisecond as syslog timestamps are. */
  static SyslogLine sshd(SshHost h, long t, int pid, String message, SyslogLine.Failure f) {
    return new SyslogLine(
        Times.ceil(t, 1000), h.style(), h.offsetMinutes(), h.name(), "sshd", pid, message, f);
  }

  static SyslogLine other(SshHost h, long t, String tag, int pid, String message) {
    return new SyslogLine(
        Times.ceil(t, 1000), h.style(), h.offsetMinutes(), h.name(), tag, pid, message, null);
  }

  /** An OpenSSH key fingerprint as sshd logs it, {@code SHA256:} and 43 base64 characters. */
  String keyFingerprint() {
    String b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    StringBuilder b = new StringBuilder("SHA256:");
    for (int i = 0; i < 43; i++) {
      b.append(b64.charAt(r.nextInt(64)));
    }
    return b.toString();
  }
}
