"""The chair's dialogs in Welsh (issue #20): each dialog the window makes is opened twice on
the real window, in English and in Welsh, and every text a chair can see in it (title, labels,
buttons, tooltips, placeholders, list items) must differ between the two, unless it is only
names, numbers and punctuation. A text left English, marked or not, fails with its words.
Also in Welsh: the quorum line, a transcription gap's line and the 'behind' header."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from facilitator.domain.commands import agenda, record
from facilitator.domain.errors import OverrideRequired
from facilitator.domain.interim import InterimRequired
from facilitator.domain.roles import Party
from facilitator.domain.transcript import UtteranceSource
from facilitator.meeting.speech import behind_text
from facilitator.services.asr.loader import state_text
from tests.services.test_asr_common import attendee, make_session
from tests.ui.test_welsh_window import tool
from ui.language import TRANSLATIONS, install_translator, remove_translator
from ui.meeting_client import MeetingClient

# the same in both languages and not a name: words Welsh borrows as they are
SAME_IN_WELSH = {"Agenda", "interim"}


def visible_texts(dialog: QWidget) -> set[str]:
    """Every text of the dialog a sighted chair can read, or hear on hovering."""
    found = {dialog.windowTitle(), dialog.toolTip()}
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisibleTo(dialog):
            continue
        found.add(widget.toolTip())
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.add(widget.text())
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            found.add(widget.placeholderText())
        if isinstance(widget, QGroupBox):
            found.add(widget.title())
        if isinstance(widget, QComboBox) and not widget.isEditable():
            found |= {widget.itemText(i) for i in range(widget.count())}
    return {t for t in found if t.strip()}


def names_only(text: str, names: set[str]) -> bool:
    """Nothing to translate: names, agencies, numbers, times and punctuation."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    words = re.findall(r"[^\W\d_]+", text)
    return all(word in SAME_IN_WELSH for word in words)


@pytest.fixture
def compiled() -> None:
    """The window's Welsh, compiled from the .ts as setup.sh does."""
    subprocess.run([tool("pyside6-lrelease"), str(TRANSLATIONS / "chair_cy.ts"), "-qm",
                    str(TRANSLATIONS / "chair_cy.qm")], check=True, capture_output=True,
                   timeout=120)


def each_dialog(window) -> Iterator[tuple[str, QDialog]]:  # type: ignore[no-untyped-def]
    """The dialogs of ui/dialogs.py, the interim decision, the join links and an edit conflict,
    made as the window makes them."""
    from ui.dialogs import AddAttendeeDialog

    conference = window.bridge.conference
    now = window.now()
    ring_fenced = next(s for s in conference.agenda.stages if s.spec.ring_fenced)
    try:  # the domain's own words for why the ring-fence needs an override
        agenda.skip_stage(conference, now, ring_fenced.id)
        raise AssertionError("skipping a ring-fenced stage needs an override")
    except OverrideRequired as needed:
        yield "override", window.override_dialog(needed)
    family = [a for a in conference.attendees.values() if a.role.party is Party.FAMILY]
    children = [a for a in conference.attendees.values() if a.role.party is Party.CHILD]
    exclusion = window.exclusion_dialog(family[:1] + children[:1])
    exclusion.show()
    exclusion.ground_boxes[next(iter(exclusion.ground_boxes))].setChecked(True)
    for ground, box in exclusion.ground_boxes.items():  # an information ground: who else
        if ground.name.lower().startswith("confidential"):
            box.setChecked(True)
    yield "exclusion", exclusion
    yield "late arrival", AddAttendeeDialog(window)
    yield "extension", window.extension_dialog()
    yield "interim", window.interim_dialog(InterimRequired(
        "not quorate", conference.quorum().reason, conference.details.day + timedelta(days=14)))
    from ui.links_dialog import LinksDialog
    from ui.minute_taker_window import ConflictDialog

    yield "join links", LinksDialog([("Jade Thornbury", "https://hub.example/#t=1", "123 456",
                                      "1234")], "https://hub.example", window,
                                    minute_taker_link="https://hub.example/#m=1")
    yield "edit conflict", ConflictDialog("We spoke to the school.", "We spoke to school.",
                                          window)


def dialog_texts(window, names: set[str]) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    texts = {}
    for name, dialog in each_dialog(window):
        dialog.show()
        texts[name] = visible_texts(dialog)
        dialog.reject()
        dialog.deleteLater()
    return texts


def test_every_text_of_the_chairs_dialogs_is_welsh(  # type: ignore[no-untyped-def]
        qtbot, qapp: QApplication, meeting: MeetingClient, compiled: None) -> None:
    from ui.chair_window import ChairWindow

    def opened() -> ChairWindow:
        window = ChairWindow(meeting)
        window.ticker.stop()
        qtbot.addWidget(window)
        window.show()
        return window

    conference = meeting.conference
    names = {a.name for a in conference.attendees.values()} | {
        a.agency for a in conference.attendees.values() if a.agency} | {
        c.name for c in conference.details.children}
    english_window = opened()
    english = dialog_texts(english_window, names)
    english_window.close()
    translator = install_translator(qapp, "cy")
    assert translator is not None
    try:
        welsh_window = opened()
        welsh = dialog_texts(welsh_window, names)
        keep = os.environ.get("FACILITATOR_SCREENSHOTS")  # docs/screenshots, for the README
        if keep:
            screenshot(welsh_window, Path(keep) / "welsh-exclusion-dialog.png")
        welsh_window.close()
    finally:
        remove_translator(qapp, translator)
    for name, texts in english.items():
        assert len(texts) >= 4, (name, texts)
        left = sorted(t for t in texts & welsh[name] if not names_only(t, names))
        assert not left, f"the {name} dialog shows English in Welsh: {left}"
    assert {"Iawn", "Canslo"} <= welsh["late arrival"]  # Qt's own buttons too
    assert "Symud allan o'r rhan hon" in welsh["exclusion"]
    assert any(t.startswith("Mae '") and "wedi'i neilltuo" in t for t in welsh["override"]), (
        welsh["override"])
    assert any("Y gynhadledd: dim cworwm: " in t or "Y gynhadledd: mae cworwm" in t
               for t in welsh["interim"]), welsh["interim"]


def screenshot(window, path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = next(d for n, d in each_dialog(window) if n == "exclusion")
    dialog.show()
    QApplication.processEvents()
    dialog.grab().save(str(path))
    dialog.reject()


def test_the_header_says_the_quorum_and_that_transcription_is_behind_in_welsh(
        qtbot, meeting: MeetingClient, welsh_window: Callable[[], object]) -> None:
    window = welsh_window()
    header = window.header  # type: ignore[attr-defined]
    assert header.quorum.text().startswith("I gael cworwm, mae angen gweithiwr cymdeithasol y "
                                           "plentyn a 2 ddisgyblaeth broffesiynol arall")
    assert "Yn bresennol hyd yma: " in header.quorum.text()
    conference = meeting.conference
    started = conference.details.scheduled_start + timedelta(minutes=3)
    state = behind_text(state_text(_Engine()) + " (no room microphone)", 9.4, started)
    header.refresh(conference, state)
    shown = header.transcription.text()
    assert shown.startswith("Trawsgrifio: ymlaen (whisper, base) (dim meicroffon yn yr "
                            "ystafell), ar ei hôl hi: 9 eiliad heb ei drawsgrifio am "), shown
    assert shown.endswith(" (wedi'i farcio yn y trawsgrifiad)")
    header.refresh(conference, state_text(None, "no model installed"))
    assert header.transcription.text() == "Trawsgrifio: i ffwrdd: no model installed"


class _Engine:
    name = "whisper"
    model_name = "base"


@pytest.fixture
def welsh_window(qtbot, qapp: QApplication, meeting: MeetingClient,  # type: ignore[no-untyped-def]
                 compiled: None) -> Iterator[Callable[[], object]]:
    from ui.chair_window import ChairWindow

    translator = install_translator(qapp, "cy")
    assert translator is not None
    opened = []

    def open_window() -> ChairWindow:
        window = ChairWindow(meeting)
        window.ticker.stop()
        qtbot.addWidget(window)
        window.show()
        opened.append(window)
        return window

    yield open_window
    for window in opened:
        window.close()
    remove_translator(qapp, translator)


def test_a_gap_line_reads_in_welsh_and_is_filled_as_before(  # type: ignore[no-untyped-def]
        qtbot, qapp: QApplication, compiled: None) -> None:
    from ui.transcript_model import TEXT_COLUMN, TranscriptModel

    session = make_session()
    session.clock.advance(seconds=30)  # type: ignore[attr-defined]
    now = session.now()
    liam = attendee(session, "Liam Ashcombe")
    session.execute(record.record_transcription_gap, liam, UtteranceSource.VIDEO,
                    now - timedelta(seconds=14), now)
    session.execute(record.record_transcription_gap, None, UtteranceSource.ROOM,
                    now - timedelta(seconds=5), now)
    edits: list[str] = []
    translator = install_translator(qapp, "cy")
    assert translator is not None
    try:
        model = TranscriptModel(session.conference, lambda _id, text, _v: bool(
            edits.append(text)) or True)
        text = lambda row, role=Qt.ItemDataRole.DisplayRole: model.data(  # noqa: E731
            model.index(row, TEXT_COLUMN), role)
        assert text(0) == "[heb ei drawsgrifio: 14 eiliad, Liam Ashcombe]"
        assert text(1) == "[heb ei drawsgrifio: 5 eiliad, yn yr ystafell]"
        assert text(0, Qt.ItemDataRole.EditRole) == text(0)  # the editor opens on the Welsh
        stage = model.data(model.index(0, 1))
        assert stage and stage != session.conference.agenda.current.spec.title  # type: ignore[union-attr]
        # Enter on the line as shown changes nothing; what the minute-taker types is kept
        assert not model.setData(model.index(0, TEXT_COLUMN), text(0))
        assert model.setData(model.index(0, TEXT_COLUMN), "Rydym wedi siarad â'r ysgol.")
        assert edits == ["Rydym wedi siarad â'r ysgol."]
    finally:
        remove_translator(qapp, translator)
    stored = [u.text for u in session.conference.transcript()]
    assert stored == ["[not transcribed: 14 s, Liam Ashcombe]",
                      "[not transcribed: 5 s, in the room]"]  # stored as the domain keeps it
