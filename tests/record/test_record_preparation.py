"""The record shows what was done before the conference: parents' comments and corrections on
the reports, reports shared with the child, and the child's own contributions (professionals)."""

from __future__ import annotations

from datetime import date

import pytest

from facilitator.domain import events as ev
from facilitator.domain.preparation import (
    CommentKind,
    Contribution,
    ContributionKind,
    ReportComment,
    SharedWithChild,
)
from facilitator.services.export import ExportSettings, Format, Kind

from .conftest import Held, docx_text, exported, flat, pdf_text
from .scenario import held_conference

JADE_CORRECTION = "Ellie started at Brookfield Primary in September, not in July"
LIAM_COMMENT = "I was working away that week and could not have been at the flat"
DRAWING = "Ellie's drawing of her family at the park"


@pytest.fixture(scope="module")
def prepared() -> Held:
    conf, who = held_conference()
    at = conf.log[-1].at
    report = next(r for r in conf.minutes.reports.values()
                  if r.agency == "Fernbridge Children's Services")
    child = conf.details.children[0]
    for event in (
        ev.ReportCommentRecorded(at=at, comment=ReportComment(
            "c1", report.id, who["jade"], CommentKind.CORRECTION, JADE_CORRECTION,
            date(2026, 12, 21))),
        ev.ReportCommentRecorded(at=at, comment=ReportComment(
            "c2", report.id, who["liam"], CommentKind.COMMENT, LIAM_COMMENT,
            date(2026, 12, 22))),
        ev.ReportSharedWithChild(at=at, sharing=SharedWithChild(report.id, child.id,
                                                                date(2026, 12, 20))),
        ev.ContributionAttached(at=at, contribution=Contribution(
            "k1", child.id, ContributionKind.DRAWING, "a" * 64, 2048, "family.png",
            date(2026, 12, 19), DRAWING)),
    ):
        conf.apply(event)
    return Held(conf, who)


@pytest.mark.parametrize("fmt", [Format.DOCX, Format.PDF])
def test_the_full_record_shows_every_comment_the_sharing_and_the_childs_contributions(
        prepared: Held, settings: ExportSettings, fmt: Format) -> None:
    data = exported(prepared.conf, Kind.FULL, fmt, None, settings)
    text = flat(docx_text(data)) if fmt is Format.DOCX else pdf_text(data)
    for phrase in (JADE_CORRECTION, LIAM_COMMENT, "Factual correction", DRAWING, "family.png",
                   "Report shared with them beforehand", "20 December 2026"):
        assert phrase in text, phrase


def test_a_parents_copy_shows_their_own_comments_only_and_not_the_childs_contributions(
        prepared: Held, settings: ExportSettings) -> None:
    jade = flat(docx_text(exported(prepared.conf, Kind.FAMILY, Format.DOCX,
                                   prepared.who["jade"], settings)))
    assert JADE_CORRECTION in jade and "Your comments and corrections" in jade
    assert LIAM_COMMENT not in jade, "one parent's comments reached the other"
    assert DRAWING not in jade and "family.png" not in jade
    assert "Report shared with them beforehand" in jade
    liam = flat(docx_text(exported(prepared.conf, Kind.FAMILY, Format.DOCX,
                                   prepared.who["liam"], settings)))
    assert LIAM_COMMENT in liam and JADE_CORRECTION not in liam


def test_nothing_is_added_when_nothing_was_done_before_the_conference(
        held: Held, settings: ExportSettings) -> None:
    text = flat(docx_text(exported(held.conf, Kind.FULL, Format.DOCX, None, settings)))
    assert "Comments and factual corrections" not in text
    assert "Report shared with them beforehand" not in text
