"""A camera packet lost for good: the others see that camera again at once, not 15 s later."""

from __future__ import annotations

import asyncio
import struct
from pathlib import Path
from typing import Any

from aiortc import RTCRtpSender

from .harness import running_hub
from .test_hub_audio import A_TONE, B_TONE, JADE, LIAM, run


def lose_one_video_packet_for_good(sender: RTCRtpSender) -> dict[str, int]:
    """Drop the sender's 60th video packet on its way out, and every retransmission of it."""
    dropped = {"packets": 0}
    transport = sender.transport
    send_rtp = transport._send_rtp
    counted = {"video": 0}

    async def lossy_send(data: bytes) -> None:
        is_rtp = len(data) > 12 and not 192 <= data[1] <= 223  # RTCP goes this way too
        if is_rtp and struct.unpack("!I", data[8:12])[0] == sender._ssrc:
            counted["video"] += 1
            if counted["video"] == 60:
                dropped["packets"] += 1
                return
        await send_rtp(data)

    async def no_retransmission(sequence_number: int) -> None:
        return None

    transport._send_rtp = lossy_send  # type: ignore[method-assign]
    sender._retransmit = no_retransmission  # type: ignore[method-assign]
    return dropped


def camera_sender(peer: Any) -> RTCRtpSender:
    return next(s for s in peer.pc.getSenders() if s.track is not None and s.track.kind == "video")


def test_a_lost_camera_packet_costs_a_moment_then_the_picture_restarts_at_a_key_frame(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            liam = hub.peer(LIAM, B_TONE, mode="video", send_video=True)
            jade = hub.peer(JADE, A_TONE, mode="video", video_slots=1)
            await hub.join_and_admit(liam, jade)
            dropped = lose_one_video_packet_for_good(camera_sender(liam))
            camera = hub.running.server.hub.peers[hub.person(LIAM)].camera
            assert camera is not None
            for _ in range(100):
                if dropped["packets"]:
                    break
                await asyncio.sleep(0.05)
            assert dropped["packets"] == 1, "the lossy link never dropped the packet"
            await asyncio.sleep(1.0)  # the buffer gives up after 0.2 s; a key frame follows
            before = jade.video_frames
            await asyncio.sleep(2.0)
            # aiortc's own buffer would hold every later frame until 512 packets had come
            assert jade.video_frames - before >= 40, "Liam's camera froze for Jade"
            assert camera.jitter.gaps_skipped == 1
            for peer in (liam, jade):
                await peer.close()

    run(scenario())
