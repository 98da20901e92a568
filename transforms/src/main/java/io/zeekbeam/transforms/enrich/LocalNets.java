package io.zeekbeam.transforms.enrich;

import io.zeekbeam.transforms.parse.IpLiterals;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A set of local networks as real CIDR blocks, IPv4 and IPv6, replacing the walkthrough's
 * {@code LIKE '192.168.1%'} (which also matches 192.168.10.5 and misses 10.0.0.0/8). Addresses are
 * compared as bytes; an IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) counts as its IPv4
 * address and an IPv6 zone ({@code fe80::1%eth0}) is ignored. Text that is not an IP literal is
 * never local (and is never looked up in DNS).
 */
public final class LocalNets implements Serializable {
  private static final long serialVersionUID = 1L;

  /** RFC 1918, RFC 4193 (unique local), and link-local for both families. */
  public static final String DEFAULT =
      "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7,169.254.0.0/16,fe80::/10";

  /** One CIDR block. */
  public static final class Cidr implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
      this.network = network;
      this.prefix = prefix;
      this.text = text;
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private final List<Cidr> blocks;

  private LocalNets(List<Cidr> blocks) {
    this.blocks = Collections.unmodifiableList(blocks);
  }

  /** The default local networks ({@link #DEFAULT}). */
  public static LocalNets defaults() {
    return parse(DEFAULT);
  }

  /**
   * Parses a comma-separated CIDR list, e.g. {@code 192.168.1.0/24,2001:db8::/32}; a bare address
   * is a /32 or /128.
   *
   * @throws IllegalArgumentException naming the entry that is wrong and why
   */
  public static LocalNets parse(String list) {
    List<Cidr> blocks = new ArrayList<>();
    for (String part : list.split(",")) {
      String entry = part.trim();
      if (entry.isEmpty()) {
        continue;
      }
      blocks.add(cidr(entry));
    }
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("no networks given: use CIDRs such as 192.168.0.0/16");
    }
    return new LocalNets(blocks);
  }

  private static Cidr cidr(String entry) {
    int slash = entry.indexOf('/');
    String addr = slash < 0 ? entry : entry.substring(0, slash);
    byte[] bytes = bytesOf(addr);
    if (bytes == null) {
      throw new IllegalArgumentException(
          "'" + entry + "' is not a CIDR: '" + addr + "' is not an IPv4 or IPv6 address");
    }
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String p = entry.substring(slash + 1);
      try {
        prefix = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "'" + entry + "' is not a CIDR: the prefix length '" + p + "' is not a number");
      }
      if (prefix < 0 || prefix > max) {
        throw new IllegalArgumentException(
            "'" + entry + "' is not a CIDR: the prefix length must be 0.." + max);
      }
    }
    byte[] network = bytes.clone();
    for (int bit = prefix; bit < max; bit++) {
      network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return new Cidr(network, prefix, entry);
  }

  /** Whether the address (as Zeek writes it) is in one of the local networks. */
  public boolean contains(@Nullable String address) {
    byte[] bytes = bytesOf(address);
    if (bytes == null) {
      return false;
    }
    for (Cidr c : blocks) {
      if (c.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  public List<Cidr> blocks() {
    return blocks;
  }

  /**
   * The address as bytes (4 for IPv4, also for IPv4-mapped IPv6; 16 for IPv6), or null if the text
   * is not an IP literal. Only literals reach {@link InetAddress}, so no name is ever resolved.
   */
  static byte @Nullable [] bytesOf(@Nullable String address) {
    if (address == null) {
      return null;
    }
    String a = address.trim();
    int zone = a.indexOf('%');
    if (zone >= 0) {
      a = a.substring(0, zone);
    }
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    if (!IpLiterals.isIpLiteral(a)) {
      return null;
    }
    try {
      byte[] b = InetAddress.getByName(a).getAddress();
      return b;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return blocks.toString();
  }
}
