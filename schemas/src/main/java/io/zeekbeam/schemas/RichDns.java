package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A row of {@code rich-dns}: a DNS record joined with the conn record of the same uid within one minute (a locally originated connection), with the walkthrough's columns; {@code DEST_PORT} is the responder port ({@code id.resp_p}), not the walkthrough's {@code id.resp_h}.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class RichDns {
  @SchemaFieldNumber("0")
  @SchemaFieldName("query")
  public abstract @Nullable String getQuery();

  @SchemaFieldNumber("1")
  @SchemaFieldName("SRC_IP")
  public abstract @Nullable String getSrcIp();

  @SchemaFieldNumber("2")
  @SchemaFieldName("DEST_IP")
  public abstract @Nullable String getDestIp();

  @SchemaFieldNumber("3")
  @SchemaFieldName("SRC_PORT")
  public abstract @Nullable Integer getSrcPort();

  @SchemaFieldNumber("4")
  @SchemaFieldName("DEST_PORT")
  public abstract @Nullable Integer getDestPort();

  @SchemaFieldNumber("5")
  @SchemaFieldName("QTYPE_NAME")
  public abstract @Nullable String getQtypeName();

  @SchemaFieldNumber("6")
  @SchemaFieldName("TTLS")
  public abstract @Nullable List<Double> getTtls();

  @SchemaFieldNumber("7")
  @SchemaFieldName("HOSTNAME")
  public abstract @Nullable String getHostname();

  @SchemaFieldNumber("8")
  @SchemaFieldName("ELEMENT2")
  public abstract @Nullable String getElement2();

  @SchemaFieldNumber("9")
  @SchemaFieldName("ELEMENT3")
  public abstract @Nullable String getElement3();

  @SchemaFieldNumber("10")
  @SchemaFieldName("ELEMENT4")
  public abstract @Nullable String getElement4();

  @SchemaFieldNumber("11")
  @SchemaFieldName("ANSWERS")
  public abstract @Nullable List<String> getAnswers();

  @SchemaFieldNumber("12")
  @SchemaFieldName("TS")
  public abstract double getTs();

  @SchemaFieldNumber("13")
  @SchemaFieldName("UID")
  public abstract @Nullable String getUid();

  @SchemaFieldNumber("14")
  @SchemaFieldName("REQUEST_BYTES")
  public abstract @Nullable Long getRequestBytes();

  @SchemaFieldNumber("15")
  @SchemaFieldName("REPLY_BYTES")
  public abstract @Nullable Long getReplyBytes();

  @SchemaFieldNumber("16")
  @SchemaFieldName("LOCAL_ORIG")
  public abstract @Nullable Boolean getLocalOrig();

  public static Builder builder() {
    return new AutoValue_RichDns.Builder();
  }

  /** Builder for {@link RichDns}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setQuery(@Nullable String value);

    public abstract Builder setSrcIp(@Nullable String value);

    public abstract Builder setDestIp(@Nullable String value);

    public abstract Builder setSrcPort(@Nullable Integer value);

    public abstract Builder setDestPort(@Nullable Integer value);

    public abstract Builder setQtypeName(@Nullable String value);

    public abstract Builder setTtls(@Nullable List<Double> value);

    public abstract Builder setHostname(@Nullable String value);

    public abstract Builder setElement2(@Nullable String value);

    public abstract Builder setElement3(@Nullable String value);

    public abstract Builder setElement4(@Nullable String value);

    public abstract Builder setAnswers(@Nullable List<String> value);

    public abstract Builder setTs(double value);

    public abstract Builder setUid(@Nullable String value);

    public abstract Builder setRequestBytes(@Nullable Long value);

    public abstract Builder setReplyBytes(@Nullable Long value);

    public abstract Builder setLocalOrig(@Nullable Boolean value);

    public abstract RichDns build();
  }
}
