"""`facilitator export|circulation|sent|family-copy`: the record, letters, plan and invitations;
the circulation tracker; recording what was sent to whom; and the chair's decision on what an
excluded family member's copy of the record covers.

    facilitator export CONFERENCE --kind full|family|decision-letter|child-letter|
                                         exclusion-letter|plan|ics
                       [--format docx|pdf|ics] [--for ATTENDEE] --out PATH [--date YYYY-MM-DD]
    facilitator circulation CONFERENCE [--on YYYY-MM-DD]
    facilitator sent CONFERENCE DOCUMENT --to ATTENDEE [--on YYYY-MM-DD] [--by post|email|...]
    facilitator family-copy CONFERENCE --for ATTENDEE (--whole --reason TEXT | --attended)

Refused input (an unknown person, a family copy for a professional, no decision yet, a file
already there) gets one line on stderr and exit status 2, and nothing is written.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from .domain.errors import DomainError
from .domain.minutes import Channel, DocumentKind

if TYPE_CHECKING:  # the export libraries load only when an export command runs
    from .domain.clock import Clock
    from .domain.conference import Conference
    from .meeting.api import MeetingApi
    from .services.export import Format, Kind
    from .services.store import EventStore

EXIT_BAD_INPUT = 2
LOCAL_ZONE = ZoneInfo("Europe/London")
KINDS = ("full", "family", "decision-letter", "child-letter", "exclusion-letter", "plan", "ics")
SENT_NAMES = {k.name.lower().replace("_", "-"): k for k in DocumentKind}
CHANNEL_NAMES = {c.name.lower().replace("_", "-"): c for c in Channel}


def _fail(message: str) -> int:
    print(f"facilitator: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _open(args: argparse.Namespace) -> tuple[EventStore, Conference]:
    from .services.database import default_path, open_database
    from .services.store import EventStore

    store = EventStore(open_database(Path(args.db) if args.db else default_path()))
    return store, store.load(store.resolve(args.conference))


def _meeting(store: EventStore, conference: Conference, args: argparse.Namespace
             ) -> MeetingApi:
    """The meeting's use cases on this conference (the command line is one of its doors)."""
    from .app import ConferenceSession
    from .meeting.api import MeetingApi

    return MeetingApi(ConferenceSession(store, conference, args.clock))


def _today(clock: Clock) -> date:
    """Today in the UK, by the command's clock (never the wall clock deep inside a command)."""
    return clock.now().astimezone(LOCAL_ZONE).date()


def _day(text: str | None, option: str, clock: Clock) -> date:
    if text is None:
        return _today(clock)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DomainError(f"{option} '{text}' is not a date (YYYY-MM-DD)") from None


def _choice(value: str, options: dict[str, Any], option: str) -> Any:
    try:
        return options[value.strip().lower()]
    except KeyError:
        raise DomainError(f"{option} '{value}' is not one of {', '.join(options)}") from None


def _format(args: argparse.Namespace, kind: Kind, out: Path) -> Format:
    from .services.export import Format, Kind

    if args.format:
        return _choice(args.format, {f.value: f for f in Format}, "--format")  # type: ignore[no-any-return]
    if kind is Kind.ICS:
        return Format.ICS
    suffix = out.suffix.lower().lstrip(".")
    if suffix in ("docx", "pdf"):
        return Format(suffix)
    raise DomainError("say --format docx or pdf (or end --out with .docx or .pdf)")


def _write(out: Path, data: bytes, force: bool) -> None:
    """All or nothing: a temporary file beside the target, renamed over it once complete."""
    if not out.parent.is_dir():
        raise DomainError(f"no folder {out.parent} for --out")
    if out.exists() and not force:
        raise DomainError(f"{out} already exists: choose another --out or add --force")
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def cmd_export(args: argparse.Namespace) -> int:
    from .services.export import Kind, export, load_settings

    kind: Kind = _choice(args.kind, {k.value: k for k in Kind}, "--kind")
    out = Path(args.out)
    fmt = _format(args, kind, out)
    letter_date = _day(args.date, "--date", args.clock)
    _, conference = _open(args)
    try:
        made = export(conference, kind, fmt, args.for_, load_settings(), letter_date,
                      args.language)
        _write(out, made.data, args.force)
    except OSError as bad:
        return _fail(f"cannot write {out}: {bad.strerror}")
    whom = f" for {conference.attendees[made.for_id].name}" if (
        made.for_id and made.for_id in conference.attendees) else ""
    print(f"wrote {out} ({kind.value}{whom}, {fmt.value}, {len(made.data):,} bytes)")
    return 0


def cmd_circulation(args: argparse.Namespace) -> int:
    from .record.circulation import circulation, tracker_lines

    _, conference = _open(args)
    tracker = circulation(conference, _day(args.on, "--on", args.clock))
    print("\n".join(tracker_lines(conference, tracker)))
    return 0


def cmd_sent(args: argparse.Namespace) -> int:
    from .record.letters import child_by_reference
    from .services.export import resolve_attendee

    document: DocumentKind = _choice(args.document, SENT_NAMES, "DOCUMENT")
    channel: Channel = _choice(args.by, CHANNEL_NAMES, "--by")
    sent_on = _day(args.on, "--on", args.clock)
    store, conference = _open(args)
    child = child_by_reference(conference, args.to) if (
        document is DocumentKind.CHILD_LETTER) else None
    recipient = child.id if child is not None else resolve_attendee(conference, args.to)
    _meeting(store, conference, args).record_sent(document, recipient, sent_on, channel,
                                                  "command line")
    print(f"recorded: {document.value} sent to {args.to} on {sent_on} ({channel.value})")
    return 0


def cmd_family_copy(args: argparse.Namespace) -> int:
    from .services.export import resolve_attendee

    store, conference = _open(args)
    attendee_id = resolve_attendee(conference, args.for_)
    _meeting(store, conference, args).set_family_copy_scope(attendee_id, args.whole,
                                                            args.reason or "")
    name = conference.attendee(attendee_id).name
    scope = "the whole record (except what is confidential)" if args.whole else (
        "only the parts they attended")
    print(f"recorded: {name}'s copy of the record covers {scope}")
    return 0


def add_export_commands(commands: Any) -> None:
    """Register `export`, `circulation` and `sent` on the top-level subparsers."""
    export_parser = commands.add_parser(
        "export", help="the record, a family copy, letters, the plan or invitations")
    export_parser.add_argument("conference", help="conference id (or its first characters)")
    export_parser.add_argument("--kind", required=True, help=", ".join(KINDS))
    export_parser.add_argument("--format", help="docx, pdf or ics (default: from --out)")
    export_parser.add_argument("--for", dest="for_", metavar="ATTENDEE",
                               help="whose copy or letter: attendee id (or its start), name, or "
                               "for a child's letter the child's id, name or first name")
    export_parser.add_argument("--out", required=True, metavar="PATH", help="file to write")
    export_parser.add_argument("--date", help="date on the letters (default: today)")
    export_parser.add_argument("--force", action="store_true", help="replace --out if it exists")
    export_parser.add_argument("--language", choices=("en", "cy"),
                               help="cy (Welsh) or en; default: the recipient's recorded "
                               "language for letters and family copies, English otherwise")
    export_parser.set_defaults(handler=cmd_export)

    tracker = commands.add_parser("circulation", help="due dates, what was sent, what is "
                                  "overdue")
    tracker.add_argument("conference", help="conference id (or its first characters)")
    tracker.add_argument("--on", help="as of this date (default: today)")
    tracker.set_defaults(handler=cmd_circulation)

    sent = commands.add_parser("sent", help="record that a document was sent to someone")
    sent.add_argument("conference", help="conference id (or its first characters)")
    sent.add_argument("document", help=", ".join(SENT_NAMES))
    sent.add_argument("--to", required=True, metavar="ATTENDEE", help="attendee id or name "
                      "(a child's letter: the child's id)")
    sent.add_argument("--on", help="the day it was sent (default: today)")
    sent.add_argument("--by", default="post", help=", ".join(CHANNEL_NAMES))
    sent.set_defaults(handler=cmd_sent)

    scope = commands.add_parser(
        "family-copy", help="the chair decides: an excluded family member's copy of the record "
        "covers the whole conference, or only the parts they attended (the default)")
    scope.add_argument("conference", help="conference id (or its first characters)")
    scope.add_argument("--for", dest="for_", required=True, metavar="ATTENDEE",
                       help="the family member: attendee id (or its start) or name")
    choice = scope.add_mutually_exclusive_group(required=True)
    choice.add_argument("--whole", action="store_true", help="the whole record (--reason needed)")
    choice.add_argument("--attended", action="store_true", help="only the parts they attended")
    scope.add_argument("--reason", help="the chair's reason, kept in the record of decisions")
    scope.set_defaults(handler=cmd_family_copy)
