"""Each invitee's invitation in their own language: Welsh for a parent recorded as a Welsh
speaker in preparation ("language: cy" in the conference file), English for the others, each
with their own join details (issue #20)."""

from __future__ import annotations

from typing import Any

from facilitator.app import ConferenceSession
from facilitator.domain.clock import ManualClock
from facilitator.services.conference_file import build_conference
from facilitator.services.export.preparation_letters import LetterFormat, export_invitation
from facilitator.services.rtc.credentials import Credentials
from facilitator.services.store import EventStore

from .conftest import conference_data, who
from .test_letters import LETTER_DATE


def welsh_speaking_mother(store: EventStore, clock: ManualClock) -> ConferenceSession:
    people: list[dict[str, Any]] = [
        {**p, "language": "cy"} if p["name"] == "Jade Thornbury" else p
        for p in conference_data()["attendees"]]
    conference = store.create(build_conference(conference_data(attendees=people), clock.now()))
    return ConferenceSession(store, conference, clock)


def invitation(session: ConferenceSession, name: str) -> str:
    letter = export_invitation(session.conference, who(session.conference)[name],
                               LetterFormat.TXT, Credentials(session.store.db), None, None,
                               LETTER_DATE)
    return " ".join(letter.data.decode("utf-8").split())


def test_a_welsh_speaker_is_invited_in_welsh_with_her_own_pin(
        store: EventStore, clock: ManualClock) -> None:
    session = welsh_speaking_mother(store, clock)
    assert session.conference.attendee(who(session.conference)["jade"]).language == "cy"
    text = invitation(session, "jade")
    credential = Credentials(session.store.db).issue_for(session.conference,
                                                         who(session.conference)["jade"])
    assert "Annwyl Jade Thornbury," in text
    assert ("Fe'ch gwahoddir i'r gynhadledd amddiffyn plant gychwynnol am Maisie Thornbury ac "
            "Alfie Thornbury ar ddydd Iau 3 Rhagfyr 2026, o 10:00 tan tua") in text
    assert "Rydych chi'n ymuno dros y ffôn." in text
    assert f"Eich PIN: {credential.pin}" in text
    assert "Pwy sydd wedi cael gwahoddiad" in text
    assert "Gweithiwr cymdeithasol y plentyn" in text  # Priya's role, in Welsh
    assert "erbyn dydd Llun 30 Tachwedd 2026" in text  # reply by: 3 working days before
    for english in ("Dear ", "You are invited", "Your PIN", "Yours sincerely", "December"):
        assert english not in text, english


def test_the_others_are_invited_in_english(store: EventStore, clock: ManualClock) -> None:
    session = welsh_speaking_mother(store, clock)
    for name in ("carys", "liam", "tom"):  # English, Polish (the interpreter helps), English
        text = invitation(session, name)
        assert "Dear " in text and "Annwyl" not in text, name
