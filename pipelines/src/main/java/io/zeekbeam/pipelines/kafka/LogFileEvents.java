package io.zeekbeam.pipelines.kafka;

import io.zeekbeam.pipelines.io.RowJson;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.SyslogEvent;
import io.zeekbeam.schemas.ZeekRecord;
import io.zeekbeam.transforms.errors.BadRecordException;
import io.zeekbeam.transforms.parse.LineReader;
import io.zeekbeam.transforms.parse.LogFiles;
import io.zeekbeam.transforms.parse.SyslogParser;
import io.zeekbeam.transforms.parse.ZeekJson;
import io.zeekbeam.transforms.parse.ZeekRecordType;
import io.zeekbeam.transforms.parse.ZeekTsv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The records of one log file, in file order, as the batch run parses them ({@code
 * ParseLogFiles}: the same detection, the same parsers, the same lines counted bad), each turned
 * into what its topic carries: a Zeek JSON line as written, a Zeek TSV row as the Zeek JSON object
 * of its typed record (Zeek's field names, {@code ts} in epoch seconds, unset fields null), a
 * syslog line as it is. Keys are Zeek's {@code uid} where the log has one, so that a topic's
 * partitioning keeps a connection's records together.
 *
 * <p>Reads lazily, one line at a time: the replay holds no more of a file than its reorder buffer.
 */
final class LogFileEvents implements EventTimeMerge.Source {
  private static final Map<LogType, SerializableFunction<Object, Row>> TO_ROW =
      new EnumMap<>(LogType.class);

  private final String name;
  private final ReplayCounts counts;
  private final @Nullable Integer syslogYear;
  private final ZoneId syslogZone;
  private final LineReader reader;
  private final long lastModifiedMillis;
  private final Deque<LineReader.Line> head = new ArrayDeque<>();
  private final LogFiles.Detection detection;
  private @Nullable ZeekTsv tsv;
  private @Nullable SyslogParser syslog;
  private boolean ended;

  private LogFileEvents(
      String name,
      ReplayCounts counts,
      @Nullable Integer syslogYear,
      ZoneId syslogZone,
      LineReader reader,
      long lastModifiedMillis)
      throws IOException {
    this.name = name;
    this.counts = counts;
    this.syslogYear = syslogYear;
    this.syslogZone = syslogZone;
    this.reader = reader;
    this.lastModifiedMillis = lastModifiedMillis;
    List<String> headText = new ArrayList<>();
    LineReader.Line line;
    while (headText.size() < LogFiles.HEAD_LINES && (line = reader.next()) != null) {
      head.add(line);
      if (!line.text.isBlank()) {
        headText.add(line.text);
      }
    }
    this.detection = LogFiles.detect(name, headText);
  }

  /** Opens {@code path} (any file system Beam knows) and reads its head to detect its format. */
  static LogFileEvents open(
      String path, ReplayCounts counts, @Nullable Integer syslogYear, ZoneId syslogZone)
      throws IOException {
    MatchResult.Metadata meta = FileSystems.matchSingleFileSpec(path);
    InputStream in = Channels.newInputStream(FileSystems.open(meta.resourceId()));
    LineReader reader;
    try {
      reader = new LineReader(in);
    } catch (IOException e) {
      in.close();
      throw e;
    }
    try {
      return new LogFileEvents(
          path, counts, syslogYear, syslogZone, reader, meta.lastModifiedMillis());
    } catch (IOException e) {
      reader.close();
      throw e;
    }
  }

  LogFiles.Detection detection() {
    return detection;
  }

  @Override
  public @Nullable LogEvent next() {
    while (!ended) {
      LineReader.Line line;
      try {
        line = head.isEmpty() ? reader.next() : head.poll();
      } catch (IOException e) {
        // As in the batch run: what was read stands, the rest of the file is reported.
        ended = true;
        counts.of("unknown").read++;
        counts.bad("unknown", name, "the file could not be read to its end: " + e);
        return null;
      }
      if (line == null) {
        ended = true;
        return null;
      }
      LogEvent event = accept(line);
      if (event != null) {
        return event;
      }
    }
    return null;
  }

  private @Nullable LogEvent accept(LineReader.Line line) {
    if (line.error == null && line.text.isBlank()) {
      return null;
    }
    switch (detection.format) {
      case ZEEK_TSV:
        return acceptTsv(line);
      case ZEEK_JSON:
        return acceptJson(line, detection.logType);
      case SKIPPED_ZEEK:
        if (line.error != null || !ZeekTsv.isHeader(line.text)) {
          counts.of(detection.zeekPath).skipped++;
        }
        return null;
      default:
        return acceptSyslog(line);
    }
  }

  private @Nullable LogEvent acceptTsv(LineReader.Line line) {
    if (tsv == null) {
      tsv = new ZeekTsv(detection.logType);
    }
    if (line.error == null && ZeekTsv.isHeader(line.text)) {
      tsv.header(line.text);
      return null;
    }
    String path = tsv.path();
    if (path != null && tsv.logType().isEmpty() && line.error == null) {
      counts.of(path).skipped++;
      return null;
    }
    LogType type = tsv.logType().orElse(null);
    String input = type == null ? "unknown" : type.id();
    if (!readable(line, input)) {
      return null;
    }
    try {
      Object record = tsv.row(line.text);
      Row row = toRow(type, record);
      return zeekEvent(type, (ZeekRecord) record, row, RowJson.toJson(row), line);
    } catch (BadRecordException e) {
      counts.bad(input, name + ":" + line.number, e.getMessage());
      return null;
    }
  }

  private @Nullable LogEvent acceptJson(LineReader.Line line, LogType type) {
    if (!readable(line, type.id())) {
      return null;
    }
    try {
      Object record = ZeekJson.parse(ZeekRecordType.of(type), line.text);
      return zeekEvent(type, (ZeekRecord) record, toRow(type, record), line.text, line);
    } catch (ZeekJson.OtherPathException other) {
      // A JSON stream may interleave logs (one line per record, each with its _path).
      LogType actual = LogType.ofZeekPath(other.path()).orElse(null);
      counts.of(type.id()).read--;
      if (actual == null) {
        counts.of(other.path()).skipped++;
        return null;
      }
      counts.of(actual.id()).read++;
      try {
        Object record = ZeekJson.parse(ZeekRecordType.of(actual), line.text);
        return zeekEvent(actual, (ZeekRecord) record, toRow(actual, record), line.text, line);
      } catch (BadRecordException e) {
        counts.bad(actual.id(), name + ":" + line.number, e.getMessage());
        return null;
      }
    } catch (BadRecordException e) {
      counts.bad(type.id(), name + ":" + line.number, e.getMessage());
      return null;
    }
  }

  private @Nullable LogEvent acceptSyslog(LineReader.Line line) {
    String input = LogType.SYSLOG.id();
    if (!readable(line, input)) {
      return null;
    }
    if (syslog == null) {
      int year =
          syslogYear != null
              ? syslogYear
              : SyslogParser.inferFirstLineYear(
                  Instant.ofEpochMilli(lastModifiedMillis), line.text, syslogZone);
      syslog = SyslogParser.forFile(year, syslogZone);
    }
    try {
      SyslogEvent event = syslog.parse(line.text);
      return checked(
          new LogEvent(LogType.SYSLOG, null, line.text, event.getTimestamp(), line.number), line);
    } catch (BadRecordException e) {
      counts.bad(input, name + ":" + line.number, e.getMessage());
      return null;
    }
  }

  private @Nullable LogEvent zeekEvent(
      LogType type, ZeekRecord record, Row row, String json, LineReader.Line line) {
    String uid = row.getSchema().hasField("uid") ? row.getString("uid") : null;
    return checked(new LogEvent(type, uid, json, record.getTsMillis(), line.number), line);
  }

  /** Counts a record as published, or bad when its time cannot be a Kafka timestamp. */
  private @Nullable LogEvent checked(LogEvent event, LineReader.Line line) {
    if (event.timestampMillis < 0) {
      counts.bad(
          event.type.id(),
          name + ":" + line.number,
          "event time before 1970 cannot be a Kafka record timestamp");
      return null;
    }
    counts.of(event.type.id()).published++;
    return event;
  }

  /** Counts the line as read; a line that could not even be decoded is bad. */
  private boolean readable(LineReader.Line line, String input) {
    counts.of(input).read++;
    if (line.error != null) {
      counts.bad(input, name + ":" + line.number, line.error);
      return false;
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static synchronized Row toRow(LogType type, Object record) {
    SerializableFunction<Object, Row> f =
        TO_ROW.computeIfAbsent(
            type,
            t -> {
              try {
                return SchemaRegistry.createDefault()
                    .getToRowFunction((Class<Object>) t.recordClass());
              } catch (NoSuchSchemaException e) {
                throw new IllegalStateException("no schema for " + t.recordClass(), e);
              }
            });
    return f.apply(record);
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
