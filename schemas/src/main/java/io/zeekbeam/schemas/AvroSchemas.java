package io.zeekbeam.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.values.Row;

/**
 * The Avro schemas of every record zeekbeam writes: derived from the record classes (their Beam
 * schemas with {@link AvroNames} applied, named after the class in namespace {@value #NAMESPACE}),
 * and checked in under {@code schemas/avro/<Record>.avsc}, which the jar carries as resources
 * ({@code io/zeekbeam/schemas/avro/<Record>.avsc}). A test keeps the two equal.
 */
public final class AvroSchemas {
  private AvroSchemas() {}

  public static final String NAMESPACE = "io.zeekbeam";
  private static final String RESOURCES = "/io/zeekbeam/schemas/avro/";

  /** Every record class with a checked-in schema: each input, each output, the watchlist. */
  public static final List<Class<?>> RECORDS =
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
          SshFailedLogin.class,
          GeoConnection.class,
          SslCertificate.class,
          WatchlistDnsMatch.class,
          WatchlistHttpMatch.class);

  /** The Avro schema of rows with this Beam schema (wire names), named {@code recordName}. */
  public static org.apache.avro.Schema derive(Schema wireSchema, String recordName) {
    return AvroUtils.toAvroSchema(AvroNames.avroSafe(wireSchema), recordName, NAMESPACE);
  }

  /** The Avro schema derived from a record class's Beam schema. */
  public static org.apache.avro.Schema derive(Class<?> recordClass) {
    try {
      return derive(SchemaRegistry.createDefault().getSchema(recordClass), recordClass.getSimpleName());
    } catch (NoSuchSchemaException e) {
      throw new IllegalArgumentException(recordClass + " has no Beam schema", e);
    }
  }

  /** The checked-in schema of a record class, read from the classpath. */
  public static org.apache.avro.Schema checkedIn(Class<?> recordClass) {
    String name = RESOURCES + recordClass.getSimpleName() + ".avsc";
    try (InputStream in = AvroSchemas.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no checked-in Avro schema " + name + " on the classpath");
      }
      return new org.apache.avro.Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every checked-in schema, in the order of {@link #RECORDS}. */
  public static List<org.apache.avro.Schema> allCheckedIn() {
    List<org.apache.avro.Schema> all = new ArrayList<>();
    for (Class<?> c : RECORDS) {
      all.add(checkedIn(c));
    }
    return all;
  }

  /**
   * A row (wire names, as {@code wireSchema}) as a record of {@code avro}, which is {@link
   * #derive derived} from that schema: Beam's own conversion, over the same values renamed.
   */
  public static org.apache.avro.generic.GenericRecord toGenericRecord(
      Row row, Schema avroSafeSchema, org.apache.avro.Schema avro) {
    return AvroUtils.toGenericRecord(
        Row.withSchema(avroSafeSchema).attachValues(row.getValues()), avro);
  }
}
