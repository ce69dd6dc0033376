#!/usr/bin/env python3
"""Render the README's pictures of the chair's window from a fictional demo meeting.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_screenshots.py docs/
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from facilitator.app import ConferenceSession
from facilitator.cli import demo_data
from facilitator.domain.attendees import AttendanceMode, AttendanceState
from facilitator.domain.clock import ManualClock, SystemClock
from facilitator.domain.commands import agenda, people, record, remote, segments
from facilitator.domain.segments import ExclusionGround
from facilitator.domain.transcript import Mark, UtteranceSource
from facilitator.services.conference_file import build_conference
from facilitator.services.database import open_database
from facilitator.services.store import EventStore
from ui.bridge import SessionBridge
from ui.chair_window import ChairWindow


def main(folder: Path) -> None:
    app = QApplication.instance() or QApplication([])
    clock = ManualClock(SystemClock().now())
    store = EventStore(open_database(memory=True))
    conference = store.create(build_conference(demo_data(clock.now()), clock.now()))
    clock.set(conference.details.scheduled_start + timedelta(minutes=2))
    session = ConferenceSession(store, conference, clock)
    by_name = {a.name: a.id for a in conference.attendees.values()}
    for name in ("Helen Marsh", "Rob Kendal", "Priya Okonedo", "Martin Hale", "Sian Pritchard",
                 "Gareth Lowe", "Zofia Nowak"):
        session.execute(people.change_attendance, by_name[name], AttendanceState.PRESENT)
    for name, mode in (("Jade Thornbury", AttendanceMode.PHONE),
                       ("Liam Ashcombe", AttendanceMode.VIDEO),
                       ("DC Tom Reddaway", AttendanceMode.VIDEO),
                       ("Carys Bell", AttendanceMode.PHONE)):
        session.execute(remote.arrive_remotely, by_name[name], mode)
    session.execute(remote.admit, [by_name["Jade Thornbury"], by_name["Liam Ashcombe"],
                                   by_name["DC Tom Reddaway"]])
    session.execute(agenda.start_meeting)
    lines = [
        ("Helen Marsh", "Thank you all for coming. This meeting is about Maisie and Alfie."),
        ("Helen Marsh", "Everything said here is confidential and shared only to keep them safe."),
        ("Priya Okonedo", "I'm Priya, the children's social worker."),
        ("Jade Thornbury", "I'm Jade, their mum. I'm joining by phone from home."),
    ]
    for who, text in lines:
        clock.advance(seconds=40)
        session.execute(record.record_utterance, by_name[who], UtteranceSource.ROOM,
                        clock.now() - timedelta(seconds=8), clock.now(), text)
    for minutes in (5, 5, 5, 10, 12):
        clock.advance(minutes=minutes)
        session.execute(agenda.next_stage)
    clock.advance(minutes=3)
    session.execute(segments.exclude, [by_name["Liam Ashcombe"]],
                    [ExclusionGround.LEGAL_PROCEEDINGS], "DC Tom Reddaway",
                    "Mr Ashcombe has not yet been interviewed by the police")
    clock.advance(seconds=50)
    events = session.execute(record.record_utterance, by_name["DC Tom Reddaway"],
                             UtteranceSource.VIDEO, clock.now() - timedelta(seconds=12),
                             clock.now(), "The interview is planned for next week.")
    session.execute(record.mark_utterance, events[0].utterance_id,  # type: ignore[attr-defined]
                    [Mark.CONFIDENTIAL], "Rob Kendal")
    clock.advance(minutes=9)
    window = ChairWindow(SessionBridge(session))
    window.ticker.stop()
    window.resize(1280, 720)
    window.people.set_connection(by_name["Jade Thornbury"], "connected, good line")
    window.people.set_connection(by_name["Liam Ashcombe"], "connected, good line")
    window.people.set_connection(by_name["DC Tom Reddaway"], "connected, good line")
    window.refresh_all()
    window.show()
    app.processEvents()
    folder.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(folder / "chair-window.png"))
    print(f"saved {folder / 'chair-window.png'}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))
