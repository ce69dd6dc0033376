"""Lines of the same time keep the order they were recorded in, in the window and in the
record's annex; the chair's "last line" is the last one recorded (issue #16, item 4)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from facilitator.domain.commands import record as record_commands
from facilitator.domain.transcript import Mark
from facilitator.record.audience import Audience
from facilitator.record.build import transcript_blocks
from facilitator.record.document import Lines
from facilitator.record.wording import Wording


@pytest.fixture
def ids_counting_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each new line gets an id that sorts before the last one (ids are random: the old order,
    by time then id, put such lines newest first)."""
    count = iter(range(9999, 0, -1))
    monkeypatch.setattr(record_commands, "new_id", lambda: f"{next(count):04d}" + "0" * 28)
    yield


def type_note(qtbot, window, speaker: str, text: str) -> None:  # type: ignore[no-untyped-def]
    panel = window.transcript
    by_name = {a.name: a.id for a in window.bridge.conference.attendees.values()}
    panel.speaker.setCurrentIndex(panel.speaker.findData(by_name[speaker]))
    qtbot.keyClicks(panel.note, text)
    qtbot.keyClick(panel.note, Qt.Key.Key_Return)


def test_lines_of_the_same_time_stay_in_the_order_recorded(  # type: ignore[no-untyped-def]
        qtbot, window, session, ids_counting_down) -> None:
    qtbot.mouseClick(window.agenda.start_button, Qt.MouseButton.LeftButton)
    lines = [("Priya Okonedo", "First, the social work report."),
             ("Jade Thornbury", "Can I say something about school?"),
             ("Sian Pritchard", "Health have no concerns about Alfie.")]
    for speaker, text in lines:  # the clock does not move: all three have the same time
        type_note(qtbot, window, speaker, text)

    model = window.transcript.model
    shown = [model.utterance_at(row).text for row in range(model.rowCount())]
    assert shown == [text for _, text in lines]

    # the chair selects the last line and marks it confidential: the last one recorded
    window.transcript.select_row(model.rowCount() - 1)
    qtbot.mouseClick(window.transcript.mark_buttons[Mark.CONFIDENTIAL],
                     Qt.MouseButton.LeftButton)
    stored = session.store.load(session.conference.id)
    marked = [u.text for u in stored.transcript() if Mark.CONFIDENTIAL in u.marks]
    assert marked == ["Health have no concerns about Alfie."]

    # the record's annex, built from the stored conference, keeps the same order
    annex = [block for block in transcript_blocks(stored, Audience.professionals(), Wording())
             if isinstance(block, Lines)]
    assert [line.text for block in annex for line in block.lines] == [t for _, t in lines]

    # a window opened afresh on the file shows the same order
    model.conference = stored
    model.reload()
    assert [model.utterance_at(r).text for r in range(3)] == [text for _, text in lines]
