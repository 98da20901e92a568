package io.zeekbeam.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeekbeam.schemas.AvroSchemas;
import io.zeekbeam.schemas.SshBruteForceAlert;
import io.zeekbeam.schemas.ZeekConn;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/**
 * Avro values of every record type: written with {@link AvroMessages.Encoder}, they decode with
 * Avro's own decoder given nothing but the {@code .avsc} files checked in under {@code
 * schemas/avro/}, hold the row's values, and {@code tail}'s decoder prints them as exactly the JSON
 * of a JSON-valued topic.
 */
class AvroMessagesTest {
  private static final Path AVSC = Paths.get("..", "schemas", "avro");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyRecordTypeDecodesWithTheCheckedInSchemaAndPrintsAsItsJson() throws Exception {
    SchemaRegistry registry = SchemaRegistry.createDefault();
    BinaryMessageDecoder<GenericRecord> avroOwn = new BinaryMessageDecoder<>(GenericData.get(), null);
    for (Class<?> c : AvroSchemas.RECORDS) {
      avroOwn.addSchema(
          new org.apache.avro.Schema.Parser().parse(AVSC.resolve(c.getSimpleName() + ".avsc").toFile()));
    }
    AvroMessages.Decoder tail = new AvroMessages.Decoder();
    for (Class<?> c : AvroSchemas.RECORDS) {
      Schema schema = registry.getSchema(c);
      for (boolean nulls : new boolean[] {false, true}) {
        Row row = synthetic(schema, nulls, 1);
        byte[] value = new AvroMessages.Encoder(schema, c).encode(row);

        assertTrue(AvroMessages.isAvro(value), c.getSimpleName());
        org.apache.avro.Schema checkedIn =
            new org.apache.avro.Schema.Parser().parse(AVSC.resolve(c.getSimpleName() + ".avsc").toFile());
        long fingerprint =
            ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(SchemaNormalization.parsingFingerprint64(checkedIn), fingerprint, c.getSimpleName());

        GenericRecord decoded = avroOwn.decode(value);
        assertEquals("io.zeekbeam." + c.getSimpleName(), decoded.getSchema().getFullName());
        // Avro's own JSON rendering of the record, with Zeek's names, is the row's JSON.
        assertEquals(
            JSON.readTree(RowJson.toJson(row)),
            wireNamed(JSON.readTree(GenericData.get().toString(decoded)), schema),
            c.getSimpleName() + (nulls ? " with nulls" : ""));

        assertEquals(RowJson.toJson(row), tail.toJson(value), c.getSimpleName());
      }
    }
  }

  @Test
  void aDottedZeekFieldIsUnderscoredInAvroAndDottedAgainInJson() throws Exception {
    Schema conn = SchemaRegistry.createDefault().getSchema(ZeekConn.class);
    Row row = synthetic(conn, false, 7);
    byte[] value = new AvroMessages.Encoder(conn, ZeekConn.class).encode(row);
    GenericRecord decoded = new AvroMessages.Decoder().decode(value);
    assertEquals(row.getString("id.orig_h"), decoded.get("id_orig_h").toString());
    assertTrue(new AvroMessages.Decoder().toJson(value).contains("\"id.orig_h\":"));
  }

  @Test
  void textIsNeverTakenForAvroAndAnUnknownSchemaIsAnError() throws Exception {
    assertFalse(AvroMessages.isAvro("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    assertFalse(AvroMessages.isAvro("\u00c3\u0001-looking text".getBytes(StandardCharsets.UTF_8)));
    assertFalse(AvroMessages.isAvro(null));
    Schema alert = SchemaRegistry.createDefault().getSchema(SshBruteForceAlert.class);
    byte[] value = new AvroMessages.Encoder(alert, SshBruteForceAlert.class).encode(synthetic(alert, false, 3));
    assertArrayEquals(new byte[] {(byte) 0xC3, 0x01}, new byte[] {value[0], value[1]});
    value[2] ^= 0x55;
    byte[] unknown = value;
    assertThrows(MissingSchemaException.class, () -> new AvroMessages.Decoder().toJson(unknown));
  }

  @Test
  void rowsThatAreNotTheCheckedInRecordAreRefusedWhenThePipelineIsBuilt() {
    Schema other = Schema.builder().addStringField("HOST").build();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new AvroMessages.Encoder(other, SshBruteForceAlert.class));
    assertTrue(e.getMessage().contains("schemas/avro/SshBruteForceAlert.avsc"), e.getMessage());
  }

  /** A row with a value of every field (nullable ones null when {@code nulls}). */
  static Row synthetic(Schema schema, boolean nulls, int seed) {
    List<Object> values = new ArrayList<>();
    int i = seed;
    for (Schema.Field f : schema.getFields()) {
      values.add(nulls && f.getType().getNullable() ? null : value(f.getType(), nulls, i++));
    }
    return Row.withSchema(schema).attachValues(values);
  }

  private static Object value(FieldType type, boolean nulls, int i) {
    switch (type.getTypeName()) {
      case STRING:
        return "v" + i + " \"é\"\t" + (char) ('a' + i % 26);
      case INT32:
        return 1000 + i;
      case INT64:
        return 9_000_000_000L + i;
      case DOUBLE:
        return 1589364400.639986 + i;
      case BOOLEAN:
        return i % 2 == 0;
      case ARRAY:
        return List.of(
            value(type.getCollectionElementType(), nulls, i),
            value(type.getCollectionElementType(), nulls, i + 1));
      case ROW:
        return synthetic(type.getRowSchema(), nulls, i);
      default:
        throw new IllegalArgumentException("no synthetic value for " + type);
    }
  }

  /** Avro's JSON with each field renamed to the wire name of the same position in {@code schema}. */
  private static JsonNode wireNamed(JsonNode avro, Schema schema) {
    if (!avro.isObject()) {
      return avro;
    }
    ObjectNode out = JSON.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = avro.fields();
    int i = 0;
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      Schema.Field f = schema.getField(i++);
      JsonNode v = e.getValue();
      if (f.getType().getTypeName() == Schema.TypeName.ROW) {
        v = wireNamed(v, f.getType().getRowSchema());
      }
      assertEquals(f.getName().replace('.', '_'), e.getKey());
      out.set(f.getName(), v);
    }
    return out;
  }
}
