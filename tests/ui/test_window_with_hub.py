"""The chair's window with its media hub: a real remote peer waits, is admitted, is excluded."""

from __future__ import annotations

import concurrent.futures
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from facilitator.services.loop_thread import LoopThread
from facilitator.services.rtc.serve import ServeSettings
from facilitator.views import PeopleGroup
from tests.rtc.peers import Peer
from ui.hub_controller import HubController


def wait(qtbot, future: concurrent.futures.Future[Any], timeout: float = 15) -> Any:
    qtbot.waitUntil(future.done, timeout=int(timeout * 1000))
    return future.result()


def test_admit_from_the_window_and_exclusion_reaches_the_peer(qtbot, window, session, db_path,
                                                              tmp_path: Path) -> None:
    from facilitator.domain.commands import agenda
    session.execute(agenda.start_meeting)
    hub = HubController(window.bridge, db_path, ServeSettings(port=0, tls=True),
                        tmp_path / "certs")
    window.attach_hub(hub)
    with qtbot.waitSignal(hub.started, timeout=10000):
        pass
    assert hub.url.startswith("https://127.0.0.1:")
    rows = hub.links()
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

        window.people.select([hub.bridge.conference.attendees[a].id
                              for a in hub.bridge.conference.waiting])
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
                return group.child(i).text(2)
    return ""
