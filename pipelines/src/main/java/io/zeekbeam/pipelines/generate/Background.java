package io.zeekbeam.pipelines.generate;

import io.zeekbeam.pipelines.generate.Catalog.Client;
import io.zeekbeam.pipelines.generate.Catalog.Sensor;
import io.zeekbeam.pipelines.generate.Catalog.Site;
import io.zeekbeam.pipelines.generate.Catalog.SshHost;
import io.zeekbeam.pipelines.generate.SyslogLine.Failure;
import io.zeekbeam.pipelines.generate.Traffic.Answer;
import io.zeekbeam.pipelines.generate.ZeekEvent.Conn;
import io.zeekbeam.pipelines.generate.ZeekEvent.Http;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordinary traffic around the planted cases, one scenario at a time in order of start (arrivals
 * are a Poisson process), until the record budget is spent: page loads over TLS and plain HTTP with
 * their lookups, other lookups, internal services, internet scanners, SSH logins and SSH password
 * guessing. It is what makes the planted cases realistic to find, and at scale it is the load.
 */
final class Background {
  private final Catalog cat;
  private final Traffic tr;
  private final long meanGap;
  private final long budget;
  private long next;
  private long written;

  Background(Catalog cat, Traffic tr, long begin, long meanGap, long budget) {
    this.cat = cat;
    this.tr = tr;
    this.meanGap = Math.max(1, meanGap);
    this.budget = budget;
    this.next = begin + gap();
  }

  private long gap() {
    return (long) (-StrictMath.log(1.0 - tr.r.nextDouble()) * meanGap) + 1;
  }

  /** When the next scenario starts, or {@link Long#MAX_VALUE} when the budget is spent. */
  long peek() {
    return written >= budget ? Long.MAX_VALUE : next;
  }

  Scenario next() {
    Scenario s = new Scenario(next);
    int w = tr.r.nextInt(100);
    if (w < 34) {
      webTls(s);
    } else if (w < 44) {
      webHttp(s);
    } else if (w < 58) {
      miscLookup(s);
    } else if (w < 76) {
      internal(s);
    } else if (w < 86) {
      scan(s);
    } else if (w < 92) {
      sshGuessing(s);
    } else if (w < 97) {
      sshLogin(s);
    } else {
      housekeeping(s);
    }
    written += s.records();
    next += gap();
    return s;
  }

  private Client client() {
    return tr.pick(cat.clients);
  }

  /** The address a client uses towards a server: IPv6 when both have one, half the time. */
  private String source(Client c, String serverV6) {
    return c.ip6() != null && serverV6 != null && tr.r.nextBoolean() ? c.ip6() : c.ip4();
  }

  private void webTls(Scenario s) {
    Client c = client();
    Site site = tr.pick(cat.tlsSites);
    String src = source(c, site.ip6());
    boolean v6 = Traffic.v6(src);
    long t = s.start;
    List<String> q = new ArrayList<>(List.of(site.domain()));
    List<String> types = new ArrayList<>(List.of(v6 ? "AAAA" : "A"));
    if (c.ip6() != null && tr.r.nextBoolean()) {
      q.add(site.domain());
      types.add(v6 ? "A" : "AAAA");
    }
    List<Answer> answers = new ArrayList<>();
    for (String ty : types) {
      answers.add(tr.siteAnswer(site, ty));
    }
    Conn dns = tr.lookup(s, c.sensor(), t, src, c.resolver(v6), q, types, answers);
    long t2 = t + dns.duration + tr.ms(1, 30);
    String dst = v6 ? site.ip6() : site.ip4();
    String uid = tr.ids.uid();
    int port = tr.port(c.os());
    int kind = tr.r.nextInt(100);
    String version = kind < 60 ? "TLSv13" : "TLSv12";
    List<Certificate> chain = kind >= 85 ? List.of() : List.of(site.leaf(), site.ca());
    tr.handshake(s, c.sensor(), t2, uid, src, port, dst, 443, site.domain(), chain, version, "ok");
    long duration =
        tr.r.nextInt(100) < 4
            ? tr.between(120 * Times.SECOND, 290 * Times.SECOND)
            : tr.between(80_000, 45 * Times.SECOND);
    long ob = 700 + tr.r.nextInt(4000);
    long rb = 3000 + tr.r.nextInt(400_000);
    tr.tcp(s, c.sensor(), t2, uid, src, port, dst, 443, "ssl", duration, ob, rb);
  }

  private void webHttp(Scenario s) {
    Client c = client();
    // Ad servers are on the watchlist: a few hits, not one page load in five.
    Site site = tr.r.nextInt(20) == 0 ? tr.pick(cat.adSites) : tr.pick(cat.httpSites);
    long t = s.start;
    Conn dns =
        tr.lookup(
            s,
            c.sensor(),
            t,
            c.ip4(),
            c.resolver(false),
            List.of(site.domain()),
            List.of("A"),
            List.of(tr.siteAnswer(site, "A")));
    long t2 = t + dns.duration + tr.ms(1, 20);
    String uid = tr.ids.uid();
    int port = tr.port(c.os());
    int requests = 1 + tr.r.nextInt(3);
    long at = t2 + tr.ms(20, 120);
    long ob = 0;
    long rb = 0;
    String host = site.httpPort() == 80 ? site.domain() : site.domain() + ":" + site.httpPort();
    String[] uas =
        Catalog.USER_AGENTS[c.os().equals("windows") ? 0 : c.os().equals("linux") ? 1 : 2];
    String userAgent = uas[tr.r.nextInt(uas.length)];
    for (int i = 0; i < requests; i++) {
      Http h = new Http(at, uid, c.ip4(), port, site.ip4(), site.httpPort());
      h.transDepth = i + 1;
      h.method = "GET";
      h.host = host;
      h.uri = tr.pick(site.uris());
      h.userAgent = userAgent;
      boolean notModified = tr.r.nextInt(5) == 0;
      h.statusCode = notModified ? 304L : 200L;
      h.statusMsg = notModified ? "Not Modified" : "OK";
      h.responseBodyLen = notModified ? 0 : 20 + tr.r.nextInt(60_000);
      if (!notModified) {
        h.respFuids = List.of(tr.ids.fuid());
        h.respMimeTypes = List.of(site.mime());
      }
      s.add(h);
      ob += 180 + h.uri.length() + h.userAgent.length();
      rb += 240 + h.responseBodyLen;
      at += tr.ms(5, 400);
    }
    tr.tcp(
        s,
        c.sensor(),
        t2,
        uid,
        c.ip4(),
        port,
        site.ip4(),
        site.httpPort(),
        "http",
        at - t2 + tr.ms(1, 200),
        ob,
        rb);
  }

  private void miscLookup(Scenario s) {
    Client c = client();
    String[] l =
        tr.r.nextInt(20) == 0
            ? Catalog.AD_LOOKUPS[tr.r.nextInt(Catalog.AD_LOOKUPS.length)]
            : Catalog.MISC_LOOKUPS[tr.r.nextInt(Catalog.MISC_LOOKUPS.length)];
    Answer a;
    if (l[2].equals("NXDOMAIN") || l[2].equals("SERVFAIL")) {
      a = tr.r.nextInt(10) == 0 ? Answer.noReply() : Answer.of(l[2]);
    } else {
      a =
          new Answer(
              List.of(l[2]), List.of((long) (60 + tr.r.nextInt(3540)) * Times.SECOND), "NOERROR");
    }
    tr.lookup(
        s,
        c.sensor(),
        s.start,
        c.ip4(),
        c.resolver(false),
        List.of(l[0]),
        List.of(l[1]),
        List.of(a));
  }

  private void internal(Scenario s) {
    Client c = client();
    long t = s.start;
    String uid = tr.ids.uid();
    int port = tr.port(c.os());
    int w = tr.r.nextInt(100);
    if (c.sensor() == Sensor.LEGACY) {
      if (w < 50) {
        // The printer's web interface, with its self-signed CN=localhost certificate.
        tr.handshake(
            s,
            Sensor.LEGACY,
            t,
            uid,
            c.ip4(),
            port,
            "192.168.1.50",
            443,
            null,
            List.of(cat.printerCert),
            "TLSv12",
            "self signed certificate");
        tr.tcp(
            s,
            Sensor.LEGACY,
            t,
            uid,
            c.ip4(),
            port,
            "192.168.1.50",
            443,
            "ssl",
            tr.ms(200, 4000),
            900 + tr.r.nextInt(2000),
            4000 + tr.r.nextInt(40_000));
      } else {
        Conn n = tr.conn(s, Sensor.LEGACY, t, uid, c.ip4(), 123, "192.168.1.1", 123, "udp", "ntp");
        Traffic.sizes(n, tr.ms(1, 20), 48, 48, 1, 1, "SF", "Dd");
      }
      return;
    }
    String src = c.ip4();
    if (w < 25) {
      tr.tcp(
          s,
          Sensor.CURRENT,
          t,
          uid,
          src,
          port,
          "10.10.0.10",
          445,
          "smb",
          tr.between(Times.SECOND, 200 * Times.SECOND),
          2000 + tr.r.nextInt(90_000),
          3000 + tr.r.nextInt(900_000));
    } else if (w < 40) {
      Conn n = tr.conn(s, Sensor.CURRENT, t, uid, src, 123, "10.10.0.123", 123, "udp", "ntp");
      Traffic.sizes(n, tr.ms(1, 15), 48, 48, 1, 1, "SF", "Dd");
    } else if (w < 55) {
      tr.handshake(
          s,
          Sensor.CURRENT,
          t,
          uid,
          src,
          port,
          "10.10.0.80",
          443,
          "intranet.corp.example",
          List.of(cat.intranetCert, cat.intranetCa),
          "TLSv12",
          "ok");
      tr.tcp(
          s,
          Sensor.CURRENT,
          t,
          uid,
          src,
          port,
          "10.10.0.80",
          443,
          "ssl",
          tr.ms(100, 30_000),
          800 + tr.r.nextInt(6000),
          5000 + tr.r.nextInt(200_000));
    } else if (w < 65) {
      // The NAS's management interface, with its own CN=localhost certificate.
      tr.handshake(
          s,
          Sensor.CURRENT,
          t,
          uid,
          src,
          port,
          "10.10.0.60",
          5001,
          null,
          List.of(cat.nasCert),
          "TLSv12",
          "unable to get local issuer certificate");
      tr.tcp(
          s,
          Sensor.CURRENT,
          t,
          uid,
          src,
          port,
          "10.10.0.60",
          5001,
          "ssl",
          tr.ms(100, 9000),
          800 + tr.r.nextInt(3000),
          4000 + tr.r.nextInt(60_000));
    } else if (w < 75) {
      Conn n =
          tr.conn(
              s,
              Sensor.CURRENT,
              t,
              uid,
              src,
              8,
              tr.r.nextBoolean() ? "10.10.0.1" : "9.9.9.9",
              0,
              "icmp",
              null);
      long k = 1 + tr.r.nextInt(4);
      Traffic.sizes(n, tr.ms(1, 4000), 56 * k, 56 * k, k, k, "OTH", null);
    } else if (w < 88) {
      // A closed port: no service, rejected.
      int dport = new int[] {3389, 5900, 8443, 9100, 631, 139}[tr.r.nextInt(6)];
      Conn n =
          tr.conn(
              s,
              Sensor.CURRENT,
              t,
              uid,
              src,
              port,
              "10.10.0." + (10 + tr.r.nextInt(80)),
              dport,
              "tcp",
              null);
      Traffic.sizes(n, tr.ms(0, 2), 0, 0, 1, 1, "REJ", "Sr");
    } else {
      // A long-lived connection with an unrecognised protocol.
      tr.tcp(
          s,
          Sensor.CURRENT,
          t,
          uid,
          src,
          port,
          "10.10.0.70",
          9000,
          null,
          tr.between(30 * Times.SECOND, 280 * Times.SECOND),
          tr.r.nextInt(20_000),
          tr.r.nextInt(50_000));
    }
  }

  private String attacker() {
    return tr.pick(Catalog.ATTACKER_PREFIXES) + (1 + tr.r.nextInt(254));
  }

  private void scan(Scenario s) {
    String src = tr.pick(Catalog.SCANNER_PREFIXES) + (1 + tr.r.nextInt(254));
    long t = s.start;
    int port = 1024 + tr.r.nextInt(64000);
    boolean legacy = tr.r.nextInt(4) == 0;
    String dst = legacy ? "192.168.1.1" : "10.10.0." + new int[] {22, 25, 80, 30}[tr.r.nextInt(4)];
    int dport = new int[] {22, 23, 80, 443, 445, 3389, 8080, 5432}[tr.r.nextInt(8)];
    Conn c =
        tr.conn(
            s,
            legacy ? Sensor.LEGACY : Sensor.CURRENT,
            t,
            tr.ids.uid(),
            src,
            port,
            dst,
            dport,
            "tcp",
            null);
    if (tr.r.nextBoolean()) {
      Traffic.sizes(c, tr.ms(0, 3), 0, 0, 1, 1, "REJ", "Sr");
    } else {
      Traffic.sizes(c, 0, 0, 0, 1, 0, "S0", "S");
      c.duration = null;
      c.origBytes = null;
      c.respBytes = null;
    }
  }

  /** An internet host guessing passwords: a few attempts, far below the brute-force rate. */
  private void sshGuessing(Scenario s) {
    SshHost host = tr.pick(Catalog.SSH_HOSTS);
    String src = attacker();
    long t = s.start;
    int attempts = 1 + tr.r.nextInt(3);
    for (int a = 0; a < attempts; a++) {
      String uid = tr.ids.uid();
      int port = 30000 + tr.r.nextInt(35000);
      int pid = tr.pid(host);
      String user = tr.pick(Catalog.ATTACK_USERS);
      long at = t + tr.ms(300, 900);
      boolean root = tr.r.nextInt(4) == 0;
      if (root) {
        s.add(
            Traffic.sshd(
                host,
                at,
                pid,
                "Failed password for root from " + src + " port " + port + " ssh2",
                new Failure("root", src, port, Failure.FAILED_PASSWORD, 1)));
        s.add(
            Traffic.sshd(
                host,
                at + tr.ms(100, 900),
                pid,
                "Connection closed by authenticating user root "
                    + src
                    + " port "
                    + port
                    + " [preauth]",
                new Failure("root", src, port, Failure.CLOSED_PREAUTH, 1)));
      } else {
        s.add(
            Traffic.sshd(
                host,
                at,
                pid,
                "Invalid user " + user + " from " + src + " port " + port,
                new Failure(user, src, port, Failure.INVALID_USER, 1)));
        if (tr.r.nextBoolean()) {
          s.add(
              Traffic.sshd(
                  host,
                  at + tr.ms(1000, 2500),
                  pid,
                  "Failed password for invalid user "
                      + user
                      + " from "
                      + src
                      + " port "
                      + port
                      + " ssh2",
                  new Failure(user, src, port, Failure.FAILED_PASSWORD, 1)));
        }
        s.add(
            Traffic.sshd(
                host,
                at + tr.ms(2600, 3500),
                pid,
                (tr.r.nextBoolean()
                        ? "Connection closed by invalid user "
                        : "Disconnected from invalid user ")
                    + user
                    + " "
                    + src
                    + " port "
                    + port
                    + " [preauth]",
                new Failure(user, src, port, Failure.CLOSED_PREAUTH, 1)));
      }
      Conn c = tr.conn(s, Sensor.CURRENT, t, uid, src, port, host.ip(), 22, "tcp", "ssh");
      Traffic.sizes(
          c,
          tr.ms(3600, 6000),
          1500 + tr.r.nextInt(800),
          2200 + tr.r.nextInt(900),
          12,
          10,
          "SF",
          "ShAdDaFf");
      t += tr.ms(4000, 20_000);
    }
  }

  /** Staff logging in to a server with a key, and logging out again. */
  private void sshLogin(Scenario s) {
    SshHost host = tr.pick(Catalog.SSH_HOSTS);
    Client c = cat.clients.get(26 + tr.r.nextInt(20));
    String user = tr.pick(Catalog.STAFF);
    long t = s.start;
    String uid = tr.ids.uid();
    int port = tr.port(c.os());
    int pid = tr.pid(host);
    long duration = tr.between(5 * Times.SECOND, 280 * Times.SECOND);
    String src = c.ip4();
    String from = " from " + src + " port " + port;
    long at = t + tr.ms(150, 400);
    if (tr.r.nextInt(3) == 0) {
      s.add(
          Traffic.sshd(
              host,
              at,
              pid,
              "Failed publickey for " + user + from + " ssh2: RSA " + tr.keyFingerprint(),
              null));
      at += tr.ms(10, 60);
    }
    s.add(
        Traffic.sshd(
            host,
            at,
            pid,
            "Accepted publickey for " + user + from + " ssh2: ED25519 " + tr.keyFingerprint(),
            null));
    s.add(
        Traffic.sshd(
            host,
            at + tr.ms(1, 10),
            pid,
            "pam_unix(sshd:session): session opened for user "
                + user
                + "(uid="
                + (1000 + user.length())
                + ") by (uid=0)",
            null));
    long end = t + duration;
    s.add(
        Traffic.sshd(
            host,
            end,
            pid,
            "Received disconnect from " + src + " port " + port + ":11: disconnected by user",
            null));
    s.add(
        Traffic.sshd(
            host, end, pid, "Disconnected from user " + user + " " + src + " port " + port, null));
    s.add(
        Traffic.sshd(
            host,
            end + tr.ms(1, 5),
            pid,
            "pam_unix(sshd:session): session closed for user " + user,
            null));
    tr.tcp(
        s,
        Sensor.CURRENT,
        t,
        uid,
        src,
        port,
        host.ip(),
        22,
        "ssh",
        duration,
        4000 + tr.r.nextInt(40_000),
        6000 + tr.r.nextInt(200_000));
  }

  private void housekeeping(Scenario s) {
    SshHost host = tr.pick(Catalog.SSH_HOSTS);
    long t = s.start;
    int w = tr.r.nextInt(3);
    if (w == 0) {
      int pid = 20_000 + tr.r.nextInt(9000);
      s.add(
          Traffic.other(
              host,
              t,
              "CRON",
              pid,
              "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)"));
      s.add(
          Traffic.other(
              host,
              t + tr.ms(100, 900),
              "CRON",
              pid,
              "pam_unix(cron:session): session closed for user root"));
    } else if (w == 1) {
      String user = tr.pick(Catalog.STAFF);
      s.add(
          Traffic.other(
              host,
              t,
              "sudo",
              30_000 + tr.r.nextInt(9000),
              user
                  + " : TTY=pts/0 ; PWD=/home/"
                  + user
                  + " ; USER=root ; COMMAND=/usr/bin/systemctl"
                  + " status nginx"));
    } else {
      String src = attacker();
      int port = 30000 + tr.r.nextInt(35000);
      s.add(
          Traffic.sshd(
              host,
              t,
              tr.pid(host),
              "Connection closed by " + src + " port " + port + " [preauth]",
              null));
    }
  }
}
