"""Excluding a parent with an interpreter from the window: the chair is asked whether the
interpreter stays, and must say why; by default the interpreter goes out with him."""

from __future__ import annotations

from facilitator.domain import events as ev
from facilitator.domain.segments import ExclusionGround
from facilitator.views import PeopleGroup
from tests.ui.test_whole_conference import click, ids
from ui.dialogs import ExclusionDialog

REASON = "to interpret the police summary into Polish for the record"


def test_the_chair_keeps_the_interpreter_in_with_a_reason(qtbot, window, session):  # type: ignore[no-untyped-def]
    people, agenda = window.people, window.agenda
    people.select(ids(window, "Priya Okonedo", "DC Tom Reddaway", "Liam Ashcombe",
                      "Zofia Nowak"))
    click(qtbot, people.arrived_button)
    click(qtbot, agenda.start_button)
    seen: dict[str, object] = {}

    def fill(chosen):  # type: ignore[no-untyped-def]
        dialog = window.exclusion_dialog(chosen)
        qtbot.addWidget(dialog)
        assert isinstance(dialog, ExclusionDialog)
        dialog.ground_boxes[ExclusionGround.LEGAL_PROCEEDINGS].setChecked(True)
        dialog.requested_by.setCurrentText("DC Tom Reddaway")
        qtbot.keyClicks(dialog.reason, "police interview pending")
        seen["asked"] = [box.text() for box, _ in dialog.interpreter_stays.values()]
        box, why = next(iter(dialog.interpreter_stays.values()))
        box.setChecked(True)
        seen["complete without a reason"] = dialog.complete()
        qtbot.keyClicks(why, REASON)
        seen["complete"] = dialog.complete()
        return dialog.request()

    window.ask_exclusion = fill
    people.select(ids(window, "Liam Ashcombe"))
    click(qtbot, people.exclude_button)
    assert seen == {"asked": ["Zofia Nowak (interpreter) stays in this part"],
                    "complete without a reason": False, "complete": True}
    assert people.group_members(PeopleGroup.OUT_OF_SEGMENT) == ["Liam Ashcombe"]
    kept = [e for e in session.conference.log if isinstance(e, ev.InterpreterKeptIn)]
    assert [(k.reason, k.chair_decided) for k in kept] == [(REASON, True)]


def test_the_people_list_says_who_interprets_for_whom_and_who_speaks_polish(window):  # type: ignore[no-untyped-def]
    tree = window.people.tree
    about = {}
    for group in range(tree.topLevelItemCount()):
        header = tree.topLevelItem(group)
        for row in range(header.childCount()):
            item = header.child(row)
            about[item.text(0)] = item.text(1)
    assert "Interpreting for Liam Ashcombe (Polish)" in about["Zofia Nowak"]
    assert "Speaks Polish" in about["Liam Ashcombe"]
    assert "Speaks" not in about["Jade Thornbury"]


def test_the_chair_changes_whom_the_interpreter_interprets_for(qtbot, window, session):  # type: ignore[no-untyped-def]
    people = window.people
    seen = {}

    def tick_jade_too(dialog):  # type: ignore[no-untyped-def]
        qtbot.addWidget(dialog)
        seen["ticked"] = [dialog.boxes[i].text() for i in dialog.chosen()]
        jade = ids(window, "Jade Thornbury")[0]
        dialog.boxes[jade].setChecked(True)
        return dialog.chosen()

    window.ask_interpreter_link = tick_jade_too
    people.select(ids(window, "Zofia Nowak"))
    click(qtbot, people.interpreter_button)
    assert seen["ticked"] == ["Liam Ashcombe (parent)"]
    zofia = next(i for i in people._person_items() if i.text(0) == "Zofia Nowak")
    assert "Interpreting for Jade Thornbury, Liam Ashcombe (Polish)" in zofia.text(1)

    people.select(ids(window, "Jade Thornbury"))  # a parent is never the interpreter
    click(qtbot, people.interpreter_button)
    assert "a member of the family never interprets" in window.problem.text()
