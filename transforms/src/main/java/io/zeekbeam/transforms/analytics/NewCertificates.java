package io.zeekbeam.transforms.analytics;

import io.zeekbeam.schemas.SslCertificate;
import io.zeekbeam.transforms.enrich.GeoIpEnrich;
import io.zeekbeam.transforms.enrich.GeoIpLookup;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;

/**
 * {@code new-certs} (the walkthrough's NEW_SSL_STREAM): the {@code ssl-certs} rows whose
 * certificate became valid less than 30 days before the handshake. Age is measured from the
 * handshake's own time, not the wall clock (the walkthrough's {@code UNIX_TIMESTAMP()}), so that
 * re-analysing an old archive gives the answers of its time. A certificate valid only from a
 * future date counts as new. Rows without a {@code not_valid_before} are not new.
 *
 * <p>With {@link #withGeoIp} the rows get the responder's GeoIP and ASN records ({@code
 * DEST_GEOIP}, {@code DEST_ASN}), as the walkthrough's UDFs gave them; without databases those
 * columns stay null.
 *
 * <p>Input and output: {@link SslCertificate} rows, event times kept. Stateless.
 */
public final class NewCertificates
    extends PTransform<PCollection<SslCertificate>, PCollection<SslCertificate>> {
  private static final long serialVersionUID = 1L;
  private final Duration maxAge;
  private final GeoIpLookup geoIp;

  private NewCertificates(Duration maxAge, GeoIpLookup geoIp) {
    this.maxAge = maxAge;
    this.geoIp = geoIp;
  }

  /** Certificates younger than 30 days at the handshake, not enriched. */
  public static NewCertificates create() {
    return new NewCertificates(Duration.standardDays(30), GeoIpLookup.none());
  }

  public NewCertificates withMaxAge(Duration d) {
    return new NewCertificates(d, geoIp);
  }

  /** Enrich the responder with these MaxMind databases. */
  public NewCertificates withGeoIp(GeoIpLookup lookup) {
    return new NewCertificates(maxAge, lookup);
  }

  static boolean isNew(SslCertificate c, long maxAgeMillis) {
    Double notBefore = c.getCertificateNotValidBefore();
    if (notBefore == null) {
      return false;
    }
    return (c.getSslTs() - notBefore) * 1000.0 < maxAgeMillis;
  }

  @Override
  public PCollection<SslCertificate> expand(PCollection<SslCertificate> certs) {
    if (!maxAge.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("NewCertificates.withMaxAge() must be positive");
    }
    long max = maxAge.getMillis();
    PCollection<SslCertificate> young =
        certs.apply("YoungerThanMaxAge", Filter.by(c -> isNew(c, max)));
    if (geoIp.isEmpty()) {
      return young;
    }
    return young.apply(
        "EnrichResponder",
        GeoIpEnrich.of(
            geoIp,
            SslCertificate::getDestIp,
            (c, geo, asn) -> c.toBuilder().setDestGeoip(geo).setDestAsn(asn).build(),
            TypeDescriptor.of(SslCertificate.class)));
  }
}
