"""The chair's participation view: bars per party (this stage, overall), prompts dismissed with
one key, child focus marked from the selected line; never on the room display."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from facilitator.domain import events as ev
from facilitator.domain.child_focus import FocusPart
from ui.participation_panel import ParticipationPanel

from .participation_scenario import play


def test_bars_show_this_stage_and_overall(qtbot, window, clock) -> None:  # type: ignore[no-untyped-def]
    play(window, clock)
    window.tick()
    panel = window.participation
    assert panel.this_stage.isChecked()
    assert panel.bars.lines() == [  # the reports stage only
        "The family: 0:20 (7%)",
        "Fernbridge Children's Services: 2:00 (41%)",
        "Fernbridge Community Health: 1:30 (31%)",
        "Public Protection Unit: 1:00 (21%)",
    ]
    qtbot.mouseClick(panel.overall, Qt.MouseButton.LeftButton)
    assert panel.bars.lines() == [
        "The family: 1:05 (18%)",  # Jade 45 s in the welcome, Carys 20 s
        "The chair: 0:30 (8%)",
        "Fernbridge Children's Services: 2:00 (33%)",
        "Fernbridge Community Health: 1:30 (25%)",
        "Public Protection Unit: 1:00 (16%)",
    ]


def test_the_family_silent_prompt_shows_once_and_esc_dismisses_it(  # type: ignore[no-untyped-def]
        qtbot, window, clock) -> None:
    last_family = play(window, clock)
    panel = window.participation
    clock.set(last_family + timedelta(minutes=9, seconds=50))
    window.tick()
    assert not panel.prompt_box.isVisible()
    clock.set(last_family + timedelta(minutes=10))
    window.tick()
    assert panel.prompt_box.isVisible()
    assert "The family has said nothing for 10 minutes" in panel.prompt.text()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not panel.prompt_box.isVisible()
    assert not window.dismiss_key.isEnabled()  # Esc is the editors' again
    clock.set(last_family + timedelta(minutes=25))
    window.tick()
    assert not panel.prompt_box.isVisible()  # the same condition: never again
    assert not any(type(e).__name__.startswith("Prompt") for e in window.bridge.conference.log)


def test_child_focus_is_marked_from_the_selected_line(qtbot, window, clock) -> None:  # type: ignore[no-untyped-def]
    play(window, clock)
    window.tick()
    panel = window.participation
    conference = window.bridge.conference
    line = next(u for u in conference.transcript() if u.text.startswith("Maisie told me"))
    row = [u.id for u in conference.transcript()].index(line.id)
    window.transcript.select_row(row)
    panel._fill_menu()
    texts = [a.text() for a in panel.menu.actions() if a.text()]
    assert "Maisie: Views  (suggested: “she likes”)" in texts
    assert "Alfie: Views" in texts  # every part for every child, suggested or not
    action = next(a for a in panel.menu.actions() if a.text().startswith("Maisie: Views"))
    action.trigger()
    marked = [e for e in window.bridge.conference.log if isinstance(e, ev.ChildFocusMarked)]
    assert [(e.utterance_id, e.child_id, e.part, e.from_suggestion) for e in marked] == [
        (line.id, "maisie", FocusPart.VIEWS, True)]
    window.tick()
    assert "views 1" in panel.coverage.text()


def test_the_room_display_has_no_participation_view(qtbot, window, clock) -> None:  # type: ignore[no-untyped-def]
    play(window, clock)
    room = window.show_room_display()
    assert room.findChildren(ParticipationPanel) == []
    assert window.findChildren(ParticipationPanel) == [window.participation]
