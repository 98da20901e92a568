package io.zeekbeam.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.WatchlistEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class ParseWatchlistTest {
  private static final String PATH = "/watchlists/ad_hosts.csv";

  /** A header, two rows, a row that is not one (line 4), a comment and a blank line. */
  private static final byte[] CONTENTS =
      String.join(
              "\n",
              "id,dateadded,domain,source",
              "1,2020-05-01,ads.example.com,list-a",
              "2,2020-05-02,Tracker.Example.NET.,list-b",
              "3,2020-05-03,not a domain,list-c",
              "# a comment",
              "",
              "")
          .getBytes(StandardCharsets.UTF_8);

  private static final List<WatchlistEntry> ENTRIES =
      List.of(
          WatchlistEntry.create("1", "2020-05-01", "ads.example.com", "list-a"),
          WatchlistEntry.create("2", "2020-05-02", "tracker.example.net", "list-b"));

  @Test
  void entriesOutsideAPipelineAreTheRowsOfTheFile() throws Exception {
    assertEquals(ENTRIES, ParseWatchlist.entries(PATH, CONTENTS));
  }

  /**
   * The step gives the same entries, dead-letters the line that is not a row with the file and
   * line number, and counts what it read: read = parsed + dead-lettered.
   */
  @Test
  void theStepGivesTheSameEntriesAndDeadLettersTheBadRow() throws Exception {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple parsed =
        p.apply(
                Create.of(KV.of(PATH, CONTENTS))
                    .withCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of())))
            .apply(ParseWatchlist.create());
    PAssert.that(parsed.get(ParseWatchlist.ENTRIES)).containsInAnyOrder(ENTRIES);
    PAssert.that(
            parsed
                .get(ParseWatchlist.DEAD_LETTERS)
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            (DeadLetter d) ->
                                String.join(
                                    "|", d.getStage(), d.getInput(), d.getSource(), d.getRaw()))))
        .containsInAnyOrder(
            "parse-watchlist|watchlist|" + PATH + ":4|3,2020-05-03,not a domain,list-c");
    PipelineResult result = p.run();
    TestPipeline.verifyPAssertsSucceeded(p, result);
    Map<String, Long> counts = InputCounterResults.committed(result);
    assertEquals(3L, counts.get("watchlist.read"));
    assertEquals(2L, counts.get("watchlist.parsed"));
    assertEquals(1L, counts.get("watchlist.deadLettered"));
  }
}
