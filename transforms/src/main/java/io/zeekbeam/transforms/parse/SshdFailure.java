package io.zeekbeam.transforms.parse;

import com.google.auto.value.AutoValue;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What one sshd line says about a failed login: the fields analytic 7 ({@code ssh-failed-logins})
 * adds to the syslog event it came from. Recognised by {@link SshdMessages}.
 */
@AutoValue
public abstract class SshdFailure {
  /** The kind of failure, as ANALYTICS.md names it. */
  public enum Kind {
    /** {@code Invalid user X from IP}: the account does not exist (or is not allowed). */
    INVALID_USER,
    /** {@code Failed password for [invalid user] X from IP}. */
    FAILED_PASSWORD,
    /** {@code Failed keyboard-interactive[/pam]}, {@code Failed hostbased} and other methods. */
    FAILED_OTHER,
    /** A connection of an invalid or still-authenticating user closed before authentication. */
    CLOSED_PREAUTH
  }

  public abstract Kind getKind();

  /** The user name as sshd wrote it; may be empty, may contain spaces; null when absent. */
  public abstract @Nullable String getUser();

  /** The client address, or the host name sshd wrote instead (UseDNS); null when absent. */
  public abstract @Nullable String getSrcIp();

  /** The client port; null when the line has none. */
  public abstract @Nullable Integer getSrcPort();

  /** How many failures the line stands for: N for {@code message repeated N times}, else 1. */
  public abstract int getCount();

  public static SshdFailure create(
      Kind kind,
      @Nullable String user,
      @Nullable String srcIp,
      @Nullable Integer srcPort,
      int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    return new AutoValue_SshdFailure(kind, user, srcIp, srcPort, count);
  }

  /** This failure repeated {@code count} times. */
  public SshdFailure withCount(int count) {
    return create(getKind(), getUser(), getSrcIp(), getSrcPort(), count);
  }
}
