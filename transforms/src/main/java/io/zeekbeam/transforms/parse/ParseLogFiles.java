package io.zeekbeam.transforms.parse;

import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.SyslogEvent;
import io.zeekbeam.schemas.ZeekRecord;
import io.zeekbeam.transforms.errors.BadRecordException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads log files (Zeek TSV or JSON, syslog; plain or gzip) into typed records stamped with their
 * event time, and every line that is not a record into a dead letter with the file, the line
 * number and the reason. A file is read in order by one worker because a Zeek TSV row means
 * nothing without the header above it and a year-less syslog line needs the lines before it.
 *
 * <p>Input: matched files. Output: {@link ParsedLogs}. Counts: {@link InputCounters}.
 */
public final class ParseLogFiles extends PTransform<PCollection<FileIO.ReadableFile>, ParsedLogs> {
  private static final long serialVersionUID = 1L;

  private final @Nullable Integer syslogYear;
  private final ZoneId syslogZone;

  private ParseLogFiles(@Nullable Integer syslogYear, ZoneId syslogZone) {
    this.syslogYear = syslogYear;
    this.syslogZone = syslogZone;
  }

  /** Reads with syslog years inferred from the files and syslog times in UTC. */
  public static ParseLogFiles create() {
    return new ParseLogFiles(null, ZoneOffset.UTC);
  }

  /** The year of the first line of every year-less syslog file (RFC 3164 has no year). */
  public ParseLogFiles withSyslogYear(@Nullable Integer year) {
    return new ParseLogFiles(year, syslogZone);
  }

  /** The zone of syslog timestamps that carry none. */
  public ParseLogFiles withSyslogZone(ZoneId zone) {
    return new ParseLogFiles(syslogYear, zone);
  }

  @Override
  public ParsedLogs expand(PCollection<FileIO.ReadableFile> files) {
    PCollectionTuple out =
        files.apply(
            "ParseLines",
            ParDo.of(new ParseFileFn(syslogYear, syslogZone.getId()))
                .withOutputTags(ParsedLogs.DEAD_LETTERS, ParsedLogs.RECORD_TAGS));
    return ParsedLogs.of(out);
  }

  static final class ParseFileFn extends DoFn<FileIO.ReadableFile, DeadLetter> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ParseLogFiles.class);

    private final @Nullable Integer syslogYear;
    private final String syslogZone;
    private final InputCounters counters = new InputCounters();

    ParseFileFn(@Nullable Integer syslogYear, String syslogZone) {
      this.syslogYear = syslogYear;
      this.syslogZone = syslogZone;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out)
        throws IOException {
      String name = file.getMetadata().resourceId().toString();
      counters.inc("all", InputCounters.FILES);
      ReadProgress.fileStarted();
      FileParse parse = null;
      try (InputStream in = Channels.newInputStream(file.open());
          LineReader reader = new LineReader(in)) {
        parse = new FileParse(name, file.getMetadata().lastModifiedMillis(), reader, out);
        parse.run();
        counters.inc("all", InputCounters.BYTES, reader.bytesRead());
      } catch (IOException e) {
        // A file that breaks off (a truncated gzip archive, an I/O error) keeps what was read;
        // the rest is reported, not lost silently.
        counters.inc("unknown", InputCounters.READ);
        counters.inc("unknown", InputCounters.DEAD_LETTERED);
        out.get(ParsedLogs.DEAD_LETTERS)
            .output(
                DeadLetter.of(
                    "read-file", null, name, "the file could not be read to its end: " + e, ""));
      } finally {
        if (parse != null) {
          parse.flushProgress();
        }
        ReadProgress.fileDone();
      }
    }

    /** The reading of one file. */
    private final class FileParse {
      private final String name;
      private final long lastModifiedMillis;
      private final LineReader reader;
      private final MultiOutputReceiver out;
      private LogFiles.@Nullable Detection detection;
      private @Nullable ZeekTsv tsv;
      private @Nullable SyslogParser syslog;
      private long progressLines;
      private long progressRecords;
      private long progressBytes;

      FileParse(String name, long lastModifiedMillis, LineReader reader, MultiOutputReceiver out) {
        this.name = name;
        this.lastModifiedMillis = lastModifiedMillis;
        this.reader = reader;
        this.out = out;
      }

      void run() throws IOException {
        List<LineReader.Line> head = new ArrayList<>();
        List<String> headText = new ArrayList<>();
        LineReader.Line line;
        while (headText.size() < LogFiles.HEAD_LINES && (line = next()) != null) {
          head.add(line);
          if (!line.text.isBlank()) {
            headText.add(line.text);
          }
        }
        detection = LogFiles.detect(name, headText);
        if (detection.format == LogFiles.Format.SKIPPED_ZEEK) {
          LOG.info("{}: {}", name, detection.describe());
        }
        for (LineReader.Line l : head) {
          accept(l);
        }
        while ((line = next()) != null) {
          accept(line);
        }
      }

      private LineReader.@Nullable Line next() throws IOException {
        LineReader.Line line = reader.next();
        if (line != null && ++progressLines >= ReadProgress.FLUSH_EVERY) {
          flushProgress();
        }
        return line;
      }

      /** Adds the records and bytes read since the last call to the JVM's progress counters. */
      void flushProgress() {
        long bytes = reader.bytesRead();
        ReadProgress.add(bytes - progressBytes, progressRecords);
        progressBytes = bytes;
        progressLines = 0;
        progressRecords = 0;
      }

      private void accept(LineReader.Line line) {
        if (line.error == null && line.text.isBlank()) {
          return;
        }
        switch (detection.format) {
          case ZEEK_TSV:
            acceptTsv(line);
            break;
          case ZEEK_JSON:
            acceptJson(line, detection.logType);
            break;
          case SKIPPED_ZEEK:
            if (line.error != null || !ZeekTsv.isHeader(line.text)) {
              counters.inc(detection.zeekPath, InputCounters.SKIPPED);
            }
            break;
          default:
            acceptSyslog(line);
        }
      }

      private void acceptTsv(LineReader.Line line) {
        if (tsv == null) {
          tsv = new ZeekTsv(detection.logType);
        }
        if (line.error == null && ZeekTsv.isHeader(line.text)) {
          tsv.header(line.text);
          return;
        }
        String path = tsv.path();
        if (path != null && tsv.logType().isEmpty() && line.error == null) {
          counters.inc(path, InputCounters.SKIPPED);
          return;
        }
        LogType type = tsv.logType().orElse(null);
        String input = type == null ? "unknown" : type.id();
        if (!readable(line, input)) {
          return;
        }
        try {
          emit(type, tsv.row(line.text), line);
        } catch (BadRecordException e) {
          dead(input, "parse-zeek-tsv", line, e.getMessage());
        }
      }

      private void acceptJson(LineReader.Line line, LogType type) {
        if (!readable(line, type.id())) {
          return;
        }
        try {
          emit(type, ZeekJson.parse(ZeekRecordType.of(type), line.text), line);
        } catch (ZeekJson.OtherPathException other) {
          // A JSON stream may interleave logs (one line per record, each with its _path).
          LogType actual = LogType.ofZeekPath(other.path()).orElse(null);
          counters.inc(type.id(), InputCounters.READ, -1);
          if (actual == null) {
            counters.inc(other.path(), InputCounters.SKIPPED);
            return;
          }
          counters.inc(actual.id(), InputCounters.READ);
          try {
            emit(actual, ZeekJson.parse(ZeekRecordType.of(actual), line.text), line);
          } catch (BadRecordException e) {
            dead(actual.id(), "parse-zeek-json", line, e.getMessage());
          }
        } catch (BadRecordException e) {
          dead(type.id(), "parse-zeek-json", line, e.getMessage());
        }
      }

      private void acceptSyslog(LineReader.Line line) {
        if (!readable(line, LogType.SYSLOG.id())) {
          return;
        }
        if (syslog == null) {
          ZoneId zone = ZoneId.of(syslogZone);
          int year =
              syslogYear != null
                  ? syslogYear
                  : SyslogParser.inferFirstLineYear(
                      java.time.Instant.ofEpochMilli(lastModifiedMillis), line.text, zone);
          syslog = SyslogParser.forFile(year, zone);
        }
        try {
          SyslogEvent event = syslog.parse(line.text);
          counters.inc(LogType.SYSLOG.id(), InputCounters.PARSED);
          out.get(ParsedLogs.SYSLOG)
              .outputWithTimestamp(event, new Instant(event.getTimestamp()));
        } catch (BadRecordException e) {
          dead(LogType.SYSLOG.id(), "parse-syslog", line, e.getMessage());
        }
      }

      /** Counts the line as read; a line that could not even be decoded is dead-lettered. */
      private boolean readable(LineReader.Line line, String input) {
        counters.inc(input, InputCounters.READ);
        progressRecords++;
        if (line.error != null) {
          dead(input, "read-line", line, line.error);
          return false;
        }
        return true;
      }

      @SuppressWarnings("unchecked")
      private void emit(LogType type, Object record, LineReader.Line line) {
        counters.inc(type.id(), InputCounters.PARSED);
        ZeekRecord r = (ZeekRecord) record;
        out.get((TupleTag<Object>) ParsedLogs.tagOf(type))
            .outputWithTimestamp(record, new Instant(r.getTsMillis()));
      }

      private void dead(String input, String stage, LineReader.Line line, String reason) {
        counters.inc(input, InputCounters.DEAD_LETTERED);
        out.get(ParsedLogs.DEAD_LETTERS)
            .output(DeadLetter.of(stage, input, name + ":" + line.number, reason, line.text));
      }
    }
  }
}
