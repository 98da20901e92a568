package io.zeekbeam.schemas;

/** What every Zeek log record has: its event time, Zeek's {@code ts}, in epoch seconds. */
public interface ZeekRecord {
  double getTs();

  /** {@link #getTs()} in epoch milliseconds, the resolution of Beam's event time. */
  default long getTsMillis() {
    return (long) Math.floor(getTs() * 1000.0);
  }
}
