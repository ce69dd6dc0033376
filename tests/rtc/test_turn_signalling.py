"""The hub gives each connection its own short-lived TURN credential: in the signalling
"hello" (never in the page), and another for its own side of the call."""

from __future__ import annotations

import ssl
from pathlib import Path

import aiohttp
import pytest

from facilitator.cli import main
from facilitator.domain.clock import SystemClock
from facilitator.meeting.settings import ServeSettings
from facilitator.services.rtc.turn import TurnSettingsError, turn_password
from facilitator.services.rtc.turn_options import turn_settings_from

from .harness import prepared_conference, running_hub
from .test_hub_audio import A_TONE, JADE, run

SECRET = "test-shared-secret-0123456789"
URLS = ("turn:198.51.100.3:3478?transport=udp", "turn:198.51.100.3:3478?transport=tcp",
        "turns:198.51.100.3:443?transport=tcp")


def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "turn-secret"
    path.write_text(SECRET + "\n")
    path.chmod(0o600)
    return path


def test_each_connection_gets_its_own_credential_in_the_hello_and_never_in_the_page(
        tmp_path: Path) -> None:
    settings = ServeSettings(port=0, turn_servers=URLS, turn_secret_file=secret_file(tmp_path))

    async def scenario() -> None:
        async with running_hub(tmp_path, settings=settings) as hub:
            media = hub.running.server.hub
            media.wall_clock = lambda: 1_700_000_000.25
            jade_id = hub.person(JADE)
            first = hub.peer(JADE, A_TONE)
            await first.connect()
            hello = await first.wait_for(lambda m: m["type"] == "hello")
            (turn,) = hello["ice_servers"]
            assert turn["urls"] == list(URLS)
            assert turn["username"] == f"1700003600:{jade_id}"
            assert turn["credential"] == turn_password(SECRET, turn["username"])

            await first.send({"type": "join", "mode": "phone"})
            await first.wait_for(lambda m: m["type"] == "state")
            (own,) = media.peers[jade_id].ice_servers
            assert own.username == f"1700003600:hub-{jade_id}"
            assert own.credential == turn_password(SECRET, own.username)
            assert own.urls[0] == URLS[0], "the hub's own side uses TURN over UDP first"

            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            async with aiohttp.ClientSession() as client, client.get(
                    f"{hub.url}/join/{hub.token(JADE)}", ssl=context) as page:
                text = await page.text()
            assert page.status == 200
            assert turn["credential"] not in text and "turn:" not in text and SECRET not in text
            await first.close()

            media.wall_clock = lambda: 1_700_000_900.0  # a reconnection, 15 minutes on
            again = hub.peer(JADE, A_TONE)
            await again.connect()
            renewed = (await again.wait_for(lambda m: m["type"] == "hello"))["ice_servers"][0]
            assert renewed["username"] == f"1700004500:{jade_id}"
            await again.close()

    run(scenario())


def test_without_turn_the_hello_offers_no_server_at_all(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            peer = hub.peer(JADE, A_TONE)
            await peer.connect()
            hello = await peer.wait_for(lambda m: m["type"] == "hello")
            assert hello["ice_servers"] == []  # no third party by default
            await peer.close()

    run(scenario())


def test_serve_options_and_environment(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    path = secret_file(tmp_path)
    assert turn_settings_from(None, None, {}) == ((), None)
    assert turn_settings_from(["turn:t.example"], str(path), {}) == (
        ("turn:t.example:3478?transport=udp",), path)
    environ = {"FACILITATOR_TURN": "turn:t.example:3478?transport=udp "
                                   "turns:t.example:443?transport=tcp",
               "FACILITATOR_TURN_SECRET_FILE": str(path)}
    assert turn_settings_from(None, None, environ) == (
        ("turn:t.example:3478?transport=udp", "turns:t.example:443?transport=tcp"), path)
    with pytest.raises(TurnSettingsError, match="--turn-secret-file"):
        turn_settings_from(["turn:t.example"], None, {})
    with pytest.raises(TurnSettingsError, match="cannot read"):
        turn_settings_from(["turn:t.example"], str(tmp_path / "missing"), {})

    db = tmp_path / "serve.sqlite3"
    conference = prepared_conference(db, SystemClock(), start_meeting=False)
    status = main(["--db", str(db), "serve", "--headless", "--conference", conference,
                   "--turn", "turn:t.example"])
    assert status == 2
    assert "--turn-secret-file" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--db", str(db), "serve", "--headless", "--conference", conference,
              "--turn", "stun:t.example", "--turn-secret-file", str(path)])
    assert "not a TURN URL" in capsys.readouterr().err


def test_connected_pages_get_fresh_credentials_before_theirs_expire(tmp_path: Path) -> None:
    settings = ServeSettings(port=0, turn_servers=URLS, turn_secret_file=secret_file(tmp_path),
                             turn_lifetime=2)

    async def scenario() -> None:
        async with running_hub(tmp_path, settings=settings) as hub:
            peer = hub.peer(JADE, A_TONE)
            await peer.connect()
            first = (await peer.wait_for(lambda m: m["type"] == "hello"))["ice_servers"][0]
            renewed = (await peer.wait_for(lambda m: m["type"] == "ice_servers",
                                           timeout=3))["ice_servers"][0]
            assert renewed["urls"] == list(URLS)
            assert int(renewed["username"].split(":")[0]) > int(first["username"].split(":")[0])
            assert renewed["credential"] == turn_password(SECRET, renewed["username"])
            await peer.close()

    run(scenario())
