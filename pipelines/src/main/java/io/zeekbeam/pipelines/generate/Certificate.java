package io.zeekbeam.pipelines.generate;

import java.util.List;

/**
 * A server or CA certificate that the generated TLS handshakes present. Times are epoch
 * microseconds (whole seconds, as in real certificates).
 *
 * @param fingerprint its SHA-256, the identity Zeek 4.1 and later log
 * @param subject and {@code issuer}: RFC 2253 strings as Zeek prints them, commas inside a value
 *     escaped ({@code O=VMware\, Inc})
 */
record Certificate(
    String fingerprint,
    String subject,
    String issuer,
    String serial,
    long notValidBefore,
    long notValidAfter,
    String keyType,
    int keyLength,
    String sigAlg,
    List<String> sanDns,
    boolean ca) {

  static Certificate rsa(
      String fingerprint,
      String subject,
      String issuer,
      String serial,
      long notValidBefore,
      long notValidAfter,
      List<String> sanDns) {
    return new Certificate(
        fingerprint,
        subject,
        issuer,
        serial,
        notValidBefore,
        notValidAfter,
        "rsa",
        2048,
        "sha256WithRSAEncryption",
        sanDns,
        false);
  }

  static Certificate ecdsa(
      String fingerprint,
      String subject,
      String issuer,
      String serial,
      long notValidBefore,
      long notValidAfter,
      List<String> sanDns) {
    return new Certificate(
        fingerprint,
        subject,
        issuer,
        serial,
        notValidBefore,
        notValidAfter,
        "ecdsa",
        256,
        "ecdsa-with-SHA256",
        sanDns,
        false);
  }

  Certificate asCa() {
    return new Certificate(
        fingerprint,
        subject,
        issuer,
        serial,
        notValidBefore,
        notValidAfter,
        keyType,
        keyType.equals("rsa") ? 4096 : 384,
        keyType.equals("rsa") ? "sha384WithRSAEncryption" : "ecdsa-with-SHA384",
        List.of(),
        true);
  }
}
