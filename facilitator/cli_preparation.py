"""`facilitator invitation|exclusion-letter|readiness|attach`: before the conference.

    facilitator invitation CONFERENCE --for ATTENDEE --out PATH [--format docx|pdf|txt]
                           [--date YYYY-MM-DD] [--join-address URL] [--dial-in NUMBER]
                           [--sent [--by post|email|...]] [--force]
    facilitator exclusion-letter CONFERENCE --for PARENT --out PATH [--request ID] [--sent] ...
    facilitator readiness CONFERENCE
    facilitator attach CONFERENCE --child CHILD --kind letter|drawing|audio|video|other FILE

An invitation carries the person's own join details (a personal link, or for a phone the
meeting code and their PIN). Refused input gets one line on stderr and exit status 2, and
nothing is written or recorded.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

from .cli_export import CHANNEL_NAMES, _choice, _day, _fail, _meeting, _open, _write
from .domain.errors import DomainError
from .domain.minutes import Channel
from .domain.preparation import ContributionKind

FORMATS = ("docx", "pdf", "txt")
KIND_NAMES = {k.name.lower(): k for k in ContributionKind}


def _format(args: argparse.Namespace, out: Path) -> Any:
    from .services.export.preparation_letters import LetterFormat

    value = args.format or out.suffix.lower().lstrip(".")
    if value not in FORMATS:
        raise DomainError("say --format docx, pdf or txt (or end --out with one of them)")
    return LetterFormat(value)


def cmd_invitation(args: argparse.Namespace) -> int:
    from .services.export import load_settings, resolve_attendee
    from .services.export.preparation_letters import export_invitation
    from .services.preparation_settings import load_preparation
    from .services.rtc.credentials import Credentials

    out = Path(args.out)
    fmt = _format(args, out)
    channel: Channel = _choice(args.by, CHANNEL_NAMES, "--by")
    letter_date = _day(args.date, "--date", args.clock)
    store, conference = _open(args)
    meeting = _meeting(store, conference, args)
    who = resolve_attendee(conference, args.for_)
    settings = load_settings()
    config = load_preparation(settings.templates_dir)
    joining = replace(config.joining,
                      address=(args.join_address or config.joining.address).rstrip("/"),
                      dial_in=config.joining.dial_in if args.dial_in is None else args.dial_in)
    if args.sent:  # refused before anything is written: no letter on disk that is not recorded
        with meeting.dry_run():
            meeting.send_invitation(who, letter_date, channel)
    made = export_invitation(conference, who, fmt, Credentials(store.db), settings,
                             replace(config, joining=joining), letter_date)
    try:
        _write(out, made.data, args.force)
    except OSError as bad:
        return _fail(f"cannot write {out}: {bad.strerror}")
    name = conference.attendees[who].name
    print(f"wrote {out} (invitation for {name}, {fmt.value}, {len(made.data):,} bytes)")
    if args.sent:
        meeting.send_invitation(who, letter_date, channel)
        print(f"recorded: invitation sent to {name} on {letter_date} ({channel.value})")
    return 0


def cmd_exclusion_letter(args: argparse.Namespace) -> int:
    """A letter about an exclusion the chair made during the meeting (recorded as sent with
    the record's circulation), or about a request granted before it."""
    from .domain.minutes import DocumentKind
    from .record.exclusion_letters import REQUEST_TEMPLATE, exclusion_letter
    from .services.export import resolve_attendee
    from .services.export.preparation_letters import export_exclusion_letter

    out = Path(args.out)
    fmt = _format(args, out)
    channel: Channel = _choice(args.by, CHANNEL_NAMES, "--by")
    letter_date = _day(args.date, "--date", args.clock)
    store, conference = _open(args)
    meeting = _meeting(store, conference, args)
    who = resolve_attendee(conference, args.for_)
    template, _, about = exclusion_letter(conference, who, letter_date, args.request)
    before = template == REQUEST_TEMPLATE

    def record_sent() -> None:
        if before:
            meeting.record_exclusion_letter_sent(about, who, letter_date, channel)
        else:
            meeting.record_sent(DocumentKind.EXCLUSION_LETTER, who, letter_date, channel,
                                "command line")

    if args.sent:  # refused before anything is written
        with meeting.dry_run():
            record_sent()
    made = export_exclusion_letter(conference, who, fmt, None, letter_date, request_id=about)
    try:
        _write(out, made.data, args.force)
    except OSError as bad:
        return _fail(f"cannot write {out}: {bad.strerror}")
    name = conference.attendees[who].name
    print(f"wrote {out} (exclusion letter for {name}, {fmt.value}, {len(made.data):,} bytes)")
    if args.sent:
        record_sent()
        print(f"recorded: letter sent to {name} on {letter_date} ({channel.value})")
    return 0


def cmd_readiness(args: argparse.Namespace) -> int:
    from .domain.readiness import Severity, readiness
    from .services.preparation_settings import load_preparation

    _, conference = _open(args)
    items = readiness(conference, load_preparation().timescales)
    print(conference.details.title)
    if not items:
        print("  ready: nothing is missing")
    for item in items:
        mark = "MISSING" if item.severity is Severity.MISSING else "warning"
        print(f"  {mark:<8} {item.topic.value:<19} {item.text}")
    return 0


def cmd_attach(args: argparse.Namespace) -> int:
    import asyncio

    from .app import ConferenceSession
    from .meeting.api import MeetingApi
    from .services.attachments import attachment_store
    from .services.preparation_settings import load_preparation

    kind: ContributionKind = _choice(args.kind, KIND_NAMES, "--kind")
    store, conference = _open(args)
    children = {c.name.casefold(): c.id for c in conference.details.children}
    child_id = children.get(args.child.casefold(), args.child)
    files = attachment_store(store.db)
    if files is None:
        raise DomainError("this database is in memory: there is no data directory for files")
    meeting = MeetingApi(ConferenceSession(store, conference, args.clock))
    try:  # the meeting's own use case: the file stored, then recorded (or no new file left)
        events = asyncio.run(meeting.attach_child_file(
            files, child_id, Path(args.file), kind, args.description,
            load_preparation().timescales.max_attachment_bytes))
    finally:
        meeting.close()
    print(f"stored {Path(args.file).name} for {args.child}: {len(events)} event(s) recorded")
    return 0


def add_preparation_commands(commands: Any) -> None:
    """Register `invitation`, `exclusion-letter`, `readiness` and `attach`."""
    for name, handler, helptext in (
        ("invitation", cmd_invitation, "one invitee's invitation with their join details"),
        ("exclusion-letter", cmd_exclusion_letter,
         "the chair's letter to a parent excluded during the meeting, or by a decision "
         "made before it"),
    ):
        parser = commands.add_parser(name, help=helptext)
        parser.add_argument("conference", help="conference id (or its first characters)")
        parser.add_argument("--for", dest="for_", required=True, metavar="ATTENDEE",
                            help="attendee id (or its start) or full name")
        parser.add_argument("--out", required=True, metavar="PATH", help="file to write")
        parser.add_argument("--format", help="docx, pdf or txt (email); default: from --out")
        parser.add_argument("--date", help="date on the letter (default: today)")
        parser.add_argument("--sent", action="store_true",
                            help="also record that it was sent, on --date")
        parser.add_argument("--by", default="post", help=", ".join(CHANNEL_NAMES))
        parser.add_argument("--force", action="store_true", help="replace --out if it exists")
        if name == "invitation":
            parser.add_argument("--join-address", help="the published join page (default: "
                                "preparation.yaml)")
            parser.add_argument("--dial-in", help="the phone line's number (\"\" for none)")
        else:
            parser.add_argument("--request", help="the exclusion (or request) id, or its "
                                "start (default: the latest exclusion during the meeting, else "
                                "the latest granted request)")
        parser.set_defaults(handler=handler)

    ready = commands.add_parser("readiness", help="what is missing before the conference")
    ready.add_argument("conference", help="conference id (or its first characters)")
    ready.set_defaults(handler=cmd_readiness)

    attach = commands.add_parser("attach", help="store the child's own letter, drawing or "
                                 "recording with the conference")
    attach.add_argument("conference", help="conference id (or its first characters)")
    attach.add_argument("file", help="the file to store")
    attach.add_argument("--child", required=True, help="the subject child's id or name")
    attach.add_argument("--kind", required=True, help=", ".join(KIND_NAMES))
    attach.add_argument("--description", default="", help="a few words about it")
    attach.set_defaults(handler=cmd_attach)
