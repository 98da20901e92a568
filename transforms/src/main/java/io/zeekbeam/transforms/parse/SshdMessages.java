package io.zeekbeam.transforms.parse;

import io.zeekbeam.transforms.parse.SshdFailure.Kind;
import java.util.Optional;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Recognises the sshd messages that report a failed login (analytic 7, {@code ssh-failed-logins})
 * in the MESSAGE part of a syslog event whose tag is already known to be sshd.
 *
 * <p>Recognised, old and new OpenSSH forms:
 *
 * <ul>
 *   <li>{@code INVALID_USER}: {@code Invalid user X from ADDR [port N]} (old OpenSSH: {@code
 *       Illegal user}), and {@code User X from ADDR not allowed because ...}: sshd treats a user
 *       refused by AllowUsers/DenyUsers/AllowGroups/DenyGroups exactly as a nonexistent one (its
 *       later {@code Failed password} line says {@code invalid user}).
 *   <li>{@code FAILED_PASSWORD}: {@code Failed password for [invalid user] X from ADDR [port N]
 *       [ssh2]}.
 *   <li>{@code FAILED_OTHER}: {@code Failed METHOD for ...} for any other method: {@code
 *       keyboard-interactive}, {@code keyboard-interactive/pam}, {@code hostbased}, {@code
 *       gssapi-with-mic}, and the {@code unknown} that sshd writes for a method it does not know.
 *       {@code Failed publickey} and {@code Failed none} are not failures: a client asking which
 *       methods exist, or trying its keys one by one, fails them on the way to many successful
 *       logins.
 *   <li>{@code CLOSED_PREAUTH}: {@code Connection closed by}, {@code Connection reset by} or {@code
 *       Disconnected from}, then {@code invalid user X ADDR port N [preauth]} or {@code
 *       authenticating user X ADDR port N [preauth]}.
 * </ul>
 *
 * <p>{@code message repeated N times: [ inner ]} (rsyslog's repeat reduction) gives the inner
 * message's failure with count N; every other failure has count 1. A Solaris {@code [ID n
 * facility.level]} prefix and a trailing {@code [preauth]} are ignored.
 *
 * <p><b>Where the source is.</b> The user name is chosen by the client, so it may contain {@code
 * from 1.2.3.4 port 5} itself. sshd writes the real source after the user name, at the end of the
 * line, so the source is the last {@code from ADDR [port N] [ssh2[: info]]} that runs to the end of
 * the message, and the user is everything between the prefix and that {@code from} (possibly
 * empty). A line that also carries text after {@code ssh2: } containing {@code from ...} is
 * ambiguous with a user name that ends in {@code ssh2:}; the last {@code from} wins, since the user
 * name is attacker-controlled on every server while that trailing info is not written for passwords
 * by current OpenSSH. ADDR is an IPv4 or IPv6 literal (zone-scoped too), checked by its form alone,
 * never resolved; a host name (sshd with UseDNS) is kept as it is. A recognised line whose end is
 * not such a source (a truncated line) still counts: its user is then the whole rest of the line,
 * and its address and port are null.
 */
public final class SshdMessages {
  private static final Set<String> SSHD_TAGS = Set.of("sshd", "sshd-session", "sshd-auth");
  private static final Set<String> NOT_FAILURES = Set.of("publickey", "none");
  private static final String REPEATED = "message repeated ";
  private static final String PREAUTH = "[preauth]";
  private static final String[] CLOSED_PREFIXES = {
    "Connection closed by ", "Connection reset by ", "Disconnected from "
  };
  private static final String[] CLOSED_USERS = {"invalid user ", "authenticating user "};

  private SshdMessages() {}

  /**
   * True for the tags sshd logs under: {@code sshd}, and {@code sshd-session}/{@code sshd-auth} of
   * OpenSSH 9.8 and later, which split the per-connection work into separate programs.
   */
  public static boolean isSshdTag(@Nullable String tag) {
    return tag != null && SSHD_TAGS.contains(tag);
  }

  /** The tags for which {@link #isSshdTag} is true, for callers that make the set configurable. */
  public static Set<String> sshdTags() {
    return SSHD_TAGS;
  }

  /** The failed login that {@code message} reports, or empty when it reports none. */
  public static Optional<SshdFailure> parse(@Nullable String message) {
    if (message == null) {
      return Optional.empty();
    }
    String m = message.strip();
    if (m.startsWith(REPEATED)) {
      return parseRepeated(m);
    }
    return parseSingle(m);
  }

  private static Optional<SshdFailure> parseRepeated(String m) {
    int i = REPEATED.length();
    int digitsStart = i;
    while (i < m.length() && i - digitsStart < 10 && isDigit(m.charAt(i))) {
      i++;
    }
    int digits = i - digitsStart;
    String times = " times: [";
    if (digits == 0
        || digits > 9
        || !m.startsWith(times, i)
        || !m.endsWith("]")
        || m.length() < i + times.length() + 1) {
      return Optional.empty();
    }
    int count = Integer.parseInt(m.substring(digitsStart, i));
    if (count < 1) {
      return Optional.empty();
    }
    String inner = m.substring(i + times.length(), m.length() - 1).strip();
    return parseSingle(inner).map(f -> f.withCount(count));
  }

  private static Optional<SshdFailure> parseSingle(String message) {
    String m = message;
    if (m.startsWith("[ID ")) {
      int close = m.indexOf("] ");
      if (close > 0) {
        m = m.substring(close + 2).strip();
      }
    }
    if (m.endsWith(PREAUTH)) {
      m = m.substring(0, m.length() - PREAUTH.length()).strip();
    }
    if (m.startsWith("Invalid user ")) {
      return Optional.of(fromTail(Kind.INVALID_USER, after(m, "Invalid user "), false));
    }
    if (m.startsWith("Illegal user ")) {
      return Optional.of(fromTail(Kind.INVALID_USER, after(m, "Illegal user "), false));
    }
    if (m.startsWith("Failed ")) {
      return parseFailedMethod(m);
    }
    if (m.startsWith("User ")) {
      return parseNotAllowed(after(m, "User "));
    }
    for (String prefix : CLOSED_PREFIXES) {
      if (m.startsWith(prefix)) {
        String rest = after(m, prefix);
        for (String who : CLOSED_USERS) {
          if (rest.startsWith(who)) {
            return Optional.of(closedTail(after(rest, who)));
          }
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** {@code Failed METHOD for [invalid user ]X from ADDR ...}. */
  private static Optional<SshdFailure> parseFailedMethod(String m) {
    int methodStart = "Failed ".length();
    int methodEnd = methodStart;
    while (methodEnd < m.length() && isMethodChar(m.charAt(methodEnd))) {
      methodEnd++;
    }
    String method = m.substring(methodStart, methodEnd);
    if (method.isEmpty() || !m.startsWith(" for ", methodEnd) || NOT_FAILURES.contains(method)) {
      return Optional.empty();
    }
    Kind kind = method.equals("password") ? Kind.FAILED_PASSWORD : Kind.FAILED_OTHER;
    String rest = m.substring(methodEnd + " for ".length());
    if (rest.startsWith("invalid user ")) {
      rest = after(rest, "invalid user ");
    } else if (rest.startsWith("illegal user ")) {
      rest = after(rest, "illegal user ");
    }
    return Optional.of(fromTail(kind, rest, true));
  }

  /**
   * {@code User X from ADDR not allowed because REASON}; the reason is sshd's own words, so the
   * last {@code not allowed because} is sshd's. A refusal without a source (a locked account) is
   * not a login attempt from anywhere and is not recognised.
   */
  private static Optional<SshdFailure> parseNotAllowed(String rest) {
    int because = rest.lastIndexOf(" not allowed because ");
    if (because < 0) {
      return Optional.empty();
    }
    SshdFailure f = fromTail(Kind.INVALID_USER, rest.substring(0, because), false);
    return f.getSrcIp() == null ? Optional.empty() : Optional.of(f);
  }

  /**
   * Splits {@code USER from ADDR[ port N][ sshV[: info]]} at the last {@code from} whose tail runs
   * to the end of {@code rest}.
   */
  private static SshdFailure fromTail(Kind kind, String rest, boolean protocolAllowed) {
    String from = " from ";
    int idx = rest.lastIndexOf(from);
    while (idx >= 0) {
      SshdFailure f = tryFromTail(kind, rest, idx, idx + from.length(), protocolAllowed);
      if (f != null) {
        return f;
      }
      idx = idx == 0 ? -1 : rest.lastIndexOf(from, idx - 1);
    }
    return SshdFailure.create(kind, rest, null, null, 1);
  }

  private static @Nullable SshdFailure tryFromTail(
      Kind kind, String rest, int userEnd, int addrStart, boolean protocolAllowed) {
    int addrEnd = rest.indexOf(' ', addrStart);
    if (addrEnd < 0) {
      addrEnd = rest.length();
    }
    String addr = rest.substring(addrStart, addrEnd);
    if (!isAddress(addr)) {
      return null;
    }
    int pos = addrEnd;
    Integer port = null;
    if (rest.startsWith(" port ", pos)) {
      int portStart = pos + " port ".length();
      int portEnd = portStart;
      while (portEnd < rest.length() && portEnd - portStart < 6 && isDigit(rest.charAt(portEnd))) {
        portEnd++;
      }
      port = port(rest, portStart, portEnd);
      if (port == null) {
        return null;
      }
      pos = portEnd;
    }
    if (pos < rest.length() && protocolAllowed) {
      if (rest.startsWith(" ssh1", pos) || rest.startsWith(" ssh2", pos)) {
        pos += " ssh2".length();
        if (pos < rest.length() && rest.startsWith(": ", pos)) {
          pos = rest.length();
        }
      }
    }
    if (pos != rest.length()) {
      return null;
    }
    return SshdFailure.create(kind, rest.substring(0, userEnd), addr, port, 1);
  }

  /** {@code USER ADDR[ port N]}, the address being the last word before the port. */
  private static SshdFailure closedTail(String rest) {
    String head = rest;
    Integer port = null;
    int portAt = rest.lastIndexOf(" port ");
    if (portAt >= 0) {
      port = port(rest, portAt + " port ".length(), rest.length());
      if (port != null) {
        head = rest.substring(0, portAt);
      }
    }
    int space = head.lastIndexOf(' ');
    if (space >= 0) {
      String addr = head.substring(space + 1);
      if (isAddress(addr)) {
        return SshdFailure.create(Kind.CLOSED_PREAUTH, head.substring(0, space), addr, port, 1);
      }
    }
    return SshdFailure.create(Kind.CLOSED_PREAUTH, rest, null, null, 1);
  }

  private static @Nullable Integer port(String s, int from, int to) {
    if (to <= from || to - from > 5 || to > s.length()) {
      return null;
    }
    for (int i = from; i < to; i++) {
      if (!isDigit(s.charAt(i))) {
        return null;
      }
    }
    int port = Integer.parseInt(s.substring(from, to));
    return port <= 65535 ? port : null;
  }

  /**
   * An IP literal, or a DNS host name as sshd writes it with UseDNS (has a letter, no oddities).
   */
  static boolean isAddress(String s) {
    if (IpLiterals.isIpLiteral(s)) {
      return true;
    }
    if (s.isEmpty() || s.length() > 253 || s.startsWith(".") || s.startsWith("-")) {
      return false;
    }
    boolean letter = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        letter = true;
      } else if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')) {
        return false;
      }
    }
    return letter;
  }

  private static String after(String s, String prefix) {
    return s.substring(prefix.length());
  }

  private static boolean isMethodChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '/'
        || c == '@'
        || c == '.';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
