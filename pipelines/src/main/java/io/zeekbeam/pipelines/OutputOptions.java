package io.zeekbeam.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where the results go. */
public interface OutputOptions extends PipelineOptions {
  @Description("Folder for the results: one sub-folder per output, and dead-letter/")
  String getOutput();

  void setOutput(String value);

  @Description(
      "Output format: json (JSON lines; JSON values on Kafka) or avro (Avro files; on Kafka, Avro"
          + " single-object encoded values with the schemas of schemas/avro)")
  @Default.String("json")
  String getFormat();

  void setFormat(String value);

  @Description("Also write every parsed input (conn, dns, http, ssl, x509, syslog) as an output")
  @Default.Boolean(false)
  boolean getWriteParsed();

  void setWriteParsed(boolean value);

  @Description("Print only the final summary, no progress")
  @Default.Boolean(false)
  boolean getQuiet();

  void setQuiet(boolean value);
}
