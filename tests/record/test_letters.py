"""The decision letter to parents and the chair's letter to the child, from the council's
templates; the templates and settings a local authority may change."""

from __future__ import annotations

import io
import shutil
from datetime import datetime
from pathlib import Path

import docx
import pytest

from facilitator.domain.errors import DomainError
from facilitator.record.letters import AgeBand, age_band, child_letter_context
from facilitator.services.conference_file import LOCAL_ZONE
from facilitator.services.export import ExportError, Format, Kind, load_settings
from facilitator.services.export.settings import ExportSettings, templates_dir

from .conftest import LETTER_DATE, Held, docx_text, exported, flat, pdf_text
from .scenario import held_conference, new_conference


def letter(held: Held, settings: ExportSettings, kind: Kind, person: str,
           fmt: Format = Format.DOCX) -> str:
    data = exported(held.conf, kind, fmt, held.who.get(person, person), settings)
    return flat(docx_text(data)) if fmt is Format.DOCX else pdf_text(data)


@pytest.mark.parametrize("fmt", [Format.DOCX, Format.PDF])
def test_the_decision_letter_tells_each_parent_the_decision_and_what_next(
        held: Held, settings: ExportSettings, fmt: Format) -> None:
    text = letter(held, settings, Kind.DECISION_LETTER, "jade", fmt)
    assert "Dear Jade Thornbury," in text
    assert "about Maisie Thornbury and Alfie Thornbury on Thursday 24 December 2026" in text
    assert "Maisie Thornbury needs a child protection plan, under the category of neglect." in text
    assert "Alfie Thornbury needs a child protection plan, under the category of neglect." in text
    assert "The core group first meets on Friday 8 January 2027." in text
    assert "The review conference will be held on Thursday 18 March 2027." in text
    assert "by Tuesday 19 January 2027" in text  # the record: 15 working days, across Christmas
    assert "Tuesday 29 December 2026" in text  # the letter's date
    assert "a manager who was not at the conference will look at your complaint" in text
    assert "Helen Marsh" in text and "Independent conference chair" in text
    assert "Fernbridge Council" in text and "FB1 2QS" in text
    assert "You were not present for part" not in text


def test_the_excluded_father_is_told_his_copy_leaves_out_that_part(
        held: Held, settings: ExportSettings) -> None:
    text = letter(held, settings, Kind.DECISION_LETTER, "liam")
    assert "Dear Liam Ashcombe," in text
    assert "You were not present for part of the conference, so your copy leaves out that " \
           "part." in text
    assert "Thank you for taking part. I am writing" in text


def test_the_decision_letter_is_for_the_family_and_after_a_decision(
        held: Held, settings: ExportSettings) -> None:
    with pytest.raises(ExportError, match="not a parent"):
        exported(held.conf, Kind.DECISION_LETTER, Format.PDF, held.who["tom"], settings)
    fresh = new_conference()
    jade = next(p.id for p in fresh.attendees.values() if p.name == "Jade Thornbury")
    with pytest.raises(DomainError, match="no decision is recorded yet"):
        exported(fresh, Kind.DECISION_LETTER, Format.PDF, jade, settings)


def test_age_bands() -> None:
    assert [age_band(a) for a in (4, 7, 8, 12, 13, 17)] == [
        AgeBand.UNDER_8, AgeBand.UNDER_8, AgeBand.FROM_8_TO_12, AgeBand.FROM_8_TO_12,
        AgeBand.FROM_13, AgeBand.FROM_13]


def test_the_letter_to_an_eight_year_old(held: Held, settings: ExportSettings) -> None:
    text = letter(held, settings, Kind.CHILD_LETTER, "maisie", Format.PDF)
    assert "Dear Maisie," in text
    assert "Thank you for meeting me before the conference. Thank you for your drawing." in text
    assert "We decided that you need a child protection plan." in text
    assert "Your social worker is Priya Okonedo." in text
    assert "Alfie" not in text
    assert "neglect" not in text  # the category's name is for the record, not for an 8-year-old
    assert "Our reference" not in text


def test_the_letter_to_a_four_year_old_is_short_and_large(held: Held,
                                                         settings: ExportSettings) -> None:
    data = exported(held.conf, Kind.CHILD_LETTER, Format.DOCX, "Alfie Thornbury", settings)
    text = flat(docx_text(data))
    assert "Dear Alfie," in text
    assert "My name is Helen." in text
    assert "Priya is your social worker." in text
    assert "child protection" not in text
    body = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text]
    body = body[body.index("Dear Alfie,"):]  # the letter itself, after the letterhead
    sentences = [s for p in body for s in p.split(". ")]
    assert max(len(s.split()) for s in sentences) <= 15
    normal = docx.Document(io.BytesIO(data)).styles["Normal"]
    assert normal.font.size.pt == 14


def test_the_letter_to_a_young_person_names_the_category(settings: ExportSettings) -> None:
    conf, _ = held_conference(children=[
        {"id": "maisie", "name": "Maisie Thornbury", "date_of_birth": "2012-03-01"},
        {"id": "alfie", "name": "Alfie Thornbury", "date_of_birth": "2022-09-30"}])
    text = flat(docx_text(exported(conf, Kind.CHILD_LETTER, Format.DOCX, "maisie", settings)))
    assert "Dear Maisie," in text
    assert "under the category of neglect" in text
    assert "The plan will be reviewed at a conference on Thursday 18 March 2027." in text
    assert "Your rights" in text


def test_no_letter_for_a_child_too_young_or_unborn(settings: ExportSettings) -> None:
    conf, _ = held_conference(children=[
        {"id": "maisie", "name": "Maisie Thornbury", "date_of_birth": "2018-04-12"},
        {"id": "alfie", "name": "Alfie Thornbury", "date_of_birth": "2023-06-01"}])
    with pytest.raises(DomainError, match="Alfie Thornbury is 3"):
        exported(conf, Kind.CHILD_LETTER, Format.PDF, "alfie", settings)
    unborn = new_conference(children=[{"id": "baby", "name": "Baby Thornbury", "unborn": True}])
    with pytest.raises(DomainError, match="unborn"):
        child_letter_context(unborn, "baby", LETTER_DATE)
    with pytest.raises(DomainError, match="not a subject child"):
        child_letter_context(unborn, "nobody", LETTER_DATE)


@pytest.fixture
def council_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(templates_dir(), folder)
    return folder


def test_a_council_changes_its_details_and_wording(held: Held, council_templates: Path) -> None:
    settings_file = council_templates / "settings.yaml"
    settings_file.write_text(settings_file.read_text().replace("Fernbridge Council",
                                                               "Larkhaven Council"))
    (council_templates / "record.yaml").write_text("headings:\n  attendance: Who was there\n")
    settings = load_settings(council_templates)
    record = flat(docx_text(exported(held.conf, Kind.FULL, Format.DOCX, None, settings)))
    assert "Who was there" in record and "Larkhaven Council" in record
    assert "Conference details" in record  # headings left out keep the default
    text = letter(held, settings, Kind.DECISION_LETTER, "jade")
    assert "Larkhaven Council" in text and "Fernbridge Council" not in text


@pytest.mark.parametrize(("change", "message"), [
    ("{{ nope }}", "letter template decision-letter.txt.j2: 'nope' is undefined"),
    ("{% if %}", "letter template decision-letter.txt.j2, line 1:"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "letter template decision-letter.txt.j2"),
])
def test_a_broken_template_is_one_line_naming_it(held: Held, council_templates: Path,
                                                 change: str, message: str) -> None:
    template = council_templates / "letters" / "decision-letter.txt.j2"
    template.write_text(change + "\n" + template.read_text())
    with pytest.raises(ExportError) as refused:
        exported(held.conf, Kind.DECISION_LETTER, Format.PDF, held.who["jade"],
                 load_settings(council_templates))
    assert str(refused.value).startswith(message)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(("file", "text", "message"), [
    ("settings.yaml", "council:\n  nmae: x\n", "unknown key(s) in 'council': nmae"),
    ("settings.yaml", "pdf: [1\n", "settings.yaml is not valid YAML"),
    ("record.yaml", "headings:\n  atendance: x\n", "unknown heading(s) in the record template"),
    ("record.yaml", "texts:\n  audience_family: For $person\n", None),
])
def test_settings_mistakes_are_refused(held: Held, council_templates: Path, file: str,
                                       text: str, message: str | None) -> None:
    (council_templates / file).write_text(text)
    if message is None:  # a bad placeholder shows when the text is used
        settings = load_settings(council_templates)
        with pytest.raises(DomainError, match="bad placeholder"):
            exported(held.conf, Kind.FAMILY, Format.DOCX, held.who["jade"], settings)
        return
    with pytest.raises(DomainError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_settings(council_templates)


def test_letters_are_dated_as_asked() -> None:
    conf, who = held_conference(datetime(2026, 9, 24, 10, tzinfo=LOCAL_ZONE))
    from facilitator.services.export import export

    made = export(conf, Kind.DECISION_LETTER, Format.DOCX, who["jade"], load_settings(),
                  datetime(2026, 9, 25).date())
    assert "Friday 25 September 2026" in flat(docx_text(made.data))


def test_the_shipped_record_template_holds_the_default_wording() -> None:
    """assets/templates/record.yaml shows a council every heading and text it may change."""
    import yaml

    from facilitator.record.wording import HEADINGS, SIGNS_OF_SAFETY_HEADINGS, TEXTS

    shipped = yaml.safe_load((templates_dir() / "record.yaml").read_text(encoding="utf-8"))
    assert shipped == {"headings": HEADINGS, "signs_of_safety_headings": SIGNS_OF_SAFETY_HEADINGS,
                       "texts": TEXTS}
