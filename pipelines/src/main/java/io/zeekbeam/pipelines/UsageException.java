package io.zeekbeam.pipelines;

/**
 * A mistake in how zeekbeam was called (an option, a path, a database): the launcher prints the
 * message as one sentence and exits non-zero, without a stack trace.
 */
public class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message, null, false, false);
  }
}
