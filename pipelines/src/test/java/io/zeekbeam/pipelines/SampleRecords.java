package io.zeekbeam.pipelines;

import io.zeekbeam.pipelines.io.RowJson;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.transforms.errors.BadRecordException;
import io.zeekbeam.transforms.parse.LineReader;
import io.zeekbeam.transforms.parse.ZeekTsv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaRegistry;

/**
 * The records of the sample logs as a producer would publish them, one Kafka value each, in file
 * order: Zeek JSON as it is, Zeek TSV rows as the JSON Zeek would have written for them (rows that
 * are not records as they are), syslog lines as they are.
 */
final class SampleRecords {
  private SampleRecords() {}

  /** One Kafka value and the input it belongs to. */
  static final class Value {
    final LogType type;
    final String text;

    Value(LogType type, String text) {
      this.type = type;
      this.text = text;
    }
  }

  @SuppressWarnings("unchecked")
  static List<Value> read(Path logs) throws IOException, NoSuchSchemaException {
    SchemaRegistry schemas = SchemaRegistry.createDefault();
    List<Path> files = new ArrayList<>();
    try (var list = Files.list(logs)) {
      list.sorted().forEach(files::add);
    }
    List<Value> values = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      LogType type =
          name.startsWith("auth")
              ? LogType.SYSLOG
              : LogType.ofZeekPath(name.substring(0, name.indexOf('.'))).orElseThrow();
      ZeekTsv tsv = null;
      try (InputStream raw = Files.newInputStream(file);
          InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
          LineReader lines = new LineReader(in)) {
        LineReader.Line line;
        while ((line = lines.next()) != null) {
          String text = line.text;
          if (text.isBlank()) {
            continue;
          }
          if (type.isZeek() && ZeekTsv.isHeader(text)) {
            if (tsv == null) {
              tsv = new ZeekTsv(type);
            }
            tsv.header(text);
            continue;
          }
          String value = text;
          if (tsv != null) {
            try {
              Object record = tsv.row(text);
              value =
                  RowJson.toJson(
                      schemas.getToRowFunction((Class<Object>) type.recordClass()).apply(record));
            } catch (BadRecordException e) {
              value = text;
            }
          }
          values.add(new Value(type, value));
        }
      }
    }
    return values;
  }
}
