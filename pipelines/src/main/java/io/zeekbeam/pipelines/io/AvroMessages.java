package io.zeekbeam.pipelines.io;

import io.zeekbeam.schemas.AvroNames;
import io.zeekbeam.schemas.AvroSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Avro-valued Kafka records: <a
 * href="https://avro.apache.org/docs/1.11.1/specification/#single-object-encoding">Avro's
 * single-object encoding</a>, which is Avro's own {@link BinaryMessageEncoder} /
 * {@link BinaryMessageDecoder}. A value is the two bytes {@code C3 01}, the 8-byte little-endian
 * CRC-64-AVRO fingerprint of the writer schema's Parsing Canonical Form, then the record in Avro
 * binary. The writer schemas are the ones checked in under {@code schemas/avro/}, so a consumer
 * that has those files decodes any topic without a schema registry, and knows from the
 * fingerprint which record a value is. No valid UTF-8 text starts with {@code C3 01} (a
 * continuation byte must follow {@code C3}), so a JSON value is never mistaken for one.
 */
public final class AvroMessages {
  private AvroMessages() {}

  /** The first two bytes of every single-object encoded value. */
  static final byte[] HEADER = {(byte) 0xC3, 0x01};

  /** Whether {@code value} starts with the single-object header. */
  public static boolean isAvro(byte @Nullable [] value) {
    return value != null
        && value.length >= 10
        && value[0] == HEADER[0]
        && value[1] == HEADER[1];
  }

  /**
   * Encodes rows of one output with the checked-in schema of its record class. Serializable: the
   * encoder itself is made again where it is used.
   */
  public static final class Encoder implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Schema avroSafe;
    private final org.apache.avro.Schema avro;
    private transient @Nullable BinaryMessageEncoder<GenericRecord> encoder;

    /**
     * For rows with {@code wireSchema}, written as {@code recordClass}.
     *
     * @throws IllegalStateException when the schema derived from the rows is not the checked-in
     *     schema of {@code recordClass} (a consumer with the .avsc files could not read them)
     */
    public Encoder(Schema wireSchema, Class<?> recordClass) {
      this.avroSafe = AvroNames.avroSafe(wireSchema);
      this.avro = AvroSchemas.derive(wireSchema, recordClass.getSimpleName());
      org.apache.avro.Schema checkedIn = AvroSchemas.checkedIn(recordClass);
      if (SchemaNormalization.parsingFingerprint64(avro)
          != SchemaNormalization.parsingFingerprint64(checkedIn)) {
        throw new IllegalStateException(
            "the rows written as " + recordClass.getSimpleName() + " do not have the schema in"
                + " schemas/avro/" + recordClass.getSimpleName() + ".avsc: " + avro);
      }
    }

    public org.apache.avro.Schema schema() {
      return avro;
    }

    public byte[] encode(Row row) {
      if (encoder == null) {
        encoder = new BinaryMessageEncoder<>(GenericData.get(), avro);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      try {
        encoder.encode(AvroSchemas.toGenericRecord(row, avroSafe, avro), out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }
  }

  /**
   * Decodes values written with any of the checked-in schemas, and writes them as the JSON a
   * JSON-valued topic holds: the same field names (Zeek's, restored from each Avro field's {@code
   * doc}), the same numbers, through {@link RowJson}.
   */
  public static final class Decoder {
    private final BinaryMessageDecoder<GenericRecord> decoder =
        new BinaryMessageDecoder<>(GenericData.get(), null);
    /** The Beam schema of each record as Avro names it, and with wire names, by full name. */
    private final Map<String, Schema[]> beamSchemas = new HashMap<>();

    public Decoder() {
      this(AvroSchemas.allCheckedIn());
    }

    Decoder(List<org.apache.avro.Schema> schemas) {
      for (org.apache.avro.Schema s : schemas) {
        decoder.addSchema(s);
        Schema avroNamed = AvroUtils.toBeamSchema(s);
        beamSchemas.put(s.getFullName(), new Schema[] {avroNamed, AvroNames.wireNamed(avroNamed)});
      }
    }

    /** The record in {@code value}, with its (checked-in) schema. */
    public GenericRecord decode(byte[] value) throws IOException {
      return decoder.decode(value);
    }

    /**
     * {@code value} as one line of JSON.
     *
     * @throws IOException when it is not a single-object encoded record, or its schema is none of
     *     the checked-in ones ({@link MissingSchemaException}, naming the fingerprint)
     */
    public String toJson(byte[] value) throws IOException {
      GenericRecord record = decode(value);
      Schema[] beam = beamSchemas.get(record.getSchema().getFullName());
      return RowJson.toJson(
          AvroNames.toWireRow(AvroUtils.toBeamRowStrict(record, beam[0]), beam[1]));
    }
  }
}
