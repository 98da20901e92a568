package io.zeekbeam.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * The Avro schemas checked in under {@code schemas/avro/} are the wire contract of every Avro file
 * and topic; they are derived from the record classes, and this test fails when the two drift
 * apart. Run with {@code -Dzeekbeam.writeAvsc=true} to rewrite the files after a deliberate change.
 */
class AvroSchemaFilesTest {
  @Test
  void checkedInAvroSchemasMatchTheRecords() throws Exception {
    Path dir = Paths.get("avro");
    for (Class<?> c : AvroSchemas.RECORDS) {
      String derived = AvroSchemas.derive(c).toString(true) + "\n";
      Path file = dir.resolve(c.getSimpleName() + ".avsc");
      if (Boolean.getBoolean("zeekbeam.writeAvsc")) {
        Files.createDirectories(dir);
        Files.writeString(file, derived);
      }
      assertEquals(derived, Files.readString(file), file + " is out of date");
    }
  }

  @Test
  void theJarCarriesTheCheckedInSchemas() {
    for (Class<?> c : AvroSchemas.RECORDS) {
      assertEquals(AvroSchemas.derive(c), AvroSchemas.checkedIn(c), c.getSimpleName());
    }
  }
}
