package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A row of {@code dns-lookups}: the number of DNS lookups of one query name (a final total in batch, the latest value of a changelog in streaming).
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class DnsLookupCount {
  @SchemaFieldNumber("0")
  @SchemaFieldName("query")
  public abstract @Nullable String getQuery();

  @SchemaFieldNumber("1")
  @SchemaFieldName("LOOKUPS")
  public abstract long getLookups();

  public static Builder builder() {
    return new AutoValue_DnsLookupCount.Builder();
  }

  /** Builder for {@link DnsLookupCount}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setQuery(@Nullable String value);

    public abstract Builder setLookups(long value);

    public abstract DnsLookupCount build();
  }
}
