package io.zeekbeam.pipelines.generate;

import io.zeekbeam.schemas.LogType;
import java.util.List;

/**
 * One record of a Zeek log, held just long enough to be written in the order Zeek writes it and to
 * be counted into the expected answers. Times are epoch microseconds.
 *
 * <p>The ssl and x509 schemas are the union of what Zeek before 4.1 wrote (file ids, subject and
 * issuer) and what 4.1 and later write (fingerprints): the generated archive is a merge of two
 * sensors of different Zeek versions, so that one data set exercises both certificate joins.
 */
abstract class ZeekEvent {
  final long ts;

  ZeekEvent(long ts) {
    this.ts = ts;
  }

  abstract ZeekSchema schema();

  /** The values in {@link #schema()} order; null is unset. */
  abstract Object[] row();

  /** When Zeek writes the record: by default at its {@code ts}. */
  long writeTime() {
    return ts;
  }

  final LogType type() {
    return schema().type();
  }

  /** A {@code conn.log} record; Zeek writes it when the connection ends. */
  static final class Conn extends ZeekEvent {
    static final ZeekSchema SCHEMA =
        ZeekSchema.of(
            LogType.CONN,
            "ts time",
            "uid string",
            "id.orig_h addr",
            "id.orig_p port",
            "id.resp_h addr",
            "id.resp_p port",
            "proto enum",
            "service string",
            "duration interval",
            "orig_bytes count",
            "resp_bytes count",
            "conn_state string",
            "local_orig bool",
            "local_resp bool",
            "missed_bytes count",
            "history string",
            "orig_pkts count",
            "orig_ip_bytes count",
            "resp_pkts count",
            "resp_ip_bytes count",
            "tunnel_parents set[string]");

    final String uid;
    final String origH;
    final int origP;
    final String respH;
    final int respP;
    final String proto;
    String service;
    Long duration;
    Long origBytes;
    Long respBytes;
    String connState;
    Boolean localOrig;
    Boolean localResp;
    Long missedBytes = 0L;
    String history;
    Long origPkts;
    Long origIpBytes;
    Long respPkts;
    Long respIpBytes;

    Conn(long ts, String uid, String origH, int origP, String respH, int respP, String proto) {
      super(ts);
      this.uid = uid;
      this.origH = origH;
      this.origP = origP;
      this.respH = respH;
      this.respP = respP;
      this.proto = proto;
    }

    @Override
    ZeekSchema schema() {
      return SCHEMA;
    }

    @Override
    long writeTime() {
      return ts + (duration == null ? 0 : duration);
    }

    @Override
    Object[] row() {
      return new Object[] {
        ts,
        uid,
        origH,
        (long) origP,
        respH,
        (long) respP,
        proto,
        service,
        duration,
        origBytes,
        respBytes,
        connState,
        localOrig,
        localResp,
        missedBytes,
        history,
        origPkts,
        origIpBytes,
        respPkts,
        respIpBytes,
        null
      };
    }
  }

  /** A {@code dns.log} record: one query and its reply. */
  static final class Dns extends ZeekEvent {
    static final ZeekSchema SCHEMA =
        ZeekSchema.of(
            LogType.DNS,
            "ts time",
            "uid string",
            "id.orig_h addr",
            "id.orig_p port",
            "id.resp_h addr",
            "id.resp_p port",
            "proto enum",
            "trans_id count",
            "rtt interval",
            "query string",
            "qclass count",
            "qclass_name string",
            "qtype count",
            "qtype_name string",
            "rcode count",
            "rcode_name string",
            "AA bool",
            "TC bool",
            "RD bool",
            "RA bool",
            "Z count",
            "answers vector[string]",
            "TTLs vector[interval]",
            "rejected bool");

    final String uid;
    final String origH;
    final int origP;
    final String respH;
    final int respP;
    final String proto;
    final long transId;
    Long rtt;
    final String query;
    final int qtype;
    final String qtypeName;
    Integer rcode;
    String rcodeName;
    boolean aa;
    boolean ra = true;
    List<String> answers;
    List<Long> ttls;

    Dns(
        long ts,
        String uid,
        String origH,
        int origP,
        String respH,
        int respP,
        String proto,
        long transId,
        String query,
        int qtype,
        String qtypeName) {
      super(ts);
      this.uid = uid;
      this.origH = origH;
      this.origP = origP;
      this.respH = respH;
      this.respP = respP;
      this.proto = proto;
      this.transId = transId;
      this.query = query;
      this.qtype = qtype;
      this.qtypeName = qtypeName;
    }

    @Override
    ZeekSchema schema() {
      return SCHEMA;
    }

    @Override
    Object[] row() {
      boolean replied = rcode != null;
      return new Object[] {
        ts,
        uid,
        origH,
        (long) origP,
        respH,
        (long) respP,
        proto,
        transId,
        rtt,
        query,
        1L,
        "C_INTERNET",
        (long) qtype,
        qtypeName,
        replied ? (long) rcode : null,
        rcodeName,
        aa,
        false,
        true,
        replied && ra,
        0L,
        answers,
        ttls,
        false
      };
    }
  }

  /** An {@code http.log} record: one request and its response. */
  static final class Http extends ZeekEvent {
    static final ZeekSchema SCHEMA =
        ZeekSchema.of(
            LogType.HTTP,
            "ts time",
            "uid string",
            "id.orig_h addr",
            "id.orig_p port",
            "id.resp_h addr",
            "id.resp_p port",
            "trans_depth count",
            "method string",
            "host string",
            "uri string",
            "referrer string",
            "version string",
            "user_agent string",
            "origin string",
            "request_body_len count",
            "response_body_len count",
            "status_code count",
            "status_msg string",
            "info_code count",
            "info_msg string",
            "tags set[enum]",
            "username string",
            "password string",
            "proxied set[string]",
            "orig_fuids vector[string]",
            "orig_filenames vector[string]",
            "orig_mime_types vector[string]",
            "resp_fuids vector[string]",
            "resp_filenames vector[string]",
            "resp_mime_types vector[string]");

    final String uid;
    final String origH;
    final int origP;
    final String respH;
    final int respP;
    long transDepth = 1;
    String method;
    String host;
    String uri;
    String referrer;
    String version = "1.1";
    String userAgent;
    long requestBodyLen;
    long responseBodyLen;
    Long statusCode;
    String statusMsg;
    List<String> origFuids;
    List<String> origMimeTypes;
    List<String> respFuids;
    List<String> respMimeTypes;

    Http(long ts, String uid, String origH, int origP, String respH, int respP) {
      super(ts);
      this.uid = uid;
      this.origH = origH;
      this.origP = origP;
      this.respH = respH;
      this.respP = respP;
    }

    @Override
    ZeekSchema schema() {
      return SCHEMA;
    }

    @Override
    Object[] row() {
      return new Object[] {
        ts,
        uid,
        origH,
        (long) origP,
        respH,
        (long) respP,
        transDepth,
        method,
        host,
        uri,
        referrer,
        version,
        userAgent,
        null,
        requestBodyLen,
        responseBodyLen,
        statusCode,
        statusMsg,
        null,
        null,
        List.of(),
        null,
        null,
        null,
        origFuids,
        null,
        origMimeTypes,
        respFuids,
        null,
        respMimeTypes
      };
    }
  }

  /** An {@code ssl.log} record: one TLS handshake. */
  static final class Ssl extends ZeekEvent {
    static final ZeekSchema SCHEMA =
        ZeekSchema.of(
            LogType.SSL,
            "ts time",
            "uid string",
            "id.orig_h addr",
            "id.orig_p port",
            "id.resp_h addr",
            "id.resp_p port",
            "version string",
            "cipher string",
            "curve string",
            "server_name string",
            "resumed bool",
            "last_alert string",
            "next_protocol string",
            "established bool",
            "ssl_history string",
            "cert_chain_fps vector[string]",
            "client_cert_chain_fps vector[string]",
            "cert_chain_fuids vector[string]",
            "client_cert_chain_fuids vector[string]",
            "subject string",
            "issuer string",
            "client_subject string",
            "client_issuer string",
            "sni_matches_cert bool",
            "validation_status string");

    final String uid;
    final String origH;
    final int origP;
    final String respH;
    final int respP;
    String version;
    String cipher;
    String curve;
    String serverName;
    boolean resumed;
    String nextProtocol;
    boolean established = true;
    String sslHistory;

    /** Zeek 4.1 and later: the chain by fingerprint. */
    List<String> certChainFps;

    /** Zeek before 4.1: the chain by file id, with the leaf's subject and issuer. */
    List<String> certChainFuids;

    String subject;
    String issuer;
    Boolean sniMatchesCert;
    String validationStatus;

    Ssl(long ts, String uid, String origH, int origP, String respH, int respP) {
      super(ts);
      this.uid = uid;
      this.origH = origH;
      this.origP = origP;
      this.respH = respH;
      this.respP = respP;
    }

    @Override
    ZeekSchema schema() {
      return SCHEMA;
    }

    @Override
    Object[] row() {
      boolean modern = certChainFps != null;
      boolean legacy = certChainFuids != null;
      return new Object[] {
        ts,
        uid,
        origH,
        (long) origP,
        respH,
        (long) respP,
        version,
        cipher,
        curve,
        serverName,
        resumed,
        null,
        nextProtocol,
        established,
        sslHistory,
        certChainFps,
        modern ? List.of() : null,
        certChainFuids,
        legacy ? List.of() : null,
        subject,
        issuer,
        null,
        null,
        sniMatchesCert,
        validationStatus
      };
    }
  }

  /** An {@code x509.log} record: one certificate as seen at {@code ts}. */
  static final class X509 extends ZeekEvent {
    static final ZeekSchema SCHEMA =
        ZeekSchema.of(
            LogType.X509,
            "ts time",
            "id string",
            "fingerprint string",
            "certificate.version count",
            "certificate.serial string",
            "certificate.subject string",
            "certificate.issuer string",
            "certificate.not_valid_before time",
            "certificate.not_valid_after time",
            "certificate.key_alg string",
            "certificate.sig_alg string",
            "certificate.key_type string",
            "certificate.key_length count",
            "certificate.exponent string",
            "certificate.curve string",
            "san.dns vector[string]",
            "san.uri vector[string]",
            "san.email vector[string]",
            "san.ip vector[addr]",
            "basic_constraints.ca bool",
            "basic_constraints.path_len count",
            "host_cert bool",
            "client_cert bool");

    /** Zeek before 4.1 identifies the certificate by this file id. */
    final String id;

    /** Zeek 4.1 and later identify it by this fingerprint. */
    final String fingerprint;

    final Certificate cert;

    X509(long ts, String id, String fingerprint, Certificate cert) {
      super(ts);
      this.id = id;
      this.fingerprint = fingerprint;
      this.cert = cert;
    }

    @Override
    ZeekSchema schema() {
      return SCHEMA;
    }

    @Override
    Object[] row() {
      Certificate c = cert;
      boolean rsa = "rsa".equals(c.keyType());
      boolean modern = fingerprint != null;
      return new Object[] {
        ts,
        id,
        fingerprint,
        3L,
        c.serial(),
        c.subject(),
        c.issuer(),
        c.notValidBefore(),
        c.notValidAfter(),
        rsa ? "rsaEncryption" : "id-ecPublicKey",
        c.sigAlg(),
        c.keyType(),
        (long) c.keyLength(),
        rsa ? "65537" : null,
        rsa ? null : (c.keyLength() == 384 ? "secp384r1" : "prime256v1"),
        c.sanDns().isEmpty() ? null : c.sanDns(),
        null,
        null,
        null,
        c.ca(),
        c.ca() ? 0L : null,
        modern ? !c.ca() : null,
        modern ? false : null
      };
    }
  }
}
