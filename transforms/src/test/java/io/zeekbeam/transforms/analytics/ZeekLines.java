package io.zeekbeam.transforms.analytics;

import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.ZeekRecord;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;

/**
 * Zeek JSON lines of several logs in one collection ({@code KV<log id, line>}), each stamped with
 * its own {@code ts}. A join has two inputs whose arrivals must interleave; carrying both in one
 * collection lets a single {@code TestStream} decide the order of all of them. Each input is then
 * parsed out of it with the production parser, as in {@link Records}.
 */
final class ZeekLines {
  static final KvCoder<String, String> CODER =
      KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());

  private ZeekLines() {}

  /** One line of {@code type}, stamped with the event time of the record it parses to. */
  static TimestampedValue<KV<String, String>> line(LogType type, String json) {
    ZeekRecord record = Records.zeek(type, json);
    return TimestampedValue.of(KV.of(type.id(), json), new Instant(record.getTsMillis()));
  }

  /** The records of {@code type} among {@code lines}, parsed, their timestamps kept. */
  @SuppressWarnings("unchecked")
  static <T> PCollection<T> parse(PCollection<KV<String, String>> lines, LogType type) {
    String id = type.id();
    Class<T> recordClass = (Class<T>) type.recordClass();
    Coder<T> coder;
    try {
      coder = lines.getPipeline().getSchemaRegistry().getSchemaCoder(recordClass);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(recordClass + " has no schema", e);
    }
    return lines
        .apply("Only-" + id, Filter.by(kv -> kv.getKey().equals(id)))
        .apply(
            "Parse-" + id,
            MapElements.into(TypeDescriptor.of(recordClass))
                .via(kv -> Records.<T>zeek(type, kv.getValue())))
        .setCoder(coder);
  }
}
