package io.zeekbeam.transforms.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LocalNetsTest {
  @Test
  void cidrMembershipNotStringPrefixes() {
    LocalNets nets = LocalNets.parse("192.168.1.0/24");
    assertTrue(nets.contains("192.168.1.5"));
    assertTrue(nets.contains("192.168.1.255"));
    assertFalse(nets.contains("192.168.10.5"), "the walkthrough's LIKE '192.168.1%' matches this");
    assertFalse(nets.contains("192.168.100.1"));
  }

  @Test
  void defaultsCoverPrivateUniqueLocalAndLinkLocal() {
    LocalNets nets = LocalNets.defaults();
    for (String local :
        new String[] {
          "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.1", "169.254.1.1", "fd00::1",
          "fc12:3456::1", "fe80::1cf4:44d2:904a:14f7", "fe80::1%eth0", "::ffff:10.0.0.1"
        }) {
      assertTrue(nets.contains(local), local);
    }
    for (String remote :
        new String[] {
          "172.32.0.1", "8.8.8.8", "2001:db8::1", "ff02::1:3", "11.0.0.1", "not-an-ip",
          "example.com", "", "1.2.3"
        }) {
      assertFalse(nets.contains(remote), remote);
    }
    assertFalse(nets.contains(null));
  }

  @Test
  void oddPrefixesAndBareAddresses() {
    LocalNets nets = LocalNets.parse(" 10.0.0.128/25 , 2001:db8:abcd::/47, 203.0.113.7 ");
    assertTrue(nets.contains("10.0.0.200"));
    assertFalse(nets.contains("10.0.0.127"));
    assertTrue(nets.contains("2001:db8:abcd:1::1"));
    assertFalse(nets.contains("2001:db8:abce::1"));
    assertTrue(nets.contains("203.0.113.7"));
    assertFalse(nets.contains("203.0.113.8"));
    assertEquals(3, nets.blocks().size());
  }

  @Test
  void mistakesNameTheEntry() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> LocalNets.parse("10.0.0.0/33"))
            .getMessage()
            .contains("'10.0.0.0/33'"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> LocalNets.parse("intranet/8"))
            .getMessage()
            .contains("not an IPv4 or IPv6 address"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> LocalNets.parse("10.0.0.0/x"))
            .getMessage()
            .contains("not a number"));
    assertThrows(IllegalArgumentException.class, () -> LocalNets.parse(" , "));
  }
}
