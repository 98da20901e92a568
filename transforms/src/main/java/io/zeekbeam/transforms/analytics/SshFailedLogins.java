package io.zeekbeam.transforms.analytics;

import com.google.auto.value.AutoValue;
import io.zeekbeam.schemas.SshFailedLogin;
import io.zeekbeam.schemas.SyslogEvent;
import io.zeekbeam.transforms.parse.SshdFailure;
import io.zeekbeam.transforms.parse.SshdMessages;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;

/**
 * Analytic 7, {@code ssh-failed-logins}: one {@link SshFailedLogin} per sshd syslog line that
 * reports a failed login.
 *
 * <ul>
 *   <li><b>Input:</b> {@link SyslogEvent}s, each stamped with its own event time.
 *   <li><b>Output:</b> one {@link SshFailedLogin} for each event whose tag is an sshd tag and whose
 *       message {@link SshdMessages} recognises as a failed login (INVALID_USER, FAILED_PASSWORD,
 *       FAILED_OTHER, CLOSED_PREAUTH; {@code message repeated N times} gives COUNT N). Every other
 *       event gives nothing. The output element keeps the input element's timestamp and window.
 *   <li><b>Window:</b> none of its own; the transform is stateless, element by element, so it works
 *       the same in the global window, in any window the caller applied, in batch and in streaming.
 *   <li><b>Lateness:</b> not applicable: nothing is grouped, so no record is ever late here; a
 *       record that is late for a downstream window passes through unchanged and is that window's
 *       concern (see {@code ssh-brute-force}).
 * </ul>
 *
 * <p>The walkthrough's query only matched {@code Invalid user X from IP port N} under tag {@code
 * sshd}; this transform recognises the other failure forms (see {@link SshdMessages}) and, by
 * default, the {@code sshd-session} and {@code sshd-auth} tags of OpenSSH 9.8 and later. {@link
 * #withSshdTags} narrows or widens that set, e.g. to {@code sshd} alone to reproduce the
 * walkthrough, or to add a tag a distribution renamed.
 */
@AutoValue
public abstract class SshFailedLogins
    extends PTransform<PCollection<SyslogEvent>, PCollection<SshFailedLogin>> {
  private static final long serialVersionUID = 1L;

  abstract Set<String> getSshdTags();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setSshdTags(Set<String> tags);

    abstract SshFailedLogins build();
  }

  /** Failed logins reported under the tags {@link SshdMessages#isSshdTag} accepts. */
  public static SshFailedLogins create() {
    return new AutoValue_SshFailedLogins.Builder().setSshdTags(SshdMessages.sshdTags()).build();
  }

  /**
   * Counts only lines whose syslog tag is exactly one of {@code tags} (case-sensitive, as syslog
   * writes them), instead of the default {@link SshdMessages#sshdTags()}.
   */
  public SshFailedLogins withSshdTags(Collection<String> tags) {
    Objects.requireNonNull(tags, "withSshdTags(tags): tags is null");
    // A copy that tolerates nulls, so that expand() can name the bad entry instead of Set.copyOf
    // failing here with a bare NullPointerException.
    return toBuilder().setSshdTags(Collections.unmodifiableSet(new LinkedHashSet<>(tags))).build();
  }

  /** As {@link #withSshdTags(Collection)}. */
  public SshFailedLogins withSshdTags(String... tags) {
    Objects.requireNonNull(tags, "withSshdTags(tags): tags is null");
    return withSshdTags(Arrays.asList(tags));
  }

  @Override
  public PCollection<SshFailedLogin> expand(PCollection<SyslogEvent> events) {
    validate();
    return events.apply(
        "RecogniseFailedLogins", ParDo.of(new RecogniseFailedLogins(getSshdTags())));
  }

  private void validate() {
    if (getSshdTags().isEmpty()) {
      throw new IllegalArgumentException(
          "SshFailedLogins: withSshdTags() was given no tags, so no line could ever count; pass"
              + " at least one tag, e.g. withSshdTags(\"sshd\"), or leave the default "
              + SshdMessages.sshdTags());
    }
    for (String tag : getSshdTags()) {
      if (tag == null || tag.isBlank() || !tag.equals(tag.strip())) {
        throw new IllegalArgumentException(
            "SshFailedLogins: withSshdTags() was given "
                + (tag == null ? "a null tag" : "the tag '" + tag + "'")
                + "; a syslog tag is a program name without spaces, e.g. \"sshd\"");
      }
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(
        DisplayData.item("sshdTags", String.join(",", getSshdTags()))
            .withLabel("Syslog tags read as sshd"));
  }

  /** Turns each sshd failure line into a row; a stateless filter-and-map. */
  private static final class RecogniseFailedLogins extends DoFn<SyslogEvent, SshFailedLogin> {
    private static final long serialVersionUID = 1L;
    private final Set<String> sshdTags;

    RecogniseFailedLogins(Set<String> sshdTags) {
      this.sshdTags = sshdTags;
    }

    @ProcessElement
    public void process(@Element SyslogEvent event, OutputReceiver<SshFailedLogin> out) {
      String tag = event.getTag();
      if (tag == null || !sshdTags.contains(tag)) {
        return;
      }
      SshdMessages.parse(event.getMessage()).ifPresent(f -> out.output(row(event, f)));
    }

    private static SshFailedLogin row(SyslogEvent event, SshdFailure failure) {
      return SshFailedLogin.builder()
          .setUser(failure.getUser())
          .setSrcIp(failure.getSrcIp())
          .setSrcPort(failure.getSrcPort())
          .setKind(failure.getKind().name())
          .setCount(failure.getCount())
          .setHost(event.getHost())
          .setTag(event.getTag())
          .setMessage(event.getMessage())
          .setTimestamp(event.getTimestamp())
          .setEventTime(Timestamps.toUtcSeconds(event.getTimestamp()))
          .build();
    }
  }
}
