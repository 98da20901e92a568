package io.zeekbeam.pipelines.generate;

import io.zeekbeam.pipelines.generate.ZeekEvent.Conn;
import io.zeekbeam.pipelines.generate.ZeekEvent.Dns;
import io.zeekbeam.pipelines.generate.ZeekEvent.Http;
import io.zeekbeam.pipelines.generate.ZeekEvent.Ssl;
import io.zeekbeam.pipelines.generate.ZeekEvent.X509;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Computes every analytic's expected answer from the records as they are generated, following the
 * definitions in ANALYTICS.md rather than what the generator meant to plant, so that background
 * traffic that happens to match (a scanner hitting a local host, a lookup of a listed ad server) is
 * in the answers too.
 *
 * <p>Records arrive grouped by scenario, scenarios in order of their start, and no record is
 * earlier than its scenario's start (the clock). That is enough to keep state bounded: a join
 * partner within N of a record can only come from a scenario starting before the record's time plus
 * N, so a record's joins are resolved once the clock has passed that, and windows are emitted once
 * the clock has passed their end. Aggregates are keyed by their group keys only.
 */
final class Expectations {
  static final long DNS_CONN_WITHIN = 60 * Times.SECOND;
  static final long SSL_X509_WITHIN = Times.SECOND;
  static final long NEW_CERT_AGE = 30 * Times.DAY;
  static final long HOSTNAME_WINDOW = 5 * Times.MINUTE;
  static final long BYTES_WINDOW = 5 * Times.MINUTE;
  static final long BRUTE_WINDOW_MS = 5_000;
  static final long BRUTE_SLIDE_MS = 1_000;
  static final long BRUTE_THRESHOLD = 10;

  /** Characters all answers may buffer in memory together before the largest is spilled. */
  private static final long SORT_BUDGET = 1L << 23;

  /** The answers, in the order summary.json lists them. */
  static final List<String> OUTPUTS =
      List.of(
          "inbound",
          "inbound-localnets-192.168.1.0-24",
          "dns-lookups",
          "rich-dns",
          "hostname-counts",
          "geo",
          "ssl-certs",
          "new-certs",
          "ssh-failed-logins",
          "ssh-brute-force",
          "ssh-brute-force-sliding",
          "watchlist-dns",
          "watchlist-dns-subdomains",
          "watchlist-http",
          "watchlist-http-subdomains",
          "bytes-by-service");

  /** The local networks of the {@code inbound-localnets-192.168.1.0-24} variant. */
  static final List<String> VARIANT_NETS = List.of("192.168.1.0/24");

  private final LocalNets nets = LocalNets.defaults();
  private final LocalNets variantNets = new LocalNets(VARIANT_NETS);
  private final List<WatchlistRow> watchlist;
  private final Map<String, ExternalSortedLines> out = new LinkedHashMap<>();
  private final JsonRow row = new JsonRow();
  private long clock = Long.MIN_VALUE;
  private long seq;

  private final TreeMap<String, Long> lookups = new TreeMap<>();

  private record Timed<T>(long ts, long seq, T value) {}

  private static <T> PriorityQueue<Timed<T>> byTime() {
    return new PriorityQueue<>(
        Comparator.<Timed<T>>comparingLong(Timed::ts).thenComparingLong(Timed::seq));
  }

  private final Map<String, List<Conn>> connsByUid = new HashMap<>();
  private final PriorityQueue<Timed<Conn>> connsByTs = byTime();
  private final PriorityQueue<Timed<Dns>> pendingDns = byTime();
  private final TreeMap<Long, Map<List<String>, Long>> hostnameWindows = new TreeMap<>();

  private final PriorityQueue<Timed<Ssl>> pendingSsl = byTime();
  private final PriorityQueue<Timed<X509>> recentX509 = byTime();
  private final Map<String, List<X509>> x509ById = new HashMap<>();
  private final Map<String, List<X509>> x509BySubject = new HashMap<>();
  private final Map<String, List<X509>> x509ByFingerprint = new HashMap<>();

  private final TreeMap<Long, Map<List<String>, Long>> bytesWindows = new TreeMap<>();
  private final TreeMap<Long, Map<List<String>, Long>> bruteTumbling = new TreeMap<>();
  private final TreeMap<Long, Map<List<String>, Long>> bruteSliding = new TreeMap<>();

  Expectations(Path expectedDir, Path tmpDir, List<WatchlistRow> watchlist) {
    this.watchlist = watchlist;
    for (String id : OUTPUTS) {
      out.put(id, new ExternalSortedLines(expectedDir.resolve(id + ".jsonl"), tmpDir, SORT_BUDGET));
    }
  }

  private long buffered;

  private void emit(String output, String line) {
    ExternalSortedLines o = out.get(output);
    long before = o.bufferedChars();
    o.add(line);
    buffered += o.bufferedChars() - before;
    if (buffered > SORT_BUDGET) {
      ExternalSortedLines largest = o;
      for (ExternalSortedLines e : out.values()) {
        if (e.bufferedChars() > largest.bufferedChars()) {
          largest = e;
        }
      }
      buffered -= largest.bufferedChars();
      largest.spill();
    }
  }

  // ---------------------------------------------------------------- clock

  /** The next scenario starts at {@code now}: resolve and emit whatever can no longer change. */
  void advance(long now) {
    clock = now;
    while (!pendingDns.isEmpty() && pendingDns.peek().ts() + DNS_CONN_WITHIN < now) {
      resolveDns(pendingDns.poll().value());
    }
    long dnsHorizon = pendingDns.isEmpty() ? now : Math.min(now, pendingDns.peek().ts());
    while (!connsByTs.isEmpty() && connsByTs.peek().ts() < dnsHorizon - DNS_CONN_WITHIN) {
      Conn c = connsByTs.poll().value();
      List<Conn> same = connsByUid.get(c.uid);
      same.remove(c);
      if (same.isEmpty()) {
        connsByUid.remove(c.uid);
      }
    }
    // A rich-dns row's event time is at least its dns record's ts, which is at least dnsHorizon.
    flushWindows(hostnameWindows, dnsHorizon, HOSTNAME_WINDOW, this::emitHostnameCount);

    while (!pendingSsl.isEmpty() && pendingSsl.peek().ts() + SSL_X509_WITHIN < now) {
      resolveSsl(pendingSsl.poll().value());
    }
    long sslHorizon = sslHorizon();
    while (!recentX509.isEmpty() && recentX509.peek().ts() < sslHorizon - SSL_X509_WITHIN) {
      X509 x = recentX509.poll().value();
      removeFrom(x509ById, x.id, x);
      removeFrom(x509BySubject, x.cert.subject(), x);
    }

    flushWindows(bytesWindows, now, BYTES_WINDOW, this::emitBytes);
    flushWindows(bruteTumbling, Times.millis(now), BRUTE_WINDOW_MS, this::emitBrute);
    flushWindows(bruteSliding, Times.millis(now), BRUTE_WINDOW_MS, this::emitBruteSliding);
  }

  private long sslHorizon() {
    return pendingSsl.isEmpty() ? clock : Math.min(clock, pendingSsl.peek().ts());
  }

  private static void removeFrom(Map<String, List<X509>> map, String key, X509 x) {
    if (key == null) {
      return;
    }
    List<X509> l = map.get(key);
    if (l != null) {
      l.remove(x);
      if (l.isEmpty()) {
        map.remove(key);
      }
    }
  }

  private interface WindowEmitter {
    void emit(long start, List<String> key, long value);
  }

  private static void flushWindows(
      TreeMap<Long, Map<List<String>, Long>> windows, long upTo, long size, WindowEmitter e) {
    Iterator<Map.Entry<Long, Map<List<String>, Long>>> it = windows.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, Map<List<String>, Long>> w = it.next();
      if (w.getKey() + size > upTo) {
        break;
      }
      for (Map.Entry<List<String>, Long> k : w.getValue().entrySet()) {
        e.emit(w.getKey(), k.getKey(), k.getValue());
      }
      it.remove();
    }
  }

  private static void add(
      TreeMap<Long, Map<List<String>, Long>> windows, long start, List<String> key, long v) {
    windows.computeIfAbsent(start, s -> new HashMap<>()).merge(key, v, Long::sum);
  }

  // ---------------------------------------------------------------- conn

  /** Zeek's {@code local_orig} when it wrote one, else decided from the origin's address. */
  private static boolean localOrig(Conn c, LocalNets n) {
    return c.localOrig != null ? c.localOrig : n.contains(c.origH);
  }

  void onConn(Conn c) {
    if (!localOrig(c, nets) && nets.contains(c.respH)) {
      emit("inbound", inboundRow(c));
    }
    if (!localOrig(c, variantNets) && variantNets.contains(c.respH)) {
      emit("inbound-localnets-192.168.1.0-24", inboundRow(c));
    }
    if (c.respP == 443 && !nets.contains(c.respH)) {
      emit(
          "geo",
          row.start().str("UID", c.uid).str("DEST_IP", c.respH).str("SRC_IP", c.origH).end());
    }
    long bytes =
        (c.origIpBytes == null ? 0 : c.origIpBytes) + (c.respIpBytes == null ? 0 : c.respIpBytes);
    add(bytesWindows, Times.floor(c.ts, BYTES_WINDOW), Arrays.asList(c.origH, c.service), bytes);
    connsByUid.computeIfAbsent(c.uid, u -> new ArrayList<>()).add(c);
    connsByTs.add(new Timed<>(c.ts, seq++, c));
  }

  private String inboundRow(Conn c) {
    return row.start()
        .secs("ts", c.ts)
        .str("uid", c.uid)
        .str("id.orig_h", c.origH)
        .num("id.orig_p", (long) c.origP)
        .str("id.resp_h", c.respH)
        .num("id.resp_p", (long) c.respP)
        .str("proto", c.proto)
        .end();
  }

  private void emitBytes(long start, List<String> key, long sum) {
    emit(
        "bytes-by-service",
        row.start()
            .str("LOCALIP", key.get(0))
            .str("SERVICE", key.get(1))
            .str("WINDOW_START", Times.sql(start))
            .str("WINDOW_END", Times.sql(start + BYTES_WINDOW))
            .num("SUM_BYTES", sum)
            .end());
  }

  // ---------------------------------------------------------------- dns

  void onDns(Dns d) {
    lookups.merge(d.query, 1L, Long::sum);
    pendingDns.add(new Timed<>(d.ts, seq++, d));
    watch("watchlist-dns", d.ts, d.uid, "query", d.query, false);
    watch("watchlist-dns-subdomains", d.ts, d.uid, "query", d.query, true);
  }

  private void watch(
      String output, long ts, String uid, String field, String value, boolean subdomains) {
    String name = field.equals("host") ? WatchlistRow.hostWithoutPort(value) : value;
    WatchlistRow w = WatchlistRow.match(watchlist, name, subdomains);
    if (w != null) {
      emit(
          output,
          row.start()
              .secs("ts", ts)
              .str("uid", uid)
              .str(field, value)
              .str("ID", w.id())
              .str("DATEADDED", w.dateAdded())
              .str("DOMAIN", w.domain())
              .str("SOURCE", w.source())
              .end());
    }
  }

  private void resolveDns(Dns d) {
    List<Conn> conns = connsByUid.getOrDefault(d.uid, List.of());
    for (Conn c : conns) {
      if (Math.abs(c.ts - d.ts) > DNS_CONN_WITHIN || !localOrig(c, nets)) {
        continue;
      }
      String[] labels = d.query.split("\\.", -1);
      // LOCAL_ORIG is the effective value: Zeek's when written, else derived from id.orig_h.
      emit(
          "rich-dns",
          row.start()
              .str("query", d.query)
              .str("SRC_IP", d.origH)
              .str("DEST_IP", d.respH)
              .num("SRC_PORT", (long) d.origP)
              .num("DEST_PORT", (long) d.respP)
              .str("QTYPE_NAME", d.qtypeName)
              .secsList("TTLS", d.ttls)
              .str("HOSTNAME", label(labels, 0))
              .str("ELEMENT2", label(labels, 1))
              .str("ELEMENT3", label(labels, 2))
              .str("ELEMENT4", label(labels, 3))
              .strs("ANSWERS", d.answers)
              .secs("TS", d.ts)
              .str("UID", d.uid)
              .num("REQUEST_BYTES", c.origIpBytes)
              .num("REPLY_BYTES", c.respIpBytes)
              .bool("LOCAL_ORIG", true)
              .end());
      // A join result's event time is the later of its two inputs' (as Kafka Streams stamps a
      // stream-stream join result); hostname-counts windows rich-dns rows by it. The planted
      // cases keep both inputs in one window, so this choice does not change their answers.
      long eventTime = Math.max(d.ts, c.ts);
      add(
          hostnameWindows,
          Times.floor(eventTime, HOSTNAME_WINDOW),
          Arrays.asList(d.origH, label(labels, 0)),
          1);
    }
  }

  private static String label(String[] labels, int i) {
    return i < labels.length ? labels[i] : null;
  }

  private void emitHostnameCount(long start, List<String> key, long count) {
    emit(
        "hostname-counts",
        row.start()
            .str("SRC_IP", key.get(0))
            .str("HOSTNAME", key.get(1))
            .num("WINDOW_START", Times.millis(start))
            .num("WINDOW_END", Times.millis(start + HOSTNAME_WINDOW))
            .num("COUNT", count)
            .end());
  }

  // ---------------------------------------------------------------- http

  void onHttp(Http h) {
    if (h.host != null) {
      watch("watchlist-http", h.ts, h.uid, "host", h.host, false);
      watch("watchlist-http-subdomains", h.ts, h.uid, "host", h.host, true);
    }
  }

  // ---------------------------------------------------------------- ssl and x509

  void onSsl(Ssl s) {
    pendingSsl.add(new Timed<>(s.ts, seq++, s));
  }

  void onX509(X509 x) {
    recentX509.add(new Timed<>(x.ts, seq++, x));
    if (x.id != null) {
      x509ById.computeIfAbsent(x.id, k -> new ArrayList<>()).add(x);
    }
    x509BySubject.computeIfAbsent(x.cert.subject(), k -> new ArrayList<>()).add(x);
    if (x.fingerprint != null) {
      List<X509> history = x509ByFingerprint.computeIfAbsent(x.fingerprint, k -> new ArrayList<>());
      history.add(x);
      history.sort(Comparator.comparingLong(e -> e.ts));
      // Every SSL event still to be joined has ts >= horizon and looks for the latest record at
      // or before its ts + 1 s, so of the records at or before horizon + 1 s only the latest can
      // still be chosen.
      long bound = sslHorizon() + SSL_X509_WITHIN;
      int latestUsable = -1;
      for (int i = 0; i < history.size(); i++) {
        if (history.get(i).ts <= bound) {
          latestUsable = i;
        }
      }
      if (latestUsable > 0) {
        history.subList(0, latestUsable).clear();
      }
    }
  }

  private void resolveSsl(Ssl s) {
    List<X509> matches = new ArrayList<>();
    if (s.certChainFuids != null && !s.certChainFuids.isEmpty()) {
      for (X509 x : x509ById.getOrDefault(s.certChainFuids.get(0), List.of())) {
        if (Math.abs(x.ts - s.ts) <= SSL_X509_WITHIN) {
          matches.add(x);
        }
      }
    } else if (s.certChainFps != null && !s.certChainFps.isEmpty()) {
      X509 latest = null;
      for (X509 x : x509ByFingerprint.getOrDefault(s.certChainFps.get(0), List.of())) {
        if (x.ts <= s.ts + SSL_X509_WITHIN && (latest == null || x.ts >= latest.ts)) {
          latest = x;
        }
      }
      if (latest != null) {
        matches.add(latest);
      }
    } else if (s.subject != null) {
      for (X509 x : x509BySubject.getOrDefault(s.subject, List.of())) {
        if (Math.abs(x.ts - s.ts) <= SSL_X509_WITHIN) {
          matches.add(x);
        }
      }
    }
    for (X509 x : matches) {
      String line = sslRow(s, x);
      emit("ssl-certs", line);
      if (s.ts - x.cert.notValidBefore() < NEW_CERT_AGE) {
        emit("new-certs", line);
      }
    }
  }

  private String sslRow(Ssl s, X509 x) {
    Certificate c = x.cert;
    // Zeek 4.1 and later no longer log the subject and issuer in ssl.log: take them from the
    // joined certificate then.
    String subject = s.subject != null ? s.subject : c.subject();
    String issuer = s.issuer != null ? s.issuer : c.issuer();
    Object[] xr = x.row();
    return row.start()
        .secs("SSL_TS", s.ts)
        .str("SRC_IP", s.origH)
        .num("SRC_PORT", (long) s.origP)
        .str("DEST_IP", s.respH)
        .num("DEST_PORT", (long) s.respP)
        .str("VERSION", s.version)
        .str("CIPHER", s.cipher)
        .str("CURVE", s.curve)
        .str("SERVER_NAME", s.serverName)
        .str("SUBJECT", subject)
        .str("ISSUER", issuer)
        .str("VALIDATION_STATUS", s.validationStatus)
        .secs("X509_TS", x.ts)
        .num("CERTIFICATE_VERSION", (Long) xr[3])
        .secs("CERTIFICATE_NOT_VALID_BEFORE", c.notValidBefore())
        .secs("CERTIFICATE_NOT_VALID_AFTER", c.notValidAfter())
        .str("CERT_EXPIRATION_DATE", Times.sql(c.notValidAfter()))
        .str("CERT_REGISTRATION_DATE", Times.sql(c.notValidBefore()))
        .str("CERTIFICATE_KEY_ALG", (String) xr[9])
        .str("CERTIFICATE_SIG_ALG", c.sigAlg())
        .str("CERTIFICATE_KEY_TYPE", c.keyType())
        .num("CERTIFICATE_KEY_LENGTH", (long) c.keyLength())
        .str("UID", s.uid)
        .end();
  }

  // ---------------------------------------------------------------- syslog

  void onSyslog(SyslogLine l) {
    SyslogLine.Failure f = l.failure();
    if (f == null) {
      return;
    }
    long ms = Times.millis(l.micros());
    emit(
        "ssh-failed-logins",
        row.start()
            .str("USER", f.user())
            .str("SRC_IP", f.srcIp())
            .num("SRC_PORT", f.srcPort() == null ? null : (long) f.srcPort())
            .str("KIND", f.kind())
            .num("COUNT", (long) f.count())
            .str("HOST", l.host())
            .str("TAG", l.tag())
            .str("MESSAGE", l.message())
            .num("TIMESTAMP", ms)
            .str("EVENT_TIME", Times.sql(l.micros()))
            .end());
    if (f.countsAsAttempt()) {
      List<String> key = Arrays.asList(l.host(), f.srcIp());
      add(bruteTumbling, Math.floorDiv(ms, BRUTE_WINDOW_MS) * BRUTE_WINDOW_MS, key, f.count());
      long last = Math.floorDiv(ms, BRUTE_SLIDE_MS) * BRUTE_SLIDE_MS;
      for (long s = last; s > ms - BRUTE_WINDOW_MS; s -= BRUTE_SLIDE_MS) {
        add(bruteSliding, s, key, f.count());
      }
    }
  }

  private void emitBrute(long start, List<String> key, long sum) {
    if (sum > BRUTE_THRESHOLD) {
      emit("ssh-brute-force", bruteRow(start, key, sum));
    }
  }

  private void emitBruteSliding(long start, List<String> key, long sum) {
    if (sum > BRUTE_THRESHOLD) {
      emit("ssh-brute-force-sliding", bruteRow(start, key, sum));
    }
  }

  private String bruteRow(long start, List<String> key, long sum) {
    return row.start()
        .num("STARTTIME", start)
        .num("ENDTIME", start + BRUTE_WINDOW_MS)
        .str("HOST", key.get(0))
        .str("SRC_IP", key.get(1))
        .num("COUNT_OF_INVALID_SSH", sum)
        .end();
  }

  // ---------------------------------------------------------------- end

  /** Resolves and writes everything; returns the row count of each answer. */
  Map<String, Long> finish() {
    advance(Long.MAX_VALUE);
    for (Map.Entry<String, Long> e : lookups.entrySet()) {
      emit("dns-lookups", row.start().str("query", e.getKey()).num("LOOKUPS", e.getValue()).end());
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Map.Entry<String, ExternalSortedLines> e : out.entrySet()) {
      e.getValue().close();
      counts.put(e.getKey(), e.getValue().count());
    }
    return counts;
  }
}
