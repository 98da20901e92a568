package io.zeekbeam.transforms.window;

import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.WindowingStrategy;

/** Puts a collection into Beam's global window, with its default trigger. */
public final class GlobalWindowing {
  private GlobalWindowing() {}

  /**
   * {@code input} in the global window with the default trigger: as it is when it already is (a
   * parse's output, a batch analytic's results), which saves a step that would assign every element
   * to it again; else re-windowed in a step named {@code stepName}.
   */
  public static <T> PCollection<T> of(PCollection<T> input, String stepName) {
    return input.getWindowingStrategy().equals(WindowingStrategy.globalDefault())
        ? input
        : input.apply(stepName, Window.<T>into(new GlobalWindows()));
  }
}
