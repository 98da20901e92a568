package io.zeekbeam.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IpLiteralsTest {
  @Test
  void ipv4() {
    for (String ok : List.of("0.0.0.0", "1.2.3.4", "255.255.255.255", "192.030.0.6")) {
      assertTrue(IpLiterals.isIpv4(ok), ok);
      assertTrue(IpLiterals.isIpLiteral(ok), ok);
    }
    for (String bad :
        List.of(
            "",
            "1.2.3",
            "1.2.3.4.5",
            "256.1.1.1",
            "1.2.3.4.",
            ".1.2.3",
            "1..2.3",
            "1.2.3.0004",
            "a.b.c.d",
            "1.2.3.4 ",
            "١.٢.٣.٤",
            "example.com")) {
      assertFalse(IpLiterals.isIpv4(bad), bad);
    }
    assertFalse(IpLiterals.isIpv4(null));
  }

  @Test
  void ipv6() {
    for (String ok :
        List.of(
            "::",
            "::1",
            "1::",
            "2001:db8::1",
            "2606:2800:220:1:248:1893:25c8:1946",
            "aaaa:bbbb:cccc:1234::1:1",
            "::ffff:1.2.3.4",
            "64:ff9b::192.0.2.33",
            "fe80::1%eth0",
            "fe80::1%25",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
            "1:2:3:4:5:6:1.2.3.4",
            "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789")) {
      assertTrue(IpLiterals.isIpv6(ok), ok);
      assertTrue(IpLiterals.isIpLiteral(ok), ok);
    }
    for (String bad :
        List.of(
            "",
            ":",
            ":::",
            "1:::2",
            "1::2::3",
            ":1::",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7:8::",
            "12345::",
            "g::1",
            "1:2:3:4:5:6:7:",
            ":1:2:3:4:5:6:7:8",
            "::1.2.3",
            "1.2.3.4::",
            "fe80::1%",
            "%eth0",
            "fe80::1%eth 0",
            "[::1]",
            "::1:",
            "1:2:3:4:5:6:7:1.2.3.4",
            "٣::1",
            "1.2.3.4")) {
      assertFalse(IpLiterals.isIpv6(bad), bad);
    }
    assertFalse(IpLiterals.isIpv6(null));
  }
}
