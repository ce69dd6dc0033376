"""Invitations with each person's own join details, and the chair's letter to a parent about
an exclusion decision: DOCX and PDF read back with python-docx and pypdf, and email text."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from facilitator.app import ConferenceSession
from facilitator.cli import main
from facilitator.domain.clock import FixedClock, ManualClock
from facilitator.domain.commands import requests as rq
from facilitator.domain.errors import DomainError
from facilitator.domain.minutes import Channel
from facilitator.domain.preparation import LetterKind
from facilitator.domain.segments import ExclusionGround
from facilitator.services.conference_file import LOCAL_ZONE, build_conference
from facilitator.services.export import load_settings
from facilitator.services.export.preparation_letters import (
    LetterFormat,
    export_exclusion_letter,
    export_invitation,
)
from facilitator.services.preparation_settings import load_preparation
from facilitator.services.rtc.credentials import Credentials
from facilitator.services.store import EventStore

from ..record.conftest import docx_text, flat, pdf_text
from .conftest import conference_data, on, who

LETTER_DATE = date(2026, 11, 26)


def read(data: bytes, fmt: LetterFormat) -> str:
    if fmt is LetterFormat.DOCX:
        return flat(docx_text(data))
    if fmt is LetterFormat.PDF:
        return pdf_text(data)
    return flat(data.decode("utf-8"))


def invitation(session: ConferenceSession, name: str, fmt: LetterFormat) -> str:
    attendee = who(session.conference)[name]
    letter = export_invitation(session.conference, attendee, fmt,
                               Credentials(session.store.db), None, None, LETTER_DATE)
    return read(letter.data, fmt)


@pytest.mark.parametrize("fmt", list(LetterFormat))
def test_a_phone_invitation_has_the_code_and_only_that_persons_pin(
        session: ConferenceSession, fmt: LetterFormat) -> None:
    credentials = Credentials(session.store.db)
    conf, ids = session.conference, who(session.conference)
    liam = credentials.issue_for(conf, ids["liam"])  # somebody else's details exist already
    carys = credentials.issue_for(conf, ids["carys"])
    text = invitation(session, "jade", fmt)
    jade = credentials.issue_for(conf, ids["jade"])  # the same credential, not a new one
    spaced = f"{jade.code[:4]} {jade.code[4:]}"
    assert f"Meeting code: {spaced}" in text
    assert f"Your PIN: {jade.pin}" in text
    assert f"type your PIN {jade.pin} on the keypad, then the hash key (#)" in text
    assert "call 01632 960 555" in text
    assert "Go to https://conference.fernbridge.example" in text
    for other in (liam, carys):
        assert other.pin not in text and other.token not in text
    assert jade.token not in text, "a phone invitation needs no link"
    assert "Dear Jade Thornbury," in text
    assert "Liam Ashcombe, Parent" in text and "DC Tom Reddaway, Police" in text
    assert "by Tuesday 1 December 2026, at least 2 working days before" in text
    assert "Please tell the Safeguarding and Reviewing Unit by Monday 30 November 2026" in text
    assert "Helen Marsh Independent conference chair" in text


def test_a_video_invitation_has_a_personal_link(session: ConferenceSession) -> None:
    text = invitation(session, "liam", LetterFormat.DOCX)
    liam = Credentials(session.store.db).issue_for(session.conference,
                                                    who(session.conference)["liam"])
    assert f"https://conference.fernbridge.example/join/{liam.token}" in text
    assert "You are joining by video. This link is only for you" in text
    assert "a quiet, private place" in text
    assert "try a test call" in text


def test_the_email_text_is_plain_and_keeps_the_link_whole(session: ConferenceSession) -> None:
    ids = who(session.conference)
    letter = export_invitation(session.conference, ids["liam"], LetterFormat.TXT,
                               Credentials(session.store.db), None, None, LETTER_DATE)
    text = letter.data.decode()
    assert text.startswith("Subject: Invitation: initial child protection conference on "
                           "Thursday 3 December 2026\n")
    token = Credentials(session.store.db).issue_for(session.conference, ids["liam"]).token
    assert f"https://conference.fernbridge.example/join/{token}\n" in text
    assert "How to join\n===========" in text
    assert all(len(line) <= 72 or "https://" in line or line.startswith("Subject:")
               for line in text.splitlines())


def test_an_in_room_professional_gets_the_venue_and_what_to_do_if_they_cannot_come(
        session: ConferenceSession) -> None:
    text = invitation(session, "gareth", LetterFormat.PDF)
    assert "The conference is at Meeting Room 2, Riverside House, Fernbridge." in text
    assert "Meeting code" not in text and "PIN" not in text
    assert "Send a written report in the agreed format by Tuesday 1 December 2026" in text
    assert "ask a colleague from your agency to attend in your place" in text


def test_no_published_join_page_is_a_clear_error(session: ConferenceSession,
                                                 tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    settings = load_settings()
    import shutil

    shutil.copytree(settings.templates_dir, folder)
    text = (folder / "preparation.yaml").read_text()
    (folder / "preparation.yaml").write_text(
        text.replace("address: https://conference.fernbridge.example", "address: \"\""))
    config = load_preparation(folder)
    with pytest.raises(DomainError, match="say where the join page is published"):
        export_invitation(session.conference, who(session.conference)["jade"],
                          LetterFormat.PDF, Credentials(session.store.db),
                          load_settings(folder), config, LETTER_DATE)
    (folder / "preparation.yaml").write_text(text + "\nsurprise: 1\n")
    with pytest.raises(DomainError, match=r"preparation\.yaml: unknown section"):
        load_preparation(folder)


def excluded(session: ConferenceSession, requested: date | None = None,
             decided: date | None = None) -> str:
    requested, decided = requested or on(24, 11), decided or on(25, 11)
    ids = who(session.conference)
    request = session.execute(rq.request_exclusion, [ids["liam"]],
                              [ExclusionGround.LEGAL_PROCEEDINGS], ids["tom"],
                              "Liam has not yet been interviewed about the allegation",
                              requested, "the part where the police share their information")
    request_id = request[0].request.id  # type: ignore[attr-defined]
    session.execute(rq.decide_exclusion, request_id, True,
                    "The police have yet to interview you about the allegation.",
                    "Your solicitor, Bryn Talbot, will read your written views to the "
                    "conference.", decided)
    return request_id


@pytest.mark.parametrize("fmt", [LetterFormat.DOCX, LetterFormat.PDF])
def test_the_exclusion_letter_is_signed_by_the_chair_and_says_what_the_procedure_asks(
        session: ConferenceSession, fmt: LetterFormat) -> None:
    excluded(session)
    ids = who(session.conference)
    letter = export_exclusion_letter(session.conference, ids["liam"], fmt, None, LETTER_DATE)
    text = read(letter.data, fmt)
    assert "Dear Liam Ashcombe," in text
    assert "you should not attend the part where the police share their information" in text
    assert "The police have yet to interview you about the allegation." in text
    assert "presence may prejudice legal proceedings or a police investigation" in text
    assert "Your solicitor, Bryn Talbot, will read your written views" in text
    assert "I will write to you by Friday 4 December 2026" in text
    assert "leave out the part you were not present for" in text
    assert "a manager who was not at the conference will look at your complaint" in text
    assert "Helen Marsh Independent conference chair" in text
    with pytest.raises(DomainError, match="no granted exclusion request is about Jade"):
        export_exclusion_letter(session.conference, ids["jade"], fmt, None, LETTER_DATE)


# ---- the command line (its clock injected: a conference next week) ----------------------
OFFICE_NOW = datetime(2027, 3, 1, 16, 45, tzinfo=LOCAL_ZONE)  # a Monday afternoon


def cli(db_path: Path, *args: str) -> int:
    return main(["--db", str(db_path), *args], clock=FixedClock(OFFICE_NOW))


@pytest.fixture
def next_week(store: EventStore) -> ConferenceSession:
    """The conference a week after the office's clock."""
    now = OFFICE_NOW
    start = datetime.combine(now.date() + timedelta(days=7), time(10, 0), tzinfo=LOCAL_ZONE)
    data = conference_data(start)
    conference = store.create(build_conference(data, now))
    return ConferenceSession(store, conference, ManualClock(now))


def test_the_command_line_writes_an_invitation_and_records_it_sent(
        next_week: ConferenceSession, db_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    session = next_week
    conference = session.conference.id[:8]
    out = tmp_path / "jade.txt"
    today = session.now().astimezone(LOCAL_ZONE).date().isoformat()
    assert cli(db_path, "invitation", conference, "--for", "Jade Thornbury", "--out", str(out),
               "--sent", "--by", "secure-email", "--dial-in", "01632 960 777") == 0
    printed = capsys.readouterr().out
    assert f"wrote {out} (invitation for Jade Thornbury, txt" in printed
    assert f"recorded: invitation sent to Jade Thornbury on {today} (secure email)" in printed
    assert "call 01632 960 777" in out.read_text()
    stored = EventStore(session.store.db).load(session.conference.id)
    letters = stored.preparation.letters
    assert [(x.kind, x.channel) for x in letters] == [(LetterKind.INVITATION,
                                                       Channel.SECURE_EMAIL)]
    assert cli(db_path, "readiness", conference) == 0
    listing = capsys.readouterr().out
    assert "MISSING  invitations" in listing and "Liam Ashcombe joins by video" in listing
    assert "Jade Thornbury joins by phone" not in listing


@pytest.mark.parametrize(("args", "message"), [
    (("invitation", "CONF", "--for", "Jade Thornbury", "--out", "x.rtf"),
     "say --format docx, pdf or txt"),
    (("invitation", "CONF", "--for", "Nobody Known", "--out", "x.pdf"),
     "no attendee 'Nobody Known'"),
    (("invitation", "CONF", "--for", "Helen Marsh", "--out", "x.pdf"),
     "the chair sends the invitations and is not invited"),
    (("exclusion-letter", "CONF", "--for", "Jade Thornbury", "--out", "x.pdf"),
     "no granted exclusion request is about Jade Thornbury"),
    (("attach", "CONF", "EMPTY", "--child", "Maisie Thornbury", "--kind", "drawing"),
     "empty.png is empty: nothing to attach"),
    (("attach", "CONF", "EMPTY", "--child", "Ruby", "--kind", "drawing"),
     "no subject child 'Ruby'"),
])
def test_the_command_line_refuses_bad_input_in_one_line(
        session: ConferenceSession, db_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str) -> None:
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    before = len(session.store.events(session.conference.id))
    real = [a.replace("CONF", session.conference.id[:8]).replace("EMPTY", str(empty))
            .replace("x.", str(tmp_path / "x.")) for a in args]
    assert cli(db_path, *real) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1
    assert not list(tmp_path.glob("x.*"))
    assert len(session.store.events(session.conference.id)) == before


def test_the_command_line_writes_the_exclusion_letter(
        next_week: ConferenceSession, db_path: Path, tmp_path: Path) -> None:
    session = next_week
    today = session.now().astimezone(LOCAL_ZONE).date()
    request = excluded(session, today, today)
    out = tmp_path / "liam.docx"
    assert cli(db_path, "exclusion-letter", session.conference.id[:8], "--for", "Liam Ashcombe",
               "--out", str(out), "--sent", "--by", "by-hand") == 0
    assert "Dear Liam Ashcombe," in flat(docx_text(out.read_bytes()))
    stored = EventStore(session.store.db).load(session.conference.id)
    assert stored.preparation.decision_letter_sent(request, who(stored)["liam"])
