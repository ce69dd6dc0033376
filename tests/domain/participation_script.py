"""A scripted conference with known speakers and durations, and one exclusion: the figures of
speaking time are exact. Every name is fictional (the cast of helpers.py).

    opening (10:00): chair 30 s, mum (phone) 45 s, advocate 20 s, Amy 10 s
    reports (10:10): social worker 60 s, police (video) 30 s, health visitor typed 6 words
    10:20 Kit (dad) excluded; police 40 s, about "the Tollgate Lane caravan"; 10:25 readmitted
    10:26 Kit 15 s
"""

from __future__ import annotations

from datetime import timedelta

from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import agenda as ag
from facilitator.domain.commands import record as rc
from facilitator.domain.commands import segments as sg
from facilitator.domain.conference import Conference
from facilitator.domain.segments import ExclusionGround
from facilitator.domain.transcript import UtteranceSource

from .helpers import START, at, run, started_conference

SECRET = "the Tollgate Lane caravan"
ROOM, VIDEO, PHONE, TYPED = (UtteranceSource.ROOM, UtteranceSource.VIDEO,
                             UtteranceSource.PHONE, UtteranceSource.TYPED)


def say(conf: Conference, clock: ManualClock, speaker: str | None, source: UtteranceSource,
        minutes: float, seconds: float, text: str) -> str:
    start = at(minutes)
    clock.set(start + timedelta(seconds=seconds))
    events = run(conf, clock, rc.record_utterance, speaker, source, start,
                 start + timedelta(seconds=seconds), text)
    return events[0].utterance_id  # type: ignore[attr-defined, no-any-return]


def scripted(clock: ManualClock | None = None) -> tuple[Conference, ManualClock, dict[str, str]]:
    """The conference up to 10:26:15; `lines` names the lines by who said them."""
    clock = clock or ManualClock(START)
    conf = started_conference(clock)
    lines = {
        "chair": say(conf, clock, "chair", ROOM, 1, 30, "Welcome, everyone."),
        "mum": say(conf, clock, "mum", PHONE, 2, 45, "I want Amy home with me."),
        "advocate": say(conf, clock, "advocate", ROOM, 3, 20,
                        "Amy told me she feels safe at her nan's and wants to stay there."),
        "amy": say(conf, clock, "amy", ROOM, 3.5, 10, "I like my room at Nan's."),
    }
    clock.set(at(10))
    run(conf, clock, ag.next_stage)  # reports
    lines["sw"] = say(conf, clock, "sw", ROOM, 10, 60, "The social work report.")
    lines["police"] = say(conf, clock, "police", VIDEO, 11, 30, "Police checks are done.")
    clock.set(at(12))
    lines["hv"] = run(conf, clock, rc.record_utterance, "hv", TYPED, at(12), at(12),
                      "Amy is registered with the practice.", actor="minutes"
                      )[0].utterance_id  # type: ignore[attr-defined]
    clock.set(at(20))
    run(conf, clock, sg.exclude, {"dad"}, {ExclusionGround.FAMILY_CONFLICT}, "sw",
        "Dana and Kit cannot be in the meeting together")
    lines["secret"] = say(conf, clock, "police", VIDEO, 20.5, 40, f"Officers visited {SECRET}.")
    clock.set(at(25))
    run(conf, clock, sg.readmit, {"dad"})
    lines["dad"] = say(conf, clock, "dad", ROOM, 26, 15, "I will do the course.")
    return conf, clock, lines
