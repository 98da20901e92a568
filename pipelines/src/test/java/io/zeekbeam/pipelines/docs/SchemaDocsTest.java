package io.zeekbeam.pipelines.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/schemas.md} is generated from the record classes; this test fails when it is out of
 * date. Run with {@code -Dzeekbeam.writeDocs=true} to rewrite it after a deliberate change.
 */
class SchemaDocsTest {
  @Test
  void checkedInSchemasPageIsUpToDate() throws Exception {
    Path page = Path.of("..", "docs", "schemas.md");
    String generated = SchemaDocs.markdown();
    if (Boolean.getBoolean("zeekbeam.writeDocs")) {
      Files.createDirectories(page.getParent());
      Files.writeString(page, generated);
    }
    assertEquals(
        generated,
        Files.exists(page) ? Files.readString(page) : "",
        "docs/schemas.md is out of date: run this test with -Dzeekbeam.writeDocs=true");
  }
}
