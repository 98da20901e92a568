package io.zeekbeam.transforms.parse;

import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.SyslogEvent;
import io.zeekbeam.schemas.ZeekConn;
import io.zeekbeam.schemas.ZeekDns;
import io.zeekbeam.schemas.ZeekHttp;
import io.zeekbeam.schemas.ZeekSsl;
import io.zeekbeam.schemas.ZeekX509;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The typed records of every input, each stamped with its event time, and the dead letters of the
 * lines that are not records. Whatever the source (files or Kafka), the analytics see this.
 */
public final class ParsedLogs implements PInput, POutput {
  public static final TupleTag<ZeekConn> CONN = new TupleTag<ZeekConn>("conn") {};
  public static final TupleTag<ZeekDns> DNS = new TupleTag<ZeekDns>("dns") {};
  public static final TupleTag<ZeekHttp> HTTP = new TupleTag<ZeekHttp>("http") {};
  public static final TupleTag<ZeekSsl> SSL = new TupleTag<ZeekSsl>("ssl") {};
  public static final TupleTag<ZeekX509> X509 = new TupleTag<ZeekX509>("x509") {};
  public static final TupleTag<SyslogEvent> SYSLOG = new TupleTag<SyslogEvent>("syslog") {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<DeadLetter>("dead-letter") {};

  /** Every record tag, for multi-output DoFns. */
  public static final TupleTagList RECORD_TAGS =
      TupleTagList.of(CONN).and(DNS).and(HTTP).and(SSL).and(X509).and(SYSLOG);

  private final PCollectionTuple tuple;

  private ParsedLogs(PCollectionTuple tuple) {
    this.tuple = tuple;
  }

  public static ParsedLogs of(PCollectionTuple tuple) {
    return new ParsedLogs(tuple);
  }

  /** The tag of a log type's records. */
  public static TupleTag<?> tagOf(LogType type) {
    switch (type) {
      case CONN:
        return CONN;
      case DNS:
        return DNS;
      case HTTP:
        return HTTP;
      case SSL:
        return SSL;
      case X509:
        return X509;
      default:
        return SYSLOG;
    }
  }

  public PCollection<ZeekConn> conn() {
    return tuple.get(CONN);
  }

  public PCollection<ZeekDns> dns() {
    return tuple.get(DNS);
  }

  public PCollection<ZeekHttp> http() {
    return tuple.get(HTTP);
  }

  public PCollection<ZeekSsl> ssl() {
    return tuple.get(SSL);
  }

  public PCollection<ZeekX509> x509() {
    return tuple.get(X509);
  }

  public PCollection<SyslogEvent> syslog() {
    return tuple.get(SYSLOG);
  }

  public PCollection<DeadLetter> deadLetters() {
    return tuple.get(DEAD_LETTERS);
  }

  /** The records of one log type. */
  public PCollection<?> of(LogType type) {
    return tuple.get(tagOf(type));
  }

  @Override
  public Pipeline getPipeline() {
    return tuple.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return tuple.expand();
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, org.apache.beam.sdk.transforms.PTransform<?, ?> transform) {
    tuple.finishSpecifyingOutput(transformName, input, transform);
  }
}
