package io.zeekbeam.pipelines.generate;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * CIDR membership over a list of networks, for computing the expected answers of the analytics that
 * ask "is this address local". Only ever given address literals, which {@link InetAddress} parses
 * without a name lookup.
 */
final class LocalNets {
  /** The analytics' default local networks: RFC 1918, RFC 4193 and link-local. */
  static final List<String> DEFAULT =
      List.of(
          "10.0.0.0/8",
          "172.16.0.0/12",
          "192.168.0.0/16",
          "169.254.0.0/16",
          "fc00::/7",
          "fe80::/10");

  private record Net(byte[] prefix, int bits) {}

  private final List<Net> nets = new ArrayList<>();

  LocalNets(List<String> cidrs) {
    for (String c : cidrs) {
      int slash = c.indexOf('/');
      byte[] a = parse(c.substring(0, slash));
      nets.add(new Net(a, Integer.parseInt(c.substring(slash + 1))));
    }
  }

  static LocalNets defaults() {
    return new LocalNets(DEFAULT);
  }

  boolean contains(String address) {
    if (address == null) {
      return false;
    }
    byte[] a = parse(address);
    for (Net n : nets) {
      if (n.prefix.length == a.length && samePrefix(n.prefix, a, n.bits)) {
        return true;
      }
    }
    return false;
  }

  private static boolean samePrefix(byte[] p, byte[] a, int bits) {
    BigInteger x = new BigInteger(1, p);
    BigInteger y = new BigInteger(1, a);
    int shift = p.length * 8 - bits;
    return x.shiftRight(shift).equals(y.shiftRight(shift));
  }

  private static byte[] parse(String literal) {
    if (!literal.matches("[0-9a-fA-F:.]+")) {
      throw new IllegalArgumentException("not an address literal: " + literal);
    }
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address literal: " + literal, e);
    }
  }
}
