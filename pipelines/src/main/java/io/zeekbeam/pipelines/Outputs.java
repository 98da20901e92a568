package io.zeekbeam.pipelines;

/** Names of the output folders (and, in streaming, topics) that are not analytics. */
public final class Outputs {
  private Outputs() {}

  public static final String DEAD_LETTER = "dead-letter";
}
