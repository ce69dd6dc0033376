"""The chair decides whether a parent who was excluded receives the whole record or only the
parts they attended (the procedure leaves it to the chair); confidential stays out either way."""

from __future__ import annotations

import pytest

from facilitator.domain.commands.minutes import set_family_copy_scope
from facilitator.domain.errors import DomainError
from facilitator.record.audience import Audience
from facilitator.record.build import build_record
from facilitator.services.export import ExportSettings, Format, Kind

from .conftest import Held, docx_text, exported, flat
from .scenario import (
    CONFIDENTIAL_LINE,
    CONFIDENTIAL_SUMMARY,
    EXCLUSION_REASON,
    SPOKEN_OUT,
    SUMMARY_OUT,
    TYPED_OUT,
    held_conference,
)

OUT_OF_SEGMENT = (SPOKEN_OUT, TYPED_OUT, SUMMARY_OUT)


@pytest.fixture
def own() -> Held:
    """A held conference of this test's own (the decision changes it)."""
    conf, who = held_conference()
    return Held(conf, who)


def decide(held: Held, person: str, whole: bool, reason: str = "") -> None:
    after_the_meeting = held.conf.log[-1].at
    for event in set_family_copy_scope(held.conf, after_the_meeting, held.who[person],
                                       whole, reason):
        held.conf.apply(event)


def test_the_whole_record_for_an_excluded_father_holds_what_he_missed_but_nothing_confidential(
        own: Held, settings: ExportSettings) -> None:
    decide(own, "liam", True, "Liam asked, and the police have no objection")
    text = flat(docx_text(exported(own.conf, Kind.FAMILY, Format.DOCX, own.who["liam"], settings)))
    for phrase in OUT_OF_SEGMENT:
        assert phrase in text, phrase
    for phrase in (CONFIDENTIAL_LINE, CONFIDENTIAL_SUMMARY, EXCLUSION_REASON):
        assert phrase not in text, phrase
    assert "The chair decided that you receive the record of the whole conference" in text
    assert "does not include that part" not in text
    assert "The reasons were discussed in a part of the conference you were not" not in text
    assert own.conf.minutes.whole_record_for[own.who["liam"]] == (
        "Liam asked, and the police have no objection")


def test_the_chair_can_go_back_to_the_parts_attended(own: Held) -> None:
    decide(own, "liam", True, "asked for it")
    decide(own, "liam", False)
    text = build_record(own.conf, Audience.family_member(own.conf, own.who["liam"])).text()
    for phrase in OUT_OF_SEGMENT:
        assert phrase not in text, phrase
    assert "You were not present for part of the conference" in text


def test_the_decision_for_one_parent_leaves_the_other_parents_copy_alone(own: Held) -> None:
    decide(own, "liam", True, "asked for it")
    assert not Audience.family_member(own.conf, own.who["jade"]).whole_record


@pytest.mark.parametrize(("person", "whole", "reason", "refusal"), [
    ("liam", True, "  ", "give the reason"),
    ("jade", True, "asked", "was not excluded from any part"),
    ("priya", True, "asked", "is not a family member"),
    ("liam", False, "", "already receives only the parts they attended"),
])
def test_refused_decisions_change_nothing(own: Held, person: str, whole: bool, reason: str,
                                          refusal: str) -> None:
    with pytest.raises(DomainError, match=refusal):
        decide(own, person, whole, reason)
    assert own.conf.minutes.whole_record_for == {}
