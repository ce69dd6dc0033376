"""Links, tokens, malformed signalling and the chair's API, against a real server."""

from __future__ import annotations

import asyncio
import ssl
from datetime import timedelta
from pathlib import Path

import aiohttp
import aiortc

from facilitator.services.rtc.credentials import CredentialError
from facilitator.services.rtc.forward import check_aiortc_internals

from .harness import running_hub
from .peers import tone_power
from .test_hub_audio import A_TONE, B_TONE, HEARD, JADE, LIAM, run


def _insecure() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


async def _get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as client, client.get(url, ssl=_insecure()) as response:
        return response.status, await response.text()


def test_join_page_refuses_wrong_expired_and_revoked_links(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            good = hub.token(JADE)
            status, text = await _get(f"{hub.url}/join/{good}")
            assert status == 200 and "Join the conference" in text
            status, text = await _get(f"{hub.url}/join/{good[:-2]}xx")
            assert status == 403 and "This link is not valid" in text
            assert "Jade" not in text

            expired = hub.credentials.issue(hub.meeting.conference.id, hub.person(LIAM),
                                            hub.meeting.now() - timedelta(minutes=1))
            status, text = await _get(f"{hub.url}/join/{expired.token}")
            assert status == 403 and "expired" in text

            hub.credentials.revoke(good, hub.meeting.now())
            status, text = await _get(f"{hub.url}/join/{good}")
            assert status == 403 and "withdrawn" in text

            # a link for another conference is refused even if the token is real
            try:
                hub.credentials.check(expired.token, "another-conference", hub.meeting.now())
            except CredentialError as refused:
                assert "not valid" in str(refused)
            else:
                raise AssertionError("a link worked for another conference")

    run(scenario())


def test_a_link_already_in_the_meeting_cannot_be_used_twice(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            jade = hub.peer(JADE, A_TONE)
            await jade.connect()
            await jade.join()
            status, _ = await _get(f"{hub.url}/join/{jade.token}")
            assert status == 200  # the page itself (a reload asks for it too): the socket decides
            twin = hub.peer(JADE, A_TONE)
            twin.token = jade.token
            await twin.connect()
            refused = await twin.wait_for(lambda m: m["type"] == "error")
            assert refused["fatal"] and "already in use" in refused["message"]
            assert len(hub.running.server.hub.peers) == 1
            await jade.close()
            await twin.close()

    run(scenario())


def test_phone_code_and_pin(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            credential = hub.credentials.issue_for(hub.meeting.conference, hub.person(JADE))
            assert len(credential.code) == 8 and len(credential.pin) == 8
            async with aiohttp.ClientSession() as client:
                async with client.post(f"{hub.url}/phone", ssl=_insecure(),
                                       data={"code": credential.code, "pin": credential.pin},
                                       allow_redirects=False) as response:
                    assert response.status == 303
                    assert response.headers["Location"] == f"/join/{credential.token}"
                wrong = "00000000" if credential.pin != "00000000" else "11111111"
                async with client.post(f"{hub.url}/phone", ssl=_insecure(),
                                       data={"code": credential.code, "pin": wrong}) as response:
                    assert response.status == 403
                    assert "do not match" in await response.text()

    run(scenario())


def test_malformed_signalling_gets_an_error_and_others_are_unaffected(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            jade, liam = hub.peer(JADE, A_TONE), hub.peer(LIAM, B_TONE)
            await hub.join_and_admit(jade, liam)
            for bad, expected in (
                ("this is not json", "not JSON"),
                ('["a list"]', "expected a JSON object"),
                ('{"type": "teleport"}', "unknown message type"),
                ('{"type": "offer", "sdp": 42}', "offer needs an SDP"),
                ('{"type": "mute"}', "mute needs 'on'"),
                ('{"type": "join", "mode": "video"}', "already joined"),
                ('{"type": "offer", "sdp": "v=0 garbage"}', ""),
            ):
                count = len([m for m in jade.messages if m["type"] == "error"])
                await jade.send(bad)
                error = await jade.wait_for(
                    lambda m, c=count: m["type"] == "error"
                    and len([x for x in jade.messages if x["type"] == "error"]) > c)
                assert expected in error["message"] and not error["fatal"]
            heard = await liam.listen_for(1.0)
            assert tone_power(heard, A_TONE) > HEARD, "the hub stopped serving"
            await jade.send({"type": "ping"})
            await jade.wait_for(lambda m: m["type"] == "pong")
            for peer in (jade, liam):
                await peer.close()

    run(scenario())


def test_the_api_needs_the_chairs_token(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            status, body = await hub.api("GET", "/api/state", token="nonsense")
            assert status == 401
            status, body = await hub.api("GET", "/api/state", token=hub.token(JADE))
            assert status == 401, "a participant's link must not drive the meeting"
            status, body = await hub.api("GET", "/api/state")
            assert status == 200
            assert body["stage"] == "Welcome, purpose and agenda"
            status, body = await hub.api("POST", "/api/admit", {"attendee_ids": [hub.person(JADE)]})
            assert status == 409 and "not in the waiting room" in body["error"]
            status, body = await hub.api("POST", "/api/exclude", {
                "attendee_ids": [hub.person(JADE)], "grounds": ["no_such_ground"],
                "requested_by": "x", "reason": "y"})
            assert status == 400 and "unknown ground" in body["error"]
            status, body = await hub.api("GET", "/api/links")
            names = {link["name"] for link in body["links"]}
            assert {"Jade Thornbury", "Liam Ashcombe", "DC Tom Reddaway"} <= names
            assert all(len(link["path"]) > 40 for link in body["links"])
            status, body = await hub.api("POST", "/api/stage/next", {})
            assert status == 200 and hub.meeting.conference.agenda.current.id == "introductions"

    run(scenario())


def test_video_is_forwarded_without_decoding_and_not_to_the_excluded(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            liam = hub.peer(LIAM, B_TONE, mode="video", send_video=True)
            jade = hub.peer(JADE, A_TONE, mode="video", video_slots=2)
            await hub.join_and_admit(liam, jade)
            for _ in range(100):
                if jade.video_frames >= 20:
                    break
                await asyncio.sleep(0.1)
            assert jade.video_frames >= 20, "Liam's camera did not reach Jade"
            source = hub.running.server.hub.peers[hub.person(LIAM)].camera
            assert source is not None and source.frames_in >= 20
            slot = hub.running.server.hub.peers[hub.person(JADE)].slots[0]
            assert slot.frames_out >= 20

            from facilitator.domain.segments import ExclusionGround
            hub.meeting.exclude([hub.person(JADE)],
                                [ExclusionGround.CHILD_REQUEST], "Priya Okonedo", "child asked")
            await asyncio.sleep(0.5)
            before = jade.video_frames
            await asyncio.sleep(1.5)
            assert jade.video_frames - before <= 1, "the excluded person still sees video"
            for peer in (liam, jade):
                await peer.close()

    run(scenario())


def test_aiortc_internals_the_forwarder_relies_on() -> None:
    assert aiortc.__version__ == "1.16.0", "the forwarder is pinned to aiortc 1.16.0 internals"
    check_aiortc_internals()


def test_the_room_camera_is_encoded_once_for_everyone_in_the_meeting(tmp_path: Path) -> None:
    from facilitator.domain.segments import ExclusionGround
    from facilitator.services.rtc.room_camera import RoomCamera, test_pattern

    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            media = hub.running.server.hub
            camera = RoomCamera(test_pattern(fps=15), fps=15, size=(320, 240))
            media.room_camera = camera
            camera.start()
            jade = hub.peer(JADE, A_TONE, mode="video", video_slots=1)
            liam = hub.peer(LIAM, B_TONE, mode="video", video_slots=1)
            await hub.join_and_admit(jade, liam)
            for _ in range(100):
                if jade.video_frames >= 15 and liam.video_frames >= 15:
                    break
                await asyncio.sleep(0.1)
            assert jade.video_frames >= 15 and liam.video_frames >= 15
            # one encoding for both viewers: frames encoded per second stay at the frame rate
            # (an encoder per viewer would make twice as many)
            before = camera.encoded
            await asyncio.sleep(2.0)
            assert camera.encoded - before <= 2.0 * 15 * 1.25
            hub.meeting.exclude([hub.person(JADE)],
                                [ExclusionGround.CHILD_REQUEST], "Priya Okonedo", "asked")
            await asyncio.sleep(0.5)
            before = jade.video_frames
            await asyncio.sleep(1.0)
            assert jade.video_frames - before <= 1, "the excluded person still sees the room"
            await camera.stop()
            for peer in (jade, liam):
                await peer.close()

    run(scenario())
