package io.zeekbeam.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.apache.beam.sdk.coders.RowCoderGenerator;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** Every pipeline in a JVM gets the same schemas, with ids, and so the same generated coders. */
class SharedAutoValueSchemaTest {

  @Test
  void twoRegistriesGiveTheSameSchemaWithAStableId() throws Exception {
    Schema first = SchemaRegistry.createDefault().getSchema(GeoConnection.class);
    Schema second = SchemaRegistry.createDefault().getSchema(GeoConnection.class);
    assertSame(first, second);
    assertNotNull(first.getUUID());
    // Nested rows have ids of their own, so their coders are shared too.
    Schema geo = first.getField("DEST_GEO").getType().getRowSchema();
    assertNotNull(geo.getUUID());
    assertNotNull(geo.getField("LOCATION").getType().getRowSchema().getUUID());
    assertNotEquals(first.getUUID(), geo.getUUID());
    // Ids made from the type and its fields (name-based, version 3), not Beam's random ones.
    assertEquals(3, first.getUUID().version());
    assertEquals(3, geo.getUUID().version());
  }

  @Test
  void schemaCodersOfTwoPipelinesShareOneRowCoderAndRoundTrip() throws Exception {
    SchemaCoder<GeoInfo> a = SchemaRegistry.createDefault().getSchemaCoder(GeoInfo.class);
    SchemaCoder<GeoInfo> b = SchemaRegistry.createDefault().getSchemaCoder(GeoInfo.class);
    assertEquals(a.getSchema().getUUID(), b.getSchema().getUUID());
    // Beam generates a row coder class per schema id: one for both.
    assertSame(RowCoderGenerator.generate(a.getSchema()), RowCoderGenerator.generate(b.getSchema()));
    GeoInfo value =
        GeoInfo.builder()
            .setCity("Lyon")
            .setCountry("FR")
            .setSubdivision(null)
            .setLocation(GeoLocation.builder().setLat(45.76).setLon(4.83).build())
            .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    a.encode(value, bytes);
    assertEquals(value, b.decode(new ByteArrayInputStream(bytes.toByteArray())));
    Row row = a.getToRowFunction().apply(value);
    assertEquals("Lyon", row.getString("CITY"));
  }
}
