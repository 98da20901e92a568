package io.zeekbeam.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The options of {@code zeekbeam run}. Each group is its own interface so that the help can show
 * them grouped, and so that later sources (Kafka) add an interface rather than grow this one.
 */
public interface RunOptions
    extends RunOptions.InputOptions, RunOptions.AnalyticsOptions, RunOptions.OutputOptions {

  /** Where the logs come from. */
  interface InputOptions extends PipelineOptions {
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

  /** Which analytics run, and their configuration. */
  interface AnalyticsOptions extends PipelineOptions {
    @Description("Analytics to run: all, or a comma-separated list of analytic ids")
    @Default.String("all")
    String getAnalytics();

    void setAnalytics(String value);

    @Description(
        "Local networks as CIDRs (IPv4 and IPv6), comma-separated; decide local_orig when Zeek"
            + " did not log it")
    @Default.String(
        "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7,169.254.0.0/16,fe80::/10")
    String getLocalNets();

    void setLocalNets(String value);

    @Description("Watchlist of domains: CSV id,dateadded,domain,source, or one domain a line")
    String getWatchlist();

    void setWatchlist(String value);

    @Description("MaxMind GeoIP2/GeoLite2 City database (.mmdb) for the geo enrichment")
    String getGeoipCity();

    void setGeoipCity(String value);

    @Description("MaxMind GeoIP2/GeoLite2 ASN database (.mmdb) for the ASN enrichment")
    String getGeoipAsn();

    void setGeoipAsn(String value);
  }

  /** Where the results go. */
  interface OutputOptions extends PipelineOptions {
    @Description("Folder for the results: one sub-folder per output, and dead-letter/")
    String getOutput();

    void setOutput(String value);

    @Description("Output format: json (JSON lines) or avro")
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
}
