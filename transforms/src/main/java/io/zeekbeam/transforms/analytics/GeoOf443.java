package io.zeekbeam.transforms.analytics;

import com.google.auto.value.AutoValue;
import io.zeekbeam.schemas.AsnInfo;
import io.zeekbeam.schemas.GeoConnection;
import io.zeekbeam.schemas.GeoInfo;
import io.zeekbeam.schemas.ZeekConn;
import io.zeekbeam.transforms.enrich.GeoIpEnrich;
import io.zeekbeam.transforms.enrich.GeoIpLookup;
import io.zeekbeam.transforms.enrich.LocalNets;
import java.util.Objects;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Analytic 5, {@code geo}: connections to port 443 of a responder outside the local networks, with
 * the responder's GeoIP and ASN records.
 *
 * <ul>
 *   <li><b>Input:</b> {@link ZeekConn} records, each stamped with its own event time.
 *   <li><b>Output:</b> one {@link GeoConnection} per conn whose {@code id.resp_p} is 443 (any
 *       protocol, as in the walkthrough, so QUIC counts) and whose {@code id.resp_h} is not in
 *       {@link #withLocalNets the local networks}; DEST_GEO and DEST_ASN are null when that
 *       database is absent or does not know the address, or the address is private or reserved. The
 *       output keeps the conn's timestamp and window.
 *   <li><b>Window:</b> none of its own; element by element, so the same in batch and streaming.
 *   <li><b>Lateness:</b> not applicable: nothing is grouped.
 * </ul>
 *
 * <p>The walkthrough filters {@code "id.resp_h" NOT LIKE '192.168.1.%'}; this uses real CIDR
 * membership over {@link LocalNets}, IPv4 and IPv6. At least one database is required: with
 * neither, every row would be unenriched and the analytic pointless, so {@link #expand} refuses.
 */
@AutoValue
public abstract class GeoOf443
    extends PTransform<PCollection<ZeekConn>, PCollection<GeoConnection>> {
  private static final long serialVersionUID = 1L;

  /** The responder port this analytic keeps: HTTPS. */
  public static final int HTTPS_PORT = 443;

  abstract LocalNets getLocalNets();

  abstract GeoIpLookup getGeoIp();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setLocalNets(LocalNets nets);

    abstract Builder setGeoIp(GeoIpLookup geoIp);

    abstract GeoOf443 build();
  }

  /**
   * Local networks {@link LocalNets#defaults()} and no database yet: set one or both with {@link
   * #withGeoIp}.
   */
  public static GeoOf443 create() {
    return new AutoValue_GeoOf443.Builder()
        .setLocalNets(LocalNets.defaults())
        .setGeoIp(GeoIpLookup.none())
        .build();
  }

  /** Responders in {@code nets} are local and not reported. */
  public GeoOf443 withLocalNets(LocalNets nets) {
    return toBuilder()
        .setLocalNets(Objects.requireNonNull(nets, "withLocalNets(nets): nets is null"))
        .build();
  }

  /** The MaxMind databases to enrich with; either may be absent, not both. */
  public GeoOf443 withGeoIp(GeoIpLookup geoIp) {
    return toBuilder()
        .setGeoIp(
            Objects.requireNonNull(
                geoIp, "withGeoIp(geoIp): geoIp is null; use GeoIpLookup.of(city, asn)"))
        .build();
  }

  @Override
  public PCollection<GeoConnection> expand(PCollection<ZeekConn> conns) {
    if (getGeoIp().isEmpty()) {
      throw new IllegalArgumentException(
          "GeoOf443 (geo) needs at least one MaxMind database: call withGeoIp(GeoIpLookup.of("
              + "city, asn)) with a City database ("
              + GeoIpLookup.CITY_OPTION
              + "), an ASN database ("
              + GeoIpLookup.ASN_OPTION
              + "), or both");
    }
    LocalNets nets = getLocalNets();
    SerializableFunction<ZeekConn, Boolean> toRemote443 =
        c ->
            Objects.equals(c.getRespP(), HTTPS_PORT)
                && c.getRespH() != null
                && !nets.contains(c.getRespH());
    return conns
        .apply("KeepPort443ToNonLocalResponders", Filter.by(toRemote443))
        .apply(
            "EnrichResponderWithGeoIpAndAsn",
            GeoIpEnrich.of(
                getGeoIp(),
                ZeekConn::getRespH,
                GeoOf443::row,
                TypeDescriptor.of(GeoConnection.class)));
  }

  private static GeoConnection row(ZeekConn c, @Nullable GeoInfo geo, @Nullable AsnInfo asn) {
    return GeoConnection.builder()
        .setTs(c.getTs())
        .setUid(c.getUid())
        .setSrcIp(c.getOrigH())
        .setDestIp(c.getRespH())
        .setDestPort(c.getRespP())
        .setDestGeo(geo)
        .setDestAsn(asn)
        .build();
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("localNets", getLocalNets().toString()).withLabel("Local networks"))
        .addIfNotNull(
            DisplayData.item("geoipCity", getGeoIp().cityPath()).withLabel("MaxMind City database"))
        .addIfNotNull(
            DisplayData.item("geoipAsn", getGeoIp().asnPath()).withLabel("MaxMind ASN database"));
  }
}
