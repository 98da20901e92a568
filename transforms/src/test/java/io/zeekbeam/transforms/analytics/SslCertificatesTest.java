package io.zeekbeam.transforms.analytics;

import org.apache.beam.sdk.testing.TestStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.schemas.AsnInfo;
import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.GeoInfo;
import io.zeekbeam.schemas.GeoLocation;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.SslCertificate;
import io.zeekbeam.schemas.ZeekSsl;
import io.zeekbeam.schemas.ZeekX509;
import io.zeekbeam.transforms.enrich.GeoIpLookup;
import io.zeekbeam.transforms.enrich.MmdbFixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Analytic 6 ({@code ssl-certs}, then {@code new-certs} over its rows) on ssl and x509 records
 * written as Zeek JSON: the certificate's identity before Zeek 4.1 (file id, within 1 s either way)
 * and since (fingerprint, the latest x509 record at most 1 s after the handshake, however old),
 * certificates sharing the subject {@code CN=localhost}, the subject as a last resort, the columns,
 * and the age of a certificate at the handshake. Once bounded, once as an out-of-order stream with
 * the same expected rows plus records beyond the allowed lateness.
 */
class SslCertificatesTest {
  /** 2015-06-01T00:00:00Z in epoch seconds: years before any wall clock running this test. */
  private static final long T0 = 1_433_116_800L;

  private static final long DAY = 86_400L;

  /** Every certificate's not_valid_after, 2016-07-08T09:10:11.750Z, and as the row writes it. */
  private static final double NOT_AFTER = 1_467_969_011.75;

  private static final String EXPIRES = "2016-07-08 09:10:11";

  private static final String ISSUER = "CN=Example CA";

  /** A responder the GeoIP fixtures know nothing of (TEST-NET-2). */
  private static final String UNKNOWN_SERVER = "198.51.100.10";

  private static final String LONDON_SERVER = "81.2.69.142";
  private static final String LINKOPING_SERVER = "89.160.20.112";

  @TempDir static Path dir;
  private static GeoIpLookup geoIp;

  @BeforeAll
  static void writeDatabases() {
    MmdbFixtures.CityAndAsn files = MmdbFixtures.writeCityAndAsn(dir);
    geoIp = GeoIpLookup.of(files.city().toString(), files.asn().toString());
  }

  /**
   * An ssl record as the test writes it: the certificate chain by file ids (Zeek before 4.1) or by
   * fingerprints (4.1 and later), null when not logged; the subject and issuer, which Zeek 4.1 and
   * later no longer log in ssl.log.
   */
  private record Ssl(
      String uid,
      double at,
      int origPort,
      String resp,
      List<String> fuids,
      List<String> fps,
      String subject,
      String issuer) {}

  /** An x509 record as the test writes it; {@code notBefore} is epoch seconds, null if unset. */
  private record X509(String id, String fingerprint, double at, String subject, Double notBefore) {}

  private static String ts(double secondsAfterT0) {
    return String.format(Locale.ROOT, "%.6f", T0 + secondsAfterT0);
  }

  private static long millis(double secondsAfterT0) {
    return T0 * 1000 + Math.round(secondsAfterT0 * 1000);
  }

  private static String quoted(String s) {
    return "\"" + s + "\"";
  }

  private static String list(List<String> l) {
    return l.stream().map(SslCertificatesTest::quoted).collect(Collectors.joining(",", "[", "]"));
  }

  private static TimestampedValue<KV<String, String>> line(Ssl s) {
    StringBuilder json =
        new StringBuilder("{\"ts\":")
            .append(ts(s.at()))
            .append(",\"uid\":")
            .append(quoted(s.uid()))
            .append(",\"id.orig_h\":\"10.2.0.1\",\"id.orig_p\":")
            .append(s.origPort())
            .append(",\"id.resp_h\":")
            .append(quoted(s.resp()))
            .append(",\"id.resp_p\":443,\"version\":\"TLSv12\"")
            .append(",\"cipher\":\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\",\"curve\":\"secp256r1\"")
            .append(",\"server_name\":\"")
            .append(s.uid().toLowerCase(Locale.ROOT))
            .append(".example\",\"resumed\":false,\"established\":true");
    if (s.fuids() != null) {
      json.append(",\"cert_chain_fuids\":").append(list(s.fuids()));
    }
    if (s.fps() != null) {
      json.append(",\"cert_chain_fps\":").append(list(s.fps()));
    }
    if (s.subject() != null) {
      json.append(",\"subject\":").append(quoted(s.subject()));
    }
    if (s.issuer() != null) {
      json.append(",\"issuer\":").append(quoted(s.issuer()));
    }
    json.append(",\"validation_status\":\"ok\"}");
    return ZeekLines.line(LogType.SSL, json.toString());
  }

  private static TimestampedValue<KV<String, String>> line(X509 x) {
    StringBuilder json = new StringBuilder("{\"ts\":").append(ts(x.at()));
    if (x.id() != null) {
      json.append(",\"id\":").append(quoted(x.id()));
    }
    if (x.fingerprint() != null) {
      json.append(",\"fingerprint\":").append(quoted(x.fingerprint()));
    }
    json.append(",\"certificate.version\":3,\"certificate.serial\":\"0A1B2C\"")
        .append(",\"certificate.subject\":")
        .append(quoted(x.subject()))
        .append(",\"certificate.issuer\":")
        .append(quoted(ISSUER));
    if (x.notBefore() != null) {
      json.append(",\"certificate.not_valid_before\":")
          .append(String.format(Locale.ROOT, "%.6f", x.notBefore()));
    }
    json.append(",\"certificate.not_valid_after\":")
        .append(String.format(Locale.ROOT, "%.6f", NOT_AFTER))
        .append(",\"certificate.key_alg\":\"rsaEncryption\"")
        .append(",\"certificate.sig_alg\":\"sha256WithRSAEncryption\"")
        .append(",\"certificate.key_type\":\"rsa\",\"certificate.key_length\":2048")
        .append(",\"certificate.exponent\":\"65537\",\"basic_constraints.ca\":false")
        .append(",\"host_cert\":true,\"client_cert\":false}");
    return ZeekLines.line(LogType.X509, json.toString());
  }

  /**
   * The row {@code s} joined with {@code x} must give. SUBJECT and ISSUER are the handshake's, or
   * the certificate's where ssl.log has none; {@code registered} is how CERT_REGISTRATION_DATE must
   * read (null when the certificate has no not_valid_before).
   */
  private static SslCertificate row(Ssl s, X509 x, String joinedOn, String registered) {
    return SslCertificate.builder()
        .setSslTs(Double.parseDouble(ts(s.at())))
        .setSrcIp("10.2.0.1")
        .setSrcPort(s.origPort())
        .setDestIp(s.resp())
        .setDestPort(443)
        .setVersion("TLSv12")
        .setCipher("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
        .setCurve("secp256r1")
        .setServerName(s.uid().toLowerCase(Locale.ROOT) + ".example")
        .setSubject(s.subject() != null ? s.subject() : x.subject())
        .setIssuer(s.issuer() != null ? s.issuer() : ISSUER)
        .setValidationStatus("ok")
        .setX509Ts(Double.parseDouble(ts(x.at())))
        .setCertificateVersion(3L)
        .setCertificateNotValidBefore(
            x.notBefore() == null
                ? null
                : Double.parseDouble(String.format(Locale.ROOT, "%.6f", x.notBefore())))
        .setCertificateNotValidAfter(NOT_AFTER)
        .setCertExpirationDate(EXPIRES)
        .setCertRegistrationDate(registered)
        .setCertificateKeyAlg("rsaEncryption")
        .setCertificateSigAlg("sha256WithRSAEncryption")
        .setCertificateKeyType("rsa")
        .setCertificateKeyLength(2048L)
        .setUid(s.uid())
        .setJoinedOn(joinedOn)
        .build();
  }

  private final List<TimestampedValue<KV<String, String>>> lines = new ArrayList<>();
  private final List<SslCertificate> expected = new ArrayList<>();
  private int nextPort = 50_000;

  /** A handshake as Zeek before 4.1 logs it: chain by file ids, subject and issuer. */
  private Ssl sslByFileId(String uid, double at, String fuid, String subject, String resp) {
    return add(
        new Ssl(uid, at, nextPort++, resp, List.of(fuid, "FexampleCa"), null, subject, ISSUER));
  }

  private Ssl sslByFileId(String uid, double at, String fuid, String subject) {
    return sslByFileId(uid, at, fuid, subject, UNKNOWN_SERVER);
  }

  /** A handshake as Zeek 4.1 and later logs it: chain by fingerprints, no subject or issuer. */
  private Ssl sslByFingerprint(String uid, double at, String fingerprint, String resp) {
    return add(
        new Ssl(uid, at, nextPort++, resp, null, List.of(fingerprint, "fpExampleCa"), null, null));
  }

  private Ssl add(Ssl s) {
    lines.add(line(s));
    return s;
  }

  private X509 x509ByFileId(String id, double at, String subject, Double notBefore) {
    return add(new X509(id, null, at, subject, notBefore));
  }

  private X509 x509ByFingerprint(String fingerprint, double at, String subject, Double notBefore) {
    return add(new X509(null, fingerprint, at, subject, notBefore));
  }

  private X509 add(X509 x) {
    lines.add(line(x));
    return x;
  }

  private void expect(Ssl s, X509 x, String joinedOn, String registered) {
    expected.add(row(s, x, joinedOn, registered));
  }

  /** The handshakes whose certificate is less than 30 days old at the handshake. */
  private static final Set<String> NEW = Set.of("CA1", "CL1", "CL2", "CL3", "CF1", "CF2");

  /** The planted cases, in seconds after T0, and the rows they must give. */
  private void addCases() {
    String byFuid = SslCertificates.BY_FILE_ID;
    String byFp = SslCertificates.BY_FINGERPRINT;

    // Zeek before 4.1: the file id, within 1 s either way. The chain's CA certificate is logged
    // too, and must not join: only the server's (the chain's first) does. CA1's certificate turns
    // 30 days old half a second after the handshake (new), CA2's exactly at it (not new).
    Ssl a1 = sslByFileId("CA1", 10, "FA1", "CN=a1.example", LONDON_SERVER);
    X509 a1Cert = x509ByFileId("FA1", 11, "CN=a1.example", T0 + 10.5 - 30 * DAY);
    x509ByFileId("FexampleCa", 11, ISSUER, T0 - 3650.0 * DAY);
    expect(a1, a1Cert, byFuid, "2015-05-02 00:00:10");
    X509 a2Cert = x509ByFileId("FA2", 20, "CN=a2.example", T0 + 21.0 - 30 * DAY);
    Ssl a2 = sslByFileId("CA2", 21, "FA2", "CN=a2.example");
    expect(a2, a2Cert, byFuid, "2015-05-02 00:00:21");
    // 1.001 s apart, either way: no row.
    sslByFileId("CA3", 30, "FA3", "CN=a3.example");
    x509ByFileId("FA3", 31.001, "CN=a3.example", T0 - DAY * 1.0);
    x509ByFileId("FA4", 38.999, "CN=a4.example", T0 - DAY * 1.0);
    sslByFileId("CA4", 40, "FA4", "CN=a4.example");

    // Three unrelated self-signed certificates, all CN=localhost and all within 1 s of each
    // handshake: each handshake gets its own certificate only (the walkthrough's subject join would
    // give 9 rows). Valid from a date 10 days after the handshakes: new.
    String localhost = "CN=localhost";
    Double future = T0 + 10.0 * DAY;
    for (int i = 1; i <= 3; i++) {
      Ssl s = sslByFileId("CL" + i, 50 + (i - 1) * 0.2, "FL" + i, localhost);
      X509 x = x509ByFileId("FL" + i, 50.1 + (i - 1) * 0.2, localhost, future);
      expect(s, x, byFuid, "2015-06-11 00:00:00");
    }
    // An identity whose certificate never comes: no fallback to the (matching) subject.
    sslByFileId("CN1", 50.6, "Fmissing", localhost);
    // The same with fingerprints (Zeek 4.1+): the subject comes from the certificate.
    X509 p1Cert = x509ByFingerprint("fpLocal1", 60.1, localhost, null);
    X509 p2Cert = x509ByFingerprint("fpLocal2", 60.2, localhost, null);
    expect(sslByFingerprint("CP1", 60, "fpLocal1", UNKNOWN_SERVER), p1Cert, byFp, null);
    expect(sslByFingerprint("CP2", 60.05, "fpLocal2", UNKNOWN_SERVER), p2Cert, byFp, null);

    // Neither identity logged: the subject, within 1 s.
    Ssl legacy =
        add(
            new Ssl(
                "CS1",
                70,
                nextPort++,
                UNKNOWN_SERVER,
                null,
                null,
                "CN=legacy.example",
                "CN=Legacy CA"));
    X509 legacyCert = x509ByFileId("FS1", 70.4, "CN=legacy.example", T0 - 365.0 * DAY);
    x509ByFileId("FS2", 71.5, "CN=legacy.example", T0 - 365.0 * DAY);
    expect(legacy, legacyCert, SslCertificates.BY_SUBJECT, "2014-06-01 00:00:00");

    // Zeek 4.1+: a certificate logged once joins the handshakes of the following hours. Valid
    // from 29 days before T0: new at both.
    X509 b1Cert = x509ByFingerprint("fpB1", 100, "CN=b1.example", T0 - 29.0 * DAY);
    Ssl b1 = sslByFingerprint("CF1", 100.3, "fpB1", LINKOPING_SERVER);
    Ssl b1Later = sslByFingerprint("CF2", 3 * 3600 + 100, "fpB1", LINKOPING_SERVER);
    expect(b1, b1Cert, byFp, "2015-05-03 00:00:00");
    expect(b1Later, b1Cert, byFp, "2015-05-03 00:00:00");

    // Logged again every two hours: each handshake gets the latest record at or before its ts +
    // 1 s. Valid from 31 days before T0: never new.
    Double thirtyOneDays = T0 - 31.0 * DAY;
    X509 v1 = x509ByFingerprint("fpB2", 200, "CN=b2.example", thirtyOneDays);
    X509 v2 = x509ByFingerprint("fpB2", 7400, "CN=b2.example", thirtyOneDays);
    X509 v3 = x509ByFingerprint("fpB2", 14600, "CN=b2.example", thirtyOneDays);
    String thirtyOneDaysBefore = "2015-05-01 00:00:00";
    expect(sslByFingerprint("CF3", 7000, "fpB2", LONDON_SERVER), v1, byFp, thirtyOneDaysBefore);
    expect(sslByFingerprint("CF4", 7399, "fpB2", LONDON_SERVER), v2, byFp, thirtyOneDaysBefore);
    expect(sslByFingerprint("CF5", 7398.999, "fpB2", LONDON_SERVER), v1, byFp, thirtyOneDaysBefore);
    expect(sslByFingerprint("CF6", 20000, "fpB2", LONDON_SERVER), v3, byFp, thirtyOneDaysBefore);

    // A fingerprint never logged: no row. One first logged 1.5 s after a handshake: not for that
    // handshake, but for a later one.
    sslByFingerprint("CF7", 300, "fpNever", UNKNOWN_SERVER);
    sslByFingerprint("CF8", 400, "fpB3", UNKNOWN_SERVER);
    X509 b3Cert = x509ByFingerprint("fpB3", 401.5, "CN=b3.example", 1_400_000_000.0);
    expect(
        sslByFingerprint("CF9", 500, "fpB3", UNKNOWN_SERVER), b3Cert, byFp, "2014-05-13 16:53:20");

    // The last pair; the stream's late x509 record is for this file id.
    X509 zCert = x509ByFileId("FZ", 30000, "CN=z.example", 1_400_000_000.0);
    expect(sslByFileId("CZ", 30000.2, "FZ", "CN=z.example"), zCert, byFuid, "2014-05-13 16:53:20");
  }

  private record Outputs(AnalyticOutput<SslCertificate> certs, PCollection<SslCertificate> young) {}

  private static Outputs analyse(PCollection<KV<String, String>> lines, NewCertificates newCerts) {
    PCollection<ZeekSsl> ssl = ZeekLines.parse(lines, LogType.SSL);
    PCollection<ZeekX509> x509 = ZeekLines.parse(lines, LogType.X509);
    AnalyticOutput<SslCertificate> certs = ssl.apply("SslCerts", SslCertificates.of(x509));
    return new Outputs(certs, certs.results().apply("NewCerts", newCerts));
  }

  private List<SslCertificate> expectedNew() {
    return expected.stream().filter(r -> NEW.contains(r.getUid())).toList();
  }

  @Test
  void boundedInputJoinsOnTheCertificatesIdentityAndFindsTheNewOnes() {
    addCases();
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    Outputs out =
        analyse(
            p.apply("Lines", Create.timestamped(lines).withCoder(ZeekLines.CODER)),
            NewCertificates.create());
    PAssert.that(out.certs().results()).containsInAnyOrder(expected);
    PAssert.that(out.certs().deadLetters()).empty();
    PAssert.that(out.young()).containsInAnyOrder(expectedNew());
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  /**
   * The same lines out of order, then the watermark at 30003.5 s, and two records beyond the
   * allowed lateness. A handshake with fingerprint fpB1 at 10000 s (it would join fpB1's
   * certificate in a batch run): the as-of join decided fpB1's handshake at 10900 s at 10901 s. An
   * x509 record of file id FZ at 30000.5 s: the interval join has released FZ's records at 30002 s
   * and 30003 s (the grid steps after each record + 2 s) and remembers that until 30004 s. (FZ's
   * subject key, CN=z.example, forgot its only record at 30003 s, so that join takes the record for
   * a first arrival rather than a late one.)
   */
  @Test
  void streamOutOfOrderGivesTheSameRowsAndDeadLettersTheLateRecords() {
    addCases();
    Ssl lateSsl =
        new Ssl("Clate", 10000, 40_000, LINKOPING_SERVER, null, List.of("fpB1"), null, null);
    X509 lateX509 = new X509("FZ", null, 30000.5, "CN=z.example", 1_400_000_000.0);
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    Outputs out =
        analyse(
            p.apply(
                "Lines",
                OutOfOrder.builder(ZeekLines.CODER, lines, 5)
                    .advanceWatermarkTo(new Instant(millis(30003.5)))
                    .addElements(line(lateSsl), line(lateX509))
                    .advanceWatermarkToInfinity()),
            NewCertificates.create());
    PAssert.that(out.certs().results()).containsInAnyOrder(expected);
    PAssert.that(out.young()).containsInAnyOrder(expectedNew());
    PAssert.that(out.certs().deadLetters())
        .satisfies(
            letters -> {
              List<DeadLetter> all = new ArrayList<>();
              letters.forEach(all::add);
              all.sort(Comparator.comparing(DeadLetter::getInput));
              assertEquals(2, all.size(), all.toString());
              for (DeadLetter d : all) {
                assertEquals("late-data", d.getStage());
              }
              DeadLetter ssl = all.get(0);
              assertEquals("ssl", ssl.getInput());
              assertEquals("join key fpB1", ssl.getSource());
              assertEquals(millis(10000), ssl.getEventTime());
              assertTrue(ssl.getRaw().contains("Clate"), ssl.getRaw());
              DeadLetter x509 = all.get(1);
              assertEquals("x509", x509.getInput());
              assertEquals("join key FZ", x509.getSource());
              assertEquals(millis(30000.5), x509.getEventTime());
              return null;
            });
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  /**
   * A certificate that has an identity is in its identity join and in the subject join; when it
   * comes late it is one dead letter, not one per join.
   */
  @Test
  void aLateCertificateIsOneDeadLetterNotOnePerJoin() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    String cert =
        "{\"ts\":100.0,\"id\":\"FZ\",\"certificate.subject\":\"CN=z.example\","
            + "\"certificate.not_valid_before\":1400000000.0}";
    TestStream<KV<String, String>> lines =
        TestStream.create(ZeekLines.CODER)
            .addElements(
                ZeekLines.line(LogType.X509, cert),
                ZeekLines.line(
                    LogType.SSL, "{\"ts\":100.0,\"uid\":\"Cfuid\",\"cert_chain_fuids\":[\"FZ\"]}"),
                ZeekLines.line(
                    LogType.SSL, "{\"ts\":100.0,\"uid\":\"Csubj\",\"subject\":\"CN=z.example\"}"))
            // Past both keys' release (ts + 2 s), before they are forgotten (+1 s more).
            .advanceWatermarkTo(new Instant(102_500))
            .addElements(ZeekLines.line(LogType.X509, cert))
            .advanceWatermarkToInfinity();
    PCollection<KV<String, String>> all = p.apply(lines);
    PCollection<ZeekSsl> ssl = ZeekLines.parse(all, LogType.SSL);
    PCollection<ZeekX509> x509 = ZeekLines.parse(all, LogType.X509);
    AnalyticOutput<SslCertificate> out = ssl.apply(SslCertificates.of(x509));
    PAssert.that(out.deadLetters())
        .satisfies(
            letters -> {
              List<DeadLetter> found = new ArrayList<>();
              letters.forEach(found::add);
              assertEquals(1, found.size(), found.toString());
              assertEquals("x509", found.get(0).getInput());
              assertTrue(found.get(0).getRaw().contains("\"id\":\"FZ\""), found.get(0).getRaw());
              return null;
            });
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  private static GeoInfo geo(
      String city, String country, String subdivision, double lon, double lat) {
    return GeoInfo.builder()
        .setCity(city)
        .setCountry(country)
        .setSubdivision(subdivision)
        .setLocation(GeoLocation.builder().setLon(lon).setLat(lat).build())
        .build();
  }

  /**
   * new-certs with GeoIP: the responder of each new certificate's handshake is enriched from the
   * {@link MmdbFixtures} databases (London has no ASN record there); responders they do not know
   * get null records.
   */
  @Test
  void newCertificatesCarryTheRespondersGeoAndAsn() {
    addCases();
    GeoInfo linkoping = geo("Linköping", "Sweden", "Östergötland County", 15.6167, 58.4167);
    AsnInfo bredband2 = AsnInfo.builder().setAsn(29518L).setOrg("Bredband2 AB").build();
    GeoInfo london = geo("London", "United Kingdom", "England", -0.0931, 51.5142);
    Map<String, GeoInfo> geos = Map.of(LINKOPING_SERVER, linkoping, LONDON_SERVER, london);
    Map<String, AsnInfo> asns = Map.of(LINKOPING_SERVER, bredband2);
    List<SslCertificate> enriched =
        expectedNew().stream()
            .map(
                r ->
                    r.toBuilder()
                        .setDestGeoip(geos.get(r.getDestIp()))
                        .setDestAsn(asns.get(r.getDestIp()))
                        .build())
            .toList();
    // The planted cases give two new certificates served from Linköping, one from London.
    assertEquals(3, enriched.stream().filter(r -> r.getDestGeoip() != null).count());
    assertEquals(2, enriched.stream().filter(r -> r.getDestAsn() != null).count());
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    Outputs out =
        analyse(
            p.apply("Lines", Create.timestamped(lines).withCoder(ZeekLines.CODER)),
            NewCertificates.create().withGeoIp(geoIp));
    PAssert.that(out.young()).containsInAnyOrder(enriched);
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }
}
