package io.zeekbeam.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where the logs come from. */
public interface InputOptions extends PipelineOptions {
  @Description(
      "Logs to read: files, directories and globs, comma-separated, mixed; gzip is detected."
          + " Zeek conn/dns/http/ssl/x509 logs (TSV or JSON) are recognised by header, _path or"
          + " name; other files are read as syslog")
  String getInput();

  void setInput(String value);

  @Description(
      "Year of the first line of year-less syslog files (RFC 3164); by default inferred from"
          + " the file's modification time. A Dec->Jan step within a file moves to the next year")
  Integer getSyslogYear();

  void setSyslogYear(Integer value);

  @Description("Time zone of syslog timestamps that carry none, e.g. UTC or Europe/Berlin")
  @Default.String("UTC")
  String getSyslogTimeZone();

  void setSyslogTimeZone(String value);
}
