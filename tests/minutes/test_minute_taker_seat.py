"""Two real app instances: the chair's headless app in its own process, the minute-taker's
window under pytest-qt, over HTTPS/WebSocket on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from facilitator.domain.events import UtteranceEdited
from facilitator.services.database import open_database
from facilitator.services.minutes_client import MinutesLink
from facilitator.services.store import EventStore
from ui.minute_taker_window import MinuteTakerWindow
from ui.minutes_seat import MinutesSeat

from .chair_process import ChairProcess


@pytest.fixture
def chair(tmp_path: Path) -> Iterator[ChairProcess]:
    process = ChairProcess(tmp_path)
    status, _ = process.api("/api/start", {})
    assert status == 200
    yield process
    process.stop()


def seat_window(qtbot, chair: ChairProcess, tmp_path: Path) -> tuple[MinuteTakerWindow, str]:
    status, body = chair.api("/api/minute-taker-link", {})
    assert status == 200, body
    link = MinutesLink.parse(body["link"])
    assert link.fingerprint and len(link.fingerprint) == 64
    window = MinuteTakerWindow(MinutesSeat(link, tmp_path / "outbox.sqlite3"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.transcript is not None, timeout=10000)
    qtbot.waitUntil(lambda: window.status_label.text() == "All edits saved to the chair",
                    timeout=10000)
    return window, body["token"]


def say(chair: ChairProcess, text: str) -> None:
    """A line arrives at the chair's side (as recognised speech or the chair's note)."""
    status, body = chair.api("/api/command", {"name": "add_note", "args": {
        "utterance_id": os.urandom(16).hex(), "text": text, "speaker_id": None,
        "at": datetime.now(UTC).isoformat()}})
    assert status == 200, body


def rows(window: MinuteTakerWindow) -> list[str]:
    assert window.transcript is not None
    model = window.transcript.model
    return [model.data(model.index(r, 4)) for r in range(model.rowCount())]


def chair_log(chair: ChairProcess) -> EventStore:
    return EventStore(open_database(chair.db))


def edit_row(qtbot, window: MinuteTakerWindow, row: int, text: str) -> None:
    assert window.transcript is not None
    window.transcript.edit_row(row)
    editor = window.transcript.view.findChildren(QLineEdit)[-1]
    editor.setText(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.transcript.view.state().name != "EditingState")


def test_lines_stream_in_and_an_acknowledged_edit_survives_sigkill(qtbot, chair, tmp_path):
    window, _ = seat_window(qtbot, chair, tmp_path)
    say(chair, "The social worker visited on Monday.")
    say(chair, "School attendance is ninety two percent.")
    qtbot.waitUntil(lambda: len(rows(window)) == 2, timeout=5000)
    assert rows(window)[0] == "The social worker visited on Monday."

    edit_row(qtbot, window, 1, "School attendance is 92%.")
    qtbot.waitUntil(lambda: window.status_label.text() == "All edits saved to the chair",
                    timeout=5000)
    qtbot.waitUntil(lambda: rows(window)[1] == "School attendance is 92%.", timeout=5000)
    chair.kill()
    conference = chair_log(chair).load(chair.conference_id)
    edited = [u for u in conference.transcript() if u.human_edited]
    assert [u.text for u in edited] == ["School attendance is 92%."]
    assert edited[0].edits[-1].editor == "Rob Kendal", "the event log names the minute-taker"


def test_conflicting_edits_offer_both_versions(qtbot, chair, tmp_path):
    window, _ = seat_window(qtbot, chair, tmp_path)
    say(chair, "mum said she feels unheard")
    qtbot.waitUntil(lambda: len(rows(window)) == 1, timeout=5000)
    assert window.transcript is not None
    utterance = next(iter(window.seat.conference.utterances.values()))
    offered: list[tuple[str, str]] = []

    def choose(theirs: str, mine: str) -> str:
        offered.append((theirs, mine))
        return mine

    window.ask_conflict = choose
    window.transcript.edit_row(0)
    editor = window.transcript.view.findChildren(QLineEdit)[-1]
    editor.setText("Mum said she feels unheard by the school")
    # the chair corrects the same line first
    status, body = chair.api("/api/command", {"name": "edit_utterance", "args": {
        "utterance_id": utterance.id, "text": "Mum said she feels unheard at meetings",
        "base_version": 1}})
    assert status == 200, body
    qtbot.waitUntil(lambda: rows(window)[0] == "Mum said she feels unheard at meetings",
                    timeout=5000)
    assert editor.text() == "Mum said she feels unheard by the school", "the editor was reset"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(offered), timeout=5000)
    assert offered == [("Mum said she feels unheard at meetings",
                        "Mum said she feels unheard by the school")]
    qtbot.waitUntil(lambda: rows(window)[0] == "Mum said she feels unheard by the school",
                    timeout=5000)
    store = chair_log(chair)
    qtbot.waitUntil(lambda: len(store.load(chair.conference_id).utterances[utterance.id].edits)
                    == 2, timeout=5000)
    final = store.load(chair.conference_id).utterances[utterance.id]
    assert [e.text for e in final.edits] == ["Mum said she feels unheard at meetings",
                                            "Mum said she feels unheard by the school"]


def test_twenty_edits_made_offline_arrive_in_order(qtbot, chair, tmp_path):
    window, _ = seat_window(qtbot, chair, tmp_path)
    for number in range(20):
        say(chair, f"line {number}")
    qtbot.waitUntil(lambda: len(rows(window)) == 20, timeout=10000)
    chair.kill()  # the network (or the chair's app) goes away
    qtbot.waitUntil(lambda: "offline" in window.status_label.text()
                    or "waiting" in window.status_label.text(), timeout=10000)
    for row in range(20):
        edit_row(qtbot, window, row, f"line {row}, corrected")
    # the seat counts what waits on its own thread: the last edit is counted a moment later
    qtbot.waitUntil(lambda: window.status_label.text().startswith("20 edits waiting"),
                    timeout=5000)
    assert rows(window)[5] == "line 5, corrected", "offline edits are shown while waiting"
    chair.start()
    qtbot.waitUntil(lambda: window.status_label.text() == "All edits saved to the chair",
                    timeout=20000)
    events = chair_log(chair).events(chair.conference_id)
    edits = [e for e in events if isinstance(e, UtteranceEdited)]
    assert [e.text for e in edits] == [f"line {n}, corrected" for n in range(20)]


def test_a_withdrawn_link_is_refused_mid_meeting(qtbot, chair, tmp_path):
    window, token = seat_window(qtbot, chair, tmp_path)
    status, _ = chair.api("/api/revoke", {"token": token})
    assert status == 200
    qtbot.waitUntil(lambda: window.status_label.text().startswith("Not connected"),
                    timeout=5000)
    assert "withdrawn" in window.status_label.text()
    say(chair, "this must not reach the withdrawn seat")
    qtbot.wait(500)
    assert "this must not reach the withdrawn seat" not in rows(window)


def test_a_wrong_link_is_refused_clearly(qtbot, chair, tmp_path):
    _status, body = chair.api("/api/minute-taker-link", {})
    link = MinutesLink.parse(body["link"])
    wrong = MinutesLink(link.base_url, "x" * 43, link.fingerprint)
    window = MinuteTakerWindow(MinutesSeat(wrong, tmp_path / "outbox2.sqlite3"))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.status_label.text().startswith("Not connected"),
                    timeout=10000)
    assert "not valid" in window.status_label.text()
    forged = MinutesLink(link.base_url, link.token, "0" * 64)
    window2 = MinuteTakerWindow(MinutesSeat(forged, tmp_path / "outbox3.sqlite3"))
    qtbot.addWidget(window2)
    qtbot.waitUntil(lambda: window2.status_label.text().startswith("Not connected"),
                    timeout=10000)
    assert "certificate does not match" in window2.status_label.text()


def test_the_minute_taker_writes_summary_minutes_for_a_section(qtbot, chair, tmp_path):
    from facilitator.domain.minutes import Section

    window, _ = seat_window(qtbot, chair, tmp_path)
    panel = window.minutes
    panel.load(Section.CHILD_VIEWS)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    panel.paragraphs[0].text.setPlainText("Maisie's letter says she misses her dad.")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    store = chair_log(chair)
    qtbot.waitUntil(lambda: store.load(chair.conference_id).minutes.summary(
        Section.CHILD_VIEWS).version == 1, timeout=5000)
    summary = store.load(chair.conference_id).minutes.summary(Section.CHILD_VIEWS)
    assert summary.written_by == "Rob Kendal"
    assert summary.paragraphs[0].text == "Maisie's letter says she misses her dad."
    qtbot.waitUntil(lambda: panel.state.text() == "saved by Rob Kendal", timeout=5000)


def test_the_minute_taker_splits_and_merges_lines(qtbot, chair, tmp_path):
    window, _ = seat_window(qtbot, chair, tmp_path)
    say(chair, "We visited on Monday. The school called")
    say(chair, "on Tuesday.")
    qtbot.waitUntil(lambda: len(rows(window)) == 2, timeout=5000)
    panel = window.transcript
    assert panel is not None
    panel.ask_split = lambda dialog: 21
    panel.select_row(0)
    assert len(panel.selected_utterance_ids()) == 1
    qtbot.mouseClick(panel.split_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(rows(window)) == 3, timeout=10000)
    assert rows(window) == ["We visited on Monday.", "The school called", "on Tuesday."]
    panel.view.clearSelection()
    panel.view.selectionModel().select(
        panel.model.index(1, 0), panel.view.selectionModel().SelectionFlag.Select
        | panel.view.selectionModel().SelectionFlag.Rows)
    panel.view.selectionModel().select(
        panel.model.index(2, 0), panel.view.selectionModel().SelectionFlag.Select
        | panel.view.selectionModel().SelectionFlag.Rows)
    qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rows(window) == ["We visited on Monday.",
                                             "The school called on Tuesday."], timeout=5000)
    stored = chair_log(chair).load(chair.conference_id).transcript()
    assert [u.text for u in stored] == ["We visited on Monday.", "The school called on Tuesday."]


def test_the_minute_taker_marks_child_focus_from_the_seat(qtbot, chair, tmp_path):
    from facilitator.domain.child_focus import FocusPart
    from facilitator.domain.events import ChildFocusMarked

    window, _ = seat_window(qtbot, chair, tmp_path)
    say(chair, "Maisie says she wants to stay at her nan's.")
    qtbot.waitUntil(lambda: len(rows(window)) == 1, timeout=5000)
    assert window.transcript is not None
    window.transcript.select_row(0)
    panel = window.participation
    panel._fill_menu()
    action = next(a for a in panel.menu.actions() if a.text().startswith("Maisie: Views"))
    assert "suggested" in action.text()  # the text suggests it; the click confirms it
    action.trigger()
    qtbot.waitUntil(lambda: "views 1" in panel.coverage.text(), timeout=5000)
    marked = [e for e in chair_log(chair).events(chair.conference_id)
              if isinstance(e, ChildFocusMarked)]
    assert [(e.child_id, e.part, e.actor, e.from_suggestion) for e in marked] == [
        ("maisie", FocusPart.VIEWS, "Rob Kendal", True)]
    assert not panel.prompt_box.isVisible()  # the prompts are the chair's
