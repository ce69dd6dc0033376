"""`facilitator participation CONFERENCE [--json] [--for ATTENDEE]`: who spoke, for how long,
per party, overall and per stage, and the child-focus marks per child.

`--for` gives one person's view: only the parts of the meeting they were in the audience of
(the one audience rule), as a copy for them would hold."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .domain.child_focus import FocusPart
from .domain.conference import Conference
from .domain.participation import Participation, PartyTime, speaking_time, speaking_time_for
from .domain.transcript import Utterance


def _party(row: PartyTime, total: float) -> dict[str, Any]:
    return {"party": row.party.label, "kind": row.party.kind.name, "agency": row.party.agency,
            "seconds": row.seconds, "share": round(row.share_of(total), 4), "lines": row.lines,
            "typed_seconds": row.typed_seconds}


def participation_data(conference: Conference, viewer: str | None = None) -> dict[str, Any]:
    from .services.meeting_settings import participation_settings

    settings = participation_settings()
    figures: Participation = (speaking_time(conference, settings=settings) if viewer is None
                              else speaking_time_for(conference, viewer, settings))

    def sees(line: Utterance) -> bool:
        return viewer is None or conference.may_receive(viewer, line)

    focus = {
        child.id: {part.name: sorted(u.id for u in conference.transcript()
                                     if u.id in conference.child_focus.lines(child.id, part)
                                     and sees(u))
                   for part in FocusPart}
        for child in conference.details.children}
    return {
        "conference": conference.id, "for": viewer,
        "total_seconds": round(figures.total_seconds, 3),
        "overall": [_party(p, figures.total_seconds) for p in figures.overall],
        "stages": [{"stage_id": s.stage_id, "title": s.title,
                    "total_seconds": round(s.total_seconds, 3),
                    "parties": [_party(p, s.total_seconds) for p in s.parties]}
                   for s in figures.stages],
        "child_focus": focus,
    }


def _minutes(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60:3d}:{whole % 60:02d}"


def _table(title: str, rows: list[dict[str, Any]], total: float) -> list[str]:
    lines = [f"{title} ({_minutes(total).strip()} in all)"]
    for row in rows:
        typed = f"  ({row['typed_seconds']:.0f} s from typed notes)" if row["typed_seconds"] else ""
        lines.append(f"  {row['party']:<36} {_minutes(row['seconds'])}  "
                     f"{100 * row['share']:5.1f}%  {row['lines']:3d} lines{typed}")
    return lines


def cmd_participation(args: argparse.Namespace) -> int:
    from .cli_export import _open

    _, conference = _open(args)
    if args.for_:
        conference.attendee(args.for_)
    data = participation_data(conference, args.for_)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    whose = f", as {conference.attendee(args.for_).name} may see it" if args.for_ else ""
    print(f"{conference.details.title}: speaking time (min:s){whose}")
    out = _table("Overall", data["overall"], data["total_seconds"])
    for stage in data["stages"]:
        out += _table(stage["title"], stage["parties"], stage["total_seconds"])
    names = {c.id: c.name for c in conference.details.children}
    out.append("Child focus (lines marked):")
    for child_id, parts in data["child_focus"].items():
        counts = ", ".join(f"{FocusPart[p].label.lower()} {len(ids)}" for p, ids in parts.items())
        out.append(f"  {names[child_id]}: {counts}")
    print("\n".join(out))
    return 0


def add_participation_command(commands: Any) -> None:
    command = commands.add_parser(
        "participation", help="speaking time per party (overall and per stage), child focus")
    command.add_argument("conference", help="the conference id (or its first characters)")
    command.add_argument("--json", action="store_true", help="print JSON")
    command.add_argument("--for", dest="for_", metavar="ATTENDEE",
                         help="only what this person may see (the parts they were in)")
    command.set_defaults(handler=cmd_participation)
