package io.zeekbeam.transforms.analytics;

import io.zeekbeam.schemas.ZeekConn;
import io.zeekbeam.transforms.enrich.LocalNets;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code inbound} (the walkthrough's INBOUND_STREAM): connections that did not originate locally
 * and whose responder is on a local network.
 *
 * <p>Input: conn records. Output: the same records, unchanged ({@code SELECT *}), with their event
 * times. No window, no state, so no lateness: a record is in or out on its own. The walkthrough's
 * {@code "id.resp_h" LIKE '192.168.1%'} is replaced by CIDR membership in {@link LocalNets} (IPv4 and
 * IPv6); where Zeek did not log {@code local_orig}, it is decided from {@code id.orig_h} and the
 * same networks.
 */
public final class InboundConnections extends PTransform<PCollection<ZeekConn>, PCollection<ZeekConn>> {
  private static final long serialVersionUID = 1L;
  private final LocalNets localNets;

  private InboundConnections(LocalNets localNets) {
    this.localNets = localNets;
  }

  /** Inbound connections to the default local networks (RFC 1918, RFC 4193, link-local). */
  public static InboundConnections create() {
    return new InboundConnections(LocalNets.defaults());
  }

  public InboundConnections withLocalNets(LocalNets nets) {
    return new InboundConnections(nets);
  }

  /** Whether Zeek's {@code local_orig}, or failing it our networks, says the origin is local. */
  static boolean originatedLocally(ZeekConn c, LocalNets nets) {
    Boolean logged = c.getLocalOrig();
    return logged != null ? logged : nets.contains(c.getOrigH());
  }

  @Override
  public PCollection<ZeekConn> expand(PCollection<ZeekConn> conns) {
    LocalNets nets = localNets;
    return conns.apply(
        "NotLocalOriginToLocalResponder",
        Filter.by(c -> !originatedLocally(c, nets) && nets.contains(c.getRespH())));
  }
}
