package io.zeekbeam.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Which analytics run, and their configuration. */
public interface AnalyticsOptions extends PipelineOptions {
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

  @Description(
      "Watchlist matching also of subdomains: x.ads.example.com matches a listed ads.example.com")
  @Default.Boolean(false)
  boolean getWatchlistSubdomains();

  void setWatchlistSubdomains(boolean value);

  @Description("ssh-brute-force: alert when a group's failures in a window are more than this")
  @Default.Long(10)
  long getBruteForceThreshold();

  void setBruteForceThreshold(long value);

  @Description("ssh-brute-force: window size, e.g. 5s, 1m or PT5S")
  @Default.String("5s")
  String getBruteForceWindow();

  void setBruteForceWindow(String value);

  @Description(
      "ssh-brute-force: slide the window by this step (sliding windows catch a burst that"
          + " straddles a boundary); tumbling windows when unset")
  String getBruteForceSlide();

  void setBruteForceSlide(String value);

  @Description(
      "ssh-brute-force: failure kinds that count, from INVALID_USER, FAILED_PASSWORD,"
          + " FAILED_OTHER, CLOSED_PREAUTH")
  @Default.String("INVALID_USER,FAILED_PASSWORD,FAILED_OTHER")
  String getBruteForceKinds();

  void setBruteForceKinds(String value);

  @Description(
      "ssh-brute-force: group by 'source' (HOST, SRC_IP) or by 'message' (HOST, TAG and the whole"
          + " MESSAGE, as the walkthrough did)")
  @Default.String("source")
  String getBruteForceGroupBy();

  void setBruteForceGroupBy(String value);

  @Description(
      "How long after a window closes (or a join's partner could arrive) a record still counts;"
          + " later records are dead-lettered. Batch runs have no late records")
  @Default.String("0s")
  String getAllowedLateness();

  void setAllowedLateness(String value);
}
