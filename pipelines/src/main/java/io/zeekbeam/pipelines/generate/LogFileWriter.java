package io.zeekbeam.pipelines.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one input's lines in the order the producer writes them, which is not the order they are
 * generated in: Zeek writes a conn record when the connection ends, so a long connection's line
 * comes after the lines of shorter ones that started later. Lines wait in a queue ordered by write
 * time until the generator's clock has passed them; the queue holds only what is still in flight,
 * so memory stays bounded however many records are written.
 *
 * <p>Also does Zeek's file handling: the TSV header and {@code #close} trailer, gzip, and hourly
 * rotation into archive names as {@code zeekctl} leaves them ({@code
 * conn.00:00:00-01:00:00.log.gz}).
 */
final class LogFileWriter {
  /** Where and how the input is written. */
  record Spec(
      String baseName,
      String extension,
      ZeekFormat.Encoding encoding,
      boolean gzip,
      boolean rotateHourly) {
    String fileName() {
      return baseName + extension + (gzip ? ".gz" : "");
    }
  }

  /** What one written file holds. */
  record FileStats(String name, long lines, long headerLines, long records, long badLines) {}

  /** A line meant to be unparseable: {@code template} cut short. */
  record BadLine(Object template) {}

  private record Pending(long writeTime, long seq, Object item) {}

  private final Path dir;
  private final Spec spec;
  private final ZeekSchema schema;
  private final long startMicros;
  private final ZeekFormat format = new ZeekFormat();
  private final PriorityQueue<Pending> queue =
      new PriorityQueue<>(
          Comparator.comparingLong(Pending::writeTime).thenComparingLong(Pending::seq));
  private final List<FileStats> files = new ArrayList<>();
  private long seq;

  private Writer out;
  private Path current;
  private long openTime;
  private long rotateAt;
  private long lines;
  private long headerLines;
  private long records;
  private long badLines;

  /** {@code schema} is null for syslog, which has no header. */
  LogFileWriter(Path dir, Spec spec, ZeekSchema schema, long startMicros) {
    this.dir = dir;
    this.spec = spec;
    this.schema = schema;
    this.startMicros = startMicros;
  }

  void add(long writeTime, Object item) {
    queue.add(new Pending(writeTime, seq++, item));
  }

  /** Writes every queued line whose write time is at most {@code clock}. */
  void advance(long clock) {
    while (!queue.isEmpty() && queue.peek().writeTime() <= clock) {
      Pending p = queue.poll();
      write(p.writeTime(), p.item());
    }
  }

  /** Writes what is left and closes the file at {@code endMicros}. */
  List<FileStats> finish(long endMicros) {
    advance(Long.MAX_VALUE);
    if (out == null) {
      open(startMicros);
    }
    close(Math.min(endMicros, rotateAt));
    return files;
  }

  private void write(long writeTime, Object item) {
    if (out == null) {
      open(
          spec.rotateHourly()
              ? Math.max(startMicros, Times.floor(writeTime, Times.HOUR))
              : startMicros);
    } else if (writeTime >= rotateAt) {
      close(rotateAt);
      open(Times.floor(writeTime, Times.HOUR));
    }
    String line;
    if (item instanceof BadLine bad) {
      line = badLine(bad.template(), writeTime);
      badLines++;
    } else {
      line = line(item, writeTime);
      records++;
    }
    println(line);
  }

  private String line(Object item, long writeTime) {
    if (item instanceof SyslogLine s) {
      return s.format();
    }
    ZeekEvent e = (ZeekEvent) item;
    return spec.encoding() == ZeekFormat.Encoding.TSV
        ? ZeekFormat.tsv(e)
        : format.json(e, spec.encoding(), writeTime);
  }

  private String badLine(Object template, long writeTime) {
    if (template instanceof SyslogLine s) {
      // A line cut off inside its timestamp: no header, no message.
      return s.format().substring(0, 17);
    }
    ZeekEvent e = (ZeekEvent) template;
    return spec.encoding() == ZeekFormat.Encoding.TSV
        ? ZeekFormat.tsvTruncated(e)
        : format.jsonTruncated(e, spec.encoding(), writeTime);
  }

  private void open(long at) {
    try {
      Files.createDirectories(dir);
      current =
          dir.resolve(spec.rotateHourly() ? "." + spec.baseName() + ".writing" : spec.fileName());
      OutputStream os = Files.newOutputStream(current);
      if (spec.gzip()) {
        os = new GZIPOutputStream(os, 1 << 16);
      }
      out = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    openTime = at;
    rotateAt = spec.rotateHourly() ? Times.floor(at, Times.HOUR) + Times.HOUR : Long.MAX_VALUE;
    lines = 0;
    headerLines = 0;
    records = 0;
    badLines = 0;
    if (schema != null && spec.encoding() == ZeekFormat.Encoding.TSV) {
      for (String h : ZeekFormat.tsvHeader(schema, at)) {
        println(h);
        headerLines++;
      }
    }
  }

  private void close(long at) {
    try {
      if (schema != null && spec.encoding() == ZeekFormat.Encoding.TSV) {
        println(ZeekFormat.tsvClose(at));
        headerLines++;
      }
      out.close();
      String name = spec.fileName();
      if (spec.rotateHourly()) {
        name = rotatedName(openTime, at);
        Files.move(current, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
      files.add(new FileStats(name, lines, headerLines, records, badLines));
      out = null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code zeekctl}'s archive name, {@code conn.00:00:00-01:00:00.log.gz}. zeekctl keeps one folder
   * per day; the generator writes one flat folder, so files opened after the first day carry their
   * date too ({@code conn.2026-03-03-00:00:00-01:00:00.log.gz}).
   */
  private String rotatedName(long open, long close) {
    String day = Times.day(open).equals(Times.day(startMicros)) ? "" : Times.day(open) + "-";
    return spec.baseName()
        + "."
        + day
        + Times.timeOfDay(open)
        + "-"
        + Times.timeOfDay(close)
        + spec.extension()
        + (spec.gzip() ? ".gz" : "");
  }

  private void println(String line) {
    try {
      out.write(line);
      out.write('\n');
      lines++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
