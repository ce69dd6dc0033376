"""A withdrawn link closes what it has open; one connection per link, decided at once."""

from __future__ import annotations

import asyncio
import contextlib
import json
import ssl
from pathlib import Path

import aiohttp

from facilitator.services.rtc.peer import PeerState

from .harness import running_hub
from .peers import Peer, tone_power
from .test_hub_audio import A_TONE, B_TONE, HEARD, JADE, LIAM, run


def _insecure() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def test_revoking_a_link_closes_its_socket_call_and_media(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            jade, liam = hub.peer(JADE, A_TONE), hub.peer(LIAM, B_TONE)
            await hub.join_and_admit(jade, liam)
            heard = await liam.listen_for(1.0)
            assert tone_power(heard, A_TONE) > HEARD
            media = hub.running.server.hub
            call = media.peers[hub.person(JADE)]

            status, body = await hub.api("POST", "/api/revoke", {"token": jade.token})
            assert status == 200, body
            told = await jade.wait_for(lambda m: m["type"] == "error" and m["fatal"])
            assert "withdrawn" in told["message"]
            assert jade.ws is not None
            for _ in range(50):
                if jade.ws.closed:
                    break
                await asyncio.sleep(0.05)
            assert jade.ws.closed, "the withdrawn link's socket is still open"
            assert hub.person(JADE) not in media.peers
            assert call.state is PeerState.CLOSED and call.pc.connectionState == "closed"
            await asyncio.sleep(0.5)  # what was already on its way to Liam arrives first
            heard = await liam.listen_for(1.0)
            assert tone_power(heard, A_TONE) < HEARD / 4, "the withdrawn person is still heard"
            # a hand raised now goes nowhere, and the link cannot come back
            with contextlib.suppress(ConnectionError, RuntimeError):
                await jade.send({"type": "hand", "on": True})
            await asyncio.sleep(0.3)
            status, state = await hub.api("GET", "/api/state")
            row = next(p for p in state["people"] if p["id"] == hub.person(JADE))
            assert not row["hand_raised"]
            again = Peer(hub.url, jade.token, A_TONE)
            await again.connect()
            refused = await again.wait_for(lambda m: m["type"] == "error")
            assert refused["fatal"] and "withdrawn" in refused["message"]
            for peer in (jade, liam, again):
                await peer.close()

    run(scenario())


def test_revoke_says_what_it_did(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            for token in ("", "no-such-token", "x" * 99):
                status, body = await hub.api("POST", "/api/revoke", {"token": token})
                assert status == 404 and body["error"] == "no such link", (token, body)
            status, body = await hub.api("POST", "/api/revoke",
                                         {"token": hub.running.chair_token})
            assert status == 409 and "chair" in body["error"]
            status, _ = await hub.api("GET", "/api/state")
            assert status == 200, "the chair's token still works"
            status, body = await hub.api("POST", "/api/revoke", {"token": 5})
            assert status == 400

    run(scenario())


def test_two_devices_with_one_link_before_either_joins_do_not_both_get_in(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            first = hub.peer(JADE, A_TONE)
            second = Peer(hub.url, first.token, A_TONE)
            await asyncio.gather(first.connect(), second.connect())
            await asyncio.sleep(0.5)
            for peer in (first, second):
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await peer.send({"type": "join", "mode": "phone"})
            await asyncio.sleep(1.0)
            joined = [p for p in (first, second)
                      if any(m["type"] == "state" for m in p.messages)]
            refused = [p for p in (first, second)
                       if any(m["type"] == "error" and m.get("fatal") for m in p.messages)]
            assert len(joined) == 1 and len(refused) == 1, [p.messages for p in (first,
                                                                                 second)]
            assert list(hub.running.server.hub.peers) == [hub.person(JADE)]
            for peer in (first, second):
                await peer.close()

    run(scenario())


def test_a_connection_that_does_not_answer_is_replaced_even_before_it_joined(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            token = hub.token(JADE)
            url = hub.url.replace("http", "ws", 1) + f"/ws?token={token}"
            async with aiohttp.ClientSession() as client:
                silent = await client.ws_connect(url, ssl=_insecure())
                hello = json.loads((await silent.receive()).data)
                assert hello["type"] == "hello"
                # it never reads again, so it never answers "are you there?"
                fresh = Peer(hub.url, token, A_TONE)
                await fresh.connect()
                await fresh.join()
                assert fresh.last_state() == "waiting"
                message = await silent.receive(timeout=5)
                while message.type is aiohttp.WSMsgType.TEXT:
                    message = await silent.receive(timeout=5)
                assert silent.closed or message.type in (aiohttp.WSMsgType.CLOSE,
                                                         aiohttp.WSMsgType.CLOSED)
                assert silent.close_code == 4002 or message.data == 4002
                await fresh.close()
                await silent.close()

    run(scenario())
