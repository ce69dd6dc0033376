"""`facilitator conference new|list|show` and `agenda plan`: the conferences in the store, one
conference's details and deadlines, and its timed plan."""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .domain.conference import Conference
from .domain.errors import DomainError
from .domain.events import ConferenceCreated
from .services.conference_file import LOCAL_ZONE, build_conference, read_conference_file
from .services.database import default_path, open_database
from .services.store import EventStore


def event_store(args: argparse.Namespace) -> EventStore:
    """The store --db names (default: FACILITATOR_DB or the user data directory)."""
    return EventStore(open_database(Path(args.db) if args.db else default_path()))


def cmd_conference_new(args: argparse.Namespace) -> int:
    data = read_conference_file(Path(args.file))
    now = args.clock.now()
    events = build_conference(data, now, Path(args.file).name)
    created = events[0]
    assert isinstance(created, ConferenceCreated)
    _not_in_the_past(created.details.scheduled_start, now)
    conference = event_store(args).create(events)
    print(conference.id)
    return 0


def _not_in_the_past(start: datetime, now: datetime) -> None:
    """A conference is created before it is held: a start already past is a mistake (a date
    typed wrong, last year's file), said in one line, and nothing is created."""
    if start >= now.replace(second=0, microsecond=0):
        return
    local, today = start.astimezone(LOCAL_ZONE), now.astimezone(LOCAL_ZONE)
    when = (f"today at {local:%H:%M}" if local.date() == today.date() else
            f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M}")
    raise DomainError(f"scheduled_start is in the past ({when}; it is now "
                      f"{today:%A} {today.day} {today:%B %Y} {today:%H:%M}): a conference is "
                      "created before it starts, so correct its date and time in the file")


def cmd_conference_list(args: argparse.Namespace) -> int:
    rows = event_store(args).conferences()
    if not rows:
        print("no conferences yet: `facilitator demo` creates a fictional one")
    for row in rows:
        print(f"{row.id[:8]}  {row.scheduled_start[:16]}  {row.nation:<7}  {row.title}")
    return 0


def cmd_conference_show(args: argparse.Namespace) -> int:
    store = event_store(args)
    conference = store.load(store.resolve(args.id))
    details = conference.details
    deadlines = details.deadlines()
    print(details.title)
    print(f"  id:         {details.id}")
    print(f"  kind:       {details.kind.value} ({details.nation.value.title()})")
    print(f"  scheduled:  {details.scheduled_start.astimezone(LOCAL_ZONE):%A %d %B %Y %H:%M}, "
          f"{details.planned_minutes:.0f} minutes, {details.venue}")
    print(f"  status:     {conference.status.value}")
    print("  children:")
    for child in details.children:
        age = child.age_on(details.day)
        print(f"    {child.name}" + (f" (age {age})" if age is not None else ""))
    print("  attendees:")
    for person in conference.attendees.values():
        needs = person.needs.summary()
        print(f"    {person.name:<22} {person.role.label:<34} {person.mode.value:<20} "
              f"{person.state.value}" + (f"  [{needs}]" if needs else ""))
    print(f"  quorum:     {conference.quorum().reason}")
    print("  deadlines:")
    if deadlines.initial_conference_due:
        print(f"    initial conference due     {deadlines.initial_conference_due}")
    print(f"    decision letter            {deadlines.decision_letter_due}")
    if deadlines.summary_due is not None:
        print(f"    summary (Wales)            {deadlines.summary_due}")
    print(f"    first core group           {deadlines.first_core_group_due}")
    print(f"    record circulated          {deadlines.record_circulation_due}")
    print(f"    review conference          {deadlines.review_due}")
    return 0


def agenda_plan_lines(conference: Conference) -> list[str]:
    details = conference.details
    start = details.scheduled_start.astimezone(LOCAL_ZONE)
    cursor = start
    lines = [f"{details.title}", f"planned {start:%H:%M}-"
             f"{conference.clock.planned_end.astimezone(LOCAL_ZONE):%H:%M} "
             f"({details.planned_minutes:.0f} minutes)"]
    reserve = 0.0
    for stage in conference.agenda.stages:
        minutes = stage.planned_minutes * conference.agenda.interpretation_multiplier
        end = cursor + timedelta(minutes=minutes)
        flag = "  RING-FENCED" if stage.spec.ring_fenced else ""
        if stage.spec.ring_fenced:
            reserve += minutes
        lines.append(f"  {cursor:%H:%M}-{end:%H:%M}  {minutes:>4.0f} min  {stage.spec.title}{flag}")
        cursor = end
    status = conference.clock.status(details.scheduled_start)
    lines.append(f"ring-fenced reserve for decision and planning: {reserve:.0f} minutes")
    lines.append(f"slack before the reserve is touched: {status.slack_minutes:.0f} minutes")
    return lines


def cmd_agenda_plan(args: argparse.Namespace) -> int:
    store = event_store(args)
    print("\n".join(agenda_plan_lines(store.load(store.resolve(args.id)))))
    return 0


def add_conference_commands(commands: Any) -> None:
    conference = commands.add_parser("conference", help="create, list and show conferences")
    sub = conference.add_subparsers(title="conference commands", required=True)
    new = sub.add_parser("new", help="create a conference from a YAML or JSON file")
    new.add_argument("file")
    new.set_defaults(handler=cmd_conference_new)
    sub.add_parser("list", help="list conferences").set_defaults(handler=cmd_conference_list)
    show = sub.add_parser("show", help="show one conference")
    show.add_argument("id")
    show.set_defaults(handler=cmd_conference_show)

    agenda = commands.add_parser("agenda", help="the timed agenda")
    agenda_sub = agenda.add_subparsers(title="agenda commands", required=True)
    plan = agenda_sub.add_parser("plan", help="the timed plan with the ring-fenced reserve")
    plan.add_argument("id")
    plan.set_defaults(handler=cmd_agenda_plan)
