package io.zeekbeam.transforms.errors;

/**
 * Thrown by a parser for input that is not a record; the message is the dead letter's reason and
 * must say what is wrong in words a user can act on. Carries no stack trace: bad input is data,
 * not a bug, and it is common enough that filling stack traces would cost time.
 */
public class BadRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  public BadRecordException(String reason) {
    super(reason, null, false, false);
  }
}
