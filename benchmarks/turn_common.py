"""What the TURN benchmarks (join_time.py, turn_latency.py) do to the join page in Chromium."""

from __future__ import annotations

# Before the join page's own script: relay-only ICE (iceTransportPolicy "relay") through the
# one TURN URL given, of those the hub's "hello" offers. Nothing changes without a URL.
RELAY_ONLY = """
(() => {
  const url = URL_CHOSEN;
  if (!url) return;
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = function (config, ...rest) {
    const chosen = Object.assign({}, config || {});
    chosen.iceTransportPolicy = 'relay';
    chosen.iceServers = (chosen.iceServers || []).map((s) => Object.assign({}, s,
      { urls: [].concat(s.urls).filter((u) => u === url) })).filter((s) => s.urls.length);
    return new Native(chosen, ...rest);
  };
  window.RTCPeerConnection.prototype = Native.prototype;
})();
"""

# The page's selected candidate pair, as its local candidate's type ("host", "prflx") or
# "relay/<how it reaches the TURN server>" ("relay/udp", "relay/tcp", "relay/tls").
SELECTED = """async () => { const stats = await window.facilitator.pc.getStats();
    let pair = null;
    stats.forEach((r) => {
        if (r.type === 'transport') pair = stats.get(r.selectedCandidatePairId); });
    const local = pair ? stats.get(pair.localCandidateId) : null;
    if (!local) return null;
    return local.candidateType === 'relay' ? 'relay/' + local.relayProtocol
                                           : local.candidateType; }"""


def relay_only(url: str | None) -> str:
    """The init script forcing `url` (None: the page as it comes)."""
    return RELAY_ONLY.replace("URL_CHOSEN", repr(url or ""))
