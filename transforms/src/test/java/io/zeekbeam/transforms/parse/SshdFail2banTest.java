package io.zeekbeam.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekbeam.schemas.SyslogEvent;
import io.zeekbeam.transforms.errors.BadRecordException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link SshdMessages} against fail2ban's annotated sshd samples, which span many OpenSSH
 * versions: every line that a simple grep-like test calls a failed login (analytic 7's forms) must
 * be recognised and nothing else; where fail2ban names the host or user, ours must agree; and every
 * line fail2ban counts that we do not is one of the kinds listed in {@link #NOT_A_LOGIN_FAILURE}.
 * Skipped when the file is not there.
 */
class SshdFail2banTest {
  private static final Path SAMPLES = Path.of("/work/shared/data/fail2ban/sshd");

  private static final Pattern CLOSED =
      Pattern.compile(
          "(Connection closed by|Connection reset by|Disconnected from)"
              + " (invalid|authenticating) user ");
  private static final Pattern NOT_ALLOWED =
      Pattern.compile("^User .* from .* not allowed because ");

  /**
   * What fail2ban bans for that is not a failed login in analytic 7's sense: connection-level noise
   * before any user is named (scanners, protocol mismatches, timeouts; plain disconnects are {@link
   * #CLOSED_WITHOUT_USER}), summaries of attempts already logged one by one, PAM's and tcpwrappers'
   * own messages, and an obsolete root-login refusal. fail2ban also counts {@code Failed
   * publickey}, which analytic 7 excludes.
   */
  private static final List<String> NOT_A_LOGIN_FAILURE =
      List.of(
          "error: PAM: ",
          "ROOT LOGIN REFUSED",
          "refused connect from",
          "Received disconnect from",
          "Did not receive identification string",
          "Bad protocol version identification",
          "kex_exchange_identification",
          "banner exchange",
          "ssh_dispatch_run_fatal",
          "Timeout before authentication",
          "fatal: Read from socket failed",
          "Unable to negotiate",
          "no matching mac found",
          "Disconnecting: Too many authentication failures",
          "Disconnecting invalid user",
          "maximum authentication attempts exceeded",
          "pam_unix(sshd:auth): authentication failure",
          "Accepted password for",
          "Failed publickey");

  /** A connection that ended before any user was named: no login was attempted. */
  private static final Pattern CLOSED_WITHOUT_USER =
      Pattern.compile(
          "^(Connection closed by|Connection reset by|Disconnected from) [0-9a-fA-F:.]+"
              + "( port [0-9]+)?( \\[preauth\\])?$");

  /**
   * Lines where fail2ban takes the first {@code from}: text after {@code ssh2:} or {@code ssh1:}
   * containing {@code from ADDR}. They read the same as a user name ending in {@code ssh2:} and the
   * real source at the end, and analytic 7 resolves that ambiguity towards the end of the line (see
   * {@link SshdMessages}).
   */
  private static final Pattern AMBIGUOUS_SOURCE = Pattern.compile(" ssh[12]:.* from ");

  private static boolean grepSaysFailedLogin(String message) {
    boolean failedMethod =
        message.contains("Failed ")
            && message.contains(" for ")
            && !message.contains("Failed publickey")
            && !message.contains("Failed none");
    return message.contains("Invalid user ")
        || message.contains("Illegal user ")
        || failedMethod
        || CLOSED.matcher(message).find()
        || NOT_ALLOWED.matcher(message).find();
  }

  @Test
  void fail2banSamples() throws Exception {
    assumeTrue(Files.exists(SAMPLES), SAMPLES + " is not here");
    ObjectMapper json = new ObjectMapper();
    SyslogParser parser = SyslogParser.forFile(2005);
    JsonNode expected = null;
    List<String> problems = new ArrayList<>();
    int recognised = 0;
    for (String line : Files.readAllLines(SAMPLES, StandardCharsets.UTF_8)) {
      if (line.startsWith("# failJSON:")) {
        expected = json.readTree(line.substring("# failJSON:".length()));
        continue;
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      SyslogEvent event;
      try {
        event = parser.parse(line);
      } catch (BadRecordException e) {
        problems.add("does not parse (" + e.getMessage() + "): " + line);
        continue;
      }
      String message = event.getMessage();
      if (!SshdMessages.isSshdTag(event.getTag())) {
        problems.add("tag " + event.getTag() + " is not sshd: " + line);
        continue;
      }
      Optional<SshdFailure> f = SshdMessages.parse(message);
      if (grepSaysFailedLogin(message) != f.isPresent()) {
        problems.add("recognised=" + f.isPresent() + " but grep disagrees: " + line);
      }
      boolean fail2banMatch = expected != null && expected.path("match").asBoolean(false);
      if (f.isPresent()) {
        recognised++;
        SshdFailure failure = f.get();
        if (expected != null
            && expected.hasNonNull("host")
            && !expected.get("host").asText().equals(failure.getSrcIp())
            && !AMBIGUOUS_SOURCE.matcher(message).find()) {
          problems.add(
              "host " + expected.get("host") + " but srcIp " + failure.getSrcIp() + ": " + line);
        }
        if (expected != null
            && expected.hasNonNull("user")
            && !expected.get("user").asText().equals(failure.getUser())) {
          problems.add("user " + expected.get("user") + " but " + failure.getUser() + ": " + line);
        }
      } else if (fail2banMatch
          && NOT_A_LOGIN_FAILURE.stream().noneMatch(message::contains)
          && !CLOSED_WITHOUT_USER.matcher(message).find()) {
        problems.add("fail2ban counts it, we do not, and it is not listed why: " + line);
      }
      expected = null;
    }
    assertEquals(List.of(), problems);
    assertEquals(
        42,
        recognised,
        "grep -v '^#' sshd | grep -E 'Invalid user |Illegal user |(Connection closed by|Connection"
            + " reset by|Disconnected from) (invalid|authenticating) user |(: |\\] )User .* from .*"
            + " not allowed because |Failed .* for ' | grep -vcE 'Failed (publickey|none) '");
  }
}
