package io.zeekbeam.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class RecordSchemasTest {
  private final SchemaRegistry registry = SchemaRegistry.createDefault();

  @Test
  void connSchemaKeepsZeekNamesAndRoundTripsThroughRow() throws Exception {
    Schema schema = registry.getSchema(ZeekConn.class);
    assertTrue(schema.hasField("id.orig_h"), schema.toString());
    assertEquals(Schema.FieldType.DOUBLE, schema.getField("ts").getType());
    assertTrue(schema.getField("orig_ip_bytes").getType().getNullable());

    Object[] values = new Object[schema.getFieldCount()];
    values[schema.indexOf("ts")] = 1589364400.639986;
    values[schema.indexOf("id.orig_h")] = "192.168.1.9";
    values[schema.indexOf("id.resp_p")] = 53;
    values[schema.indexOf("tunnel_parents")] = List.of("a", "b");
    Row row = Row.withSchema(schema).attachValues(values);
    ZeekConn conn = registry.getFromRowFunction(ZeekConn.class).apply(row);
    assertEquals(1589364400.639986, conn.getTs());
    assertEquals("192.168.1.9", conn.getOrigH());
    assertEquals(53, conn.getRespP());
    assertNull(conn.getService());
    assertEquals(List.of("a", "b"), conn.getTunnelParents());
    assertEquals(row, registry.getToRowFunction(ZeekConn.class).apply(conn));
  }

  @Test
  void syslogEventRoundTripsThroughRow() throws Exception {
    SyslogEvent event =
        SyslogEvent.builder()
            .setTimestamp(1602572617000L)
            .setType("RFC3164")
            .setHost("clonehost0")
            .setTag("sshd")
            .setProcessId("16114")
            .setFacility(4)
            .setSeverity(6)
            .setMessage("Invalid user ralphie from 192.168.1.100 port 41726")
            .build();
    Row row = registry.getToRowFunction(SyslogEvent.class).apply(event);
    assertEquals(event, registry.getFromRowFunction(SyslogEvent.class).apply(row));
  }

  @Test
  void everyRecordHasAnAvroSchemaWithMappedNames() throws Exception {
    for (Class<?> c :
        List.of(
            ZeekConn.class,
            ZeekDns.class,
            ZeekHttp.class,
            ZeekSsl.class,
            ZeekX509.class,
            SyslogEvent.class,
            WatchlistEntry.class,
            DeadLetter.class)) {
      Schema beam = AvroNames.avroSafe(registry.getSchema(c));
      org.apache.avro.Schema avro = AvroUtils.toAvroSchema(beam, c.getSimpleName(), "io.zeekbeam");
      assertEquals(beam.getFieldCount(), avro.getFields().size(), c.getName());
    }
    Schema x509 = AvroNames.avroSafe(registry.getSchema(ZeekX509.class));
    assertTrue(x509.hasField("certificate_not_valid_before"));
    assertEquals(
        "certificate.not_valid_before", x509.getField("certificate_not_valid_before").getDescription());
  }
}
