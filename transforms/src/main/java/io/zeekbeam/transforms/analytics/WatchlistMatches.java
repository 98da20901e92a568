package io.zeekbeam.transforms.analytics;

import com.google.auto.value.AutoValue;
import io.zeekbeam.schemas.WatchlistDnsMatch;
import io.zeekbeam.schemas.WatchlistEntry;
import io.zeekbeam.schemas.WatchlistHttpMatch;
import io.zeekbeam.schemas.ZeekDns;
import io.zeekbeam.schemas.ZeekHttp;
import io.zeekbeam.transforms.parse.IpLiterals;
import io.zeekbeam.transforms.parse.Watchlists;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollection.IsBounded;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Analytic 9, {@code watchlist-dns} and {@code watchlist-http}: DNS queries and HTTP {@code host}
 * headers whose name is on a watchlist, each joined with the watchlist row it matched. This is the
 * walkthrough's stream–table join ({@code KEYED_DNS INNER JOIN ADVERTS}): the watchlist is a table,
 * looked up by name, never a window of a stream.
 *
 * <ul>
 *   <li><b>Input:</b> {@link ZeekDns} records ({@link #dns}) or {@link ZeekHttp} records ({@link
 *       #http}), each stamped with its own event time, plus the watchlist as a side input: a {@code
 *       PCollectionView<Map<String, WatchlistEntry>>} built by {@link #asTable} from a bounded
 *       watchlist, or supplied by a refreshing source (see "The table" below).
 *   <li><b>Output:</b> one {@link WatchlistDnsMatch} / {@link WatchlistHttpMatch} per event whose
 *       name matches the table, with every field of the event and the matched row's ID, DATEADDED,
 *       DOMAIN and SOURCE. An event that matches nothing, or has no query / host, gives nothing.
 *       The output element keeps the input element's timestamp and window.
 *   <li><b>Window:</b> none of its own; each event is matched on its own. The events may be in the
 *       global window or in any windows the caller applied (fixed windows in streaming): a table in
 *       the global window serves every one of them.
 *   <li><b>Lateness:</b> not applicable: nothing is grouped, so nothing here is ever late or
 *       dropped. In streaming an event waits (is held back by the runner) until the table is ready
 *       for its window, then is matched against the table as it is at that moment.
 * </ul>
 *
 * <p><b>Matching.</b> The event's name ({@code query}, or {@code host} with its {@code :port} or
 * {@code [v6addr]:port} removed) and the listed domains are compared in the form {@link
 * Watchlists#normaliseDomain} gives: case-insensitive, without trailing dots, as DNS compares
 * names. By default a name matches only itself, as in the walkthrough. With {@link
 * Dns#withSubdomains(boolean) withSubdomains(true)} it also matches a listed parent domain, label
 * by label: {@code x.ads.example.com} matches a listed {@code ads.example.com}, {@code
 * notads.example.com} never does. When several listed domains match ({@code example.com} and {@code
 * ads.example.com} both listed, {@code x.ads.example.com} queried), the <em>most specific</em> one
 * wins and the event gives <em>one</em> row: an event is one observation, and the longest listed
 * suffix is the entry that describes it best (a list that names a subdomain separately usually says
 * something more precise about it). An IP address literal has no parent domains and matches only
 * exactly. A lookup is one hash probe for the name and, with subdomains, one per parent suffix: its
 * cost depends on the name, not on the watchlist's size.
 *
 * <p><b>The table.</b> The side input maps each normalised domain to the one watchlist row that
 * stands for it. When a watchlist lists the same normalised domain more than once, {@link #toTable}
 * and {@link #asTable} keep one row, so that no event is matched twice: the row with the lowest ID
 * (numerically when IDs are numbers, which they are in the walkthrough's CSV and as line numbers in
 * the other formats: the first listing), ties broken by DATEADDED, SOURCE and DOMAIN so the choice
 * never depends on the order in which rows were read. (ksqlDB's {@code ADVERTS} table would keep
 * the last row read from its topic; a parallel batch read has no such order, hence a rule on the
 * rows' own content.) {@link #asTable} makes the table from a bounded watchlist, in the global
 * window, once. A streaming job whose watchlist must be refreshed without restarting supplies its
 * own view instead, of the same type and in the global window, whose value is {@link #toTable} of
 * the current snapshot: the transforms here only read the view.
 *
 * <p><b>A table fixed when the pipeline is built.</b> {@link #dnsAgainst} and {@link #httpAgainst}
 * take the watchlist's entries themselves (a batch run reads its watchlist file as it starts). The
 * table is then part of the matching step, which needs no side input: on Flink a step with a side
 * input has two inputs and cannot run in the step that reads the events, so every DNS and HTTP
 * record was sent to it through Flink's network stack and decoded again, for a watchlist of a few
 * rows (the whole suite over 4.5M records: ~0.8 s of ~24; BENCHMARKS.md, "The whole suite on the
 * service"). The matches are the same.
 */
public final class WatchlistMatches {
  /** The longest DNS name; no listed domain can be a longer parent of a name. */
  private static final int MAX_DOMAIN_LENGTH = 253;

  private WatchlistMatches() {}

  /**
   * The watchlist as the table both joins look up: normalised domain to the one row kept for it
   * (see the class comment), in the global window, so that it serves events in any window. An empty
   * watchlist gives an empty table, and no matches.
   *
   * @param watchlist a bounded watchlist, read once (a file). An unbounded one (a topic) is
   *     refused: its single global pane would never be complete, and every event would wait for it
   *     forever.
   */
  public static PCollectionView<Map<String, WatchlistEntry>> asTable(
      PCollection<WatchlistEntry> watchlist) {
    return watchlist.apply("WatchlistAsTable", new AsTable());
  }

  /**
   * The table of {@code entries}: normalised domain to the one row kept for it (lowest ID first,
   * see the class comment). Entries whose domain normalises to nothing are left out, since no name
   * could match them. For sources that build the table themselves, e.g. a refreshing watchlist.
   */
  public static Map<String, WatchlistEntry> toTable(Iterable<WatchlistEntry> entries) {
    Map<String, WatchlistEntry> table = new HashMap<>();
    for (WatchlistEntry entry : entries) {
      put(table, entry);
    }
    return table;
  }

  /** Matches DNS queries ({@code watchlist-dns}) against {@code table}, exactly by default. */
  public static Dns dns(PCollectionView<Map<String, WatchlistEntry>> table) {
    return new AutoValue_WatchlistMatches_Dns.Builder()
        .setTable(table)
        .setSubdomains(false)
        .build();
  }

  /**
   * Matches HTTP host headers ({@code watchlist-http}) against {@code table}, exactly by default.
   */
  public static Http http(PCollectionView<Map<String, WatchlistEntry>> table) {
    return new AutoValue_WatchlistMatches_Http.Builder()
        .setTable(table)
        .setSubdomains(false)
        .build();
  }

  /**
   * Matches DNS queries ({@code watchlist-dns}) against the table of {@code entries} ({@link
   * #toTable}), fixed now: see "A table fixed when the pipeline is built" in the class comment.
   */
  public static Dns dnsAgainst(Iterable<WatchlistEntry> entries) {
    return new AutoValue_WatchlistMatches_Dns.Builder()
        .setFixed(FixedTable.of(entries))
        .setSubdomains(false)
        .build();
  }

  /**
   * Matches HTTP host headers ({@code watchlist-http}) against the table of {@code entries}, fixed
   * now, as {@link #dnsAgainst} does.
   */
  public static Http httpAgainst(Iterable<WatchlistEntry> entries) {
    return new AutoValue_WatchlistMatches_Http.Builder()
        .setFixed(FixedTable.of(entries))
        .setSubdomains(false)
        .build();
  }

  /**
   * The table of a watchlist known when the pipeline is built, carried by the matching step as its
   * entries' encoding and made into the table once per step instance: a {@link WatchlistEntry} is
   * not {@link Serializable}, and the step is.
   */
  static final class FixedTable implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] entries;
    private transient @Nullable Map<String, WatchlistEntry> table;

    private FixedTable(byte[] entries) {
      this.entries = entries;
    }

    static FixedTable of(Iterable<WatchlistEntry> entries) {
      if (entries == null) {
        throw new IllegalArgumentException(
            "WatchlistMatches: the watchlist's entries are null; pass an empty list for an empty"
                + " watchlist");
      }
      List<WatchlistEntry> list = new ArrayList<>();
      entries.forEach(list::add);
      try {
        return new FixedTable(CoderUtils.encodeToByteArray(coder(), list));
      } catch (CoderException e) {
        throw new IllegalArgumentException("WatchlistMatches: cannot encode the watchlist", e);
      }
    }

    Map<String, WatchlistEntry> table() {
      if (table == null) {
        try {
          table = toTable(CoderUtils.decodeFromByteArray(coder(), entries));
        } catch (CoderException e) {
          throw new IllegalStateException("WatchlistMatches: cannot decode the watchlist", e);
        }
      }
      return table;
    }

    private static Coder<List<WatchlistEntry>> coder() {
      try {
        return ListCoder.of(
            SchemaRegistry.createDefault().getSchemaCoder(WatchlistEntry.class));
      } catch (NoSuchSchemaException e) {
        throw new IllegalStateException("WatchlistEntry has no schema", e);
      }
    }
  }

  /**
   * The watchlist row that {@code name} matches in {@code table}, or null: the row of the name
   * itself, or with {@code subdomains} that of its most specific listed parent domain (a parent of
   * at most 253 characters, as every DNS name is). {@code name} is normalised as the table's keys
   * are ({@link Watchlists#normaliseDomain}).
   */
  public static @Nullable WatchlistEntry lookup(
      Map<String, WatchlistEntry> table, @Nullable String name, boolean subdomains) {
    if (table.isEmpty()) {
      return null;
    }
    String key = Watchlists.normaliseDomain(name);
    if (key == null || key.isEmpty()) {
      return null;
    }
    WatchlistEntry exact = table.get(key);
    if (exact != null || !subdomains || IpLiterals.isIpLiteral(key)) {
      return exact;
    }
    // Parents from the longest to the shortest, so the first hit is the most specific one. Only
    // parents that could be DNS names are probed: a hostile host header of a million labels then
    // costs at most 127 probes of at most 253 characters, not a million probes of long strings.
    int firstDot = key.indexOf('.', Math.max(0, key.length() - MAX_DOMAIN_LENGTH - 1));
    for (int dot = firstDot; dot >= 0; dot = key.indexOf('.', dot + 1)) {
      WatchlistEntry parent = table.get(key.substring(dot + 1));
      if (parent != null) {
        return parent;
      }
    }
    return null;
  }

  /**
   * Which of two rows for the same domain the table keeps: the lowest ID, then the lowest
   * DATEADDED, SOURCE and DOMAIN, absent values last. A total order on the rows' content, so the
   * choice is the same whatever order the rows arrive in.
   */
  private static final Comparator<WatchlistEntry> PREFERENCE =
      Comparator.comparing(
              WatchlistEntry::getId, Comparator.nullsLast(WatchlistMatches::compareIds))
          .thenComparing(
              WatchlistEntry::getDateAdded, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(WatchlistEntry::getSource, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(
              WatchlistEntry::getDomain, Comparator.nullsLast(Comparator.naturalOrder()));

  /** Decimal IDs by value (of any length), before other IDs, which compare as text. */
  private static int compareIds(String a, String b) {
    boolean aNumber = isDecimal(a);
    boolean bNumber = isDecimal(b);
    if (aNumber != bNumber) {
      return aNumber ? -1 : 1;
    }
    if (aNumber) {
      String x = stripLeadingZeros(a);
      String y = stripLeadingZeros(b);
      int byValue =
          x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
      if (byValue != 0) {
        return byValue;
      }
    }
    return a.compareTo(b);
  }

  private static boolean isDecimal(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String stripLeadingZeros(String digits) {
    int i = 0;
    while (i < digits.length() - 1 && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }

  private static void put(Map<String, WatchlistEntry> table, WatchlistEntry entry) {
    String key = Watchlists.normaliseDomain(entry.getDomain());
    if (key == null || key.isEmpty()) {
      return;
    }
    table.merge(key, entry, WatchlistMatches::preferred);
  }

  private static WatchlistEntry preferred(WatchlistEntry a, WatchlistEntry b) {
    return PREFERENCE.compare(a, b) <= 0 ? a : b;
  }

  private static void validateTable(
      String factory,
      @Nullable PCollectionView<Map<String, WatchlistEntry>> table,
      @Nullable FixedTable fixed) {
    if (table == null && fixed == null) {
      throw new IllegalArgumentException(
          "WatchlistMatches."
              + factory
              + "(table): table is null; build it with WatchlistMatches.asTable(watchlist), or"
              + " supply a PCollectionView<Map<String, WatchlistEntry>> of"
              + " WatchlistMatches.toTable(snapshot)");
    }
  }

  /**
   * {@code watchlist-dns}: DNS records whose {@code query} is on the watchlist. Made by {@link
   * WatchlistMatches#dns}; see {@link WatchlistMatches} for input, output, window and lateness.
   */
  @AutoValue
  public abstract static class Dns
      extends PTransform<PCollection<ZeekDns>, PCollection<WatchlistDnsMatch>> {
    private static final long serialVersionUID = 1L;

    abstract @Nullable PCollectionView<Map<String, WatchlistEntry>> getTable();

    abstract @Nullable FixedTable getFixed();

    abstract boolean isSubdomains();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setTable(@Nullable PCollectionView<Map<String, WatchlistEntry>> table);

      abstract Builder setFixed(@Nullable FixedTable fixed);

      abstract Builder setSubdomains(boolean subdomains);

      abstract Dns build();
    }

    /**
     * With {@code true}, a query also matches a listed parent domain ({@code x.ads.example.com}
     * matches {@code ads.example.com}), the most specific one when several are listed; with {@code
     * false} (the default, the walkthrough's behaviour) only the listed name itself.
     */
    public Dns withSubdomains(boolean subdomains) {
      return toBuilder().setSubdomains(subdomains).build();
    }

    @Override
    public PCollection<WatchlistDnsMatch> expand(PCollection<ZeekDns> dns) {
      PCollectionView<Map<String, WatchlistEntry>> table = getTable();
      FixedTable fixed = getFixed();
      validateTable("dns", table, fixed);
      return dns.apply(
          "MatchQueriesAgainstWatchlist", matching(new MatchDns(table, fixed, isSubdomains())));
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder.add(DisplayData.item("subdomains", isSubdomains()).withLabel("Match subdomains"));
    }
  }

  /**
   * {@code watchlist-http}: HTTP records whose {@code host} header (without its port) is on the
   * watchlist. Made by {@link WatchlistMatches#http}; see {@link WatchlistMatches} for input,
   * output, window and lateness.
   */
  @AutoValue
  public abstract static class Http
      extends PTransform<PCollection<ZeekHttp>, PCollection<WatchlistHttpMatch>> {
    private static final long serialVersionUID = 1L;

    abstract @Nullable PCollectionView<Map<String, WatchlistEntry>> getTable();

    abstract @Nullable FixedTable getFixed();

    abstract boolean isSubdomains();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setTable(@Nullable PCollectionView<Map<String, WatchlistEntry>> table);

      abstract Builder setFixed(@Nullable FixedTable fixed);

      abstract Builder setSubdomains(boolean subdomains);

      abstract Http build();
    }

    /**
     * With {@code true}, a host also matches a listed parent domain ({@code x.ads.example.com}
     * matches {@code ads.example.com}), the most specific one when several are listed; with {@code
     * false} (the default, the walkthrough's behaviour) only the listed name itself.
     */
    public Http withSubdomains(boolean subdomains) {
      return toBuilder().setSubdomains(subdomains).build();
    }

    @Override
    public PCollection<WatchlistHttpMatch> expand(PCollection<ZeekHttp> http) {
      PCollectionView<Map<String, WatchlistEntry>> table = getTable();
      FixedTable fixed = getFixed();
      validateTable("http", table, fixed);
      return http.apply(
          "MatchHostsAgainstWatchlist", matching(new MatchHttp(table, fixed, isSubdomains())));
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder.add(DisplayData.item("subdomains", isSubdomains()).withLabel("Match subdomains"));
    }
  }

  /** The matching step of {@code fn}, with its table as a side input when it has no fixed one. */
  private static <EventT, MatchT> ParDo.SingleOutput<EventT, MatchT> matching(
      MatchFn<EventT, MatchT> fn) {
    ParDo.SingleOutput<EventT, MatchT> step = ParDo.of(fn);
    return fn.fixed != null ? step : step.withSideInputs(fn.table);
  }

  /**
   * Looks each event's name up in the table (the side input's, or the one fixed when the pipeline
   * was built); one output at most per event.
   */
  private abstract static class MatchFn<EventT, MatchT> extends DoFn<EventT, MatchT> {
    private static final long serialVersionUID = 1L;
    private final @Nullable PCollectionView<Map<String, WatchlistEntry>> table;
    private final @Nullable FixedTable fixed;
    private final boolean subdomains;

    MatchFn(
        @Nullable PCollectionView<Map<String, WatchlistEntry>> table,
        @Nullable FixedTable fixed,
        boolean subdomains) {
      this.table = table;
      this.fixed = fixed;
      this.subdomains = subdomains;
    }

    abstract @Nullable String name(EventT event);

    abstract MatchT match(EventT event, WatchlistEntry entry);

    @ProcessElement
    public void process(ProcessContext c) {
      EventT event = c.element();
      Map<String, WatchlistEntry> t = fixed != null ? fixed.table() : c.sideInput(table);
      WatchlistEntry entry = lookup(t, name(event), subdomains);
      if (entry != null) {
        c.output(match(event, entry));
      }
    }
  }

  private static final class MatchDns extends MatchFn<ZeekDns, WatchlistDnsMatch> {
    private static final long serialVersionUID = 1L;

    MatchDns(
        @Nullable PCollectionView<Map<String, WatchlistEntry>> table,
        @Nullable FixedTable fixed,
        boolean subdomains) {
      super(table, fixed, subdomains);
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

  private static final class MatchHttp extends MatchFn<ZeekHttp, WatchlistHttpMatch> {
    private static final long serialVersionUID = 1L;

    MatchHttp(
        @Nullable PCollectionView<Map<String, WatchlistEntry>> table,
        @Nullable FixedTable fixed,
        boolean subdomains) {
      super(table, fixed, subdomains);
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

  /** A bounded watchlist, in the global window, combined into one table and viewed as it. */
  private static final class AsTable
      extends PTransform<
          PCollection<WatchlistEntry>, PCollectionView<Map<String, WatchlistEntry>>> {
    private static final long serialVersionUID = 1L;

    @Override
    public PCollectionView<Map<String, WatchlistEntry>> expand(
        PCollection<WatchlistEntry> watchlist) {
      if (watchlist.isBounded() != IsBounded.BOUNDED) {
        throw new IllegalArgumentException(
            "WatchlistMatches.asTable(watchlist): the watchlist is unbounded (a stream), so its"
                + " table would never be complete and every event would wait for it; give"
                + " asTable a bounded watchlist (a file), or for a refreshing watchlist supply"
                + " your own PCollectionView<Map<String, WatchlistEntry>> in the global window"
                + " whose value is WatchlistMatches.toTable(current snapshot)");
      }
      return watchlist
          // A table, not a window: whatever windows the rows came in, one table serves all events.
          .apply("IntoGlobalWindow", Window.into(new GlobalWindows()))
          .apply("OneRowPerDomain", Combine.globally(new TableFn()).asSingletonView());
    }
  }

  /** Builds the table; the accumulator is the table itself, merged with {@link #PREFERENCE}. */
  private static final class TableFn
      extends CombineFn<WatchlistEntry, Map<String, WatchlistEntry>, Map<String, WatchlistEntry>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Map<String, WatchlistEntry> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<String, WatchlistEntry> addInput(
        Map<String, WatchlistEntry> table, WatchlistEntry entry) {
      put(table, entry);
      return table;
    }

    @Override
    public Map<String, WatchlistEntry> mergeAccumulators(
        Iterable<Map<String, WatchlistEntry>> tables) {
      Map<String, WatchlistEntry> merged = new HashMap<>();
      for (Map<String, WatchlistEntry> table : tables) {
        table.forEach((domain, entry) -> merged.merge(domain, entry, WatchlistMatches::preferred));
      }
      return merged;
    }

    @Override
    public Map<String, WatchlistEntry> extractOutput(Map<String, WatchlistEntry> table) {
      return table;
    }

    @Override
    public Coder<Map<String, WatchlistEntry>> getAccumulatorCoder(
        CoderRegistry registry, Coder<WatchlistEntry> entryCoder) {
      return MapCoder.of(StringUtf8Coder.of(), entryCoder);
    }

    @Override
    public Coder<Map<String, WatchlistEntry>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<WatchlistEntry> entryCoder) {
      return MapCoder.of(StringUtf8Coder.of(), entryCoder);
    }
  }
}
