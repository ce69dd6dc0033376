"""Letters and the family's copy in Welsh for a family who speak Welsh (each attendee's
language recorded in preparation), English for everyone else; a Welsh letter rendered to PNG
and looked at (issue #20)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from facilitator.services.export import ExportSettings, Format, Kind, export

from .conftest import LETTER_DATE, Held, docx_text, exported, flat, pdf_text
from .scenario import conference_data, held_conference

WELSH_SPEAKERS = ("Jade Thornbury", "Liam Ashcombe")
ENGLISH_WORDS = ("Dear ", "Yours sincerely", "The conference", "child protection plan",
                 "Thursday", "January", "What happens next", "social worker")


@pytest.fixture(scope="module")
def welsh() -> Held:
    """The Christmas Eve conference, with both parents recorded as Welsh speakers."""
    people: list[dict[str, Any]] = [
        {**p, "language": "cy"} if p["name"] in WELSH_SPEAKERS else p
        for p in conference_data()["attendees"]]
    conf, who = held_conference(attendees=people)
    return Held(conf, who)


def text_of(data: bytes, fmt: Format) -> str:
    return flat(docx_text(data)) if fmt is Format.DOCX else pdf_text(data)


@pytest.mark.parametrize("fmt", [Format.DOCX, Format.PDF])
def test_the_decision_letter_is_in_welsh_for_a_welsh_speaking_parent(
        welsh: Held, settings: ExportSettings, fmt: Format) -> None:
    text = text_of(exported(welsh.conf, Kind.DECISION_LETTER, fmt, welsh.who["jade"],
                            settings), fmt)
    assert "Annwyl Jade Thornbury," in text
    assert ("Fi oedd cadeirydd y gynhadledd amddiffyn plant gychwynnol am Maisie Thornbury ac "
            "Alfie Thornbury ar ddydd Iau 24 Rhagfyr 2026.") in text
    assert ("Mae angen cynllun amddiffyn plant ar Maisie Thornbury, o dan y categori "
            "esgeulustod.") in text
    assert "Bydd y grŵp craidd yn cyfarfod gyntaf ar ddydd Gwener 8 Ionawr 2027." in text
    assert "Cynhelir y gynhadledd adolygu ar ddydd Iau 18 Mawrth 2027." in text
    assert "erbyn dydd Mawrth 19 Ionawr 2027" in text  # the record: 15 working days
    assert "dydd Mawrth 29 Rhagfyr 2026" in text  # the letter's date
    assert "Cyngor Fernbridge" in text and "Uned Diogelu ac Adolygu" in text
    assert "Yn gywir," in text and "Cadeirydd annibynnol y gynhadledd" in text
    for english in ENGLISH_WORDS:
        assert english not in text, english


def test_an_english_speaker_and_a_polish_speaker_get_english_letters(
        welsh: Held, held: Held, settings: ExportSettings) -> None:
    polish = text_of(exported(held.conf, Kind.DECISION_LETTER, Format.DOCX, held.who["liam"],
                              settings), Format.DOCX)
    assert "Dear Liam Ashcombe," in polish and "Annwyl" not in polish


def test_the_chair_may_choose_the_language_of_a_letter(held: Held,
                                                       settings: ExportSettings) -> None:
    data = export(held.conf, Kind.DECISION_LETTER, Format.DOCX, held.who["jade"], settings,
                  LETTER_DATE, language_tag="cy").data
    assert "Annwyl Jade Thornbury," in text_of(data, Format.DOCX)


def test_the_exclusion_letter_and_the_childs_letter_are_in_welsh(
        welsh: Held, settings: ExportSettings) -> None:
    exclusion = text_of(exported(welsh.conf, Kind.EXCLUSION_LETTER, Format.DOCX,
                                 welsh.who["liam"], settings), Format.DOCX)
    assert "Annwyl Liam Ashcombe," in exclusion
    assert "gofynnais i chi adael rhan o'r cyfarfod" in exclusion
    assert "Mae'r weithdrefn yn caniatáu hyn pan fo:" in exclusion
    assert "Dear " not in exclusion and "The procedure" not in exclusion
    child = text_of(exported(welsh.conf, Kind.CHILD_LETTER, Format.DOCX, "Maisie", settings),
                    Format.DOCX)
    assert "Annwyl Maisie," in child and "Dear" not in child
    assert "Cynhadledd amddiffyn plant yw'r enw arno." in child


def test_the_familys_copy_and_the_plan_have_welsh_headings(
        welsh: Held, settings: ExportSettings) -> None:
    copy = text_of(exported(welsh.conf, Kind.FAMILY, Format.DOCX, welsh.who["jade"], settings),
                   Format.DOCX)
    for heading in ("Cofnod y gynhadledd amddiffyn plant: copi'r teulu", "Presenoldeb",
                    "Barn y plentyn", "Y cynllun amddiffyn plant", "Dyma eich copi chi"):
        assert heading in copy, heading
    assert "Record of the child protection conference" not in copy
    for detail in ("Maisie Thornbury ac Alfie Thornbury: dydd Iau 24 Rhagfyr 2026",
                   "Cynhadledd amddiffyn plant gychwynnol (Lloegr)", "Maisie Thornbury (8 oed)",
                   "llythyr penderfyniad i'r rhieni erbyn 29 Rhagfyr 2026",
                   "Arfaethedig 10:00 tan 12:00 (120 munud)", "o fewn yr amser arfaethedig"):
        assert detail in copy, detail
    plan = export(welsh.conf, Kind.PLAN, Format.DOCX, None, settings, LETTER_DATE,
                  language_tag="cy").data
    assert "Cynllun amddiffyn plant: crynodeb i'r grŵp craidd" in text_of(plan, Format.DOCX)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm is not installed")
def test_a_welsh_letter_renders_to_a_page_with_welsh_letters_on_it(
        welsh: Held, settings: ExportSettings, tmp_path: Path) -> None:
    pdf = tmp_path / "llythyr.pdf"
    pdf.write_bytes(exported(welsh.conf, Kind.DECISION_LETTER, Format.PDF, welsh.who["jade"],
                             settings))
    assert "grŵp craidd" in pdf_text(pdf.read_bytes())  # ŵ survives the font
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True, timeout=60)
    (page,) = tmp_path.glob("page-*.png")
    with Image.open(page) as image:
        width, height = image.size
        assert abs(height / width - 297 / 210) < 0.01
        dark = sum(image.convert("L").histogram()[:128])
    assert dark > 0.005 * width * height
    keep = os.environ.get("FACILITATOR_SCREENSHOTS")  # docs/screenshots when made for the README
    if keep:
        shutil.copy(page, Path(keep) / "welsh-decision-letter.png")


def test_calendar_invitations_in_welsh(held: Held, settings: ExportSettings) -> None:
    """The core group and review invitations (.ics), in Welsh when the chair asks."""
    welsh = export(held.conf, Kind.ICS, Format.ICS, None, settings, LETTER_DATE,
                   language_tag="cy").data.decode("utf-8")
    unfolded = welsh.replace("\r\n ", "")
    assert "SUMMARY:Cyfarfod y grŵp craidd (amser i'w gadarnhau)" in unfolded
    assert "Yn dilyn y gynhadledd amddiffyn plant gychwynnol ar 24 Rhagfyr 2026." in unfolded
    english = export(held.conf, Kind.ICS, Format.ICS, None, settings, LETTER_DATE
                     ).data.decode("utf-8").replace("\r\n ", "")
    assert "SUMMARY:Core group meeting (time to be confirmed)" in english
    assert "Following the initial child protection conference of 24 December 2026." in english


def test_the_welsh_familys_copy_has_no_english_in_attendance_apologies_and_exclusions(
        welsh: Held, settings: ExportSettings) -> None:
    copy = text_of(exported(welsh.conf, Kind.FAMILY, Format.DOCX, welsh.who["jade"], settings),
                   Format.DOCX)
    for welsh_text in ("Sut y bu'n bresennol", "o'r dechrau",
                       "allan drwy waharddiad 10:40–10:55 (15 munud)",
                       "Ymddiheuriadau, anfonwyd adroddiad ysgrifenedig",
                       "Priya Okonedo (gweithiwr cymdeithasol y plentyn)", "Do, 22 Rhagfyr 2026",
                       "Caniatâd y teulu", "Mae'r cadeirydd yn ysgrifennu at unrhyw un a "
                       "waharddwyd gyda'r rhesymau."):
        assert welsh_text in copy, welsh_text
    for english in ("How they attended", "from the start", "out by exclusion", "in the room",
                    "Apologies, written report sent", "Report from", "Parents saw it",
                    "21 December", "Chair's consent", "given in advance",
                    "Out of the meeting", "The chair writes to anyone excluded",
                    "Independent conference chair", "(child's social worker)"):
        assert english not in copy, english


def test_the_welsh_familys_copy_has_no_english_in_the_decision_plan_and_review(
        welsh: Held, settings: ExportSettings) -> None:
    copy = text_of(exported(welsh.conf, Kind.FAMILY, Format.DOCX, welsh.who["jade"], settings),
                   Format.DOCX)
    for welsh_text in ("Mae angen cynllun amddiffyn plant ar Maisie Thornbury, o dan y categori "
                       "esgeulustod.", "Anghytuno: Gareth Lowe (ysgol neu leoliad addysg).",
                       "Dim cynllun: ni chyrhaeddwyd y trothwy", "Y grŵp craidd:",
                       "ni ddefnyddiwyd 4 munud arfaethedig", "Cyfarfod cyntaf y grŵp craidd",
                       "Cynhelir y gynhadledd adolygu ar 18 Mawrth 2027 (i fod o fewn 3 mis: "
                       "erbyn 24 Mawrth 2027)."):
        assert welsh_text in copy, welsh_text
    for english in ("(age 8)", "needs a child protection plan", "Reasons:", "Dissent:",
                    "Plan needed", "threshold not met", "Core group:", "Noted (",
                    "The time reserved", "What the chair did", "planned minutes not used",
                    "Lead social worker", "What must change", "8 January 2027",
                    "The review conference will be held", "Daily lived experience",
                    "Views obtained through", "Did not attend"):
        assert english not in copy, english
