"""`facilitator open --hub CHAIR_LINK`: the window opens the conference the link names on a
remote hub; the embedded hub stays the default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from facilitator import cli
from facilitator.meeting.room_link_client import RoomLinkSettings
from facilitator.services.chair_link import ChairLink

TOKEN = "t" * 43
PIN = "ab" * 32


def run(*argv: str) -> tuple[int, list[Any], list[Any]]:
    hubs: list[Any] = []
    windows: list[Any] = []

    def open_hub(link: ChairLink, screenshot: Path | None, room: RoomLinkSettings | None
                 ) -> int:
        hubs.append((link, screenshot, room))
        return 0

    def open_window(*args: Any) -> int:
        windows.append(args)
        return 0

    code = cli.main(list(argv), open_window=open_window, open_hub=open_hub)
    return code, hubs, windows


def test_open_with_a_chair_link_opens_the_remote_hub() -> None:
    code, hubs, windows = run("open", "--hub",
                              f"https://hub.council.example/c/h-abc/#chair={TOKEN}&sha256={PIN}")
    assert code == 0 and windows == []
    link = ChairLink("https://hub.council.example/c/h-abc", TOKEN, PIN)
    # the chair's computer joins as the meeting room unless told not to
    assert hubs == [(link, None, RoomLinkSettings())]


def test_the_room_link_takes_its_devices_or_is_switched_off() -> None:
    text = f"https://hub.council.example/c/h-abc/#chair={TOKEN}&sha256={PIN}"
    _, hubs, _ = run("open", "--hub", text, "--room-input", "USB Speakerphone",
                     "--room-output", "USB Speakerphone", "--room-camera", "/dev/video0")
    assert hubs[0][2] == RoomLinkSettings("USB Speakerphone", "USB Speakerphone", "/dev/video0")
    _, hubs, _ = run("open", "--hub", text, "--no-room-audio")
    assert hubs[0][2] is None


def test_a_link_without_a_token_is_refused_before_any_window(capsys: Any) -> None:
    code, hubs, windows = run("open", "--hub", "https://hub.council.example/c/h-abc/")
    assert code != 0 and hubs == [] and windows == []
    assert "no valid token" in capsys.readouterr().err


def test_without_hub_the_window_is_its_own_hub(tmp_path: Path) -> None:
    code, hubs, windows = run("--db", str(tmp_path / "db.sqlite3"), "--no-serve", "open")
    assert code == 0 and hubs == [] and len(windows) == 1
