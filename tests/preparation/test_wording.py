"""Words a family reads: the chair's letter thanks a child only for what reached the conference,
and what the chair typed about the child's participation reads as sentences in the record.
(The phone-only parent's invitation, which must not ask her to test a camera, is checked in
tests/cli/test_dates_make_sense.py.) Every name here is fictional."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from facilitator.domain.commands import agenda as ag
from facilitator.domain.commands import record as rc
from facilitator.domain.decisions import Category
from facilitator.domain.minutes import ViewsChannel
from facilitator.domain.preparation import ContributionKind
from facilitator.record.audience import Audience
from facilitator.record.build import build_record
from facilitator.services.export import Format, Kind, export, load_settings
from ui.preparation_widgets import choose

from ..record.conftest import flat, pdf_text
from .conftest import START
from .test_panel import click, show


def child_letter(window: Any) -> str:
    made = export(window.bridge.conference, Kind.CHILD_LETTER, Format.PDF, "maisie",
                  load_settings(), date(2026, 12, 4))
    return flat(pdf_text(made.data))


def test_the_child_is_thanked_only_for_a_drawing_that_was_stored(
        qtbot: Any, window: Any, live: Any, clock: Any, tmp_path: Path) -> None:
    panel = window.preparation
    child = panel.child
    show(panel, child)
    choose(child.child, "maisie")
    child.reasons.setPlainText("Her views were gathered by the social worker")  # no full stop
    child.channels[ViewsChannel.DRAWING].setChecked(True)
    click(qtbot, child, "Record attendance decision")

    clock.set(START + timedelta(minutes=1))
    live.execute(ag.start_meeting)
    # nobody has arrived in this test: the decision is interim, the chair says why
    live.execute(rc.record_decision, "maisie", True, {Category.EMOTIONAL},
                 "Maisie has seen and heard her parents' fights",
                 interim_reason="the police could not attend; Maisie needs a plan now")
    record = build_record(window.bridge.conference, Audience.professionals()).text()
    assert ("Did not attend. Her views were gathered by the social worker. Views obtained "
            "through a picture or drawing.") in record
    letter = child_letter(window)
    assert "Dear Maisie," in letter
    assert "drawing" not in letter  # promised, never stored: not thanked for

    drawing = tmp_path / "biscuit.png"
    drawing.write_bytes(b"\x89PNG\r\n\x1a\nBiscuit the dog")
    panel.ask_open_path = lambda: drawing
    choose(child.kind, ContributionKind.DRAWING)
    click(qtbot, child, "Attach file…")  # it arrives during the meeting: it counts
    assert "Thank you for your drawing." in child_letter(window)
