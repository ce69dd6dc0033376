"""The family's copy leaves out, by the segment audiences, what the person was excluded from,
and everything marked confidential, in every format; the full record keeps it all."""

from __future__ import annotations

import pytest

from facilitator.domain.errors import DomainError
from facilitator.record.audience import Audience
from facilitator.record.build import build_record
from facilitator.services.export import ExportError, ExportSettings, Format, Kind

from .conftest import Held, docx_text, exported, flat, pdf_text
from .scenario import (
    CONFIDENTIAL_LINE,
    CONFIDENTIAL_SUMMARY,
    EXCLUSION_REASON,
    NOT_SHARED_REASON,
    PARENT_LINE,
    SHARED_LINE,
    SPOKEN_OUT,
    SUMMARY_OUT,
    TYPED_OUT,
)

OUT_OF_SEGMENT = (SPOKEN_OUT, TYPED_OUT, SUMMARY_OUT)
CONFIDENTIAL = (CONFIDENTIAL_LINE, CONFIDENTIAL_SUMMARY)
SHARED = (SHARED_LINE, PARENT_LINE, "Jade said the children's routines are better")


def text_of(held: Held, settings: ExportSettings, kind: Kind, fmt: Format,
            for_id: str | None = None) -> str:
    data = exported(held.conf, kind, fmt, for_id, settings)
    return flat(docx_text(data)) if fmt is Format.DOCX else pdf_text(data)


@pytest.mark.parametrize("fmt", [Format.DOCX, Format.PDF])
def test_the_full_record_holds_everything(held: Held, settings: ExportSettings,
                                          fmt: Format) -> None:
    text = text_of(held, settings, Kind.FULL, fmt)
    for phrase in (*OUT_OF_SEGMENT, *CONFIDENTIAL, *SHARED, EXCLUSION_REASON, NOT_SHARED_REASON):
        assert phrase in text, phrase
    assert "Confidential: leave out of the family's copy." in text


@pytest.mark.parametrize("fmt", [Format.DOCX, Format.PDF])
def test_the_excluded_fathers_copy_never_holds_his_excluded_segment(
        held: Held, settings: ExportSettings, fmt: Format) -> None:
    text = text_of(held, settings, Kind.FAMILY, fmt, held.who["liam"])
    for phrase in (*OUT_OF_SEGMENT, *CONFIDENTIAL, EXCLUSION_REASON, NOT_SHARED_REASON):
        assert phrase not in text, phrase
    for phrase in SHARED:
        assert phrase in text, phrase
    assert "Family copy for Liam Ashcombe" in text
    assert "You were not present for part of the conference" in text


@pytest.mark.parametrize("fmt", [Format.DOCX, Format.PDF])
def test_the_mothers_copy_has_the_part_she_attended_but_nothing_confidential(
        held: Held, settings: ExportSettings, fmt: Format) -> None:
    text = text_of(held, settings, Kind.FAMILY, fmt, held.who["jade"])
    for phrase in OUT_OF_SEGMENT:
        assert phrase in text, phrase
    for phrase in (*CONFIDENTIAL, EXCLUSION_REASON, NOT_SHARED_REASON):
        assert phrase not in text, phrase
    assert "You were not present for part" not in text


def test_the_copy_is_cut_by_segment_audiences_not_by_hand(held: Held) -> None:
    """Every utterance and paragraph Liam could not have received is absent; every one he
    could is present (whatever its words)."""
    conf, liam = held.conf, held.who["liam"]
    text = build_record(conf, Audience.family_member(conf, liam)).text()
    for utterance in conf.transcript():
        receivable = conf.may_receive(liam, utterance) and not any(
            m.name == "CONFIDENTIAL" for m in utterance.marks)
        assert (utterance.text in text) is receivable, utterance.text
    for summary in conf.minutes.summaries.values():
        for paragraph in summary.paragraphs:
            visible = not paragraph.confidential and all(
                conf.segment(s).admits(liam) for s in paragraph.segment_ids)
            assert (paragraph.text in text) is visible, paragraph.text


def test_the_decision_and_plan_reach_the_family_even_from_a_part_they_missed(
        held: Held, settings: ExportSettings) -> None:
    text = text_of(held, settings, Kind.FAMILY, Format.DOCX, held.who["liam"])
    assert "Maisie Thornbury needs a child protection plan, under the category of neglect." in text
    assert "8 January 2027" in text and "18 March 2027" in text


def test_own_exclusion_grounds_are_shown_but_never_the_free_text_reason(
        held: Held, settings: ExportSettings) -> None:
    liam = text_of(held, settings, Kind.FAMILY, Format.DOCX, held.who["liam"])
    jade = text_of(held, settings, Kind.FAMILY, Format.DOCX, held.who["jade"])
    ground = "presence may prejudice legal proceedings or a police investigation"
    assert ground in liam
    assert ground not in jade  # someone else's grounds stay in the professionals' record
    assert "Liam Ashcombe (parent)" in jade  # but she sees that he was out, and when
    assert "10:40–10:55" in jade


@pytest.mark.parametrize("person", ["priya", "tom", "helen", "imogen"])
def test_a_family_copy_is_refused_for_anyone_outside_the_family(
        held: Held, settings: ExportSettings, person: str) -> None:
    with pytest.raises(DomainError, match="not a family member"):
        exported(held.conf, Kind.FAMILY, Format.PDF, held.who[person], settings)


def test_the_full_record_is_refused_for_a_family_member(held: Held,
                                                        settings: ExportSettings) -> None:
    with pytest.raises(ExportError, match="not a professional"):
        exported(held.conf, Kind.FULL, Format.DOCX, held.who["jade"], settings)


def test_the_familys_copy_needs_a_person(held: Held, settings: ExportSettings) -> None:
    with pytest.raises(ExportError, match="needs --for"):
        exported(held.conf, Kind.FAMILY, Format.DOCX, None, settings)
