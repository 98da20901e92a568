package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One watchlisted domain: a row of the CSV {@code id,dateadded,domain,source}, or a line of a
 * one-domain-a-line or hosts-file list (then {@code id} is the line number and {@code source} the
 * file). {@code domain} is normalised: lower case, no trailing dot.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class WatchlistEntry {
  @SchemaFieldNumber("0")
  @SchemaFieldName("ID")
  public abstract @Nullable String getId();

  @SchemaFieldNumber("1")

  @SchemaFieldName("DATEADDED")
  public abstract @Nullable String getDateAdded();

  @SchemaFieldNumber("2")

  @SchemaFieldName("DOMAIN")
  public abstract String getDomain();

  @SchemaFieldNumber("3")

  @SchemaFieldName("SOURCE")
  public abstract @Nullable String getSource();

  public static WatchlistEntry create(
      @Nullable String id, @Nullable String dateAdded, String domain, @Nullable String source) {
    return new AutoValue_WatchlistEntry(id, dateAdded, domain, source);
  }
}
