package io.zeekbeam.transforms.parse;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.zeekbeam.schemas.WatchlistEntry;
import io.zeekbeam.transforms.errors.BadRecordException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads watchlist files into {@link WatchlistEntry} rows, with a reason for every row that is not
 * one. Three formats, detected from the first line that is neither blank nor a {@code #} comment:
 *
 * <ul>
 *   <li>{@link Format#CSV}: a header row naming a {@code domain} column (the walkthrough's {@code
 *       id,dateadded,domain,source}), then one row per domain; fields may be quoted. The entry's
 *       ID, DATEADDED and SOURCE come from the row's {@code id}, {@code dateadded} and {@code
 *       source} columns (SOURCE falls back to the caller's source name when empty, ID to the line
 *       number when the file has no {@code id} column). A row with a different number of fields
 *       than the header is bad: that is how a stray unquoted comma shows.
 *   <li>{@link Format#HOSTS}: hosts-file lines {@code 0.0.0.0 ads.example.com [more names]}: one
 *       entry per name, the loopback names every hosts file carries ({@code localhost}, {@code
 *       broadcasthost}, {@code ip6-*}, ...) skipped. A line with one bad name is bad as a whole.
 *   <li>{@link Format#DOMAIN_LIST}: one domain a line.
 * </ul>
 *
 * <p>Blank lines and {@code #} comments (whole-line, and trailing ones in the two list formats) are
 * not records. In the list formats the entry's ID is the line number (from 1, counting every line)
 * and SOURCE the caller's source name, usually the file name. Every domain goes through {@link
 * #normaliseDomain(String)}, and one that is empty or could not be a DNS name is a bad row.
 *
 * <p>{@link Reader} takes one line at a time, so the same code serves a whole file in batch and a
 * streaming DoFn that sees a watchlist line by line.
 */
public final class Watchlists {
  /** The shape of a watchlist file. */
  public enum Format {
    CSV,
    HOSTS,
    DOMAIN_LIST
  }

  /** A line that is not a watchlist entry, and why. */
  public record BadRow(long lineNumber, String line, String reason) {}

  /** All entries of a file, and its bad rows. */
  public record Result(List<WatchlistEntry> entries, List<BadRow> badRows) {}

  /** The columns a CSV watchlist has when a reader is told the format and sees no header. */
  public static final List<String> DEFAULT_CSV_COLUMNS =
      List.of("id", "dateadded", "domain", "source");

  private static final ObjectReader CSV_ROW =
      new CsvMapper().readerFor(String[].class).with(CsvParser.Feature.TRIM_SPACES);

  private static final Set<String> LOOPBACK_NAMES =
      Set.of(
          "localhost",
          "localhost.localdomain",
          "localhost4",
          "localhost4.localdomain4",
          "localhost6",
          "localhost6.localdomain6",
          "local",
          "broadcasthost",
          "0.0.0.0");

  private Watchlists() {}

  /** A reader that detects the format from the first line that is not blank or a comment. */
  public static Reader reader(String sourceName) {
    return new Reader(sourceName, null);
  }

  /**
   * A reader for a known format. A CSV reader that sees a header row takes its columns from it;
   * until then it assumes {@link #DEFAULT_CSV_COLUMNS}, for streams of rows without a header.
   */
  public static Reader reader(String sourceName, Format format) {
    return new Reader(sourceName, Objects.requireNonNull(format, "format"));
  }

  /** Reads a whole file (UTF-8); the source name of list formats is the file name. */
  public static Result parse(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(in.lines()::iterator, file.getFileName().toString());
    }
  }

  /** Reads all lines of one watchlist. */
  public static Result parse(Iterable<String> lines, String sourceName) {
    Reader reader = reader(sourceName);
    List<WatchlistEntry> entries = new ArrayList<>();
    List<BadRow> bad = new ArrayList<>();
    for (String line : lines) {
      try {
        entries.addAll(reader.read(line));
      } catch (BadRecordException e) {
        bad.add(new BadRow(reader.lineNumber(), line, e.getMessage()));
      }
    }
    return new Result(entries, bad);
  }

  /**
   * The form in which domains are compared: trimmed, lower case, without a {@code :port} (an HTTP
   * {@code host} header may carry one; {@code [v6addr]:port} gives {@code v6addr}) and without
   * trailing dots (the DNS root). A bare IPv6 address keeps its colons. Null stays null.
   */
  public static @Nullable String normaliseDomain(@Nullable String s) {
    if (s == null) {
      return null;
    }
    String d = s.strip().toLowerCase(Locale.ROOT);
    if (d.startsWith("[")) {
      int close = d.indexOf(']');
      if (close > 0 && isPortSuffix(d, close + 1)) {
        d = d.substring(1, close);
      }
    } else {
      int colon = d.indexOf(':');
      if (colon >= 0 && colon == d.lastIndexOf(':') && isPortSuffix(d, colon)) {
        d = d.substring(0, colon);
      }
    }
    int end = d.length();
    while (end > 0 && d.charAt(end - 1) == '.') {
      end--;
    }
    return d.substring(0, end);
  }

  /** True for nothing, {@code :} or {@code :digits} from {@code at} to the end of {@code s}. */
  private static boolean isPortSuffix(String s, int at) {
    if (at == s.length()) {
      return true;
    }
    if (s.charAt(at) != ':') {
      return false;
    }
    for (int i = at + 1; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Why a normalised domain could not be a DNS name, or empty when it could: it must be 1 to 253
   * characters of labels of 1 to 63 letters, digits, {@code -} or {@code _} (underscores occur in
   * real names and lists), separated by dots.
   */
  public static Optional<String> domainProblem(String domain) {
    if (domain.isEmpty()) {
      return Optional.of("domain is empty");
    }
    if (domain.length() > 253) {
      return Optional.of("domain is longer than 253 characters");
    }
    int labelStart = 0;
    for (int i = 0; i <= domain.length(); i++) {
      char c = i < domain.length() ? domain.charAt(i) : '.';
      if (c == '.') {
        if (i == labelStart) {
          return Optional.of("domain " + Snippets.quote(domain) + " has an empty label");
        }
        if (i - labelStart > 63) {
          return Optional.of(
              "domain " + Snippets.quote(domain) + " has a label longer than 63 characters");
        }
        labelStart = i + 1;
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        String what =
            c == ' ' || c == '\t'
                ? "whitespace"
                : c > 0x7e
                    ? "non-ASCII " + Snippets.quote(String.valueOf(c)) + " (use punycode)"
                    : Snippets.quote(String.valueOf(c));
        return Optional.of(
            "domain " + Snippets.quote(domain) + " contains " + what + ", which no DNS name has");
      }
    }
    return Optional.empty();
  }

  /**
   * Reads one watchlist line by line. Made per file (or per stream): it remembers the format, the
   * CSV header and the line number. Not thread-safe.
   */
  public static final class Reader {
    private final String sourceName;
    private @Nullable Format format;
    private List<String> columns = DEFAULT_CSV_COLUMNS;
    private boolean headerSeen;
    private long lineNumber;

    private Reader(String sourceName, @Nullable Format format) {
      this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
      this.format = format;
    }

    /** The format, once known: given, or detected from the first line that is not a comment. */
    public Optional<Format> format() {
      return Optional.ofNullable(format);
    }

    /** The number of the line read last (from 1). */
    public long lineNumber() {
      return lineNumber;
    }

    /**
     * The entries on the next line of the file: empty for a header, blank line, comment or a
     * hosts-file line naming only localhost; several for a hosts-file line with several names.
     *
     * @throws BadRecordException when the line is not a watchlist row, with the reason
     */
    public List<WatchlistEntry> read(String line) throws BadRecordException {
      lineNumber++;
      if (line == null) {
        throw new BadRecordException("line is null");
      }
      String text = line;
      if (lineNumber == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      text = text.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        return List.of();
      }
      if (format == null) {
        format = detect(text);
        if (format == Format.CSV) {
          columns = header(text);
          headerSeen = true;
          return List.of();
        }
      }
      return switch (format) {
        case CSV -> csvRow(text);
        case HOSTS -> hostsLine(text);
        case DOMAIN_LIST -> domainLine(text);
      };
    }

    private static Format detect(String text) {
      if (text.indexOf(',') >= 0 && csvHeaderColumns(text).contains("domain")) {
        return Format.CSV;
      }
      String first = text.split("\\s+", 2)[0];
      return IpLiterals.isIpLiteral(first) ? Format.HOSTS : Format.DOMAIN_LIST;
    }

    private static List<String> csvHeaderColumns(String text) {
      try {
        List<String> names = new ArrayList<>();
        for (String field : csvFields(text)) {
          names.add(field.toLowerCase(Locale.ROOT));
        }
        return names;
      } catch (BadRecordException e) {
        return List.of();
      }
    }

    private static List<String> header(String text) {
      return List.copyOf(csvHeaderColumns(text));
    }

    private List<WatchlistEntry> csvRow(String text) throws BadRecordException {
      String[] fields = csvFields(text);
      if (!headerSeen && fields.length > 0 && fields[0].equalsIgnoreCase("id")) {
        List<String> names = csvHeaderColumns(text);
        if (names.contains("domain")) {
          columns = names;
          headerSeen = true;
          return List.of();
        }
      }
      if (fields.length != columns.size()) {
        throw new BadRecordException(
            "CSV row has "
                + fields.length
                + " fields but the header has "
                + columns.size()
                + " ("
                + String.join(",", columns)
                + ")");
      }
      String domain = domain(field(fields, "domain"));
      String id = field(fields, "id");
      if (!columns.contains("id")) {
        id = Long.toString(lineNumber);
      }
      String source = field(fields, "source");
      return List.of(
          WatchlistEntry.create(
              id, field(fields, "dateadded"), domain, source == null ? sourceName : source));
    }

    private @Nullable String field(String[] fields, String column) {
      int i = columns.indexOf(column);
      if (i < 0 || fields[i].isEmpty()) {
        return null;
      }
      return fields[i];
    }

    private List<WatchlistEntry> hostsLine(String text) throws BadRecordException {
      String[] words = stripComment(text).split("\\s+");
      if (!IpLiterals.isIpLiteral(words[0])) {
        throw new BadRecordException(
            "hosts-file line does not start with an IP address: " + Snippets.quote(text));
      }
      if (words.length < 2) {
        throw new BadRecordException("hosts-file line has an address but no host name");
      }
      List<WatchlistEntry> entries = new ArrayList<>(words.length - 1);
      for (int i = 1; i < words.length; i++) {
        String name = normaliseDomain(words[i]);
        if (isLoopbackName(name)) {
          continue;
        }
        entries.add(entry(domain(name)));
      }
      return entries;
    }

    private List<WatchlistEntry> domainLine(String text) throws BadRecordException {
      String word = stripComment(text);
      if (word.chars().anyMatch(Character::isWhitespace)) {
        throw new BadRecordException(
            "line has more than one word; a domain list has one domain a line: "
                + Snippets.quote(word));
      }
      return List.of(entry(domain(word)));
    }

    private WatchlistEntry entry(String domain) {
      return WatchlistEntry.create(Long.toString(lineNumber), null, domain, sourceName);
    }

    private static boolean isLoopbackName(String name) {
      return LOOPBACK_NAMES.contains(name) || name.startsWith("ip6-");
    }
  }

  private static String domain(@Nullable String raw) throws BadRecordException {
    String domain = normaliseDomain(raw);
    if (domain == null) {
      throw new BadRecordException("domain is empty");
    }
    Optional<String> problem = domainProblem(domain);
    if (problem.isPresent()) {
      throw new BadRecordException(problem.get());
    }
    return domain;
  }

  private static String stripComment(String text) {
    int hash = text.indexOf('#');
    return hash < 0 ? text : text.substring(0, hash).strip();
  }

  private static String[] csvFields(String text) throws BadRecordException {
    try {
      String[] fields = CSV_ROW.readValue(text);
      if (fields == null) {
        throw new BadRecordException("CSV row is empty");
      }
      return fields;
    } catch (IOException e) {
      String detail = String.valueOf(e.getMessage());
      int newline = detail.indexOf('\n');
      if (newline >= 0) {
        detail = detail.substring(0, newline);
      }
      throw new BadRecordException("CSV row is malformed: " + detail);
    }
  }
}
