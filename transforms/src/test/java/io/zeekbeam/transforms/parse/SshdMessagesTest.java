package io.zeekbeam.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zeekbeam.transforms.parse.SshdFailure.Kind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SshdMessagesTest {
  private static SshdFailure failure(String message) {
    Optional<SshdFailure> f = SshdMessages.parse(message);
    assertTrue(f.isPresent(), "not recognised: " + message);
    return f.get();
  }

  private static void assertFailure(
      String message, Kind kind, String user, String ip, Integer port, int count) {
    assertEquals(SshdFailure.create(kind, user, ip, port, count), failure(message), message);
  }

  private static void assertNotAFailure(String message) {
    assertEquals(Optional.empty(), SshdMessages.parse(message), message);
  }

  @Test
  void invalidUser() {
    assertFailure(
        "Invalid user ralphie from 192.168.1.100 port 41726",
        Kind.INVALID_USER,
        "ralphie",
        "192.168.1.100",
        41726,
        1);
    assertFailure(
        "Invalid user webmaster from 173.234.31.186",
        Kind.INVALID_USER,
        "webmaster",
        "173.234.31.186",
        null,
        1);
    assertFailure(
        "Illegal user test from 10.0.0.1", Kind.INVALID_USER, "test", "10.0.0.1", null, 1);
  }

  @Test
  void failedPassword() {
    assertFailure(
        "Failed password for root from 5.36.59.76 port 42393 ssh2",
        Kind.FAILED_PASSWORD,
        "root",
        "5.36.59.76",
        42393,
        1);
    assertFailure(
        "Failed password for invalid user ROOT from 194.117.26.69 port 50273 ssh2",
        Kind.FAILED_PASSWORD,
        "ROOT",
        "194.117.26.69",
        50273,
        1);
    assertFailure(
        "Failed password for invalid user ROOT from 194.117.26.70 port 12345",
        Kind.FAILED_PASSWORD,
        "ROOT",
        "194.117.26.70",
        12345,
        1);
    assertFailure(
        "Failed password for invalid user ROOT from aaaa:bbbb:cccc:1234::1:1",
        Kind.FAILED_PASSWORD,
        "ROOT",
        "aaaa:bbbb:cccc:1234::1:1",
        null,
        1);
    assertFailure(
        "Failed password for dan from 127.0.0.1 port 45416 ssh1",
        Kind.FAILED_PASSWORD,
        "dan",
        "127.0.0.1",
        45416,
        1);
  }

  @Test
  void failedOtherMethods() {
    assertFailure(
        "Failed keyboard-interactive for james from 205.186.180.42 port 54520 ssh2",
        Kind.FAILED_OTHER,
        "james",
        "205.186.180.42",
        54520,
        1);
    assertFailure(
        "Failed keyboard-interactive/pam for invalid user jamedds from 205.186.180.77 port 33723"
            + " ssh2",
        Kind.FAILED_OTHER,
        "jamedds",
        "205.186.180.77",
        33723,
        1);
    assertFailure(
        "Failed hostbased for dan from 127.0.0.1 port 45785 ssh2: RSA 8c:e3:aa:0f, client user"
            + " \"dan\", client host \"localhost.localdomain\"",
        Kind.FAILED_OTHER,
        "dan",
        "127.0.0.1",
        45785,
        1);
    assertFailure(
        "Failed unknown for invalid user redmond from 192.0.2.1 port 59197 ssh2",
        Kind.FAILED_OTHER,
        "redmond",
        "192.0.2.1",
        59197,
        1);
    assertFailure(
        "Failed keyboard-interactive for <invalid username> from 205.186.180.55 port 42742 ssh2",
        Kind.FAILED_OTHER,
        "<invalid username>",
        "205.186.180.55",
        42742,
        1);
  }

  @Test
  void publickeyAndNoneAreNotFailures() {
    assertNotAFailure(
        "Failed publickey for git from 192.0.2.1 port 57904 ssh2: ECDSA 0e:ff:xx:xx:xx:xx:xx");
    assertNotAFailure(
        "Failed publickey for invalid user graysky from 127.0.0.1 port 37954 ssh2: RSA SHA256:v3");
    assertNotAFailure("Failed none for invalid user 0 from 5.188.10.180 port 49811 ssh2");
  }

  @Test
  void closedPreauth() {
    assertFailure(
        "Connection closed by invalid user ralphie 192.168.1.100 port 41726 [preauth]",
        Kind.CLOSED_PREAUTH,
        "ralphie",
        "192.168.1.100",
        41726,
        1);
    assertFailure(
        "Connection closed by authenticating user bert 192.168.1.9 port 41458 [preauth]",
        Kind.CLOSED_PREAUTH,
        "bert",
        "192.168.1.9",
        41458,
        1);
    assertFailure(
        "Disconnected from invalid user admin 192.0.2.6 port 33553 [preauth]",
        Kind.CLOSED_PREAUTH,
        "admin",
        "192.0.2.6",
        33553,
        1);
    assertFailure(
        "Disconnected from authenticating user root 192.0.2.6 port 33553 [preauth]",
        Kind.CLOSED_PREAUTH,
        "root",
        "192.0.2.6",
        33553,
        1);
    assertFailure(
        "Connection reset by authenticating user root 192.0.2.20 port 1558 [preauth]",
        Kind.CLOSED_PREAUTH,
        "root",
        "192.0.2.20",
        1558,
        1);
    assertFailure(
        "Connection closed by invalid user admin 2001:db8::1 port 22",
        Kind.CLOSED_PREAUTH,
        "admin",
        "2001:db8::1",
        22,
        1);
  }

  @Test
  void closedWithoutAUserIsNotALoginFailure() {
    assertNotAFailure("Connection closed by 192.0.2.212 [preauth]");
    assertNotAFailure("Connection closed by 192.0.2.15 port 35352");
    assertNotAFailure("Disconnected from 192.0.2.4 port 36985 [preauth]");
    assertNotAFailure("Connection reset by 192.0.2.39 port 14282 [preauth]");
  }

  @Test
  void userNotAllowedIsAnInvalidUser() {
    assertFailure(
        "User root from 46.45.128.3 not allowed because listed in DenyUsers",
        Kind.INVALID_USER,
        "root",
        "46.45.128.3",
        null,
        1);
    assertFailure(
        "User allena from example.com not allowed because not in any group",
        Kind.INVALID_USER,
        "allena",
        "example.com",
        null,
        1);
    assertNotAFailure("User root not allowed because account is locked");
    assertNotAFailure("User child is on pid 1234");
  }

  @Test
  void otherSshdMessagesAreNotFailures() {
    for (String m :
        List.of(
            "Accepted password for known from 192.0.2.114 port 52100 ssh2",
            "input_userauth_request: invalid user root [preauth]",
            "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser="
                + " rhost=173.234.31.186  user=root",
            "Received disconnect from 198.51.100.76 port 58846:11: Bye Bye [preauth]",
            "error: maximum authentication attempts exceeded for root from 61.0.0.1 port 49940"
                + " ssh2 [preauth]",
            "Disconnecting invalid user xxx 192.0.2.7 port 49941: Too many authentication"
                + " failures [preauth]",
            "Failed to release session",
            "Failed password",
            "Failedpassword for root from 1.2.3.4",
            "reverse mapping checking getaddrinfo for ns.example.com [173.234.31.186] failed -"
                + " POSSIBLE BREAK-IN ATTEMPT!",
            "")) {
      assertNotAFailure(m);
    }
    assertNotAFailure(null);
  }

  @Test
  void ipv6AndZoneScopedAndMappedAddresses() {
    assertFailure(
        "Failed password for root from 2606:2800:220:1:248:1893:25c8:1946 port 22 ssh2",
        Kind.FAILED_PASSWORD,
        "root",
        "2606:2800:220:1:248:1893:25c8:1946",
        22,
        1);
    assertFailure(
        "Invalid user bob from fe80::1%eth0 port 50000",
        Kind.INVALID_USER, "bob", "fe80::1%eth0", 50000, 1);
    assertFailure(
        "Invalid user bob from ::ffff:1.2.3.4 port 50000",
        Kind.INVALID_USER,
        "bob",
        "::ffff:1.2.3.4",
        50000,
        1);
    assertFailure("Invalid user bob from ::1", Kind.INVALID_USER, "bob", "::1", null, 1);
  }

  @Test
  void hostNameWrittenInsteadOfAnAddressIsKept() {
    assertFailure(
        "Failed password for root from host-1.example.com port 22 ssh2",
        Kind.FAILED_PASSWORD,
        "root",
        "host-1.example.com",
        22,
        1);
  }

  @Test
  void sourceIsTheLastFromThatSshdWroteNeverTheInjectedOne() {
    String[] users = {
      "a from 1.2.3.4 port 5 ",
      "x from 1.2.3.4 port 5",
      "x from 1.2.3.4 port 5 ssh2",
      "x from 1.2.3.4 port 5 ssh2: y",
      "from 10.10.1.1",
      " from 1.2.3.4 ",
      "x from 2001:db8::1 port 5 ssh2:",
    };
    String realIp = "203.0.113.9";
    int realPort = 2222;
    for (String user : users) {
      String tail = " from " + realIp + " port " + realPort;
      assertFailure("Invalid user " + user + tail, Kind.INVALID_USER, user, realIp, realPort, 1);
      assertFailure(
          "Failed password for invalid user " + user + tail + " ssh2",
          Kind.FAILED_PASSWORD,
          user,
          realIp,
          realPort,
          1);
      assertFailure(
          "Failed password for " + user + tail + " ssh2",
          Kind.FAILED_PASSWORD,
          user,
          realIp,
          realPort,
          1);
      assertFailure(
          "Failed keyboard-interactive/pam for " + user + tail + " ssh2",
          Kind.FAILED_OTHER,
          user,
          realIp,
          realPort,
          1);
      assertFailure(
          "Connection closed by invalid user "
              + user
              + " "
              + realIp
              + " port "
              + realPort
              + " [preauth]",
          Kind.CLOSED_PREAUTH,
          user,
          realIp,
          realPort,
          1);
      assertFailure(
          "Connection closed by authenticating user "
              + user
              + " "
              + realIp
              + " port "
              + realPort
              + " [preauth]",
          Kind.CLOSED_PREAUTH,
          user,
          realIp,
          realPort,
          1);
    }
  }

  @Test
  void emptyUserNameIsTheEmptyString() {
    assertFailure(
        "Invalid user  from 192.0.2.68 port 34916", Kind.INVALID_USER, "", "192.0.2.68", 34916, 1);
    assertFailure(
        "Connection closed by invalid user  192.0.2.68 port 34916 [preauth]",
        Kind.CLOSED_PREAUTH,
        "",
        "192.0.2.68",
        34916,
        1);
    assertFailure(
        "Failed password for invalid user  from 192.0.2.68 port 34916 ssh2",
        Kind.FAILED_PASSWORD,
        "",
        "192.0.2.68",
        34916,
        1);
  }

  @Test
  void messageRepeatedCountsTheInnerFailure() {
    assertFailure(
        "message repeated 5 times: [ Failed password for root from 5.36.59.76 port 42393 ssh2]",
        Kind.FAILED_PASSWORD,
        "root",
        "5.36.59.76",
        42393,
        5);
    assertFailure(
        "message repeated 2 times: [ Connection closed by invalid user x 192.0.2.1 port 22"
            + " [preauth]]",
        Kind.CLOSED_PREAUTH,
        "x",
        "192.0.2.1",
        22,
        2);
    assertNotAFailure(
        "message repeated 3 times: [ Failed publickey for git from 192.0.2.1 port 1 ssh2]");
    assertNotAFailure("message repeated 3 times: [ Failed password for root from 1.2.3.4");
    assertNotAFailure("message repeated 0 times: [ Failed password for root from 1.2.3.4]");
    assertNotAFailure(
        "message repeated 99999999999 times: [ Failed password for root from 1.2.3.4]");
    assertNotAFailure("message repeated many times: [ Failed password for root from 1.2.3.4]");
  }

  @Test
  void solarisMessageIdPrefixAndTrailingWhitespaceAreIgnored() {
    assertFailure(
        "[ID 800047 auth.info] Failed keyboard-interactive for james from 205.186.180.30 port"
            + " 54520 ssh2",
        Kind.FAILED_OTHER,
        "james",
        "205.186.180.30",
        54520,
        1);
    assertFailure(
        "Invalid user a from 1.2.3.4 port 22 \r", Kind.INVALID_USER, "a", "1.2.3.4", 22, 1);
  }

  @Test
  void unparseableSourceKeepsTheFailureWithoutAnAddress() {
    assertFailure(
        "Failed password for root from", Kind.FAILED_PASSWORD, "root from", null, null, 1);
    assertFailure(
        "Invalid user bob from 999.1.1.1 port 5",
        Kind.INVALID_USER,
        "bob from 999.1.1.1 port 5",
        null,
        null,
        1);
    assertFailure(
        "Invalid user bob from 1.2.3.4 port 70000",
        Kind.INVALID_USER,
        "bob from 1.2.3.4 port 70000",
        null,
        null,
        1);
    assertFailure(
        "Connection closed by invalid user bob port 22 [preauth]",
        Kind.CLOSED_PREAUTH,
        "bob port 22",
        null,
        null,
        1);
  }

  @Test
  void everyTruncationIsRecognisedOrNotButNeverThrows() {
    List<String> lines =
        List.of(
            "message repeated 5 times: [ Failed password for invalid user x from 1.2.3.4 port 22"
                + " ssh2]",
            "Connection closed by authenticating user test 127.0.0.1 port 12345 192.0.2.11 port"
                + " 46039 [preauth]",
            "[ID 800047 auth.info] Failed keyboard-interactive/pam for <invalid username> from"
                + " fe80::1%eth0 port 42742 ssh2: info",
            "User a from b from 1.2.3.4 not allowed because listed in DenyUsers");
    for (String line : lines) {
      for (int n = 0; n <= line.length(); n++) {
        try {
          SshdMessages.parse(line.substring(0, n));
        } catch (RuntimeException e) {
          fail("unexpected " + e + " for " + line.substring(0, n));
        }
      }
    }
  }

  @Test
  void multiMegabyteUserName() {
    String user = "from 1.2.3.4 port 5 ".repeat(200_000);
    assertFailure(
        "Invalid user " + user + " from 192.0.2.1 port 22",
        Kind.INVALID_USER,
        user,
        "192.0.2.1",
        22,
        1);
    assertFalse(SshdMessages.parse("Failed password for " + "x".repeat(5_000_000)).isEmpty());
  }

  @Test
  void sshdTags() {
    assertTrue(SshdMessages.isSshdTag("sshd"));
    assertTrue(SshdMessages.isSshdTag("sshd-session"));
    assertFalse(SshdMessages.isSshdTag("sshd(pam_unix)"));
    assertFalse(SshdMessages.isSshdTag(null));
  }
}
