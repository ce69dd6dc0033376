"""The answerer's half of an ICE restart, which aiortc does not do by itself.

A phone that changes network (or whose NAT forgets its mapping) calls `restartIce()` and
sends a new offer with new ICE credentials (RFC 8445 section 9; JSEP: the answer must carry
new ones too). aiortc keeps its first ICE credentials for ever and ignores the new offer's
candidates, so the phone's checks would be refused. Here, before aiortc applies such an offer,
the hub's ICE connection (aioice) takes the new remote credentials and candidates and makes
new local ones (which aiortc then puts in its answer). The connection, its DTLS session and
SRTP keys stay: once the phone's checks succeed on a new path and it nominates it, aioice
sends there (it follows the controlling side's nomination, and its consent checks go to the
new path). Relies on aioice's Connection attributes (aioice 0.13, pinned in
requirements.lock); `tests/rtc/test_ice_restart.py` fails loudly if they change.
"""

from __future__ import annotations

import logging
from typing import Any

from aioice.mdns import is_mdns_hostname
from aioice.utils import random_string
from aiortc import RTCPeerConnection
from aiortc.rtcicetransport import candidate_to_aioice
from aiortc.sdp import SessionDescription

log = logging.getLogger(__name__)


def ice_connection(pc: RTCPeerConnection) -> Any | None:
    """The aioice connection of a bundled peer connection (every m-line shares it)."""
    for transceiver in pc.getTransceivers():
        return transceiver.receiver.transport.transport._connection
    return None


def offered_credentials(offer_sdp: str) -> tuple[str, str] | None:
    description = SessionDescription.parse(offer_sdp)
    for media in description.media:
        if media.ice is not None and media.ice.usernameFragment and media.ice.password:
            return media.ice.usernameFragment, media.ice.password
    return None


def restart_if_asked(pc: RTCPeerConnection, offer_sdp: str) -> bool:
    """Apply an offer's ICE restart to the running connection, before aiortc sees the offer.
    False (nothing done) for a first offer or a renegotiation with the same credentials."""
    connection = ice_connection(pc)
    offered = offered_credentials(offer_sdp)
    if connection is None or offered is None or connection.remote_username is None:
        return False
    if offered == (connection.remote_username, connection.remote_password):
        return False
    connection.remote_username, connection.remote_password = offered
    connection._local_username = random_string(4)  # the answer carries new ones (JSEP)
    connection._local_password = random_string(22)
    added = 0
    for media in SessionDescription.parse(offer_sdp).media:
        for candidate in media.ice_candidates:
            if candidate.component != 1 or is_mdns_hostname(candidate.ip):
                continue  # an mDNS host is found by its checks (peer-reflexive) instead
            connection._add_remote_candidate(candidate_to_aioice(candidate), candidate.ip)
            added += 1
        break  # bundled: the first m-line's candidates are everyone's
    log.info("ICE restart: %d new remote candidates", added)
    return True
