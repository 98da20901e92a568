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
            DeadLetter.class,
            SshFailedLogin.class,
            WatchlistDnsMatch.class,
            WatchlistHttpMatch.class)) {
      Schema beam = AvroNames.avroSafe(registry.getSchema(c));
      org.apache.avro.Schema avro = AvroUtils.toAvroSchema(beam, c.getSimpleName(), "io.zeekbeam");
      assertEquals(beam.getFieldCount(), avro.getFields().size(), c.getName());
    }
    Schema x509 = AvroNames.avroSafe(registry.getSchema(ZeekX509.class));
    assertTrue(x509.hasField("certificate_not_valid_before"));
    assertEquals(
        "certificate.not_valid_before", x509.getField("certificate_not_valid_before").getDescription());
  }

  @Test
  void sshFailedLoginHasTheAnalyticsColumnsAndRoundTripsThroughRow() throws Exception {
    Schema schema = registry.getSchema(SshFailedLogin.class);
    assertEquals(
        List.of(
            "USER",
            "SRC_IP",
            "SRC_PORT",
            "KIND",
            "COUNT",
            "HOST",
            "TAG",
            "MESSAGE",
            "TIMESTAMP",
            "EVENT_TIME"),
        schema.getFieldNames());
    SshFailedLogin row =
        SshFailedLogin.builder()
            .setUser("ralphie")
            .setSrcIp("192.168.1.183")
            .setSrcPort(null)
            .setKind("INVALID_USER")
            .setCount(1)
            .setHost("deb9-LAN")
            .setTag("sshd")
            .setMessage("Invalid user ralphie from 192.168.1.183")
            .setTimestamp(1603040775000L)
            .setEventTime("2020-10-18 17:06:15")
            .build();
    Row beamRow = registry.getToRowFunction(SshFailedLogin.class).apply(row);
    assertEquals(row, registry.getFromRowFunction(SshFailedLogin.class).apply(beamRow));
  }

  @Test
  void watchlistMatchesAreTheEventThenTheWatchlistRow() throws Exception {
    List<String> watchlistColumns = List.of("ID", "DATEADDED", "DOMAIN", "SOURCE");
    assertEventThenWatchlist(ZeekDns.class, WatchlistDnsMatch.class, watchlistColumns);
    assertEventThenWatchlist(ZeekHttp.class, WatchlistHttpMatch.class, watchlistColumns);
  }

  /**
   * Every field of the event, same name and type, then the watchlist columns in the walkthrough's
   * order. (The event's own schema has no pinned order, so its fields are compared by name.)
   */
  private void assertEventThenWatchlist(Class<?> event, Class<?> match, List<String> watchlist)
      throws Exception {
    Schema eventSchema = registry.getSchema(event);
    Schema matchSchema = registry.getSchema(match);
    Schema entrySchema = registry.getSchema(WatchlistEntry.class);
    assertEquals(eventSchema.getFieldCount() + watchlist.size(), matchSchema.getFieldCount());
    assertEquals("ts", matchSchema.getField(0).getName());
    for (int i = 0; i < eventSchema.getFieldCount(); i++) {
      Schema.Field field = matchSchema.getField(i);
      assertTrue(eventSchema.hasField(field.getName()), field.getName());
      assertEquals(eventSchema.getField(field.getName()), field, match.getSimpleName());
    }
    for (int i = 0; i < watchlist.size(); i++) {
      assertEquals(
          entrySchema.getField(watchlist.get(i)),
          matchSchema.getField(eventSchema.getFieldCount() + i),
          match.getSimpleName());
    }
  }

  @Test
  void watchlistDnsMatchCopiesEveryFieldAndRoundTripsThroughRow() throws Exception {
    Schema dnsSchema = registry.getSchema(ZeekDns.class);
    Object[] values = new Object[dnsSchema.getFieldCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = sampleValue(dnsSchema.getField(i).getType(), i);
    }
    ZeekDns dns =
        registry
            .getFromRowFunction(ZeekDns.class)
            .apply(Row.withSchema(dnsSchema).attachValues(values));
    WatchlistEntry entry = WatchlistEntry.create("2", "1602886038", "ads.example.com", "list-a");
    WatchlistDnsMatch match = WatchlistDnsMatch.of(dns, entry);
    Row matchRow = registry.getToRowFunction(WatchlistDnsMatch.class).apply(match);
    for (int i = 0; i < values.length; i++) {
      String name = dnsSchema.getField(i).getName();
      assertEquals(values[i], matchRow.getValue(name), name);
    }
    assertEquals("2", matchRow.getString("ID"));
    assertEquals("1602886038", matchRow.getString("DATEADDED"));
    assertEquals("ads.example.com", matchRow.getString("DOMAIN"));
    assertEquals("list-a", matchRow.getString("SOURCE"));
    assertEquals(match, registry.getFromRowFunction(WatchlistDnsMatch.class).apply(matchRow));
  }

  @Test
  void watchlistHttpMatchCopiesEveryFieldAndRoundTripsThroughRow() throws Exception {
    Schema httpSchema = registry.getSchema(ZeekHttp.class);
    Object[] values = new Object[httpSchema.getFieldCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = sampleValue(httpSchema.getField(i).getType(), i);
    }
    ZeekHttp http =
        registry
            .getFromRowFunction(ZeekHttp.class)
            .apply(Row.withSchema(httpSchema).attachValues(values));
    WatchlistEntry entry = WatchlistEntry.create(null, null, "ads.example.com", null);
    WatchlistHttpMatch match = WatchlistHttpMatch.of(http, entry);
    Row matchRow = registry.getToRowFunction(WatchlistHttpMatch.class).apply(match);
    for (int i = 0; i < values.length; i++) {
      String name = httpSchema.getField(i).getName();
      assertEquals(values[i], matchRow.getValue(name), name);
    }
    assertNull(matchRow.getString("ID"));
    assertEquals("ads.example.com", matchRow.getString("DOMAIN"));
    assertEquals(match, registry.getFromRowFunction(WatchlistHttpMatch.class).apply(matchRow));
  }

  /** A value of {@code type} that differs per field, so that a field copied to another shows. */
  private static Object sampleValue(Schema.FieldType type, int i) {
    switch (type.getTypeName()) {
      case STRING:
        return "v" + i;
      case INT32:
        return 1000 + i;
      case INT64:
        return 1_000_000L + i;
      case DOUBLE:
        return 0.5 + i;
      case BOOLEAN:
        return i % 2 == 0;
      case ARRAY:
        return List.of(sampleValue(type.getCollectionElementType(), i));
      default:
        throw new AssertionError("no sample value for " + type);
    }
  }
}
