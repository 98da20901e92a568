package io.zeekbeam.transforms.enrich;

import io.zeekbeam.schemas.AsnInfo;
import io.zeekbeam.schemas.GeoInfo;
import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Adds the GeoIP and ASN records of one address of each row, the enrichment shared by {@code geo}
 * and {@code new-certs}.
 *
 * <p>For each input row, {@code ipOf} names the address (e.g. the responder, {@code id.resp_h}),
 * {@link GeoIpLookup.Readers#geo} and {@link GeoIpLookup.Readers#asn} look it up, and {@code
 * combine} makes the output row from the row and the two results, either of which may be null (no
 * such database, a private or unknown address, text that is not an address). Every input row gives
 * exactly one output row, with the input's timestamp and window; nothing is grouped, so the
 * transform is the same in batch and streaming.
 *
 * <p>The databases are checked when the pipeline is built ({@link GeoIpLookup#validate()}) and
 * opened once per worker JVM, in {@code @Setup}. A lookup with no database at all is allowed and
 * gives nulls, so that a pipeline may run an analytic with its enrichment switched off; an analytic
 * for which the enrichment is the point (such as {@code geo}) refuses that itself.
 *
 * @param <T> the input rows
 * @param <OutputT> the enriched rows; {@code outputType} lets Beam find their coder (e.g. a schema)
 */
public final class GeoIpEnrich<T, OutputT>
    extends PTransform<PCollection<T>, PCollection<OutputT>> {
  private static final long serialVersionUID = 1L;

  /** Makes the output row from an input row and its lookups. */
  @FunctionalInterface
  public interface Combine<T, OutputT> extends Serializable {
    OutputT apply(T row, @Nullable GeoInfo geo, @Nullable AsnInfo asn);
  }

  private final GeoIpLookup lookup;
  private final SerializableFunction<T, @Nullable String> ipOf;
  private final Combine<T, OutputT> combine;
  private final TypeDescriptor<OutputT> outputType;

  private GeoIpEnrich(
      GeoIpLookup lookup,
      SerializableFunction<T, @Nullable String> ipOf,
      Combine<T, OutputT> combine,
      TypeDescriptor<OutputT> outputType) {
    this.lookup = lookup;
    this.ipOf = ipOf;
    this.combine = combine;
    this.outputType = outputType;
  }

  /**
   * Enriches each row with the records of the address {@code ipOf} returns, combined into an {@code
   * outputType} row by {@code combine}.
   */
  public static <T, OutputT> GeoIpEnrich<T, OutputT> of(
      GeoIpLookup lookup,
      SerializableFunction<T, @Nullable String> ipOf,
      Combine<T, OutputT> combine,
      TypeDescriptor<OutputT> outputType) {
    return new GeoIpEnrich<>(
        Objects.requireNonNull(lookup, "GeoIpEnrich.of: lookup is null; use GeoIpLookup.none()"),
        Objects.requireNonNull(ipOf, "GeoIpEnrich.of: ipOf is null"),
        Objects.requireNonNull(combine, "GeoIpEnrich.of: combine is null"),
        Objects.requireNonNull(outputType, "GeoIpEnrich.of: outputType is null"));
  }

  @Override
  public PCollection<OutputT> expand(PCollection<T> rows) {
    lookup.validate();
    return rows.apply("LookUpGeoIpAndAsn", ParDo.of(new EnrichFn<>(this)));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .addIfNotNull(
            DisplayData.item("geoipCity", lookup.cityPath()).withLabel("MaxMind City database"))
        .addIfNotNull(
            DisplayData.item("geoipAsn", lookup.asnPath()).withLabel("MaxMind ASN database"));
  }

  /** Holds the readers for the life of the DoFn instance, not of a bundle. */
  private static final class EnrichFn<T, OutputT> extends DoFn<T, OutputT> {
    private static final long serialVersionUID = 1L;
    private final GeoIpLookup lookup;
    private final SerializableFunction<T, @Nullable String> ipOf;
    private final Combine<T, OutputT> combine;
    private final TypeDescriptor<OutputT> outputType;
    private transient GeoIpLookup.@Nullable Readers readers;

    EnrichFn(GeoIpEnrich<T, OutputT> spec) {
      this.lookup = spec.lookup;
      this.ipOf = spec.ipOf;
      this.combine = spec.combine;
      this.outputType = spec.outputType;
    }

    @Setup
    public void setup() {
      readers = lookup.open();
    }

    @ProcessElement
    public void process(@Element T row, OutputReceiver<OutputT> out) {
      String ip = ipOf.apply(row);
      out.output(combine.apply(row, readers.geo(ip), readers.asn(ip)));
    }

    @Teardown
    public void teardown() {
      if (readers != null) {
        readers.close();
        readers = null;
      }
    }

    @Override
    public TypeDescriptor<OutputT> getOutputTypeDescriptor() {
      return outputType;
    }
  }
}
