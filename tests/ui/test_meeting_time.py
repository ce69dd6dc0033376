"""The meeting's time, driven through the chair's window on the demo conference with a fake
clock: when the planned end passes the window asks to extend (minutes and a reason) or to end,
and the record says how the meeting ran over; with the interpreter booked, the window offers
time for consecutive interpreting, the timers and the ring-fence count with it, and the record
says so. Every name here is fictional."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt

from facilitator.domain import events as ev
from facilitator.domain.conference import MeetingStatus
from facilitator.record.audience import Audience
from facilitator.record.build import build_record
from facilitator.record.document import Fields, Heading
from facilitator.record.formatting import time_text
from ui.dialogs import ExtendMeetingDialog, OverrideDialog
from ui.meeting_time import InterpretingDialog

REASON = "The family asked for time to answer the police information"


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), f"{button.accessibleName()} unusable"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def stored(session):
    return session.store.load(session.conference.id)


def time_rows(conference, audience: Audience | None = None) -> dict[str, str]:
    """The record's "Time" section, label to text."""
    blocks = list(build_record(conference, audience or Audience.professionals()).blocks)
    index = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "Time")
    fields = blocks[index + 1]
    assert isinstance(fields, Fields)
    return dict(fields.rows)


def at(moment: datetime) -> str:
    return time_text(moment)


def through_to_the_end(qtbot, window, clock) -> None:
    """Every stage in turn (overriding the ring-fence when asked), then the meeting's end
    from the banner."""
    def override(needed):
        dialog = OverrideDialog(needed)
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.reason, "The family asked to finish today")
        return dialog.reason_text()

    window.ask_override = override
    while window.bridge.conference.agenda.current.id != "closing":
        clock.advance(minutes=1)
        click(qtbot, window.agenda.next_button)


def test_the_window_asks_to_extend_or_end_once_the_planned_end_passes(qtbot, window, session,
                                                                      clock):
    banner, agenda = window.overrun, window.agenda
    click(qtbot, agenda.start_button)
    planned = window.bridge.conference.clock.planned_end
    clock.set(planned - timedelta(minutes=1))
    window.tick()
    assert not banner.isVisible()

    clock.set(planned + timedelta(minutes=2, seconds=10))
    window.tick()
    assert banner.isVisible()
    assert banner.text.text() == (f"The planned end ({at(planned)}) passed 2 minutes ago. "
                                  "Extend the meeting (how long and why go into the record), "
                                  "or end it.")

    def fill_extension():
        dialog = ExtendMeetingDialog()
        qtbot.addWidget(dialog)
        assert not dialog.ok_button.isEnabled(), "a reason is required"
        dialog.minutes.setValue(15)
        qtbot.keyClicks(dialog.reason, REASON)
        return dialog.minutes.value(), dialog.reason.text()

    window.ask_extension = fill_extension
    click(qtbot, banner.extend_button)
    extended = [e for e in stored(session).log if isinstance(e, ev.MeetingExtended)]
    assert [(e.minutes, e.reason) for e in extended] == [(15.0, REASON)]
    window.tick()
    assert not banner.isVisible()  # the new planned end is 13 minutes away
    assert f"planned end {at(planned + timedelta(minutes=15))}" in window.header.times.text()

    clock.advance(minutes=20)  # past the extended end too: asked again
    window.tick()
    assert banner.isVisible() and "passed 7 minutes ago" in banner.text.text()

    through_to_the_end(qtbot, window, clock)
    click(qtbot, banner.end_button)
    final = stored(session)
    assert final.status is MeetingStatus.ENDED
    assert not banner.isVisible()
    ended = final.ended_at
    over = round((ended - planned - timedelta(minutes=15)).total_seconds() / 60)
    rows = time_rows(final)
    assert rows["Extended"] == (f"at {at(extended[0].at)}, by 15 minutes to "
                                f"{at(planned + timedelta(minutes=15))}: {REASON}")
    assert rows["Ended"] == (
        f"{at(ended)}, {over} minutes after the extended end "
        f"({at(planned + timedelta(minutes=15))}; planned {at(planned)}). The meeting was not "
        "extended again: no reason was given for running beyond it.")


def test_a_meeting_run_over_without_a_word_says_so_in_the_record(qtbot, window, session,
                                                                 clock):
    click(qtbot, window.agenda.start_button)
    planned = window.bridge.conference.clock.planned_end
    clock.set(planned + timedelta(minutes=25))
    through_to_the_end(qtbot, window, clock)
    clock.advance(minutes=1)
    click(qtbot, window.agenda.end_button)
    final = stored(session)
    ended = final.ended_at
    over = round((ended - planned).total_seconds() / 60)
    assert over >= 25
    assert time_rows(final)["Ended"] == (
        f"{at(ended)}, {over} minutes after its planned end ({at(planned)}). The "
        "meeting was not extended: no reason was given for running over.")
    assert "Extended" not in time_rows(final)


def test_with_the_interpreter_booked_the_window_offers_time_for_interpreting(
        qtbot, window, session, clock):
    row, agenda = window.interpreting, window.agenda
    assert row.isVisible()
    assert row.text.text() == ("Zofia Nowak interprets Polish for Liam Ashcombe. Consecutive "
                               "interpreting roughly doubles speaking time: the stage times "
                               "are as planned.")
    click(qtbot, agenda.start_button)
    assert agenda.stage_timer.text() == "0:00 / 5:00"
    reserve_before = agenda.reserve_label.text()
    assert "30 of 30 minutes protected" in reserve_before
    planned = window.bridge.conference.clock.planned_end

    shown: list[str] = []

    def fill_interpreting():
        dialog = InterpretingDialog(window.bridge.conference, window.now())
        qtbot.addWidget(dialog)
        dialog.multiplier.setValue(1.5)
        shown.append(dialog.effect.text())
        assert not dialog.extend.isHidden() and dialog.extend.isChecked()
        shown.append(dialog.extend.text())
        return dialog.choice()

    window.ask_interpreting = fill_interpreting
    click(qtbot, row.button)
    # the 105 planned minutes take 157.5 at 1.5: 53 more, so the slack stays what it was
    assert shown == [
        f"The rest of the agenda would take 158 minutes instead of 105 (53 more), to about "
        f"{at(clock.now() + timedelta(minutes=157.5))}; the planned end is {at(planned)}.",
        f"Move the planned end by the 53 minutes interpreting adds, to "
        f"{at(planned + timedelta(minutes=53))} (the reason goes into the record: time for "
        "consecutive interpreting (Polish))"]
    log = stored(session).log
    assert [e.multiplier for e in log if isinstance(e, ev.InterpretationMultiplierSet)] == [1.5]
    assert [(e.minutes, e.reason) for e in log if isinstance(e, ev.MeetingExtended)] == [
        (53.0, "time for consecutive interpreting (Polish)")]

    window.refresh_all()
    assert agenda.stage_timer.text() == "0:00 / 7:30"  # the welcome: 5 minutes at 1.5
    # 30 reserved minutes at 1.5; the planned end moved by what interpreting adds, so the
    # slack before the reserve is what it was
    assert agenda.reserve_label.text() == reserve_before.replace("30 of 30", "45 of 45")
    planned_column = [agenda.table.item(r, 1).text() for r in range(agenda.table.rowCount())]
    assert planned_column[:3] == ["7½ min", "7½ min", "7½ min"]
    assert planned_column[5] == "22½ min"  # the agency reports' 15 minutes
    assert row.text.text().endswith("Stage times include consecutive interpreting (× 1.5).")
    clock.advance(minutes=6)
    window.tick()
    assert agenda.stage_timer.text() == "6:00 / 7:30"
    assert "color:#c53030" not in agenda.stage_timer.styleSheet()  # not overrun with interpreting

    rows = time_rows(stored(session))
    assert rows["Interpreting"] == (
        "Interpreter booked: Zofia Nowak (Polish) for Liam Ashcombe. For consecutive "
        f"interpreting, stage times were allowed 1.5 times their planned length from "
        f"{at(log[-2].at)}.")
    assert rows["Extended"].endswith(": time for consecutive interpreting (Polish)")


def test_without_interpreting_time_the_record_says_the_stages_were_as_planned(window,
                                                                              session):
    assert time_rows(stored(session))["Interpreting"] == (
        "Interpreter booked: Zofia Nowak (Polish) for Liam Ashcombe. Stage times were not "
        "lengthened for interpreting.")
