package io.zeekbeam.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.ZeekConn;
import io.zeekbeam.schemas.ZeekDns;
import io.zeekbeam.schemas.ZeekSsl;
import io.zeekbeam.schemas.ZeekX509;
import io.zeekbeam.transforms.errors.BadRecordException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZeekJsonTest {
  private static final ZeekRecordType<ZeekConn> CONN = ZeekRecordType.of(LogType.CONN);
  private static final ZeekRecordType<ZeekDns> DNS = ZeekRecordType.of(LogType.DNS);

  private static String reason(ZeekRecordType<?> type, String line) {
    return assertThrows(BadRecordException.class, () -> ZeekJson.parse(type, line)).getMessage();
  }

  @Test
  void parsesTheWalkthroughsConnRecord() throws Exception {
    ZeekConn c =
        ZeekJson.parse(
            CONN,
            "{\"ts\": 1589364400.639986, \"uid\": \"CiNixT1Cjx3iztNbE2\", \"id.orig_h\": \"192.168.1.9\","
                + " \"id.orig_p\": 53768, \"id.resp_h\": \"192.168.1.1\", \"id.resp_p\": 53,"
                + " \"proto\": \"tcp\", \"duration\": 0.0005700588226318359, \"orig_bytes\": 0,"
                + " \"resp_bytes\": 0, \"conn_state\": \"RSTO\", \"local_orig\": true,"
                + " \"local_resp\": true, \"missed_bytes\": 0, \"history\": \"ShR\", \"orig_pkts\": 2,"
                + " \"orig_ip_bytes\": 84, \"resp_pkts\": 1, \"resp_ip_bytes\": 44}");
    assertEquals(1589364400.639986, c.getTs());
    assertEquals(1589364400639L, c.getTsMillis());
    assertEquals("192.168.1.9", c.getOrigH());
    assertEquals(53768, c.getOrigP());
    assertEquals(53, c.getRespP());
    assertEquals(Boolean.TRUE, c.getLocalOrig());
    assertEquals(84L, c.getOrigIpBytes());
    assertEquals(44L, c.getRespIpBytes());
    assertNull(c.getService(), "an omitted field is unset");
  }

  /**
   * The parser remembers which name followed which on the last line: lines of other shapes
   * (fields left out, added, reordered, unknown) in turn, over and over, still give each value to
   * its own field.
   */
  @Test
  void linesOfChangingShapesGiveEachValueToItsField() throws Exception {
    String[] shapes = {
      "{\"ts\":1.5,\"uid\":\"C%d\",\"id.orig_h\":\"10.0.0.%d\",\"service\":\"dns\","
          + "\"orig_ip_bytes\":%d,\"resp_ip_bytes\":7}",
      "{\"ts\":1.5,\"uid\":\"C%d\",\"id.orig_h\":\"10.0.0.%d\","
          + "\"orig_ip_bytes\":%d,\"resp_ip_bytes\":7}",
      "{\"uid\":\"C%d\",\"ts\":1.5,\"x_unknown\":{\"a\":[1]},\"id.orig_h\":\"10.0.0.%d\","
          + "\"resp_ip_bytes\":7,\"orig_ip_bytes\":%d,\"service\":\"dns\"}",
      "{\"ts\":1.5,\"orig_ip_bytes\":%3$d,\"uid\":\"C%1$d\",\"id.orig_h\":\"10.0.0.%2$d\","
          + "\"resp_ip_bytes\":7}"
    };
    for (int n = 0; n < 200; n++) {
      int shape = (n * 7 + n / 3) % shapes.length;
      ZeekConn c = ZeekJson.parse(CONN, String.format(shapes[shape], n, n % 250, 1000 + n));
      assertEquals("C" + n, c.getUid());
      assertEquals("10.0.0." + (n % 250), c.getOrigH());
      assertEquals(1000L + n, c.getOrigIpBytes());
      assertEquals(7L, c.getRespIpBytes());
      assertEquals(shape == 0 || shape == 2 ? "dns" : null, c.getService(), "shape " + shape);
    }
  }

  /** A line of many unknown names leaves a bounded chain of remembered names behind. */
  @Test
  void aLineOfManyUnknownNamesIsNotRemembered() throws Exception {
    ZeekRecordType<ZeekDns> type = ZeekRecordType.of(LogType.DNS);
    StringBuilder line = new StringBuilder("{\"ts\":1.5,\"uid\":\"C1\"");
    for (int i = 0; i < 5_000; i++) {
      line.append(",\"unknown_").append(i).append("\":").append(i);
    }
    line.append(",\"query\":\"a.example\"}");
    for (int n = 0; n < 3; n++) {
      assertEquals("a.example", ZeekJson.parse(type, line.toString()).getQuery());
    }
    // Every slot reachable from the start of a line, by any link.
    java.util.Set<ZeekRecordType.NameSlot> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.ArrayDeque<ZeekRecordType.NameSlot> todo = new java.util.ArrayDeque<>();
    todo.add(type.lineStart());
    while (!todo.isEmpty()) {
      ZeekRecordType.NameSlot s = todo.poll();
      if (seen.add(s) && s.next != null) {
        todo.add(s.next);
      }
    }
    assertTrue(seen.size() <= 257, "slots reachable: " + seen.size());
  }

  @Test
  void acceptsIsoTimestampsUnknownFieldsAndNulls() throws Exception {
    ZeekDns d =
        ZeekJson.parse(
            DNS,
            "{\"_path\":\"dns\",\"_write_ts\":\"2018-03-24T17:15:20.629574Z\","
                + "\"ts\":\"2018-03-24T17:15:20.865716Z\",\"uid\":\"C1\",\"query\":\"ise.wrccdc.org\","
                + "\"answers\":[\"a.example\",\"134.71.3.16\"],\"TTLs\":[2230.0,41830],"
                + "\"qtype_name\":null,\"extra\":{\"nested\":[1,2,{\"x\":3}]}}");
    assertEquals(1521911720.865716, d.getTs(), 1e-6);
    assertEquals(List.of("a.example", "134.71.3.16"), d.getAnswers());
    assertEquals(List.of(2230.0, 41830.0), d.getTtls());
    assertNull(d.getQtypeName());
  }

  @Test
  void oldAndNewCertificateIdentities() throws Exception {
    ZeekSsl old =
        ZeekJson.parse(
            ZeekRecordType.of(LogType.SSL),
            "{\"ts\":1.5,\"cert_chain_fuids\":[\"FYNFkU3KccxXgIuUg5\"],\"subject\":\"CN=a\\\\, b\"}");
    assertEquals(List.of("FYNFkU3KccxXgIuUg5"), old.getCertChainFuids());
    assertEquals("CN=a\\, b", old.getSubject());
    ZeekX509 x =
        ZeekJson.parse(
            ZeekRecordType.of(LogType.X509),
            "{\"ts\":2,\"fingerprint\":\"ab\",\"certificate.not_valid_before\":\"2011-09-10T19:15:02.000000Z\","
                + "\"san.dns\":[\"localhost\"],\"basic_constraints.ca\":false,\"certificate.key_length\":2048}");
    assertEquals("ab", x.getFingerprint());
    assertEquals(1315682102.0, x.getCertNotValidBefore());
    assertEquals(2048L, x.getCertKeyLength());
    assertEquals(Boolean.FALSE, x.getBcCa());
  }

  @Test
  void hostileLinesAreRejectedWithAReason() {
    assertTrue(reason(CONN, "{\"ts\": 1.0, \"uid\": \"C").startsWith("malformed JSON"));
    assertEquals("not a JSON object", reason(CONN, "[1,2,3]"));
    assertEquals("not a JSON object", reason(CONN, "\"just a string\""));
    assertEquals("the record has no ts (event time)", reason(CONN, "{\"uid\":\"C1\"}"));
    assertEquals("the record has no ts (event time)", reason(CONN, "{\"ts\":null}"));
    assertTrue(reason(CONN, "{\"ts\":\"yesterday\"}").contains("not a number or ISO-8601 time"));
    assertTrue(reason(CONN, "{\"ts\":1,\"id.orig_p\":\"http\"}").contains("id.orig_p"));
    assertTrue(reason(CONN, "{\"ts\":1,\"id.orig_p\":70000}").contains("not a port"));
    assertTrue(reason(CONN, "{\"ts\":1,\"orig_bytes\":1.5}").contains("orig_bytes"));
    assertTrue(reason(CONN, "{\"ts\":1,\"local_orig\":\"maybe\"}").contains("not a boolean"));
    assertTrue(reason(CONN, "{\"ts\":1,\"uid\":{\"a\":1}}").contains("got an object"));
    assertTrue(reason(CONN, "{\"ts\":1} {\"ts\":2}").contains("after the JSON object"));
    assertTrue(reason(DNS, "{\"ts\":1,\"answers\":\"a\"}").contains("answers"));
    assertTrue(reason(DNS, "{\"ts\":1,\"answers\":[\"a\",null]}").contains("null element"));
  }

  @Test
  void countsAboveSignedLongAreDeadLetteredNotWrapped() throws Exception {
    ZeekConn max = ZeekJson.parse(CONN, "{\"ts\":1,\"orig_bytes\":9223372036854775807}");
    assertEquals(Long.MAX_VALUE, max.getOrigBytes());
    String why = reason(CONN, "{\"ts\":1,\"orig_bytes\":18446744073709551615}");
    assertTrue(why.contains("orig_bytes") && why.contains("above 9223372036854775807"), why);
  }

  @Test
  void ipv6AndZoneScopedAddressesAreKeptAsWritten() throws Exception {
    ZeekConn c =
        ZeekJson.parse(
            CONN, "{\"ts\":1,\"id.orig_h\":\"fe80::1cf4:44d2:904a:14f7%eth0\",\"id.resp_h\":\"ff02::1:3\"}");
    assertEquals("fe80::1cf4:44d2:904a:14f7%eth0", c.getOrigH());
  }

  @Test
  void anotherPathIsReportedForRouting() {
    ZeekJson.OtherPathException e =
        assertThrows(
            ZeekJson.OtherPathException.class,
            () -> ZeekJson.parse(CONN, "{\"_path\":\"dns\",\"ts\":1}"));
    assertEquals("dns", e.path());
  }

  @Test
  void multiMegabyteLineParses() throws Exception {
    StringBuilder answers = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      answers.append(i == 0 ? "" : ",").append("\"host").append(i).append(".example.com\"");
    }
    String line = "{\"ts\":1,\"query\":\"big\",\"answers\":[" + answers + "]}";
    assertTrue(line.length() > 3_000_000);
    assertEquals(200_000, ZeekJson.parse(DNS, line).getAnswers().size());
  }
}
