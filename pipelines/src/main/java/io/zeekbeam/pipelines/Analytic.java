package io.zeekbeam.pipelines;

import io.zeekbeam.schemas.BytesByService;
import io.zeekbeam.schemas.DnsLookupCount;
import io.zeekbeam.schemas.GeoConnection;
import io.zeekbeam.schemas.HostnameCount;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.RichDns;
import io.zeekbeam.schemas.SshBruteForceAlert;
import io.zeekbeam.schemas.SshFailedLogin;
import io.zeekbeam.schemas.SslCertificate;
import io.zeekbeam.schemas.WatchlistDnsMatch;
import io.zeekbeam.schemas.WatchlistHttpMatch;
import io.zeekbeam.schemas.ZeekConn;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The analytics of ANALYTICS.md by id (the {@code --analytics} names and output folders), with the
 * inputs and configuration each needs, so a run can skip what it cannot compute and say why.
 */
public enum Analytic {
  INBOUND("inbound", EnumSet.of(LogType.CONN), Needs.NOTHING, ZeekConn.class),
  DNS_LOOKUPS("dns-lookups", EnumSet.of(LogType.DNS), Needs.NOTHING, DnsLookupCount.class),
  RICH_DNS("rich-dns", EnumSet.of(LogType.DNS, LogType.CONN), Needs.NOTHING, RichDns.class),
  HOSTNAME_COUNTS(
      "hostname-counts", EnumSet.of(LogType.DNS, LogType.CONN), Needs.NOTHING, HostnameCount.class),
  GEO("geo", EnumSet.of(LogType.CONN), Needs.GEOIP, GeoConnection.class),
  SSL_CERTS(
      "ssl-certs", EnumSet.of(LogType.SSL, LogType.X509), Needs.NOTHING, SslCertificate.class),
  NEW_CERTS(
      "new-certs", EnumSet.of(LogType.SSL, LogType.X509), Needs.NOTHING, SslCertificate.class),
  SSH_FAILED_LOGINS(
      "ssh-failed-logins", EnumSet.of(LogType.SYSLOG), Needs.NOTHING, SshFailedLogin.class),
  SSH_BRUTE_FORCE(
      "ssh-brute-force", EnumSet.of(LogType.SYSLOG), Needs.NOTHING, SshBruteForceAlert.class),
  WATCHLIST_DNS("watchlist-dns", EnumSet.of(LogType.DNS), Needs.WATCHLIST, WatchlistDnsMatch.class),
  WATCHLIST_HTTP(
      "watchlist-http", EnumSet.of(LogType.HTTP), Needs.WATCHLIST, WatchlistHttpMatch.class),
  BYTES_BY_SERVICE(
      "bytes-by-service", EnumSet.of(LogType.CONN), Needs.NOTHING, BytesByService.class);

  /** Configuration an analytic cannot run without. */
  public enum Needs {
    NOTHING,
    WATCHLIST,
    GEOIP
  }

  private final String id;
  private final Set<LogType> inputs;
  private final Needs needs;
  private final Class<?> recordClass;

  Analytic(String id, Set<LogType> inputs, Needs needs, Class<?> recordClass) {
    this.id = id;
    this.inputs = inputs;
    this.needs = needs;
    this.recordClass = recordClass;
  }

  /** The record type of the analytic's output, whose schema is the output's columns. */
  public Class<?> recordClass() {
    return recordClass;
  }

  public String id() {
    return id;
  }

  public Set<LogType> inputs() {
    return inputs;
  }

  public Needs needs() {
    return needs;
  }

  public static List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (Analytic a : values()) {
      ids.add(a.id);
    }
    return ids;
  }

  /**
   * Parses {@code --analytics}: {@code all} or a comma-separated list of ids.
   *
   * @throws UsageException naming the unknown id and listing the known ones
   */
  public static Set<Analytic> parse(String list) {
    Set<Analytic> out = new LinkedHashSet<>();
    for (String part : list.split(",")) {
      String id = part.trim().toLowerCase(Locale.ROOT);
      if (id.isEmpty()) {
        continue;
      }
      if (id.equals("all")) {
        out.addAll(EnumSet.allOf(Analytic.class));
        continue;
      }
      Analytic found = null;
      for (Analytic a : values()) {
        if (a.id.equals(id)) {
          found = a;
        }
      }
      if (found == null) {
        throw new UsageException(
            "--analytics: '"
                + part.trim()
                + "' is not an analytic; use all or some of "
                + String.join(", ", ids()));
      }
      out.add(found);
    }
    if (out.isEmpty()) {
      throw new UsageException(
          "--analytics is empty; use all or some of " + String.join(", ", ids()));
    }
    return out;
  }

  /** Why this analytic cannot run with these inputs and options, or null when it can. */
  public String whyNot(Set<LogType> present, boolean watchlist, boolean geoip) {
    Set<LogType> missing = EnumSet.noneOf(LogType.class);
    missing.addAll(inputs);
    missing.removeAll(present);
    if (!missing.isEmpty()) {
      return "no "
          + missing.stream().map(LogType::id).collect(Collectors.joining(" or "))
          + " logs among the inputs";
    }
    if (needs == Needs.WATCHLIST && !watchlist) {
      return "no --watchlist given";
    }
    if (needs == Needs.GEOIP && !geoip) {
      return "neither --geoipCity nor --geoipAsn given";
    }
    return null;
  }
}
