"""The transcript the chair and minute-taker see: who interprets for whom, each line's
language, and an English rendering labelled machine-translated (never edited as the text)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from facilitator.domain.commands import record
from facilitator.domain.transcript import UtteranceSource
from tests.services.test_asr_common import attendee, make_session
from ui.transcript_model import SPEAKER_COLUMN, TEXT_COLUMN, TranscriptModel


def test_interpreted_and_polish_lines_are_labelled(qtbot) -> None:  # type: ignore[no-untyped-def]
    session = make_session()
    session.clock.advance(seconds=30)  # type: ignore[attr-defined]
    now = session.now()
    liam, zofia = attendee(session, "Liam Ashcombe"), attendee(session, "Zofia Nowak")
    session.execute(record.record_utterance, liam, UtteranceSource.VIDEO,
                    now - timedelta(seconds=3), now - timedelta(seconds=1),
                    "Chcę, żeby moja córka była bezpieczna.", 0.8, "recogniser",
                    language="pl", english="I want my daughter to be safe.")
    session.execute(record.record_utterance, zofia, UtteranceSource.ROOM,
                    now - timedelta(seconds=1), now, "He wants his daughter to be safe.", 0.9,
                    "recogniser")
    model = TranscriptModel(session.conference, lambda *_: True)
    cell = lambda row, column, role=Qt.ItemDataRole.DisplayRole: model.data(  # noqa: E731
        model.index(row, column), role)
    assert cell(0, SPEAKER_COLUMN) == "Liam Ashcombe [Polish]"
    assert cell(0, TEXT_COLUMN) == ("Chcę, żeby moja córka była bezpieczna.\n[English, "
                                    "machine-translated, not checked] I want my daughter to "
                                    "be safe.")
    assert cell(0, TEXT_COLUMN, Qt.ItemDataRole.EditRole) == (
        "Chcę, żeby moja córka była bezpieczna.")  # the minute-taker edits what was said
    assert cell(1, SPEAKER_COLUMN) == "Zofia Nowak, interpreting for Liam Ashcombe (Polish)"
    assert cell(1, TEXT_COLUMN) == "He wants his daughter to be safe."
