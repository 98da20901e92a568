package io.zeekbeam.pipelines.kafka;

/**
 * A Kafka command could not do its work (the cluster is unreachable, refused the credentials, a
 * send failed): the launcher prints the message, scrubbed of secrets, and exits 1.
 */
final class KafkaCommandException extends Exception {
  private static final long serialVersionUID = 1L;

  KafkaCommandException(String message) {
    super(message, null, false, false);
  }

  /** The innermost cause's type and message: what a user can act on. */
  static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
