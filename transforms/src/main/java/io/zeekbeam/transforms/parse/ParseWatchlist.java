package io.zeekbeam.transforms.parse;

import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.WatchlistEntry;
import io.zeekbeam.transforms.errors.BadRecordException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads watchlist files (the CSV {@code id,dateadded,domain,source}, a one-domain-a-line list, or
 * a hosts file) into {@link WatchlistEntry} records; rows that are not entries become dead letters
 * with the file and line. Counted under the input {@code watchlist} like every other input.
 */
public final class ParseWatchlist
    extends PTransform<PCollection<FileIO.ReadableFile>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;
  public static final String INPUT = "watchlist";
  public static final TupleTag<WatchlistEntry> ENTRIES = new TupleTag<WatchlistEntry>("entries") {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS =
      new TupleTag<DeadLetter>("watchlist-dead-letter") {};

  public static ParseWatchlist create() {
    return new ParseWatchlist();
  }

  @Override
  public PCollectionTuple expand(PCollection<FileIO.ReadableFile> files) {
    return files.apply(
        "ParseWatchlistLines",
        ParDo.of(new ReadFn()).withOutputTags(ENTRIES, TupleTagList.of(DEAD_LETTERS)));
  }

  static final class ReadFn extends DoFn<FileIO.ReadableFile, WatchlistEntry> {
    private static final long serialVersionUID = 1L;
    private final InputCounters counters = new InputCounters();

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out)
        throws IOException {
      String name = file.getMetadata().resourceId().toString();
      String shortName = file.getMetadata().resourceId().getFilename();
      Watchlists.Reader reader = Watchlists.reader(shortName == null ? name : shortName);
      try (InputStream in = Channels.newInputStream(file.open());
          LineReader lines = new LineReader(in)) {
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
              counters.inc(INPUT, InputCounters.READ);
              counters.inc(INPUT, InputCounters.PARSED);
            }
            for (WatchlistEntry e : entries) {
              out.get(ENTRIES).output(e);
            }
          } catch (BadRecordException e) {
            counters.inc(INPUT, InputCounters.READ);
            counters.inc(INPUT, InputCounters.DEAD_LETTERED);
            out.get(DEAD_LETTERS)
                .output(
                    DeadLetter.of(
                        "parse-watchlist", INPUT, name + ":" + line.number, e.getMessage(), line.text));
          }
        }
      }
    }
  }
}
