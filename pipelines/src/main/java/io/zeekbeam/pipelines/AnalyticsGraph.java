package io.zeekbeam.pipelines;

import io.zeekbeam.pipelines.streaming.RefreshingWatchlist;
import io.zeekbeam.schemas.BytesByService;
import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.DnsLookupCount;
import io.zeekbeam.schemas.HostnameCount;
import io.zeekbeam.schemas.SshBruteForceAlert;
import io.zeekbeam.schemas.GeoConnection;
import io.zeekbeam.schemas.RichDns;
import io.zeekbeam.schemas.SshFailedLogin;
import io.zeekbeam.schemas.SslCertificate;
import io.zeekbeam.schemas.WatchlistDnsMatch;
import io.zeekbeam.schemas.WatchlistEntry;
import io.zeekbeam.schemas.WatchlistHttpMatch;
import io.zeekbeam.schemas.ZeekConn;
import io.zeekbeam.transforms.analytics.AnalyticOutput;
import io.zeekbeam.transforms.analytics.DnsLookups;
import io.zeekbeam.transforms.analytics.GeoOf443;
import io.zeekbeam.transforms.analytics.HostnameCounts;
import io.zeekbeam.transforms.analytics.InboundConnections;
import io.zeekbeam.transforms.analytics.NewCertificates;
import io.zeekbeam.transforms.analytics.RichDnsJoin;
import io.zeekbeam.transforms.analytics.SshFailedLogins;
import io.zeekbeam.transforms.analytics.SslCertificates;
import io.zeekbeam.transforms.analytics.WatchlistMatches;
import io.zeekbeam.transforms.parse.ParseWatchlist;
import io.zeekbeam.transforms.parse.ParsedLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;

/**
 * The analytics applied to one run's parsed inputs. Results that several analytics share
 * ({@code rich-dns} under {@code hostname-counts}, {@code ssl-certs} under {@code new-certs}, the
 * failed logins under the brute-force alerts, the watchlist table) are built once, on first use.
 * The same transforms serve batch and streaming; only the sources and sinks around them differ.
 */
final class AnalyticsGraph {
  private final Pipeline pipeline;
  private final ParsedLogs in;
  private final RunOptions options;
  private final BatchPipeline.Plan plan;

  private AnalyticOutput<RichDns> richDns;
  private AnalyticOutput<SslCertificate> sslCertificates;
  private PCollection<SshFailedLogin> failedLogins;
  private List<WatchlistEntry> watchlist;

  AnalyticsGraph(Pipeline pipeline, ParsedLogs in, RunOptions options, BatchPipeline.Plan plan) {
    this.pipeline = pipeline;
    this.in = in;
    this.options = options;
    this.plan = plan;
  }

  /**
   * Applies one analytic to the parsed inputs and returns its results; what it finds too late joins
   * {@code deadLetters}.
   */
  PCollection<?> apply(Analytic a, List<PCollection<DeadLetter>> deadLetters) {
    PCollection<?> results = results(a, deadLetters);
    // The documented columns of an output (docs/schemas.md) are the schema of the record class
    // Analytic names; a graph that writes other columns must not build. The schema, not the Java
    // type, is compared: a filtered PCollection may have lost its type descriptor.
    Schema expected;
    try {
      expected = SchemaRegistry.createDefault().getSchema(a.recordClass());
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(a.recordClass() + " has no schema", e);
    }
    if (!results.hasSchema() || !results.getSchema().equivalent(expected)) {
      throw new IllegalStateException(
          a.id() + " does not write the columns of " + a.recordClass().getSimpleName());
    }
    return results;
  }

  private PCollection<?> results(Analytic a, List<PCollection<DeadLetter>> deadLetters) {
    switch (a) {
      case INBOUND:
        return inbound();
      case DNS_LOOKUPS:
        return dnsLookups();
      case HOSTNAME_COUNTS:
        return hostnameCounts(deadLetters);
      case SSH_BRUTE_FORCE:
        return sshBruteForce(deadLetters);
      case BYTES_BY_SERVICE:
        return bytesByService(deadLetters);
      case RICH_DNS:
        return richDns(deadLetters);
      case SSL_CERTS:
        return sslCertificates(deadLetters);
      case GEO:
        return geo();
      case NEW_CERTS:
        return newCertificates(deadLetters);
      case SSH_FAILED_LOGINS:
        return sshFailedLogins();
      case WATCHLIST_DNS:
        return watchlistDns(deadLetters);
      case WATCHLIST_HTTP:
        return watchlistHttp(deadLetters);
      default:
        throw new IllegalStateException("no transform for analytic " + a.id());
    }
  }

  PCollection<DnsLookupCount> dnsLookups() {
    DnsLookups lookups = DnsLookups.create();
    if (plan.earlyResults != null) {
      lookups = lookups.withEarlyResults(plan.earlyResults);
    }
    return in.dns().apply("DnsLookups", lookups).results();
  }

  PCollection<HostnameCount> hostnameCounts(List<PCollection<DeadLetter>> deadLetters) {
    AnalyticOutput<HostnameCount> counts =
        richDns(deadLetters)
            .apply("HostnameCounts", hostnameCountsTransform());
    deadLetters.add(counts.deadLetters());
    return counts.results();
  }

  private HostnameCounts hostnameCountsTransform() {
    HostnameCounts counts = HostnameCounts.create().withAllowedLateness(plan.allowedLateness);
    return plan.earlyResults == null ? counts : counts.withEarlyResults(plan.earlyResults);
  }

  private io.zeekbeam.transforms.analytics.BytesByService bytesByServiceTransform() {
    io.zeekbeam.transforms.analytics.BytesByService bytes =
        io.zeekbeam.transforms.analytics.BytesByService.create()
            .withAllowedLateness(plan.allowedLateness);
    return plan.earlyResults == null ? bytes : bytes.withEarlyResults(plan.earlyResults);
  }

  PCollection<BytesByService> bytesByService(List<PCollection<DeadLetter>> deadLetters) {
    AnalyticOutput<BytesByService> bytes =
        in.conn()
            .apply("BytesByService", bytesByServiceTransform());
    deadLetters.add(bytes.deadLetters());
    return bytes.results();
  }

  PCollection<SshBruteForceAlert> sshBruteForce(List<PCollection<DeadLetter>> deadLetters) {
    AnalyticOutput<SshBruteForceAlert> alerts =
        sshFailedLogins()
            .apply(
                "SshBruteForce",
                plan.earlyResults == null
                    ? plan.bruteForce
                    : plan.bruteForce.withEarlyResults(plan.earlyResults));
    deadLetters.add(alerts.deadLetters());
    return alerts.results();
  }

  PCollection<ZeekConn> inbound() {
    return in.conn()
        .apply("Inbound", InboundConnections.create().withLocalNets(plan.localNets));
  }

  PCollection<RichDns> richDns(List<PCollection<DeadLetter>> deadLetters) {
    if (richDns == null) {
      richDns =
          in.dns()
              .apply(
                  "RichDns",
                  RichDnsJoin.of(in.conn())
                      .withLocalNets(plan.localNets)
                      .withAllowedLateness(plan.allowedLateness)
                      .withJoinBuckets(plan.joinBuckets()));
      deadLetters.add(richDns.deadLetters());
    }
    return richDns.results();
  }

  PCollection<SslCertificate> sslCertificates(List<PCollection<DeadLetter>> deadLetters) {
    if (sslCertificates == null) {
      sslCertificates =
          in.ssl()
              .apply(
                  "SslCertificates",
                  SslCertificates.of(in.x509())
                      .withAllowedLateness(plan.allowedLateness)
                      .withJoinBuckets(plan.joinBuckets()));
      deadLetters.add(sslCertificates.deadLetters());
    }
    return sslCertificates.results();
  }

  PCollection<SslCertificate> newCertificates(List<PCollection<DeadLetter>> deadLetters) {
    return sslCertificates(deadLetters)
        .apply("NewCertificates", NewCertificates.create().withGeoIp(plan.geoIp));
  }

  PCollection<GeoConnection> geo() {
    return in.conn()
        .apply(
            "GeoOf443",
            GeoOf443.create().withLocalNets(plan.localNets).withGeoIp(plan.geoIp));
  }

  PCollection<SshFailedLogin> sshFailedLogins() {
    if (failedLogins == null) {
      failedLogins = in.syslog().apply("SshFailedLogins", SshFailedLogins.create());
    }
    return failedLogins;
  }

  /**
   * The batch watchlist: its file is read once, now, as the run is built. Its entries are the
   * matchers' fixed table ({@link WatchlistMatches#dnsAgainst}), and the same contents go through
   * the parse step, which counts the rows and dead-letters those that are not entries.
   */
  private List<WatchlistEntry> watchlist(List<PCollection<DeadLetter>> deadLetters) {
    if (watchlist == null) {
      Path file = Paths.get(options.getWatchlist()).toAbsolutePath().normalize();
      String path = file.toString();
      byte[] contents;
      try {
        contents = Files.readAllBytes(file);
        watchlist = ParseWatchlist.entries(path, contents);
      } catch (IOException e) {
        throw new UsageException(
            "--watchlist: cannot read '" + options.getWatchlist() + "': " + e.getMessage());
      }
      PCollectionTuple parsed =
          pipeline
              .apply(
                  "WatchlistFile",
                  Create.of(KV.of(path, contents))
                      .withCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of())))
              .apply("ParseWatchlist", ParseWatchlist.create());
      deadLetters.add(parsed.get(ParseWatchlist.DEAD_LETTERS));
    }
    return watchlist;
  }

  /** A stream reads its watchlist again at this interval (batch reads it once). */
  private Duration refresh() {
    return Durations.parse("watchlistRefresh", options.getWatchlistRefresh());
  }

  PCollection<WatchlistDnsMatch> watchlistDns(List<PCollection<DeadLetter>> deadLetters) {
    if (StreamingPipeline.isStreaming(options)) {
      return in.dns()
          .apply(
              "WatchlistDns",
              RefreshingWatchlist.dns(
                  options.getWatchlist(), refresh(), options.getWatchlistSubdomains()));
    }
    return in.dns()
        .apply(
            "WatchlistDns",
            WatchlistMatches.dnsAgainst(watchlist(deadLetters))
                .withSubdomains(options.getWatchlistSubdomains()));
  }

  PCollection<WatchlistHttpMatch> watchlistHttp(List<PCollection<DeadLetter>> deadLetters) {
    if (StreamingPipeline.isStreaming(options)) {
      return in.http()
          .apply(
              "WatchlistHttp",
              RefreshingWatchlist.http(
                  options.getWatchlist(), refresh(), options.getWatchlistSubdomains()));
    }
    return in.http()
        .apply(
            "WatchlistHttp",
            WatchlistMatches.httpAgainst(watchlist(deadLetters))
                .withSubdomains(options.getWatchlistSubdomains()));
  }
}
