package io.zeekbeam.transforms.parse;

import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.SyslogEvent;
import io.zeekbeam.schemas.ZeekRecord;
import io.zeekbeam.transforms.errors.BadRecordException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.ReadableFileCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
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
 * number and the reason. A large uncompressed Zeek JSON file is read in parts of about {@link
 * #DEFAULT_PART_BYTES} by as many workers, each part taking the lines that start in it (a JSON line
 * stands alone); any other file is read whole and in order by one worker, because a Zeek TSV row
 * means nothing without the header above it, a year-less syslog line needs the lines before it and
 * gzip cannot be entered in the middle.
 *
 * <p>Input: matched files. Output: {@link ParsedLogs}. Counts: {@link InputCounters}.
 */
public final class ParseLogFiles extends PTransform<PCollection<FileIO.ReadableFile>, ParsedLogs> {
  private static final long serialVersionUID = 1L;

  /** The size of the parts a large Zeek JSON file is read in, in parallel. */
  public static final long DEFAULT_PART_BYTES = 32L << 20;

  /** A part's end that means "to the end of the file". */
  static final long TO_THE_END = Long.MAX_VALUE;

  private final @Nullable Integer syslogYear;
  private final ZoneId syslogZone;
  private final long partBytes;

  private ParseLogFiles(@Nullable Integer syslogYear, ZoneId syslogZone, long partBytes) {
    this.syslogYear = syslogYear;
    this.syslogZone = syslogZone;
    this.partBytes = partBytes;
  }

  /** Reads with syslog years inferred from the files and syslog times in UTC. */
  public static ParseLogFiles create() {
    return new ParseLogFiles(null, ZoneOffset.UTC, DEFAULT_PART_BYTES);
  }

  /** The year of the first line of every year-less syslog file (RFC 3164 has no year). */
  public ParseLogFiles withSyslogYear(@Nullable Integer year) {
    return new ParseLogFiles(year, syslogZone, partBytes);
  }

  /** The zone of syslog timestamps that carry none. */
  public ParseLogFiles withSyslogZone(ZoneId zone) {
    return new ParseLogFiles(syslogYear, zone, partBytes);
  }

  /**
   * Reads uncompressed Zeek JSON files of at least twice {@code bytes} in parts of {@code bytes}
   * (default {@link #DEFAULT_PART_BYTES}).
   */
  public ParseLogFiles withPartBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException(
          "ParseLogFiles.withPartBytes(bytes) must be positive, got " + bytes);
    }
    return new ParseLogFiles(syslogYear, syslogZone, bytes);
  }

  @Override
  public ParsedLogs expand(PCollection<FileIO.ReadableFile> files) {
    PCollectionTuple out =
        files
            .apply("SplitLargeFiles", ParDo.of(new SplitFn(partBytes)))
            .setCoder(
                KvCoder.of(
                    ReadableFileCoder.of(), KvCoder.of(VarLongCoder.of(), VarLongCoder.of())))
            .apply("SpreadParts", Reshuffle.viaRandomKey())
            .apply(
                "ParseLines",
                ParDo.of(new ParseFileFn(syslogYear, syslogZone.getId()))
                    .withOutputTags(ParsedLogs.DEAD_LETTERS, ParsedLogs.RECORD_TAGS));
    return ParsedLogs.of(out);
  }

  /** The first non-blank lines of a file, for {@link LogFiles#detect}. */
  private static List<String> head(LineReader reader, @Nullable List<LineReader.Line> lines)
      throws IOException {
    List<String> text = new ArrayList<>();
    LineReader.Line line;
    while (text.size() < LogFiles.HEAD_LINES && (line = reader.next()) != null) {
      if (lines != null) {
        lines.add(line);
      }
      if (!line.text.isBlank()) {
        text.add(line.text);
      }
    }
    return text;
  }

  /**
   * A file as {@code KV<file, KV<start, end>>} parts: byte ranges {@code [start, end)}, each
   * owning the lines that start in it; one part {@code [0, TO_THE_END)} for a file read whole.
   */
  static final class SplitFn
      extends DoFn<FileIO.ReadableFile, KV<FileIO.ReadableFile, KV<Long, Long>>> {
    private static final long serialVersionUID = 1L;
    private final long partBytes;

    SplitFn(long partBytes) {
      this.partBytes = partBytes;
    }

    @ProcessElement
    public void process(
        @Element FileIO.ReadableFile file,
        OutputReceiver<KV<FileIO.ReadableFile, KV<Long, Long>>> out) {
      long size = file.getMetadata().sizeBytes();
      if (size < 2 * partBytes
          || file.getCompression() != Compression.UNCOMPRESSED
          || !file.getMetadata().isReadSeekEfficient()
          || !isPlainZeekJson(file)) {
        out.output(KV.of(file, KV.of(0L, TO_THE_END)));
        return;
      }
      long parts = (size + partBytes - 1) / partBytes;
      for (long i = 0; i < parts; i++) {
        long end = i == parts - 1 ? TO_THE_END : (i + 1) * partBytes;
        out.output(KV.of(file, KV.of(i * partBytes, end)));
      }
    }

    /** Whether the file is Zeek JSON, not gzip (whatever its name); false if it cannot be read. */
    private static boolean isPlainZeekJson(FileIO.ReadableFile file) {
      String name = file.getMetadata().resourceId().toString();
      try (InputStream in = Channels.newInputStream(file.open());
          LineReader reader = new LineReader(in)) {
        return !reader.isGzip()
            && LogFiles.detect(name, head(reader, null)).format == LogFiles.Format.ZEEK_JSON;
      } catch (IOException e) {
        // Read whole, the reading reports the error.
        return false;
      }
    }
  }

  static final class ParseFileFn extends DoFn<KV<FileIO.ReadableFile, KV<Long, Long>>, DeadLetter> {
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
    public void process(
        @Element KV<FileIO.ReadableFile, KV<Long, Long>> part, MultiOutputReceiver out)
        throws IOException {
      FileIO.ReadableFile file = part.getKey();
      long start = part.getValue().getKey();
      long end = part.getValue().getValue();
      String name = file.getMetadata().resourceId().toString();
      if (start == 0) {
        counters.inc("all", InputCounters.FILES);
        ReadProgress.fileStarted();
      }
      FileParse parse = null;
      try (InputStream in = open(file, start);
          LineReader reader = start == 0 ? new LineReader(in) : LineReader.plain(in, false)) {
        parse = new FileParse(file, name, start, end, reader, out);
        parse.run();
        counters.inc("all", InputCounters.BYTES, reader.bytesRead() - parse.skippedBytes);
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
        counters.flush();
        if (parse != null) {
          parse.flushProgress();
        }
        if (end == TO_THE_END) {
          ReadProgress.fileDone();
        }
      }
    }

    /**
     * The file from {@code start}, or from the byte before it: a part after the first begins by
     * skipping to the end of the line that byte is in, so that a line starting exactly at {@code
     * start} is its own.
     */
    private static InputStream open(FileIO.ReadableFile file, long start) throws IOException {
      if (start == 0) {
        return Channels.newInputStream(file.open());
      }
      SeekableByteChannel channel = file.openSeekable();
      channel.position(start - 1);
      return Channels.newInputStream(channel);
    }

    /** The reading of one file, or of one part of it. */
    private final class FileParse {
      private final FileIO.ReadableFile file;
      private final String name;
      private final long start;
      private final long end;
      /** Where the reader began: the file's start, or the byte before a later part's. */
      private final long base;
      private final LineReader reader;
      private final MultiOutputReceiver out;
      private LogFiles.@Nullable Detection detection;
      private @Nullable ZeekTsv tsv;
      private @Nullable SyslogParser syslog;
      private long progressLines;
      private long progressRecords;
      private long progressBytes;
      /** Bytes of the previous part's last line that this part skipped. */
      long skippedBytes;
      /** Lines of the file before this part's first, counted when a dead letter needs them. */
      private long linesBefore = -1;

      FileParse(
          FileIO.ReadableFile file,
          String name,
          long start,
          long end,
          LineReader reader,
          MultiOutputReceiver out) {
        this.file = file;
        this.name = name;
        this.start = start;
        this.end = end;
        this.base = start == 0 ? 0 : start - 1;
        this.reader = reader;
        this.out = out;
      }

      void run() throws IOException {
        List<LineReader.Line> head = new ArrayList<>();
        if (start == 0) {
          detection = LogFiles.detect(name, head(reader, head));
        } else {
          try (InputStream in = Channels.newInputStream(file.open());
              LineReader fromStart = new LineReader(in)) {
            detection = LogFiles.detect(name, head(fromStart, null));
          }
          LineReader.Line rest = reader.next();
          skippedBytes = rest == null ? 0 : reader.bytesRead();
        }
        if (detection.format == LogFiles.Format.SKIPPED_ZEEK) {
          LOG.info("{}: {}", name, detection.describe());
        }
        long at = 0;
        for (LineReader.Line l : head) {
          if (at >= end) {
            return;
          }
          at += l.bytes + 1;
          countProgress();
          accept(l);
        }
        LineReader.Line line;
        while (base + reader.bytesRead() < end && (line = reader.next()) != null) {
          countProgress();
          accept(line);
        }
      }

      private void countProgress() {
        if (++progressLines >= ReadProgress.FLUSH_EVERY) {
          flushProgress();
        }
      }

      /** The line's number in the file. */
      private long lineNumber(LineReader.Line line) {
        if (start == 0) {
          return line.number;
        }
        if (linesBefore < 0) {
          linesBefore = countLinesBefore();
        }
        // The reader began at the byte before the part and its line 1 was the end of the line
        // that byte is in, so its line k is the file's line (line ends before that byte) + k.
        return linesBefore < 0 ? -1 : linesBefore + line.number;
      }

      /** The line ends before the byte the reader began at; -1 if they cannot be counted. */
      private long countLinesBefore() {
        try (InputStream in = Channels.newInputStream(file.open())) {
          byte[] chunk = new byte[1 << 16];
          long left = base;
          long lines = 0;
          while (left > 0) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
            if (n < 0) {
              break;
            }
            for (int i = 0; i < n; i++) {
              if (chunk[i] == '\n') {
                lines++;
              }
            }
            left -= n;
          }
          return lines;
        } catch (IOException e) {
          return -1;
        }
      }

      /** Adds the records and bytes read since the last call to the JVM's progress counters. */
      void flushProgress() {
        long bytes = reader.bytesRead() - skippedBytes;
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
              counters.defer(detection.zeekPath, InputCounters.SKIPPED);
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
          counters.defer(path, InputCounters.SKIPPED);
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
          counters.defer(type.id(), InputCounters.READ, -1);
          if (actual == null) {
            counters.defer(other.path(), InputCounters.SKIPPED);
            return;
          }
          counters.defer(actual.id(), InputCounters.READ);
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
                      java.time.Instant.ofEpochMilli(file.getMetadata().lastModifiedMillis()), line.text, zone);
          syslog = SyslogParser.forFile(year, zone);
        }
        try {
          SyslogEvent event = syslog.parse(line.text);
          counters.defer(LogType.SYSLOG.id(), InputCounters.PARSED);
          out.get(ParsedLogs.SYSLOG)
              .outputWithTimestamp(event, new Instant(event.getTimestamp()));
        } catch (BadRecordException e) {
          dead(LogType.SYSLOG.id(), "parse-syslog", line, e.getMessage());
        }
      }

      /** Counts the line as read; a line that could not even be decoded is dead-lettered. */
      private boolean readable(LineReader.Line line, String input) {
        counters.defer(input, InputCounters.READ);
        progressRecords++;
        if (line.error != null) {
          dead(input, "read-line", line, line.error);
          return false;
        }
        return true;
      }

      @SuppressWarnings("unchecked")
      private void emit(LogType type, Object record, LineReader.Line line) {
        counters.defer(type.id(), InputCounters.PARSED);
        ZeekRecord r = (ZeekRecord) record;
        out.get((TupleTag<Object>) ParsedLogs.tagOf(type))
            .outputWithTimestamp(record, new Instant(r.getTsMillis()));
      }

      private void dead(String input, String stage, LineReader.Line line, String reason) {
        counters.defer(input, InputCounters.DEAD_LETTERED);
        out.get(ParsedLogs.DEAD_LETTERS)
            .output(DeadLetter.of(stage, input, where(line), reason, line.text));
      }

      private String where(LineReader.Line line) {
        long number = lineNumber(line);
        return number >= 0
            ? name + ":" + number
            : name + ": the line at byte " + start + " or after (its number could not be counted)";
      }
    }
  }
}
