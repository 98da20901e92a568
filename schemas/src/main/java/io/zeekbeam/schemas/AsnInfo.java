package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a MaxMind ASN database says of an address. Null as a whole when the address is unknown.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class AsnInfo {
  @SchemaFieldNumber("0")
  @SchemaFieldName("ASN")
  public abstract @Nullable Long getAsn();

  @SchemaFieldNumber("1")
  @SchemaFieldName("ORG")
  public abstract @Nullable String getOrg();

  public static Builder builder() {
    return new AutoValue_AsnInfo.Builder();
  }

  /** Builder for {@link AsnInfo}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setAsn(@Nullable Long value);

    public abstract Builder setOrg(@Nullable String value);

    public abstract AsnInfo build();
  }
}
