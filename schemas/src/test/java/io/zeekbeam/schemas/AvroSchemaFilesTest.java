package io.zeekbeam.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.junit.jupiter.api.Test;

/**
 * The Avro schemas checked in under {@code schemas/avro/} are the wire contract of every Avro file
 * and topic; they are derived from the record classes, and this test fails when the two drift
 * apart. Run with {@code -Dzeekbeam.writeAvsc=true} to rewrite the files after a deliberate change.
 */
class AvroSchemaFilesTest {
  static final List<Class<?>> RECORDS =
      List.of(
          ZeekConn.class,
          ZeekDns.class,
          ZeekHttp.class,
          ZeekSsl.class,
          ZeekX509.class,
          SyslogEvent.class,
          WatchlistEntry.class,
          DeadLetter.class,
          RichDns.class,
          HostnameCount.class,
          DnsLookupCount.class,
          BytesByService.class,
          SshBruteForceAlert.class,
          GeoConnection.class,
          SslCertificate.class);

  @Test
  void checkedInAvroSchemasMatchTheRecords() throws Exception {
    Path dir = Paths.get("avro");
    SchemaRegistry registry = SchemaRegistry.createDefault();
    for (Class<?> c : RECORDS) {
      String derived =
          AvroUtils.toAvroSchema(
                      AvroNames.avroSafe(registry.getSchema(c)), c.getSimpleName(), "io.zeekbeam")
                  .toString(true)
              + "\n";
      Path file = dir.resolve(c.getSimpleName() + ".avsc");
      if (Boolean.getBoolean("zeekbeam.writeAvsc")) {
        Files.createDirectories(dir);
        Files.writeString(file, derived);
      }
      assertEquals(derived, Files.readString(file), file + " is out of date");
    }
  }
}
