package io.zeekbeam.pipelines.streaming;

import io.zeekbeam.schemas.WatchlistDnsMatch;
import io.zeekbeam.schemas.WatchlistEntry;
import io.zeekbeam.schemas.WatchlistHttpMatch;
import io.zeekbeam.schemas.ZeekDns;
import io.zeekbeam.schemas.ZeekHttp;
import io.zeekbeam.transforms.analytics.WatchlistMatches;
import io.zeekbeam.transforms.parse.Watchlists;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchlist matches of a stream, with the watchlist read again every interval so that an
 * edited file takes effect without a restart.
 *
 * <p>Each matching {@code DoFn} instance keeps the table and reads the file again when its copy is
 * older than the interval, rather than taking it as a side input: Beam's slowly updating side
 * input ({@code PeriodicImpulse} into a triggered global window viewed as a singleton) is reported
 * to fail with "more than one element accessed as a singleton view" when two tables meet in one
 * window (apache/beam#26465, #21376), and a table per worker needs no side input at all. The
 * matching itself is {@link WatchlistMatches#lookup}, as in batch.
 *
 * <p>A read that fails (the file briefly missing while it is replaced) keeps the previous table;
 * at start-up it fails the job. Lines that are not watchlist rows are logged at every read rather
 * than dead-lettered, since the same lines would otherwise be dead letters again at every read.
 */
public final class RefreshingWatchlist {
  private static final Logger LOG = LoggerFactory.getLogger(RefreshingWatchlist.class);

  private RefreshingWatchlist() {}

  /** {@code watchlist-dns}: DNS queries on the watchlist files matching {@code pattern}. */
  public static ParDo.SingleOutput<ZeekDns, WatchlistDnsMatch> dns(
      String pattern, Duration every, boolean subdomains) {
    return ParDo.of(new DnsFn(pattern, every, subdomains));
  }

  /** {@code watchlist-http}: HTTP hosts on the watchlist files matching {@code pattern}. */
  public static ParDo.SingleOutput<ZeekHttp, WatchlistHttpMatch> http(
      String pattern, Duration every, boolean subdomains) {
    return ParDo.of(new HttpFn(pattern, every, subdomains));
  }

  /** Reads every file matching {@code pattern} into one table. */
  static Map<String, WatchlistEntry> read(String pattern) throws IOException {
    List<WatchlistEntry> entries = new ArrayList<>();
    for (MatchResult.Metadata file : FileSystems.match(pattern).metadata()) {
      String name = file.resourceId().getFilename();
      try (BufferedReader in =
          new BufferedReader(
              Channels.newReader(FileSystems.open(file.resourceId()), StandardCharsets.UTF_8))) {
        Watchlists.Result read =
            Watchlists.parse(in.lines()::iterator, name == null ? pattern : name);
        entries.addAll(read.entries());
        if (!read.badRows().isEmpty()) {
          LOG.warn(
              "watchlist {}: {} lines are not watchlist rows, e.g. {}",
              file.resourceId(),
              read.badRows().size(),
              read.badRows().get(0));
        }
      }
    }
    return WatchlistMatches.toTable(entries);
  }

  private abstract static class MatchFn<EventT, MatchT> extends DoFn<EventT, MatchT> {
    private static final long serialVersionUID = 1L;
    private final String pattern;
    private final long everyMillis;
    private final boolean subdomains;
    private transient @Nullable Map<String, WatchlistEntry> table;
    private transient long readAt;

    MatchFn(String pattern, Duration every, boolean subdomains) {
      this.pattern = pattern;
      this.everyMillis = every.getMillis();
      this.subdomains = subdomains;
    }

    abstract @Nullable String name(EventT event);

    abstract MatchT match(EventT event, WatchlistEntry entry);

    @Setup
    public void setup() {
      try {
        table = read(pattern);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the watchlist " + pattern, e);
      }
      readAt = System.currentTimeMillis();
    }

    @ProcessElement
    public void process(@Element EventT event, OutputReceiver<MatchT> out) {
      long now = System.currentTimeMillis();
      if (now - readAt >= everyMillis) {
        readAt = now;
        try {
          table = read(pattern);
        } catch (IOException e) {
          LOG.warn("watchlist {} not read, the previous table stays: {}", pattern, e.toString());
        }
      }
      WatchlistEntry entry = WatchlistMatches.lookup(table, name(event), subdomains);
      if (entry != null) {
        out.output(match(event, entry));
      }
    }
  }

  private static final class DnsFn extends MatchFn<ZeekDns, WatchlistDnsMatch> {
    private static final long serialVersionUID = 1L;

    DnsFn(String pattern, Duration every, boolean subdomains) {
      super(pattern, every, subdomains);
    }

    @Override
    @Nullable String name(ZeekDns dns) {
      return dns.getQuery();
    }

    @Override
    WatchlistDnsMatch match(ZeekDns dns, WatchlistEntry entry) {
      return WatchlistDnsMatch.of(dns, entry);
    }
  }

  private static final class HttpFn extends MatchFn<ZeekHttp, WatchlistHttpMatch> {
    private static final long serialVersionUID = 1L;

    HttpFn(String pattern, Duration every, boolean subdomains) {
      super(pattern, every, subdomains);
    }

    @Override
    @Nullable String name(ZeekHttp http) {
      return http.getHost();
    }

    @Override
    WatchlistHttpMatch match(ZeekHttp http, WatchlistEntry entry) {
      return WatchlistHttpMatch.of(http, entry);
    }
  }
}
