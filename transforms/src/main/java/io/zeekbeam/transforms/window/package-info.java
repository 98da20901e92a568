/**
 * Event-time windowing that drops nothing: {@link io.zeekbeam.transforms.window.WindowedSum} sums
 * values per key in tumbling, sliding or all-time windows with a keyed stateful {@code DoFn} in the
 * global window instead of Beam's {@code Window} + {@code GroupByKey}, so that input arriving after
 * its window closed is handed back as an output (for the dead letters) rather than dropped
 * silently. It gives one result per window in batch and a changelog of results on a stream.
 */
package io.zeekbeam.transforms.window;
