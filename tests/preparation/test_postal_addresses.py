"""Letters that can be posted: each person's optional postal address (the conference file, the
"Addresses" section of the "Before the meeting" tab, an event), printed under their name where a
UK window envelope shows it, on the invitation and on the decision, exclusion and child's
letters; a letter "by post" to someone without an address is refused. Every name and address
here is fictional."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Mm

from facilitator.cli import main
from facilitator.domain import events as ev
from facilitator.domain.clock import FixedClock
from facilitator.domain.commands import requests as rq
from facilitator.domain.commands.minutes import record_sent
from facilitator.domain.errors import DomainError
from facilitator.domain.minutes import Channel, DocumentKind
from facilitator.services.conference_file import LOCAL_ZONE, build_conference
from facilitator.services.database import open_database
from facilitator.services.export import Format, Kind, export, load_settings
from facilitator.services.export.preparation_letters import LetterFormat, export_exclusion_letter
from facilitator.services.store import EventStore
from ui.preparation_widgets import choose, select_key

from ..record.scenario import held_conference
from .conftest import conference_data, exclusion, on, who
from .test_panel import click, reopened, show

MM = 72 / 25.4
JADE = ("27 Millbrook Road", "Fernbridge", "FB2 4LN")


def words_on_first_page(pdf: bytes, tmp_path: Path) -> list[tuple[str, float, float]]:
    """(word, left, top) in millimetres from the page's top left corner (poppler's pdftotext)."""
    source = tmp_path / "letter.pdf"
    source.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(source), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [(word, float(x) / MM, float(y) / MM) for x, y, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>',
        html)]


def in_the_window(pdf: bytes, tmp_path: Path, *lines: str) -> bool:
    """Every word of these lines lies where a DL window envelope shows the address: from 20 mm
    to 110 mm across, from 45 mm to 85 mm down the page."""
    placed = words_on_first_page(pdf, tmp_path)
    for word in " ".join(lines).split():
        spots = [(x, y) for text, x, y in placed if text == word]
        if not any(20 <= x <= 110 and 45 <= y <= 85 for x, y in spots):
            return False
    return True


# ---- the command line: an invitation by post ----------------------------------------------
@pytest.fixture
def demo(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "demo.sqlite3"
    assert main(["--db", str(db), "demo"], clock=FixedClock(
        datetime(2027, 1, 18, 9, 0, tzinfo=LOCAL_ZONE))) == 0
    (summary,) = EventStore(open_database(db)).conferences()
    return db, summary.id[:8]


def test_an_invitation_by_post_carries_the_address_in_the_envelope_window(
        demo: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, conference = demo
    now = FixedClock(datetime(2027, 1, 18, 9, 2, tzinfo=LOCAL_ZONE))
    out = tmp_path / "jade.pdf"
    assert main(["--db", str(db), "invitation", conference, "--for", "Jade Thornbury", "--out",
                 str(out), "--sent", "--by", "post"], clock=now) == 0
    assert "invitation sent to Jade Thornbury on 2027-01-18 (post)" in capsys.readouterr().out
    assert in_the_window(out.read_bytes(), tmp_path, "Jade Thornbury", *JADE)
    # the council's own address is top right, never in the window
    assert not in_the_window(out.read_bytes(), tmp_path, "Riverside House")


def test_a_letter_by_post_to_someone_without_an_address_is_refused(
        demo: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, conference = demo
    now = FixedClock(datetime(2027, 1, 18, 9, 2, tzinfo=LOCAL_ZONE))
    out = tmp_path / "priya.pdf"
    assert main(["--db", str(db), "invitation", conference, "--for", "Priya Okonedo", "--out",
                 str(out), "--sent", "--by", "post"], clock=now) == 2
    error = capsys.readouterr().err
    assert error.strip() == ("facilitator: error: Priya Okonedo has no postal address: record "
                             "one (Before the meeting > Addresses, or 'address' in the "
                             "conference file) or send the letter another way")
    assert not out.exists()  # nothing written that is not recorded
    assert main(["--db", str(db), "invitation", conference, "--for", "Priya Okonedo", "--out",
                 str(out), "--sent", "--by", "secure-email"], clock=now) == 0


# ---- the window: the "Addresses" section --------------------------------------------------
def test_the_chair_records_an_address_and_then_the_invitation_can_go_by_post(
        qtbot: Any, window: Any, session: Any, db_path: Path, tmp_path: Path) -> None:
    panel, ids = window.preparation, who(session.conference)
    addresses, invitations = panel.addresses, panel.invitations
    show(panel, addresses)
    rows = {addresses.table.item(r, 0).text(): addresses.table.item(r, 2).text()
            for r in range(addresses.table.rowCount())}
    assert rows["Jade Thornbury"] == ", ".join(JADE)  # from the conference file
    assert rows["Priya Okonedo"] == "none yet: letters cannot go by post"
    assert "Maisie Thornbury" in rows  # the chair writes to her too

    show(panel, invitations)
    select_key(invitations.table, ids["priya"])
    choose(invitations.channel, Channel.POST)
    click(qtbot, invitations, "Invitation sent")
    assert window.problem.isVisible()
    assert "Priya Okonedo has no postal address" in window.problem.text()
    assert not any(isinstance(e, ev.LetterSent) for e in reopened(session, db_path).log)

    show(panel, addresses)
    select_key(addresses.table, ids["priya"])
    addresses.address.setPlainText("Fernbridge Children's Services\nRiverside House\n"
                                   "1 Quay Street\nFernbridge\nFB1 2QS\n")
    click(qtbot, addresses, "Record address")
    assert reopened(session, db_path).postal_address(ids["priya"]) == (
        "Fernbridge Children's Services", "Riverside House", "1 Quay Street", "Fernbridge",
        "FB1 2QS")
    show(panel, invitations)
    select_key(invitations.table, ids["priya"])
    click(qtbot, invitations, "Invitation sent")
    assert any(isinstance(e, ev.LetterSent) and e.letter.channel is Channel.POST
               for e in reopened(session, db_path).log)

    saved = tmp_path / "priya.pdf"
    panel.ask_save_path = lambda suggested: saved
    choose(invitations.format, "pdf")
    click(qtbot, invitations, "Save invitation…")
    assert in_the_window(saved.read_bytes(), tmp_path, "Priya Okonedo", "1 Quay Street",
                         "FB1 2QS")


def test_an_address_too_long_for_the_window_is_refused(
        qtbot: Any, window: Any, session: Any, db_path: Path) -> None:
    panel, ids = window.preparation, who(session.conference)
    addresses = panel.addresses
    show(panel, addresses)
    select_key(addresses.table, ids["martin"])
    addresses.address.setPlainText("\n".join(f"Line {n}" for n in range(1, 9)))
    click(qtbot, addresses, "Record address")
    assert "at most 6 lines" in window.problem.text()
    assert reopened(session, db_path).postal_address(ids["martin"]) == ()


# ---- after the conference: the decision letter and the child's letter --------------------
@pytest.mark.parametrize("kind", [Kind.DECISION_LETTER, Kind.CHILD_LETTER])
def test_the_letters_after_the_conference_carry_the_address(kind: Kind, tmp_path: Path
                                                             ) -> None:
    conf, people = held_conference()
    recipient = people["jade"] if kind is Kind.DECISION_LETTER else "maisie"
    name = "Jade Thornbury" if kind is Kind.DECISION_LETTER else "Maisie Thornbury"
    made = export(conf, kind, Format.PDF, recipient, load_settings(),
                  datetime(2026, 12, 29).date())
    assert in_the_window(made.data, tmp_path, name, *JADE)


def test_the_file_gives_addresses_as_lines_or_as_text_and_a_record_by_post_needs_one() -> None:
    data = conference_data()
    data["attendees"] = [dict(a) for a in data["attendees"]]
    for person in data["attendees"]:
        if person["name"] == "Gareth Lowe":
            person["address"] = "Hollin Lane Primary School, Hollin Lane, Fernbridge, FB5 2AA"
    events = build_conference(data, datetime(2026, 11, 26, 9, 0, tzinfo=LOCAL_ZONE))
    recorded = {e.recipient_id: e.lines for e in events
                if isinstance(e, ev.PostalAddressRecorded)}
    gareth = next(e.attendee.id for e in events if isinstance(e, ev.AttendeeAdded)
                  and e.attendee.name == "Gareth Lowe")
    assert recorded[gareth] == ("Hollin Lane Primary School", "Hollin Lane", "Fernbridge",
                                "FB5 2AA")
    assert recorded["maisie"] == JADE

    for person in data["attendees"]:
        if person["name"] == "Gareth Lowe":
            person["address"] = ["A line far too long to fit the window of an envelope at all"]
    with pytest.raises(DomainError, match=r"attendee 10 \(Gareth Lowe\): the address line"):
        build_conference(data, datetime(2026, 11, 26, 9, 0, tzinfo=LOCAL_ZONE))


def test_the_full_record_by_post_to_a_professional_without_an_address_is_refused() -> None:
    conf, people = held_conference()
    at = datetime(2026, 12, 29, 9, 0, tzinfo=LOCAL_ZONE)
    with pytest.raises(DomainError, match="DC Tom Reddaway has no postal address"):
        record_sent(conf, at, DocumentKind.FULL_RECORD, people["tom"], at.date(), Channel.POST)
    assert record_sent(conf, at, DocumentKind.FAMILY_COPY, people["jade"], at.date(),
                       Channel.POST)
    assert record_sent(conf, at, DocumentKind.CHILD_LETTER, "maisie", at.date(), Channel.POST)


def test_the_exclusion_letter_carries_the_address(conf: Any, do: Any, ids: dict[str, str],
                                                  tmp_path: Path) -> None:
    request = exclusion(do, ids)
    do(rq.decide_exclusion, request, True, "Not yet interviewed", "His written views",
       on(26, 11))
    letter = export_exclusion_letter(conf, ids["liam"], LetterFormat.PDF, None, on(26, 11))
    assert in_the_window(letter.data, tmp_path, "Liam Ashcombe", "Flat 2, 9 Quarry Lane",
                         "Hollinford", "FB7 1RD")


def test_in_word_the_address_is_in_the_letterheads_window_cell() -> None:
    """No renderer for DOCX here: the structure that puts it there. The letterhead is the first
    thing of the body, a borderless table; its left cell starts with a line exactly as tall as
    the space between the top margin (22 mm) and the window (50 mm), then the address, 5 mm in
    from the margin (25 mm from the edge)."""
    conf, people = held_conference()
    data = export(conf, Kind.DECISION_LETTER, Format.DOCX, people["jade"], load_settings(),
                  datetime(2026, 12, 29).date()).data
    document = docx.Document(io.BytesIO(data))
    assert document.element.body[0].tag.endswith("}tbl")
    window = document.tables[0].rows[0].cells[0]
    spacer, address = window.paragraphs
    assert spacer.text == "" and abs(spacer.paragraph_format.line_spacing - Mm(28)) < Mm(0.1)
    assert address.text.split("\n") == ["Jade Thornbury", *JADE]
    word = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    left = window._tc.tcPr.find(f"{word}tcMar/{word}left")
    assert left is not None and left.get(f"{word}w") == "283"  # 5 mm in twentieths of a point
    assert abs(document.sections[0].top_margin - Mm(22)) < Mm(0.1)
