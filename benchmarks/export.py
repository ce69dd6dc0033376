"""Export the record of a three-hour conference with 3,000 utterances (target: < 3 s each for
the full record in DOCX and in PDF on the 2-core reference machine).

Builds the conference through the domain commands (no database: the export reads the
aggregate), then times each export three times and prints the best and the median, with the
family copy of a parent who was excluded for part of the meeting for comparison.

    .venv/bin/python benchmarks/export.py
"""

from __future__ import annotations

import io
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from facilitator.cli import demo_data
from facilitator.domain import events as ev
from facilitator.domain.attendees import AttendanceState
from facilitator.domain.commands import agenda as ag
from facilitator.domain.commands import minutes as mn
from facilitator.domain.commands import record as rc
from facilitator.domain.commands import segments as sg
from facilitator.domain.conference import Conference
from facilitator.domain.decisions import Category, HarmView, Outcome, Plan
from facilitator.domain.minutes import ParagraphDraft, Section
from facilitator.domain.segments import ExclusionGround
from facilitator.domain.transcript import Mark, UtteranceSource
from facilitator.services.conference_file import LOCAL_ZONE, build_conference
from facilitator.services.export import Format, Kind, export, load_settings

UTTERANCES = 3000
MINUTES = 180
START = datetime(2026, 12, 3, 10, 0, tzinfo=LOCAL_ZONE)
WORDS = (
    "school", "attendance", "breakfast", "routine", "visit", "health", "visitor", "worried",
    "about", "the", "children", "home", "conditions", "improved", "since", "October", "nursery",
    "place", "mother", "father", "grandmother", "support", "plan", "safety", "said", "agreed",
    "explained", "report", "police", "incident", "housing", "letter", "appointment", "missed",
    "dentist", "clothes", "sleep", "bedtime", "tired", "happy", "sad", "friends", "Biscuit",
    "the", "dog", "Maisie", "Alfie", "contact", "weekend",
)


def build() -> tuple[Conference, str]:
    data = demo_data(START)
    data["scheduled_start"] = START.isoformat()
    data["planned_minutes"] = 200
    conf = Conference.from_events(build_conference(data, START - timedelta(days=7)))
    clock = [START - timedelta(minutes=5)]
    who = {p.name.split()[0].lower(): p.id for p in conf.attendees.values()}

    def do(command: Callable[..., list[ev.Event]], *args: Any, **kwargs: Any
           ) -> list[ev.Event]:
        events = command(conf, clock[0], *args, **kwargs)
        for event in events:
            conf.apply(event)
        return events

    for person in conf.attendees.values():
        if person.state is AttendanceState.CONFIRMED:
            do(rc_attend, person.id)
    clock[0] = START
    do(ag.start_meeting)
    speakers = [p.id for p in conf.attendees.values() if p.state is AttendanceState.PRESENT
                and p.role_key not in ("interpreter", "minute_taker")]
    stages = len(conf.agenda.stages)
    rng = random.Random(7)
    step = MINUTES * 60 / UTTERANCES
    for n in range(UTTERANCES):
        moment = START + timedelta(seconds=n * step)
        clock[0] = moment
        stage_due = min(stages - 1, n * stages // UTTERANCES)
        current = conf.agenda.current
        if current and conf.agenda.stages.index(current) < stage_due:
            do(ag.next_stage, "benchmark: keep to the transcript's pace")
        if n == UTTERANCES // 3:
            do(sg.exclude, {who["liam"]}, {ExclusionGround.FAMILY_CONFLICT}, who["priya"],
               "Jade and Liam are heard separately")
        if n == UTTERANCES // 3 + 200:
            do(sg.readmit, {who["liam"]})
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))).capitalize() + "."
        said = do(rc.record_utterance, rng.choice(speakers), UtteranceSource.ROOM, moment,
                  moment + timedelta(seconds=step * 0.8), text)
        if n % 40 == 0:
            marks = {Mark.CONFIDENTIAL} if n % 400 == 0 else {Mark.PARENT_VIEW}
            do(rc.mark_utterance, said[0].utterance_id, marks, who["rob"])  # type: ignore[attr-defined]
        if n % 150 == 0:
            section = list(Section)[(n // 150) % len(Section)]
            base = conf.minutes.summary(section).version
            paragraphs = [ParagraphDraft(p.text) for p in conf.minutes.summary(section).paragraphs]
            paragraphs.append(ParagraphDraft(" ".join(rng.choice(WORDS) for _ in range(60))))
            do(mn.write_summary, section, paragraphs, base, who["rob"])
        if n == UTTERANCES * 3 // 4:
            record_outcome(do, who)
    clock[0] = START + timedelta(minutes=MINUTES)
    do(ag.end_meeting, "benchmark")
    return conf, who["liam"]


def rc_attend(conf: Conference, at: datetime, attendee_id: str) -> list[ev.Event]:
    from facilitator.domain.commands.people import change_attendance

    return change_attendance(conf, at, attendee_id, AttendanceState.PRESENT)


def record_outcome(do: Callable[..., list[ev.Event]], who: dict[str, str]) -> None:
    for child in ("maisie", "alfie"):
        for agency in ("dc", "sian", "gareth"):
            do(rc.record_view, child, who[agency], HarmView.SIGNIFICANT_HARM, {Category.NEGLECT})
        do(rc.record_decision, child, True, {Category.NEGLECT}, "Long-standing neglect.")
        do(rc.record_plan, Plan(
            child, who["priya"], frozenset({who["priya"], who["jade"], who["liam"]}),
            date(2026, 12, 10), (Outcome("Breakfast every day", "school log",
                                         date(2027, 2, 1)),),
            "at every visit", "strategy discussion if concerns rise", date(2027, 2, 25)))


def timed(make: Callable[[], bytes], runs: int = 3) -> tuple[float, float, bytes]:
    times, data = [], b""
    for _ in range(runs):
        start = time.perf_counter()
        data = make()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), data


def main() -> None:
    started = time.perf_counter()
    conf, liam = build()
    print(f"built a {MINUTES}-minute conference with {len(conf.utterances):,} utterances, "
          f"{len(conf.segments)} segments, {len(conf.log):,} events in "
          f"{time.perf_counter() - started:.1f} s")
    settings = load_settings()
    for kind, fmt, person in ((Kind.FULL, Format.DOCX, None), (Kind.FULL, Format.PDF, None),
                              (Kind.FAMILY, Format.DOCX, liam), (Kind.FAMILY, Format.PDF, liam)):
        best, median, data = timed(lambda k=kind, f=fmt, p=person: export(
            conf, k, f, p, settings, START.date()).data)
        extra = ""
        if fmt is Format.PDF:
            import pypdf

            extra = f", {len(pypdf.PdfReader(io.BytesIO(data)).pages)} pages"
        target = "  (target < 3 s)" if kind is Kind.FULL else ""
        print(f"{kind.value:<7} {fmt.value:<5} best {best:5.2f} s  median {median:5.2f} s  "
              f"{len(data) / 1e6:5.2f} MB{extra}{target}")


if __name__ == "__main__":
    main()
