"""The record's "Child focus" and "Participation" sections, from the scripted conference of
tests/domain/participation_script.py (known speakers and durations, Kit out 10:20-10:25)."""

from __future__ import annotations

from facilitator.domain.child_focus import FocusPart
from facilitator.domain.commands import child_focus as cf
from facilitator.domain.conference import Conference
from facilitator.record.audience import Audience
from facilitator.record.build import build_record
from facilitator.record.document import Table
from facilitator.record.wording import RecordSettings
from facilitator.services.export.plain_text import render_text
from tests.domain.helpers import run
from tests.domain.participation_script import SECRET, scripted


def marked() -> Conference:
    conf, clock, lines = scripted()
    run(conf, clock, cf.mark_child_focus, lines["advocate"], "amy", FocusPart.VIEWS, "minutes")
    run(conf, clock, cf.mark_child_focus, lines["amy"], "amy", FocusPart.LIVED_EXPERIENCE,
        "chair")
    run(conf, clock, cf.mark_child_focus, lines["secret"], "amy", FocusPart.NEEDS, "minutes")
    return conf


def section(text: str, heading: str, until: str) -> str:
    start = text.index(heading)
    return text[start:text.index(until, start + len(heading))]


def test_child_focus_section_in_the_full_record() -> None:
    conf = marked()
    text = render_text(build_record(conf, Audience.professionals()))
    focus = section(text, "Child focus", "Summary and close")
    amy = section(focus, "Amy", "Ben")
    assert "Amy told me she feels safe at her nan's" in section(amy, "Views:", "Needs:")
    assert "I like my room at Nan's." in section(amy, "Daily lived experience:", "Views:")
    assert SECRET in section(amy, "Needs:", "Outcomes:")
    assert "Nothing marked." in amy[amy.index("Outcomes:"):]
    ben = focus[focus.index("Ben"):]
    assert ben.count("Nothing marked.") == 4  # every part a gap, so it shows


def test_the_excluded_father_s_copy_shows_nothing_of_the_part_he_was_out_of() -> None:
    conf = marked()
    his = render_text(build_record(conf, Audience.family_member(conf, "dad")))
    assert "Child focus" in his
    assert SECRET not in his
    assert "Participation" not in his  # the council's default: professionals only


def test_participation_section_figures_for_professionals() -> None:
    conf = marked()
    document = build_record(conf, Audience.professionals())
    tables = [b for b in document.blocks if isinstance(b, Table) and b.header[0] == "Party"]
    overall = {row[0]: row[1:3] for row in tables[0].rows}
    assert overall["Public Protection Unit"] == ("1 min 10 s", "28%")  # 70 of 252.4 s
    assert overall["The family"] == ("1 min 00 s", "24%")
    assert overall["The child and their advocate"] == ("30 s", "12%")


def test_council_setting_puts_participation_in_family_copies_from_their_parts() -> None:
    conf = marked()
    settings = RecordSettings(participation_in_family_copy=True)
    document = build_record(conf, Audience.family_member(conf, "dad"), settings=settings)
    tables = [b for b in document.blocks if isinstance(b, Table) and b.header[0] == "Party"]
    overall = {row[0]: row[1] for row in tables[0].rows}
    assert overall["Public Protection Unit"] == "30 s"  # not the 40 s said while he was out
    hers = build_record(conf, Audience.family_member(conf, "mum"), settings=settings)
    tables = [b for b in hers.blocks if isinstance(b, Table) and b.header[0] == "Party"]
    assert {row[0]: row[1] for row in tables[0].rows}["Public Protection Unit"] == "1 min 10 s"


# ---- the letter to the child: how their views were used ---------------------------------
def decided(views_while_out: bool) -> Conference:
    from facilitator.domain.commands import agenda as ag
    from facilitator.domain.commands import record as rc
    from facilitator.domain.commands import segments as sg
    from facilitator.domain.segments import ExclusionGround
    from tests.domain.helpers import at
    from tests.domain.participation_script import ROOM, say

    conf, clock, lines = scripted()
    run(conf, clock, cf.mark_child_focus, lines["amy"], "amy", FocusPart.VIEWS, "chair")
    if views_while_out:
        clock.set(at(27))
        run(conf, clock, sg.exclude, {"amy"}, {ExclusionGround.NOT_FOR_CHILD}, "chair",
            "police information Amy will not be given")
        told = say(conf, clock, "sw", ROOM, 27.5, 20, "Amy is frightened of the Kestrel Road flat.")
        run(conf, clock, cf.mark_child_focus, told, "amy", FocusPart.VIEWS, "minutes")
        clock.set(at(29))
        run(conf, clock, sg.readmit, {"amy", "advocate"})
    clock.set(at(30))
    run(conf, clock, ag.next_stage)
    run(conf, clock, ag.next_stage)  # decision
    clock.set(at(35))
    run(conf, clock, rc.record_decision, "amy", False, (), "Amy is safe at her nan's.")
    return conf


def letter_text(conf: Conference) -> str:
    from datetime import date

    from facilitator.services.export import Kind, make_document
    from facilitator.services.export.settings import load_settings

    document = make_document(conf, Kind.CHILD_LETTER, "amy", load_settings(), date(2026, 12, 4))
    return " ".join(render_text(document).split())


def test_the_child_letter_says_how_her_views_were_used() -> None:
    text = letter_text(decided(False))
    assert "What you told us" in text
    assert '"I like my room at Nan\'s."' in text
    assert "We thought about it before we decided." in text


def test_the_child_letter_quotes_nothing_said_while_she_was_out() -> None:
    text = letter_text(decided(True))
    assert "I like my room at Nan's." in text
    assert "Kestrel Road" not in text
