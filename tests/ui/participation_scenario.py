"""A scripted demo meeting for the chair's participation view: known speakers and durations.

    welcome        chair 30 s, Jade (parent, phone) 45 s
    introductions  (no lines)
    apologies and reports  Priya (social worker) 120 s, DC Tom Reddaway (police) 60 s,
                   Carys (Jade's supporter: the family) 20 s, Sian (health visitor) 90 s
Used by tests/ui/test_participation_view.py and scripts/screenshot_participation.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from facilitator.domain.attendees import AttendanceState
from facilitator.domain.transcript import UtteranceSource


def ids(window: Any) -> dict[str, str]:
    return {a.name.split()[0] if not a.name.startswith("DC") else "Tom": a.id
            for a in window.bridge.conference.attendees.values()}


def say(window: Any, start: datetime, who: str, seconds: float, text: str,
        source: UtteranceSource = UtteranceSource.ROOM) -> None:
    window.run(window.api.record_utterance, ids(window)[who], source, start,
               start + timedelta(seconds=seconds), text)


def play(window: Any, clock: Any) -> datetime:
    """Run the scripted meeting; returns when the family last spoke."""
    people = ids(window)
    present = [i for name, i in people.items() if name not in ("Anita",)]
    window.set_attendance(present, AttendanceState.PRESENT)
    window.run(window.api.start_meeting)
    t0 = clock.now()
    say(window, t0 + timedelta(seconds=30), "Helen", 30,
        "Thank you all for coming. This meeting is about Maisie and Alfie.")
    say(window, t0 + timedelta(seconds=60), "Jade", 45, "I want the children home with me.",
        UtteranceSource.PHONE)
    clock.set(t0 + timedelta(minutes=2))
    window.run(window.api.next_stage)  # introductions
    window.run(window.api.next_stage)  # apologies and reports
    say(window, t0 + timedelta(minutes=2), "Priya", 120,
        "Maisie told me she likes her bedroom at her nan's and wants to stay there.")
    say(window, t0 + timedelta(minutes=4), "Tom", 60, "Police checks are complete.",
        UtteranceSource.VIDEO)
    say(window, t0 + timedelta(minutes=5), "Carys", 20, "Jade has done the parenting course.",
        UtteranceSource.PHONE)
    say(window, t0 + timedelta(minutes=6), "Sian", 90,
        "Alfie needs a speech and language assessment by March.")
    clock.set(t0 + timedelta(minutes=8))
    return t0 + timedelta(minutes=5, seconds=20)
