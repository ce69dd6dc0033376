"""The chair's window as a client of a meeting on a remote hub, over HTTPS with the hub's
certificate pinned, through a TCP proxy the test cuts: the real runtime serving on 127.0.0.1,
the real window (offscreen) connected with a chair link."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from facilitator.app import ConferenceSession
from facilitator.domain import events as ev
from facilitator.domain.errors import DomainError
from facilitator.domain.segments import ExclusionGround
from facilitator.meeting.runtime import MeetingOptions
from facilitator.meeting.settings import ServeSettings
from facilitator.services.chair_link import ChairLink
from facilitator.services.loop_thread import LoopThread
from facilitator.views import PeopleGroup
from tests.live_meeting import live_meeting
from tests.tcp_proxy import TcpProxy
from ui.chair_meeting import InterimChoice
from ui.dialogs import ExclusionRequest
from ui.meeting_client import MeetingClient
from ui.remote_meeting import RemoteMeeting

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def hub(created: ConferenceSession, db_path: Path, clock: Any, tmp_path: Path
        ) -> Iterator[MeetingClient]:
    """The meeting runtime serving on 127.0.0.1 over HTTPS, as a hub server runs it."""
    options = MeetingOptions(serve=ServeSettings(port=0, tls=True, room_audio=False),
                             transcription=False, room_microphone=False,
                             certificate_dir=tmp_path / "certs")
    yield from live_meeting(created, db_path, clock, options)


@pytest.fixture
def proxy(hub: MeetingClient) -> Iterator[tuple[TcpProxy, LoopThread]]:
    port = int(hub.url.rsplit(":", 1)[1])
    thread = LoopThread("test-proxy").start()
    running = thread.submit(TcpProxy(port).start()).result(5)
    yield running, thread
    thread.submit(running.cut()).result(5)
    thread.stop()


def chair_link(hub: MeetingClient, port: int, token: str | None = None,
               fingerprint: str | None = None) -> ChairLink:
    running = hub.runtime.server
    assert running is not None
    return ChairLink(f"https://127.0.0.1:{port}", token or running.chair_token,
                     fingerprint or running.server.fingerprint)


def by_name(conference: Any, name: str) -> str:
    return next(a.id for a in conference.attendees.values() if a.name == name)


def click(qtbot: Any, button: Any) -> None:
    assert button.isEnabled(), f"{button.accessibleName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shoot(window: Any, name: str) -> None:
    """The window's header, for the README (only when asked: FACILITATOR_SCREENSHOTS=1)."""
    if os.environ.get("FACILITATOR_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        window.header.grab().save(str(SCREENSHOTS / f"remote-header-{name}.png"))


def test_the_chair_runs_a_remote_meeting_through_a_network_drop(  # type: ignore[no-untyped-def]
        qtbot, hub: MeetingClient, proxy: tuple[TcpProxy, LoopThread], store: Any,
        clock: Any) -> None:
    from ui.chair_window import ChairWindow

    tcp, proxy_loop = proxy
    remote = RemoteMeeting(chair_link(hub, tcp.port), clock).connect_to_hub()
    window = ChairWindow(remote)
    window.ticker.stop()
    qtbot.addWidget(window)
    window.show()
    try:
        header = window.header.connection
        assert header.isVisible() and header.text() == "Connected to hub"
        shoot(window, "connected")
        assert remote.url == hub.url  # where participants join: the hub's own address
        people, agenda = window.people, window.agenda
        jade, liam = (by_name(remote.conference, n) for n in ("Jade Thornbury", "Liam Ashcombe"))

        # The chair starts the meeting (the family has arrived; no quorum yet).
        people.select([jade, liam])
        click(qtbot, people.arrived_button)
        click(qtbot, agenda.start_button)
        assert remote.conference.started_at is not None
        assert agenda.stage_title.text() == "Welcome, purpose and agenda"

        # Excludes a parent.
        window.ask_exclusion = lambda chosen: ExclusionRequest(
            frozenset({ExclusionGround.CONFIDENTIAL_INFORMATION}), "Priya Okonedo",
            "legal advice", False)
        people.select([jade])
        click(qtbot, people.exclude_button)
        assert people.group_members(PeopleGroup.OUT_OF_SEGMENT) == ["Jade Thornbury"]
        assert store.load(remote.conference.id).excluded_now == {jade}

        # Records a decision: without quorum the hub refuses it as InterimRequired, the
        # window asks the chair why and when the conference is re-listed, and it is retried.
        asked: list[str] = []

        def interim(needed: Any) -> InterimChoice:
            asked.append(str(needed))
            return InterimChoice("The family asked to go ahead today.",
                                 needed.relist_due - timedelta(days=1))

        window.ask_interim = interim
        alfie = window.decisions.tabs["alfie"]
        alfie.plan_required.setCurrentIndex(alfie.plan_required.findData(False))
        alfie.reasons.setPlainText("Alfie's needs are met through a child in need plan.")
        window.tabs.setCurrentWidget(window.decisions)
        click(qtbot, alfie.decision_button)
        assert len(asked) == 1 and "interim" in asked[0]
        decision = store.load(remote.conference.id).decisions["alfie"]
        assert decision.plan_required is False and decision.interim_reason
        assert remote.conference.decisions["alfie"] == decision

        # The network drops while the chair issues two commands.
        before = len(store.load(remote.conference.id).log)
        proxy_loop.submit(tcp.cut()).result(5)
        qtbot.waitUntil(lambda: header.text().startswith("Reconnecting"), timeout=10000)
        assert header.text() == "Reconnecting... (commands waiting: 0)"
        first = window.run(window.api.add_note, None, "Said while the network was down.",
                           "chair")
        second = window.run(window.api.begin_break, "a short break")
        assert first == [] and second == []  # waiting, not refused
        assert not window.problem.isVisible()
        qtbot.waitUntil(lambda: header.text() == "Reconnecting... (commands waiting: 2)",
                        timeout=5000)
        shoot(window, "reconnecting")
        assert len(store.load(remote.conference.id).log) == before  # nothing reached the hub

        proxy_loop.submit(tcp.restore()).result(5)
        qtbot.waitUntil(lambda: header.text() == "Connected to hub", timeout=15000)
        qtbot.waitUntil(lambda: len(remote.conference.log) == before + 2, timeout=5000)
        stored = store.load(remote.conference.id)
        new = stored.log[before:]
        assert [type(e) for e in new] == [ev.UtteranceRecorded, ev.BreakStarted]  # in order, once
        assert new[0].text == "Said while the network was down."  # type: ignore[attr-defined]
        # the copy built remotely is the hub's conference, event for event
        assert remote.conference.log == stored.log
        assert remote.conference.decisions == stored.decisions
        assert remote.conference.excluded_now == stored.excluded_now
        assert remote.channel.connections == 2
        assert window.transcript.model.rowCount() >= 1

        # The hub stays out of reach: after a while (30 s; 1 s here) the chair is told it is
        # not connected, while it keeps trying.
        remote.channel.offline_after = 1.0
        proxy_loop.submit(tcp.cut()).result(5)
        qtbot.waitUntil(lambda: header.text().startswith("Not connected"), timeout=10000)
        assert header.text() == ("Not connected: the hub cannot be reached; still trying "
                                 "(commands waiting: 0)")
        shoot(window, "not-connected")
        # what waited is answered when the hub is back: a refusal is shown then
        assert window.run(window.api.end_break) == []
        assert window.run(window.api.readmit, [liam]) == []  # Liam was never excluded
        assert not window.problem.isVisible()
        proxy_loop.submit(tcp.restore()).result(5)
        qtbot.waitUntil(lambda: header.text() == "Connected to hub", timeout=15000)
        qtbot.waitUntil(window.problem.isVisible, timeout=5000)
        assert window.problem.text() == refused_text(store, remote, liam)
        stored = store.load(remote.conference.id)
        assert type(stored.log[-1]) is ev.BreakEnded and remote.conference.log == stored.log
    finally:
        window.close()


def test_a_wrong_certificate_is_refused_before_the_token_is_sent(  # type: ignore[no-untyped-def]
        qtbot, hub: MeetingClient, proxy: tuple[TcpProxy, LoopThread]) -> None:
    tcp, _ = proxy
    impostor = chair_link(hub, tcp.port, fingerprint="ab" * 32)
    with pytest.raises(DomainError) as refused:
        RemoteMeeting(impostor).connect_to_hub()
    assert str(refused.value).startswith("Not connected: The hub's certificate does not "
                                         "match the chair link")
    running = hub.runtime.server
    assert running is not None
    channel = next(d.__self__ for d in running.server.doors  # type: ignore[attr-defined]
                   if type(d.__self__).__name__ == "ChairChannel")
    assert channel.queues == {} and channel.applied == 0  # the hub never heard from it


def test_a_wrong_token_is_refused_with_a_clear_message(  # type: ignore[no-untyped-def]
        qtbot, hub: MeetingClient, proxy: tuple[TcpProxy, LoopThread]) -> None:
    tcp, _ = proxy
    wrong = chair_link(hub, tcp.port, token="x" * 43)
    with pytest.raises(DomainError) as refused:
        RemoteMeeting(wrong).connect_to_hub()
    assert str(refused.value).startswith("Not connected: The hub did not accept this chair "
                                         "link")
    assert tcp.connections == 1  # refused once, not retried


def test_what_needs_the_database_is_refused_with_a_message_in_remote_mode(  # type: ignore[no-untyped-def]
        qtbot, hub: MeetingClient, proxy: tuple[TcpProxy, LoopThread], tmp_path: Path
        ) -> None:
    from facilitator.domain.preparation import ContributionKind
    from ui.chair_window import ChairWindow

    tcp, _ = proxy
    remote = RemoteMeeting(chair_link(hub, tcp.port)).connect_to_hub()
    window = ChairWindow(remote)
    qtbot.addWidget(window)
    try:
        panel = window.preparation
        problems: list[str] = []
        panel.problem = problems.append  # type: ignore[method-assign]
        drawing = tmp_path / "drawing.png"
        drawing.write_bytes(b"\x89PNG fictional")
        assert not panel.attach("alfie", drawing, next(iter(ContributionKind)), "")
        panel.ask_save_path = lambda name: tmp_path / name
        jade = by_name(remote.conference, "Jade Thornbury")
        assert not panel.save_letter("invitation", jade, "txt")
        assert len(problems) == 2
        assert all("connected to a remote hub" in p for p in problems)
        # what only the hub knows comes over the channel
        rows = remote.join_links()
        assert "Jade Thornbury" in [name for name, *_ in rows]
        assert all(link.startswith(hub.url + "/join/") for _, link, _, _ in rows)
    finally:
        window.close()


def test_the_window_reaches_a_conference_under_a_hub_servers_prefix(  # type: ignore[no-untyped-def]
        qtbot, hub: MeetingClient, clock: Any, tmp_path: Path) -> None:
    """The conference's doors mounted under /c/<slug> (as `facilitator server` hosts many):
    the chair link's path is kept and the channel is found under it."""
    from aiohttp import web

    from facilitator.services.rtc.certs import ensure_certificate, server_context

    running = hub.runtime.server
    assert running is not None
    root = web.Application()
    root.add_subapp("/c/h-fictional", running.server.app())
    runner = web.AppRunner(root)
    cert, key = ensure_certificate(tmp_path / "certs", ["127.0.0.1", "localhost"])
    thread = hub.loop  # the hub's own loop, which owns the meeting and its database connection

    async def serve() -> int:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_context(cert, key))
        await site.start()
        return int(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]

    port = thread.submit(serve()).result(10)
    link = ChairLink(f"https://127.0.0.1:{port}/c/h-fictional", running.chair_token,
                     running.server.fingerprint)
    remote = RemoteMeeting(link, clock).connect_to_hub()
    try:
        assert remote.conference.log == hub.conference.log
        assert remote.run(remote.api.start_meeting) is not None
        on_hub = hub.call(lambda: hub.runtime.api.conference.started_at)
        assert remote.conference.started_at == on_hub is not None
    finally:
        remote.close()
        thread.submit(runner.cleanup()).result(10)


def refused_text(store: Any, remote: RemoteMeeting, attendee_id: str) -> str:
    """Why the hub refuses to readmit someone who is not out (the domain's own words)."""
    from facilitator.domain.commands import segments

    conference = store.load(remote.conference.id)
    try:
        segments.readmit(conference, remote.now(), [attendee_id])
    except DomainError as refused:
        return str(refused)
    raise AssertionError("readmitting someone who is in was not refused")


def test_commands_queued_offline_survive_closing_the_window(  # type: ignore[no-untyped-def]
        qtbot, hub: MeetingClient, proxy: tuple[TcpProxy, LoopThread], store: Any,
        clock: Any, tmp_path: Path) -> None:
    """Queued while the hub is out of reach, the window closed: on disk, and sent (once, in
    order) when the conference is opened again."""
    from facilitator.meeting.remote_client import outbox_path
    from facilitator.services.minutes_client import Outbox

    tcp, proxy_loop = proxy
    link = chair_link(hub, tcp.port)
    path = outbox_path(link, tmp_path / "data")
    remote = RemoteMeeting(link, clock, outbox=path).connect_to_hub()
    conference_id = remote.conference.id
    assert remote.run(remote.api.start_meeting)
    before = len(store.load(conference_id).log)
    proxy_loop.submit(tcp.cut()).result(5)
    qtbot.waitUntil(lambda: remote.connection_text.startswith("Reconnecting"), timeout=10000)
    assert remote.run(remote.api.add_note, None, "Typed offline, window then closed.",
                      "chair") == []
    assert remote.run(remote.api.begin_break, "the chair's laptop is closed") == []
    liam = by_name(remote.conference, "Liam Ashcombe")
    assert remote.run(remote.api.readmit, [liam]) == []  # Liam was never excluded
    remote.close()  # before the network came back

    waiting = Outbox(path)
    assert [name for _, name, _ in waiting.pending()] == ["add_note", "begin_break",
                                                            "readmit"]
    waiting.db.close()
    assert len(store.load(conference_id).log) == before  # nothing reached the hub

    proxy_loop.submit(tcp.restore()).result(5)
    reopened = RemoteMeeting(link, clock, outbox=path)
    shown: list[str] = []
    reopened.refused.connect(shown.append)
    reopened.connect_to_hub()
    try:
        qtbot.waitUntil(lambda: len(store.load(conference_id).log) == before + 2, timeout=10000)
        qtbot.waitUntil(lambda: reopened.status.waiting == 0, timeout=5000)
        new = store.load(conference_id).log[before:]
        assert [type(e) for e in new] == [ev.UtteranceRecorded, ev.BreakStarted]
        assert new[0].text == "Typed offline, window then closed."  # type: ignore[attr-defined]
        assert reopened.stored is not None and reopened.stored.count() == 0
        # the refusal is shown, saying the command waited while the window was closed
        qtbot.waitUntil(lambda: len(shown) == 1, timeout=5000)
        assert shown[0].startswith("A command that waited while the window was closed was "
                                   "refused: ")
    finally:
        reopened.close()
    qtbot.wait(300)
    assert len(store.load(conference_id).log) == before + 2  # once
