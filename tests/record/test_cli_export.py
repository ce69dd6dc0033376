"""`facilitator export`, `circulation` and `sent` against a real database file: what a chair's
office runs. Bad input gets one line and exit status 2, and nothing is written."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import docx
import pytest

from facilitator.cli import main
from facilitator.domain.clock import FixedClock
from facilitator.domain.conference import Conference
from facilitator.services.conference_file import LOCAL_ZONE
from facilitator.services.database import open_database
from facilitator.services.store import EventStore

from .conftest import docx_text, flat, pdf_text
from .scenario import SPOKEN_OUT, TYPED_OUT, held_conference

# A past conference, and the office's clock a fortnight later (never the machine's own).
HELD_ON = datetime(2026, 9, 24, 10, 0, tzinfo=LOCAL_ZONE)
OFFICE_CLOCK = FixedClock(datetime(2026, 10, 8, 9, 30, tzinfo=LOCAL_ZONE))


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Conference]:
    conf, _ = held_conference(HELD_ON)
    path = tmp_path_factory.mktemp("db") / "facilitator.sqlite3"
    EventStore(open_database(path)).create(conf.log)
    return path, conf


def run(stored: tuple[Path, Conference], *args: str) -> int:
    path, conf = stored
    return main(["--db", str(path), *[a.replace("CONF", conf.id[:8]) for a in args]],
                clock=OFFICE_CLOCK)


def test_exports_the_full_record_and_a_family_copy(stored: tuple[Path, Conference],
                                                    tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    full, liam = tmp_path / "full.pdf", tmp_path / "liam.docx"
    assert run(stored, "export", "CONF", "--kind", "full", "--out", str(full)) == 0
    assert run(stored, "export", "CONF", "--kind", "family", "--for", "liam ashcombe",
               "--out", str(liam)) == 0
    out = capsys.readouterr().out
    assert f"wrote {liam} (family for Liam Ashcombe, docx," in out
    assert SPOKEN_OUT in pdf_text(full.read_bytes())
    text = flat(docx_text(liam.read_bytes()))
    assert SPOKEN_OUT not in text and TYPED_OUT not in text
    assert docx.Document(io.BytesIO(liam.read_bytes())).paragraphs[0].text.startswith("Record")
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize(("args", "message"), [
    (("--kind", "family", "--for", "Nobody Known"), "no attendee 'Nobody Known'"),
    (("--kind", "family", "--for", "Priya Okonedo"), "Priya Okonedo is not a family member"),
    (("--kind", "full", "--for", "Jade Thornbury"), "Jade Thornbury is not a professional"),
    (("--kind", "family"), "--kind family needs --for"),
    (("--kind", "minutes"), "--kind 'minutes' is not one of full, family"),
    (("--kind", "full", "--format", "odt"), "--format 'odt' is not one of docx, pdf, ics"),
    (("--kind", "ics", "--format", "pdf"), "calendar invitations are --kind ics"),
    (("--kind", "plan", "--for", "Jade Thornbury"), "leave out --for"),
    (("--kind", "child-letter", "--for", "Jade Thornbury"), "not a subject child"),
    (("--kind", "decision-letter", "--for", "DC Tom Reddaway"), "not a parent"),
    (("--kind", "full", "--date", "24/09/2026"), "--date '24/09/2026' is not a date"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(
        stored: tuple[Path, Conference], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        args: tuple[str, ...], message: str) -> None:
    out = tmp_path / "out.pdf"
    assert run(stored, "export", "CONF", *args, "--out", str(out)) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("facilitator: error: ")
    assert message in error
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_kept_unless_forced(stored: tuple[Path, Conference], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.pdf"
    out.write_bytes(b"the chair's own notes")
    assert run(stored, "export", "CONF", "--kind", "plan", "--out", str(out)) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_bytes() == b"the chair's own notes"
    assert run(stored, "export", "CONF", "--kind", "plan", "--out", str(out), "--force") == 0
    assert out.read_bytes().startswith(b"%PDF")
    missing = tmp_path / "no" / "such" / "folder.pdf"
    assert run(stored, "export", "CONF", "--kind", "plan", "--out", str(missing)) == 2
    assert "no folder" in capsys.readouterr().err


def test_unknown_conference(stored: tuple[Path, Conference], tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    assert run(stored, "export", "zzzz9999", "--kind", "full", "--out",
               str(tmp_path / "x.pdf")) == 2
    assert capsys.readouterr().err.strip() == "facilitator: error: no conference 'zzzz9999'"


def test_letters_and_invitations(stored: tuple[Path, Conference], tmp_path: Path) -> None:
    letter = tmp_path / "letter.docx"
    assert run(stored, "export", "CONF", "--kind", "decision-letter", "--for", "Jade Thornbury",
               "--date", "2026-09-25", "--out", str(letter)) == 0
    text = flat(docx_text(letter.read_bytes()))
    assert "Friday 25 September 2026" in text and "Dear Jade Thornbury," in text
    child = tmp_path / "maisie.pdf"
    assert run(stored, "export", "CONF", "--kind", "child-letter", "--for", "maisie",
               "--out", str(child)) == 0
    assert "Dear Maisie," in pdf_text(child.read_bytes())
    invites = tmp_path / "invites.ics"
    assert run(stored, "export", "CONF", "--kind", "ics", "--out", str(invites)) == 0
    assert invites.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_circulation_and_recording_what_was_sent(stored: tuple[Path, Conference],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert run(stored, "circulation", "CONF", "--on", "2026-09-28") == 0
    before = capsys.readouterr().out
    assert "decision letter due 2026-09-25" in before
    assert before.count("OVERDUE") >= 2
    assert run(stored, "sent", "CONF", "decision-letter", "--to", "Jade Thornbury",
               "--on", "2026-09-25", "--by", "secure-email") == 0
    assert "recorded: decision letter sent to Jade Thornbury on 2026-09-25" in \
        capsys.readouterr().out
    assert run(stored, "sent", "CONF", "full-record", "--to", "Liam Ashcombe") == 2
    assert "Liam Ashcombe is not a professional" in capsys.readouterr().err
    assert run(stored, "circulation", "CONF", "--on", "2026-09-28") == 0
    after = capsys.readouterr().out
    line = next(x for x in after.splitlines() if "Jade Thornbury (parent)" in x
                and "decision letter" in x and x.startswith("2026"))
    assert "done 2026-09-25 (secure email)" in line
    path, conf = stored
    reloaded = EventStore(open_database(path)).load(conf.id)
    assert reloaded.minutes.dispatches[-1].sent_on == date(2026, 9, 25)


def test_the_chair_decides_an_excluded_fathers_copy_covers_the_whole_conference(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conf, _ = held_conference(HELD_ON)
    own = (tmp_path / "own.sqlite3", conf)
    EventStore(open_database(own[0])).create(conf.log)
    copy = tmp_path / "liam.docx"
    assert run(own, "family-copy", "CONF", "--for", "Liam Ashcombe", "--whole") == 2
    assert "give the reason for sending the whole record" in capsys.readouterr().err
    assert run(own, "family-copy", "CONF", "--for", "Jade Thornbury", "--whole",
               "--reason", "asked") == 2
    assert "Jade Thornbury was not excluded" in capsys.readouterr().err
    assert run(own, "family-copy", "CONF", "--for", "Liam Ashcombe", "--whole",
               "--reason", "Liam asked; the police have no objection") == 0
    assert "covers the whole record" in capsys.readouterr().out
    assert run(own, "export", "CONF", "--kind", "family", "--for", "Liam Ashcombe",
               "--out", str(copy)) == 0
    assert SPOKEN_OUT in flat(docx_text(copy.read_bytes()))
    stored_again = EventStore(open_database(own[0])).load(conf.id)
    assert stored_again.minutes.whole_record_for == {
        next(a.id for a in conf.attendees.values() if a.name == "Liam Ashcombe"):
            "Liam asked; the police have no objection"}


def test_the_chair_exports_a_letter_in_welsh(stored: tuple[Path, Conference],
                                            tmp_path: Path) -> None:
    letter = tmp_path / "llythyr.docx"
    assert run(stored, "export", "CONF", "--kind", "decision-letter", "--for", "Jade Thornbury",
               "--date", "2026-09-25", "--language", "cy", "--out", str(letter)) == 0
    text = flat(docx_text(letter.read_bytes()))
    assert "dydd Gwener 25 Medi 2026" in text and "Annwyl Jade Thornbury," in text
