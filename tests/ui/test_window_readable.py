"""The chair's window is readable on a council laptop (1366x768) and at 1280x720: nothing cut
with "...", parts of the meeting a chair understands, no alarm before the meeting starts, and
the Signs of Safety scale in the decision tab (issue #16, item 11)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QStyle, QTreeWidget

from facilitator.app import ConferenceSession
from facilitator.cli import demo_data
from facilitator.domain.clock import ManualClock
from facilitator.domain.decisions import HarmView
from facilitator.domain.segments import ExclusionGround
from facilitator.record.audience import Audience
from facilitator.record.build import build_record
from facilitator.record.document import Table
from facilitator.services.conference_file import build_conference
from facilitator.services.store import EventStore
from facilitator.services.templates import ASSETS_ENV, assets_dir
from ui.dialogs import ExclusionRequest

SIZES = ((1366, 768), (1280, 720))


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    assert button.isEnabled(), button.accessibleName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def ids(window, *names: str) -> list[str]:  # type: ignore[no-untyped-def]
    by_name = {a.name: a.id for a in window.bridge.conference.attendees.values()}
    return [by_name[n] for n in names]


def cut(view: QAbstractItemView, rows: range | None = None) -> list[str]:
    """The cells whose text does not fit: wider than the column, or taller than the row."""
    model = view.model()
    problems = []

    def check(index) -> None:  # type: ignore[no-untyped-def]
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        rect = view.visualRect(index)
        if not text or rect.width() <= 0:
            return
        margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view)
        width = rect.width() - 2 * (margin + 1)  # the item's text margins, as Qt draws it
        needed = view.fontMetrics().boundingRect(
            QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), text)
        if needed.width() > width + 1 or needed.height() > rect.height() + 1:
            problems.append(f"{text!r} needs {needed.width()}x{needed.height()}, "
                            f"has {width}x{rect.height()}")

    if isinstance(view, QTreeWidget):
        for g in range(view.topLevelItemCount()):
            group = view.topLevelItem(g)
            for i in range(group.childCount()):
                for column in range(view.columnCount()):
                    check(view.indexFromItem(group.child(i), column))
        return problems
    for row in rows if rows is not None else range(model.rowCount()):
        for column in range(model.columnCount()):
            if not view.isColumnHidden(column):
                check(model.index(row, column))
    return problems


def show_at(window, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    window.resize(*size)
    for _ in range(3):
        QApplication.processEvents()


def test_before_the_meeting_the_header_says_what_is_needed(window) -> None:  # type: ignore[no-untyped-def]
    quorum = window.header.quorum
    assert "not quorate" not in quorum.text()
    assert "9b2c2c" not in quorum.styleSheet(), "no red before anyone has arrived"
    assert "the child's social worker and 2 other professional disciplines" in quorum.text()
    assert "Here so far: nobody yet." in quorum.text()
    assert "not started yet" in window.header.times.text()


def test_a_meeting_is_readable_on_a_council_laptop(qtbot, window, session) -> None:  # type: ignore[no-untyped-def]
    people, transcript = window.people, window.transcript
    confirmed = [a.name for a in window.bridge.conference.attendees.values()
                 if a.state.value == "confirmed"]
    people.select(ids(window, *confirmed))
    click(qtbot, people.arrived_button)
    click(qtbot, window.agenda.start_button)
    for who, text in (
            ("Priya Okonedo", "I am Priya, the children's social worker. I have worked with the "
                              "family since the summer, and Maisie has talked to me about the "
                              "arguments at home and how she hides in her room when they start."),
            ("Jade Thornbury", "Things have been better since Liam moved out.")):
        transcript.speaker.setCurrentIndex(transcript.speaker.findData(ids(window, who)[0]))
        qtbot.keyClicks(transcript.note, text)
        qtbot.keyClick(transcript.note, Qt.Key.Key_Return)
    window.ask_exclusion = lambda chosen: ExclusionRequest(
        frozenset({ExclusionGround.CONFIDENTIAL_INFORMATION}), "DC Tom Reddaway",
        "a police investigation", False)
    people.select(ids(window, "Liam Ashcombe"))
    click(qtbot, people.exclude_button)
    transcript.speaker.setCurrentIndex(transcript.speaker.findData(
        ids(window, "DC Tom Reddaway")[0]))
    qtbot.keyClicks(transcript.note, "There is an investigation Liam must not hear about yet.")
    qtbot.keyClick(transcript.note, Qt.Key.Key_Return)

    model = transcript.model
    maisie = window.decisions.tabs["maisie"]
    police, school = ids(window, "DC Tom Reddaway", "Gareth Lowe")
    for who, view, comment in (
            (police, HarmView.SIGNIFICANT_HARM, "Two call-outs to the address since June"),
            (school, HarmView.NOT_SIGNIFICANT_HARM, "Attendance is good and Maisie is settled")):
        maisie.view_person.setCurrentIndex(maisie.view_person.findData(who))
        maisie.view_choice.setCurrentIndex(maisie.view_choice.findData(view))
        maisie.view_comment.setText(comment)
        click(qtbot, maisie.view_button)

    for size in SIZES:
        window.tabs.setCurrentIndex(0)
        show_at(window, size)
        assert cut(people.tree) == [], size
        assert cut(transcript.view) == [], size
        for column in range(1, 5):  # stage, part, speaker and text in full, however narrow
            index = model.index(0, column)
            assert str(model.data(index)) in model.data(index, Qt.ItemDataRole.ToolTipRole)
        window.tabs.setCurrentWidget(window.decisions)
        show_at(window, size)
        assert maisie.views_table.rowCount() == 2
        assert cut(maisie.views_table) == [], size

    # the parts of the meeting, as a chair says them
    assert [model.data(model.index(r, 2)) for r in range(3)] == [
        "Part 1", "Part 1", "Part 2: Liam and Zofia out"]  # his interpreter went with him
    assert "Liam Ashcombe and Zofia Nowak were out of this part" in model.data(
        model.index(2, 2), Qt.ItemDataRole.ToolTipRole)


@pytest.fixture
def created(store: EventStore, clock: ManualClock,
            request: pytest.FixtureRequest) -> ConferenceSession:
    """The demo conference, on the agenda the test names (default: initial)."""
    data = demo_data(clock.now())
    data["agenda"] = getattr(request, "param", "initial")
    conference = store.create(build_conference(data, clock.now()))
    clock.set(conference.details.scheduled_start + timedelta(minutes=1))
    return ConferenceSession(store, conference, clock)


@pytest.mark.parametrize("created", ["signs_of_safety"], indirect=True)
def test_the_signs_of_safety_scale_in_the_decision_tab(qtbot, window, session) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window.agenda.start_button)
    window.tabs.setCurrentWidget(window.decisions)
    maisie = window.decisions.tabs["maisie"]
    assert maisie.scale_box.isVisible()
    sian, jade = ids(window, "Sian Pritchard", "Jade Thornbury")
    for who, score in ((sian, 3), (jade, 7)):
        maisie.scale_person.setCurrentIndex(maisie.scale_person.findData(who))
        maisie.scale_score.setValue(score)
        click(qtbot, maisie.scale_button)
    stored = session.store.load(session.conference.id)
    assert {(k[1], s.score) for k, s in stored.minutes.safety_scores.items()} == {
        (sian, 3), (jade, 7)}
    table = maisie.scale_table
    assert [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(2)] == [
        ("Jade Thornbury (Parent)", "7"),
        ("Sian Pritchard (Fernbridge Community Health)", "3")]
    assert not window.decisions.tabs["alfie"].scale_table.rowCount()
    # the record shows them with the decision
    record = build_record(stored, Audience.professionals())
    scale = next(b for b in record.blocks if isinstance(b, Table) and "Scale" in b.header)
    assert {row[0]: row[2] for row in scale.rows} == {"Sian Pritchard": "3",
                                                      "Jade Thornbury": "7"}
    for size in SIZES:
        show_at(window, size)
        maisie.ensureWidgetVisible(maisie.scale_box)
        assert cut(table) == [], size


def test_the_scale_is_offered_where_the_council_chooses(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Not on the initial agenda by default (settings.yaml decision.safety_scale)."""
    window.tabs.setCurrentWidget(window.decisions)
    assert not window.decisions.tabs["maisie"].scale_box.isVisible()


@pytest.fixture
def always(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    copy = tmp_path / "council-assets"
    shutil.copytree(assets_dir(), copy)
    settings = copy / "templates" / "settings.yaml"
    settings.write_text(settings.read_text().replace("safety_scale: signs_of_safety",
                                                     "safety_scale: always"))
    monkeypatch.setenv(ASSETS_ENV, str(copy))
    yield


def test_a_council_may_offer_the_scale_always(qtbot, always, meeting) -> None:  # type: ignore[no-untyped-def]
    from ui.chair_window import ChairWindow

    window = ChairWindow(meeting)
    window.ticker.stop()
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.decisions)
    assert window.decisions.tabs["maisie"].scale_box.isVisible()
