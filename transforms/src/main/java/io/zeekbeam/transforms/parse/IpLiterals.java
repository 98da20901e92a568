package io.zeekbeam.transforms.parse;

/**
 * Recognises IPv4 and IPv6 address literals by their text alone. Parsers meet addresses inside
 * attacker-influenced text (sshd lines, hosts files), so the check must never resolve a name:
 * {@code InetAddress.getByName} would do a DNS lookup for anything that is not a literal. Guava's
 * {@code InetAddresses} is only reachable here as Beam's vendored copy, which is not an API to
 * build on, and it rejects the zone-scoped form ({@code fe80::1%eth0}) that sshd does write.
 */
public final class IpLiterals {
  private IpLiterals() {}

  /** True for an IPv4 literal or an IPv6 literal (optionally zone-scoped, without brackets). */
  public static boolean isIpLiteral(String s) {
    return isIpv4(s) || isIpv6(s);
  }

  /**
   * True for a dotted-quad IPv4 literal: four decimal parts of one to three digits, each at most
   * 255. Leading zeros are tolerated ({@code 192.030.0.6} occurs in real logs).
   */
  public static boolean isIpv4(String s) {
    return s != null && isIpv4(s, 0, s.length());
  }

  /**
   * True for an IPv6 literal in any RFC 4291 text form: eight groups, {@code ::} compression, an
   * embedded IPv4 tail ({@code ::ffff:1.2.3.4}), and an optional {@code %zone} suffix.
   */
  public static boolean isIpv6(String s) {
    if (s == null) {
      return false;
    }
    int end = s.length();
    int percent = s.indexOf('%');
    if (percent >= 0) {
      if (percent == end - 1 || !isZone(s, percent + 1, end)) {
        return false;
      }
      end = percent;
    }
    return isIpv6(s, 0, end);
  }

  private static boolean isZone(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv4(String s, int from, int to) {
    int parts = 0;
    int i = from;
    while (true) {
      int start = i;
      int value = 0;
      while (i < to && i - start < 4 && isDigit(s.charAt(i))) {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || value > 255) {
        return false;
      }
      parts++;
      if (i == to) {
        return parts == 4;
      }
      if (s.charAt(i) != '.' || parts == 4) {
        return false;
      }
      i++;
    }
  }

  private static boolean isIpv6(String s, int from, int to) {
    if (to - from < 2) {
      return false;
    }
    int doubleColon = s.indexOf("::", from);
    if (doubleColon >= to - 1) {
      doubleColon = -1;
    }
    if (doubleColon >= 0) {
      int second = s.indexOf("::", doubleColon + 1);
      if (second >= 0 && second < to - 1) {
        return false;
      }
      int left = countGroups(s, from, doubleColon, false);
      int right = countGroups(s, doubleColon + 2, to, true);
      return left >= 0 && right >= 0 && left + right <= 7;
    }
    return countGroups(s, from, to, true) == 8;
  }

  /**
   * Counts the 16-bit groups of a colon-separated run; an IPv4 tail counts as two groups and is
   * only allowed where {@code mayEndInIpv4}. Returns -1 when the run is malformed.
   */
  private static int countGroups(String s, int from, int to, boolean mayEndInIpv4) {
    if (from == to) {
      return 0;
    }
    int groups = 0;
    int i = from;
    while (true) {
      int start = i;
      while (i < to && s.charAt(i) != ':') {
        i++;
      }
      boolean last = i == to;
      if (last && mayEndInIpv4 && s.lastIndexOf('.', to - 1) >= start) {
        return isIpv4(s, start, to) ? groups + 2 : -1;
      }
      if (!isHexGroup(s, start, i)) {
        return -1;
      }
      groups++;
      if (groups > 8) {
        return -1;
      }
      if (last) {
        return groups;
      }
      i++;
      if (i == to) {
        return -1;
      }
    }
  }

  private static boolean isHexGroup(String s, int from, int to) {
    if (to - from < 1 || to - from > 4) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
