"""Network trouble: a lost camera packet, a lossy line, a network that drops mid-meeting."""

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


def test_the_chair_sees_a_lossy_line_as_poor_and_a_clean_one_as_good(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            media = hub.running.server.hub
            seen: dict[str, str] = {}
            media.notices.append(lambda notice: seen.__setitem__(notice.attendee_id,
                                                                 notice.quality))
            liam = hub.peer(LIAM, B_TONE, mode="video", send_video=True)
            jade = hub.peer(JADE, A_TONE)
            await hub.join_and_admit(liam, jade)
            transport = camera_sender(liam).transport
            send_rtp = transport._send_rtp
            sent = {"packets": 0}

            async def drop_one_in_four(data: bytes) -> None:
                sent["packets"] += 1
                if sent["packets"] % 4:
                    await send_rtp(data)

            transport._send_rtp = drop_one_in_four  # type: ignore[method-assign]
            for _ in range(80):
                if seen.get(hub.person(LIAM), "").startswith("poor"):
                    break
                await asyncio.sleep(0.1)
            assert seen.get(hub.person(LIAM), "").startswith("poor line ("), seen
            assert "% lost" in seen[hub.person(LIAM)]
            assert seen.get(hub.person(JADE)) == "good line", seen
            for peer in (liam, jade):
                await peer.close()

    run(scenario())


def test_after_a_network_drop_the_same_link_gets_straight_back_in(tmp_path: Path) -> None:
    """The old connection still looks open to the hub; it is asked, does not answer, and the
    person's new connection replaces it within seconds (not refused as "already in use")."""
    from .peers import tone_power

    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            jade, liam = hub.peer(JADE, A_TONE), hub.peer(LIAM, B_TONE)
            await hub.join_and_admit(jade, liam)
            jade.lose_network()
            await asyncio.sleep(0.5)
            assert hub.running.server.hub.connected(hub.person(JADE)), "the hub noticed at once"

            loop = asyncio.get_running_loop()
            started = loop.time()
            again = hub.peer(JADE, A_TONE)
            await again.connect()
            hello = await again.wait_for(lambda m: m["type"] in ("hello", "error"))
            assert hello["type"] == "hello", hello
            await again.join()
            assert again.last_state() == "in_meeting"
            assert loop.time() - started < 4.0
            heard_by_liam = await liam.listen_for(1.5)
            assert tone_power(heard_by_liam, A_TONE) > 0.02, "Jade's voice did not come back"
            for peer in (again, liam):
                await peer.close()
            await jade.close(abruptly=True)

    run(scenario())


def test_an_excluded_person_whose_network_drops_comes_back_to_the_waiting_screen(
        tmp_path: Path) -> None:
    from facilitator.domain.segments import ExclusionGround

    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            jade, liam = hub.peer(JADE, A_TONE), hub.peer(LIAM, B_TONE)
            await hub.join_and_admit(jade, liam)
            hub.meeting.exclude([hub.person(JADE)],
                                [ExclusionGround.CONFIDENTIAL_INFORMATION], "Priya Okonedo",
                                "legal advice")
            jade.lose_network()
            again = hub.peer(JADE, A_TONE)
            await again.connect()
            await again.join()
            assert again.last_state() == "waiting"
            for peer in (again, liam):
                await peer.close()
            await jade.close(abruptly=True)

    run(scenario())
