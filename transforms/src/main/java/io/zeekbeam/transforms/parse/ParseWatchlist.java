package io.zeekbeam.transforms.parse;

import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.WatchlistEntry;
import io.zeekbeam.transforms.errors.BadRecordException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Parses watchlist files (the CSV {@code id,dateadded,domain,source}, a one-domain-a-line list, or
 * a hosts file), given as their path and contents, into {@link WatchlistEntry} records; rows that
 * are not entries become dead letters with the file and line. Counted under the input {@code
 * watchlist} like every other input. {@link #entries} gives the same entries outside a pipeline,
 * for a table fixed when the pipeline is built.
 */
public final class ParseWatchlist
    extends PTransform<PCollection<KV<String, byte[]>>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;
  public static final String INPUT = "watchlist";
  public static final TupleTag<WatchlistEntry> ENTRIES = new TupleTag<WatchlistEntry>("entries") {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS =
      new TupleTag<DeadLetter>("watchlist-dead-letter") {};

  public static ParseWatchlist create() {
    return new ParseWatchlist();
  }

  @Override
  public PCollectionTuple expand(PCollection<KV<String, byte[]>> files) {
    return files.apply(
        "ParseWatchlistLines",
        ParDo.of(new ReadFn()).withOutputTags(ENTRIES, TupleTagList.of(DEAD_LETTERS)));
  }

  /** The entries of the watchlist file at {@code path} with these contents, as the step gives. */
  public static List<WatchlistEntry> entries(String path, byte[] contents) throws IOException {
    List<WatchlistEntry> entries = new ArrayList<>();
    read(
        path,
        contents,
        new Rows() {
          @Override
          public void entries(List<WatchlistEntry> rowEntries) {
            entries.addAll(rowEntries);
          }

          @Override
          public void bad(long lineNumber, String text, String reason) {}
        });
    return entries;
  }

  /** What the lines of a watchlist file give, in order. */
  private interface Rows {
    /** A line that is an entry row (one entry, or several on a hosts-file line). */
    void entries(List<WatchlistEntry> entries);

    /** A line that is not an entry row. */
    void bad(long lineNumber, String text, String reason);
  }

  private static void read(String path, byte[] contents, Rows rows) throws IOException {
    Path file = Paths.get(path).getFileName();
    Watchlists.Reader reader = Watchlists.reader(file == null ? path : file.toString());
    try (LineReader lines = new LineReader(new ByteArrayInputStream(contents))) {
      LineReader.Line line;
      while ((line = lines.next()) != null) {
        // Header, comment and blank lines, and hosts lines naming only localhost, give no
        // entry and are not records; every other line is an entry row or a dead letter.
        try {
          if (line.error != null) {
            throw new BadRecordException(line.error);
          }
          List<WatchlistEntry> entries = reader.read(line.text);
          if (!entries.isEmpty()) {
            rows.entries(entries);
          }
        } catch (BadRecordException e) {
          rows.bad(line.number, line.text, e.getMessage());
        }
      }
    }
  }

  static final class ReadFn extends DoFn<KV<String, byte[]>, WatchlistEntry> {
    private static final long serialVersionUID = 1L;
    private final InputCounters counters = new InputCounters();

    @ProcessElement
    public void process(@Element KV<String, byte[]> file, MultiOutputReceiver out)
        throws IOException {
      String path = file.getKey();
      read(
          path,
          file.getValue(),
          new Rows() {
            @Override
            public void entries(List<WatchlistEntry> entries) {
              counters.inc(INPUT, InputCounters.READ);
              counters.inc(INPUT, InputCounters.PARSED);
              for (WatchlistEntry e : entries) {
                out.get(ENTRIES).output(e);
              }
            }

            @Override
            public void bad(long lineNumber, String text, String reason) {
              counters.inc(INPUT, InputCounters.READ);
              counters.inc(INPUT, InputCounters.DEAD_LETTERED);
              out.get(DEAD_LETTERS)
                  .output(
                      DeadLetter.of(
                          "parse-watchlist", INPUT, path + ":" + lineNumber, reason, text));
            }
          });
    }
  }
}
