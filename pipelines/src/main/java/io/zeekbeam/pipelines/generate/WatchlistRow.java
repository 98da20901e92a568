package io.zeekbeam.pipelines.generate;

import java.util.List;
import java.util.Locale;

/**
 * A row of the generated {@code watchlist.csv} ({@code id,dateadded,domain,source}), with the
 * matching rules of the {@code watchlist-*} analytics: case-insensitive, a trailing dot ignored, an
 * HTTP host's {@code :port} stripped, and optionally subdomains.
 */
record WatchlistRow(String id, String dateAdded, String domain, String source) {

  String csv() {
    return id + "," + dateAdded + "," + domain + "," + source;
  }

  /** A DNS name as the watchlist compares it. */
  static String normalise(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  /** An HTTP {@code host} header without its port ({@code ads.example.com:8080}). */
  static String hostWithoutPort(String host) {
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close < 0 ? host : host.substring(1, close);
    }
    int colon = host.indexOf(':');
    return colon >= 0 && colon == host.lastIndexOf(':') ? host.substring(0, colon) : host;
  }

  /**
   * The entry a name matches, or null. With subdomains, the most specific listed parent wins (the
   * generated list has no entry that is a subdomain of another, so there is never a choice).
   */
  static WatchlistRow match(List<WatchlistRow> list, String name, boolean subdomains) {
    if (name == null) {
      return null;
    }
    String n = normalise(name);
    WatchlistRow best = null;
    for (WatchlistRow e : list) {
      boolean hit = n.equals(e.domain) || (subdomains && n.endsWith("." + e.domain));
      if (hit && (best == null || e.domain.length() > best.domain.length())) {
        best = e;
      }
    }
    return best;
  }
}
