package io.zeekbeam.transforms.analytics;

import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.SslCertificate;
import io.zeekbeam.schemas.ZeekSsl;
import io.zeekbeam.schemas.ZeekX509;
import io.zeekbeam.transforms.errors.RecordText;
import io.zeekbeam.transforms.join.AsOfJoin;
import io.zeekbeam.transforms.join.IntervalJoin;
import io.zeekbeam.transforms.join.JoinBuckets;
import io.zeekbeam.transforms.join.Joined;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Partition;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * {@code ssl-certs}: each TLS handshake joined with the certificate the server presented, on the
 * certificate's identity rather than the walkthrough's {@code ssl.subject =
 * x509."certificate.subject"} (which pairs unrelated certificates sharing a subject such as
 * {@code CN=localhost}).
 *
 * <ul>
 *   <li>Zeek before 4.1: {@code ssl.cert_chain_fuids[0] = x509.id}, within 1 s either way (an
 *       interval join);
 *   <li>Zeek 4.1 and later: {@code ssl.cert_chain_fps[0] = x509.fingerprint}, joined with the
 *       latest x509 record of that fingerprint at most 1 s after the handshake (an as-of join:
 *       Zeek logs a certificate once a day, so a window would miss every repeat);
 *   <li>neither identity: the subject, within 1 s, as the walkthrough did.
 * </ul>
 *
 * <p>Input: ssl records (this transform's input) and x509 records (given to {@link #of}).
 * Output: {@link SslCertificate} rows ({@code JOINED_ON} says which identity), certificate dates
 * also as {@code yyyy-MM-dd HH:mm:ss} UTC; SUBJECT and ISSUER come from ssl.log, or from the
 * certificate where Zeek 4.1+ no longer logs them there. Records later than the joins' allowed
 * lateness are dead letters.
 */
public final class SslCertificates
    extends PTransform<PCollection<ZeekSsl>, AnalyticOutput<SslCertificate>> {
  private static final long serialVersionUID = 1L;

  public static final String BY_FILE_ID = "fuid";
  public static final String BY_FINGERPRINT = "fingerprint";
  public static final String BY_SUBJECT = "subject";

  private final PCollection<ZeekX509> certificates;
  private final Duration within;
  private final Duration allowedLateness;
  private final int joinBuckets;

  private SslCertificates(
      PCollection<ZeekX509> certificates,
      Duration within,
      Duration allowedLateness,
      int joinBuckets) {
    this.certificates = certificates;
    this.within = within;
    this.allowedLateness = allowedLateness;
    this.joinBuckets = joinBuckets;
  }

  /** Handshakes joined with {@code certificates} within 1 s, no allowed lateness. */
  public static SslCertificates of(PCollection<ZeekX509> certificates) {
    return new SslCertificates(
        certificates, Duration.standardSeconds(1), Duration.ZERO, JoinBuckets.DEFAULT);
  }

  /** The join tolerance: the walkthrough's {@code WITHIN 1 SECONDS}. */
  public SslCertificates within(Duration d) {
    return new SslCertificates(certificates, d, allowedLateness, joinBuckets);
  }

  public SslCertificates withAllowedLateness(Duration d) {
    return new SslCertificates(certificates, within, d, joinBuckets);
  }

  /** The joins' buckets over bounded input: {@link IntervalJoin#withBuckets}. */
  public SslCertificates withJoinBuckets(int buckets) {
    return new SslCertificates(certificates, within, allowedLateness, buckets);
  }

  /** Which identity a handshake is joined on. */
  static @Nullable String identityKind(ZeekSsl s) {
    if (first(s.getCertChainFps()) != null) {
      return BY_FINGERPRINT;
    }
    if (first(s.getCertChainFuids()) != null) {
      return BY_FILE_ID;
    }
    return s.getSubject() != null && !s.getSubject().isEmpty() ? BY_SUBJECT : null;
  }

  private static @Nullable String first(@Nullable List<String> l) {
    return l == null || l.isEmpty() || l.get(0).isEmpty() ? null : l.get(0);
  }

  @Override
  public AnalyticOutput<SslCertificate> expand(PCollection<ZeekSsl> ssl) {
    if (within == null || !within.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          "SslCertificates.within() must be longer than zero, e.g. Duration.standardSeconds(1)");
    }
    Coder<ZeekSsl> sslCoder = ssl.getCoder();
    Coder<ZeekX509> certCoder = certificates.getCoder();
    PCollectionList<ZeekSsl> byKind =
        ssl.apply(
            "ByCertificateIdentity",
            Partition.of(
                4,
                (ZeekSsl s, int n) -> {
                  String k = identityKind(s);
                  return k == null ? 3 : k.equals(BY_FINGERPRINT) ? 0 : k.equals(BY_FILE_ID) ? 1 : 2;
                }));

    // Zeek 4.1+: the certificate table as of the handshake.
    PCollection<KV<String, ZeekX509>> byFingerprint =
        keyed(certificates, "CertsByFingerprint", ZeekX509::getFingerprint, certCoder);
    var fps =
        keyed(byKind.get(0), "SslByFingerprint", s -> first(s.getCertChainFps()), sslCoder)
            .apply(
                "AsOfCertificate",
                AsOfJoin.<String, ZeekSsl, ZeekX509>innerJoin(byFingerprint)
                    .withTolerance(within)
                    .withAllowedLateness(allowedLateness)
                    .withInputNames("ssl", "x509")
                    .withLateRecordText(SSL_TEXT, X509_TEXT)
                    .withBuckets(joinBuckets));

    // Zeek before 4.1: the certificate logged with the handshake.
    PCollection<KV<String, ZeekX509>> byFileId =
        keyed(certificates, "CertsByFileId", ZeekX509::getId, certCoder);
    var fuids =
        keyed(byKind.get(1), "SslByFileId", s -> first(s.getCertChainFuids()), sslCoder)
            .apply(
                "CertificateWithinOneSecond",
                IntervalJoin.<String, ZeekSsl, ZeekX509>innerJoin(byFileId)
                    .within(within)
                    .withAllowedLateness(allowedLateness)
                    .withInputNames("ssl", "x509")
                    .withLateRecordText(SSL_TEXT, X509_TEXT)
                    .withBuckets(joinBuckets));

    // Neither identity: the walkthrough's subject join, only for these handshakes. Certificates
    // that have an identity are in the joins above too, which already report them when late; so
    // the subject join over them reports only late handshakes, and a second one over certificates
    // without any identity reports only late certificates: every record is reported once.
    PCollection<ZeekX509> identified =
        certificates.apply(
            "CertsWithIdentity", Filter.by(x -> x.getId() != null || x.getFingerprint() != null));
    PCollection<ZeekX509> unidentified =
        certificates.apply(
            "CertsWithoutIdentity",
            Filter.by(x -> x.getId() == null && x.getFingerprint() == null));
    PCollection<KV<String, ZeekSsl>> sslBySubject =
        keyed(byKind.get(2), "SslBySubject", ZeekSsl::getSubject, sslCoder);
    var subjects =
        sslBySubject.apply(
            "SubjectWithinOneSecond",
            IntervalJoin.<String, ZeekSsl, ZeekX509>innerJoin(
                    keyed(identified, "CertsBySubject", ZeekX509::getCertSubject, certCoder))
                .within(within)
                .withAllowedLateness(allowedLateness)
                .withInputNames("ssl", "x509")
                .withLateRecordText(SSL_TEXT, X509_TEXT)
                .withBuckets(joinBuckets));
    var subjectsOfUnidentified =
        sslBySubject.apply(
            "SubjectOfUnidentifiedWithinOneSecond",
            IntervalJoin.<String, ZeekSsl, ZeekX509>innerJoin(
                    keyed(unidentified, "UnidentifiedBySubject", ZeekX509::getCertSubject, certCoder))
                .within(within)
                .withAllowedLateness(allowedLateness)
                .withInputNames("ssl", "x509")
                .withLateRecordText(SSL_TEXT, X509_TEXT)
                .withBuckets(joinBuckets));

    PCollection<SslCertificate> rows =
        PCollectionList.of(rows(fps.joined(), BY_FINGERPRINT))
            .and(rows(fuids.joined(), BY_FILE_ID))
            .and(rows(subjects.joined(), BY_SUBJECT))
            .and(rows(subjectsOfUnidentified.joined(), BY_SUBJECT + "-unidentified"))
            .apply("AllJoins", Flatten.pCollections());
    PCollection<DeadLetter> late =
        PCollectionList.of(fps.late())
            .and(fuids.late())
            .and(onlyInput(subjects.late(), "ssl", "LateHandshakesBySubject"))
            .and(onlyInput(subjectsOfUnidentified.late(), "x509", "LateUnidentifiedCerts"))
            .apply("AllLate", Flatten.pCollections());
    return AnalyticOutput.of(rows, late);
  }

  private static final RecordText<ZeekSsl> SSL_TEXT = RecordText.of(ZeekSsl.class);
  private static final RecordText<ZeekX509> X509_TEXT = RecordText.of(ZeekX509.class);

  private static PCollection<DeadLetter> onlyInput(
      PCollection<DeadLetter> late, String input, String name) {
    return late.apply(name, Filter.by(d -> input.equals(d.getInput())));
  }

  private static <T> PCollection<KV<String, T>> keyed(
      PCollection<T> in,
      String name,
      org.apache.beam.sdk.transforms.SerializableFunction<T, @Nullable String> key,
      Coder<T> coder) {
    return in.apply(name + "Present", Filter.by(t -> key.apply(t) != null))
        .apply(name, WithKeys.of(key))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), coder));
  }

  private static PCollection<SslCertificate> rows(
      PCollection<KV<String, Joined<ZeekSsl, ZeekX509>>> joined, String how) {
    return joined.apply(
        "Rows-" + how,
        MapElements.into(TypeDescriptor.of(SslCertificate.class))
            .via(
                kv ->
                    row(
                        kv.getValue().left(),
                        kv.getValue().right(),
                        how.startsWith(BY_SUBJECT) ? BY_SUBJECT : how)));
  }

  static SslCertificate row(ZeekSsl s, ZeekX509 x, String how) {
    return SslCertificate.builder()
        .setSslTs(s.getTs())
        .setSrcIp(s.getOrigH())
        .setSrcPort(s.getOrigP())
        .setDestIp(s.getRespH())
        .setDestPort(s.getRespP())
        .setVersion(s.getVersion())
        .setCipher(s.getCipher())
        .setCurve(s.getCurve())
        .setServerName(s.getServerName())
        .setSubject(s.getSubject() != null ? s.getSubject() : x.getCertSubject())
        .setIssuer(s.getIssuer() != null ? s.getIssuer() : x.getCertIssuer())
        .setValidationStatus(s.getValidationStatus())
        .setX509Ts(x.getTs())
        .setCertificateVersion(x.getCertVersion())
        .setCertificateNotValidBefore(x.getCertNotValidBefore())
        .setCertificateNotValidAfter(x.getCertNotValidAfter())
        .setCertExpirationDate(Timestamps.formatEpochSeconds(x.getCertNotValidAfter()))
        .setCertRegistrationDate(Timestamps.formatEpochSeconds(x.getCertNotValidBefore()))
        .setCertificateKeyAlg(x.getCertKeyAlg())
        .setCertificateSigAlg(x.getCertSigAlg())
        .setCertificateKeyType(x.getCertKeyType())
        .setCertificateKeyLength(x.getCertKeyLength())
        .setUid(s.getUid())
        .setJoinedOn(how)
        .build();
  }
}
