"""The chair's window with its media hub: a real remote peer waits, is admitted, is excluded."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from facilitator.app import ConferenceSession
from facilitator.meeting.runtime import MeetingOptions
from facilitator.meeting.settings import ServeSettings
from facilitator.services.loop_thread import LoopThread
from facilitator.views import PeopleGroup
from tests.live_meeting import LiveSession, live_meeting
from tests.rtc.peers import Peer
from ui.meeting_client import MeetingClient


def wait(qtbot, future: concurrent.futures.Future[Any], timeout: float = 15) -> Any:
    qtbot.waitUntil(future.done, timeout=int(timeout * 1000))
    return future.result()


@pytest.fixture
def served(created: ConferenceSession, db_path: Path, clock: Any, tmp_path: Path
           ) -> Iterator[MeetingClient]:
    options = MeetingOptions(serve=ServeSettings(port=0, tls=True, room_audio=False),
                             transcription=False, room_microphone=False, tiles=True,
                             certificate_dir=tmp_path / "certs")
    yield from live_meeting(created, db_path, clock, options)


def test_admit_from_the_window_and_exclusion_reaches_the_peer(qtbot, served: MeetingClient,  # type: ignore[no-untyped-def]
                                                              store: Any, clock: Any) -> None:
    from facilitator.domain.commands import agenda
    from ui.chair_window import ChairWindow

    window = ChairWindow(served)
    qtbot.addWidget(window)
    window.show()
    session = LiveSession(served, store, clock)
    session.execute(agenda.start_meeting)
    hub = served
    assert hub.url.startswith("https://127.0.0.1:")
    rows = hub.call(hub.runtime.join_links)
    jade_link = next(link for name, link, _, _ in rows if name == "Jade Thornbury")
    token = jade_link.rsplit("/", 1)[1]

    clients = LoopThread("test-clients").start()
    jade = Peer(hub.url, token, 440.0, mode="video", send_video=True)
    try:
        wait(qtbot, clients.submit(jade.connect()))
        wait(qtbot, clients.submit(jade.join()))
        qtbot.waitUntil(lambda: window.people.group_members(PeopleGroup.WAITING) ==
                        ["Jade Thornbury"], timeout=5000)
        qtbot.waitUntil(lambda: "connected" in _connection_text(window, "Jade Thornbury"),
                        timeout=10000)
        # the line's quality follows within a statistics round (every 2 s)
        qtbot.waitUntil(lambda: "good line" in _connection_text(window, "Jade Thornbury"),
                        timeout=8000)

        window.people.select([hub.conference.attendees[a].id
                              for a in hub.conference.waiting])
        qtbot.mouseClick(window.people.admit_button, Qt.MouseButton.LeftButton)
        assert window.people.group_members(PeopleGroup.VIDEO) == ["Jade Thornbury"]
        # her camera is decoded once by the hub and shown as a tile in the chair's window
        qtbot.waitUntil(lambda: sum(window.video.frames.values()) >= 3, timeout=10000)
        image = window.video.tiles[next(iter(window.video.tiles))][0].pixmap().toImage()
        assert (image.width(), image.height()) == (192, 144)
        wait(qtbot, clients.submit(jade.wait_for(lambda m: m.get("state") == "in_meeting")))

        jade_id = next(a.id for a in session.conference.attendees.values()
                       if a.name == "Jade Thornbury")
        window.ask_exclusion = lambda people: __import__("ui.dialogs").dialogs.ExclusionRequest(
            frozenset({__import__("facilitator.domain.segments").domain.segments
                       .ExclusionGround.CONFIDENTIAL_INFORMATION}),
            "Priya Okonedo", "legal advice", False)
        window.people.select([jade_id])
        qtbot.mouseClick(window.people.exclude_button, Qt.MouseButton.LeftButton)
        assert window.people.group_members(PeopleGroup.OUT_OF_SEGMENT) == ["Jade Thornbury"]
        wait(qtbot, clients.submit(jade.wait_for(lambda m: m.get("state") == "waiting"
                                                 and jade.last_state() == "waiting")))
        assert not window.problem.isVisible()
    finally:
        wait(qtbot, clients.submit(jade.close()))
        clients.stop()
        window.close()


def _connection_text(window, name: str) -> str:
    tree = window.people.tree
    for g in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(g)
        for i in range(group.childCount()):
            if group.child(i).text(0) == name:
                return group.child(i).text(1)  # role, agency, needs and connection
    return ""
