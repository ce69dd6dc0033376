"""The `facilitator` command line."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .cli_backup import add_backup_command
from .cli_conference import add_conference_commands, event_store
from .cli_export import add_export_commands
from .cli_models import add_models_commands
from .cli_participation import add_participation_command
from .cli_preparation import add_preparation_commands
from .cli_server import add_server_commands
from .cli_transcribe import add_transcribe_command
from .domain.calendar import Nation, subtract_working_days
from .domain.clock import Clock, FixedClock, SystemClock
from .domain.conference import Conference
from .domain.errors import DomainError
from .domain.roles import ROLES
from .meeting.settings import ServeSettings
from .services.conference_file import LOCAL_ZONE, build_conference, read_conference_file
from .services.database import DatabaseOpenError, default_path
from .services.rtc.turn import TurnSettingsError
from .services.rtc.turn_options import add_turn_options, turn_settings_from
from .services.sip.options import add_sip_options, sip_settings_from
from .services.store import EventStore, StoreError
from .services.templates import assets_dir

EXIT_BAD_INPUT = 2


def demo_data(now: datetime) -> dict[str, Any]:
    """The fictional sample conference, set to start at the next quarter hour (a demo is run
    there and then, whatever the day or hour), with its dates before it counted in working
    days."""
    data = read_conference_file(assets_dir() / "conference-sample.yaml")
    start = demo_start(now)
    data["scheduled_start"] = start.isoformat()
    nation = Nation(str(data.get("nation", "england")))
    data["strategy_discussion"] = subtract_working_days(start.date(), 10, nation).isoformat()
    return data


def demo_start(now: datetime) -> datetime:
    """The next quarter hour at least five minutes away, in UK time.

    Counted on the absolute time line (UK offsets are whole hours, so quarter hours agree):
    no wall time skipped or repeated by a clock change is ever produced."""
    instant = now.astimezone(UTC).replace(second=0, microsecond=0)
    start = instant + timedelta(minutes=15 - instant.minute % 15)
    if start - now < timedelta(minutes=5):
        start += timedelta(minutes=15)
    return start.astimezone(LOCAL_ZONE)


def create_demo(store: EventStore, clock: Clock) -> Conference:
    now = clock.now()
    return store.create(build_conference(demo_data(now), now, "conference-sample.yaml"))


def cmd_demo(args: argparse.Namespace) -> int:
    conference = create_demo(event_store(args), args.clock)
    print(f"created demo conference {conference.id}: {conference.details.title}")
    if args.open:
        return _open_window(args, conference.id)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import asyncio

    from .meeting.runtime import serve_headless
    from .services.rtc.media_loop import new_media_loop

    store = event_store(args)
    conference_id = store.resolve(args.conference)
    db_path = Path(args.db) if args.db else default_path()
    turn_servers, turn_secret_file = _turn(args.turn, args.turn_secret_file)
    settings = ServeSettings(host=args.host, port=args.port, tls=not args.no_tls,
                             ice_servers=tuple(args.ice_server or ()),
                             turn_servers=turn_servers, turn_secret_file=turn_secret_file,
                             video_mode=args.video_mode, sip=sip_settings_from(args),
                             room_camera=args.room_camera, room_audio=not args.no_room_audio)
    _live_only(args)
    if not args.headless:
        args.serve_settings = settings
        return _open_window(args, conference_id)
    with contextlib.suppress(KeyboardInterrupt), asyncio.Runner(loop_factory=new_media_loop) as run:
        run.run(serve_headless(db_path, conference_id, settings, args.clock,
                               transcription=transcription_wanted()))
    return 0


def cmd_minutes(args: argparse.Namespace) -> int:
    from .services.minutes_client import LinkError, MinutesLink

    try:
        link = MinutesLink.parse(args.link)
    except LinkError as bad:
        raise DomainError(str(bad)) from None
    opener: MinutesOpener | None = args.open_minutes
    if opener is None:
        print("facilitator: error: the minute-taker's window needs the full app",
              file=sys.stderr)
        return 1
    db_path = Path(args.db) if args.db else default_path()
    outbox = db_path.parent / f"minute-taker-outbox-{link.token[:8]}.sqlite3"
    return opener(link, outbox)


def cmd_roles(args: argparse.Namespace) -> int:
    for key, item in ROLES.items():
        print(f"{key:<26} {item.label}")
    return 0


MinutesOpener = Callable[[Any, Path], int]
# a ChairLink, a screenshot to save, the room's devices (a RoomLinkSettings; None: no room)
HubOpener = Callable[[Any, "Path | None", Any], int]
WindowOpener = Callable[[Path, "str | None", "Path | None", "ServeSettings | None"], int]


def _open_window(args: argparse.Namespace, conference_id: str | None) -> int:
    _live_only(args)
    opener: WindowOpener | None = args.open_window
    if opener is None:
        print("facilitator: error: the chair's window is not part of this entry point; "
              "run the `facilitator` command installed with the app", file=sys.stderr)
        return 1
    screenshot = Path(args.screenshot) if getattr(args, "screenshot", None) else None
    if getattr(args, "language", None):  # the window reads it (ui/language.py)
        os.environ["FACILITATOR_LANGUAGE"] = args.language
    settings = getattr(args, "serve_settings", None)
    if settings is None and not args.no_serve:
        turn_servers, turn_secret_file = _turn(None, None)  # FACILITATOR_TURN...
        settings = ServeSettings(room_audio=True,  # the chair's room: its mic and speakers
                                 turn_servers=turn_servers, turn_secret_file=turn_secret_file)
    return opener(Path(args.db) if args.db else default_path(), conference_id, screenshot,
                  settings)


def _turn(urls: list[str] | None, secret_file: str | None
          ) -> tuple[tuple[str, ...], Path | None]:
    try:
        return turn_settings_from(urls, secret_file)
    except TurnSettingsError as bad:
        raise DomainError(str(bad)) from None


TRANSCRIPTION_ENV = "FACILITATOR_TRANSCRIPTION"  # "off": no speech recognition (council policy)


def transcription_wanted() -> bool:
    import os

    return os.environ.get(TRANSCRIPTION_ENV, "on").strip().lower() not in ("off", "0", "no")


def _live_only(args: argparse.Namespace) -> None:
    if args.now is not None:
        raise DomainError("--now is for commands that record or date something; a live "
                          "meeting runs on this computer's clock")


def cmd_open(args: argparse.Namespace) -> int:
    hub = getattr(args, "hub", None)
    if hub is None:
        return _open_window(args, args.conference)
    from .meeting.remote_client import parse_chair_link
    from .services.chair_link import ChairLinkError

    _live_only(args)
    if args.conference is not None:
        raise DomainError("--hub opens the conference its chair link names: give no "
                          "conference id")
    try:
        link = parse_chair_link(hub)
    except ChairLinkError as bad:
        raise DomainError(str(bad)) from None
    opener: HubOpener | None = args.open_hub
    if opener is None:
        print("facilitator: error: the chair's window needs the full app", file=sys.stderr)
        return 1
    screenshot = Path(args.screenshot) if getattr(args, "screenshot", None) else None
    from .meeting.room_link_client import RoomLinkSettings

    room = None if args.no_room_audio else RoomLinkSettings(
        args.room_input, args.room_output, args.room_camera)
    return opener(link, screenshot, room)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facilitator", description="Run hybrid child protection conferences."
    )
    parser.add_argument("--db", help="SQLite file (default: FACILITATOR_DB or the user data "
                        "directory)")
    parser.add_argument("--no-serve", action="store_true",
                        help="open the window without the join page and media hub")
    parser.add_argument("--now", metavar="ISO-TIME",
                        help="take this as the time now, e.g. 2027-03-01T09:30 (UK time unless "
                        "an offset is given; replays and tests); default: this computer's clock")
    parser.add_argument("--screenshot", metavar="PNG",
                        help="once the window is shown, save the screen to PNG and quit")
    parser.add_argument("--language", choices=("en", "cy"),
                        help="the chair's window in English (en) or Welsh (cy); default: "
                        "FACILITATOR_LANGUAGE, else English")
    parser.set_defaults(handler=cmd_open, conference=None)
    commands = parser.add_subparsers(title="commands")

    opener = commands.add_parser("open", help="open the chair's window")
    opener.add_argument("conference", nargs="?", help="conference id (or its first characters)")
    opener.add_argument("--hub", metavar="CHAIR_LINK",
                        help="open the conference on a remote hub server with the chair's link "
                        "(https://host[/prefix]/#chair=TOKEN&sha256=FINGERPRINT, as "
                        "`facilitator server-link` prints it); default: this computer is the "
                        "hub")
    opener.add_argument("--no-room-audio", action="store_true",
                        help="with --hub: this computer does not carry the meeting room's "
                        "microphone and loudspeakers to the hub (default: it joins as the room)")
    opener.add_argument("--room-input", metavar="DEVICE",
                        help="with --hub: the room's microphone (default: the system's)")
    opener.add_argument("--room-output", metavar="DEVICE",
                        help="with --hub: the room's loudspeakers (default: the system's)")
    opener.add_argument("--room-camera", metavar="DEVICE",
                        help="with --hub: the room's camera, sent through the hub to remote "
                        "people (e.g. /dev/video0, 'video=USB Camera')")
    opener.set_defaults(handler=cmd_open)

    demo = commands.add_parser("demo", help="create a fictional demo conference")
    demo.add_argument("--open", action="store_true", help="then open it in the chair's window")
    demo.set_defaults(handler=cmd_demo)
    add_conference_commands(commands)

    serve = commands.add_parser("serve", help="run the media hub and the chair's API")
    serve.add_argument("--conference", required=True, help="conference id (or its start)")
    serve.add_argument("--headless", action="store_true", help="no window (room computer, "
                       "automated tests)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8443, help="0 picks a free port")
    serve.add_argument("--no-tls", action="store_true", help="plain HTTP (tests only)")
    serve.add_argument("--ice-server", action="append", metavar="URL",
                       help="a STUN/TURN server (none by default: no third party sees calls)")
    serve.add_argument("--video-mode", choices=("forward", "relay"), default="forward",
                       help=argparse.SUPPRESS)  # relay: aiortc's stock path, for benchmarks
    add_turn_options(serve)
    add_sip_options(serve)
    serve.add_argument("--no-room-audio", action="store_true",
                       help="no room microphone and loudspeakers through the hub")
    serve.add_argument("--room-camera", metavar="DEVICE",
                       help="the room's camera, sent to remote people (e.g. /dev/video0)")
    serve.set_defaults(handler=cmd_serve)

    minutes = commands.add_parser("minutes", help="join a conference as its minute-taker")
    minutes.add_argument("link", help="the minute-taker link the chair gave you")
    minutes.set_defaults(handler=cmd_minutes)

    commands.add_parser("roles", help="list the role catalogue").set_defaults(handler=cmd_roles)

    add_models_commands(commands)
    add_transcribe_command(commands)
    add_export_commands(commands)
    add_backup_command(commands)
    add_participation_command(commands)
    add_preparation_commands(commands)
    add_server_commands(commands)
    return parser


def clock_from(now: str | None) -> Clock:
    """--now as a clock that stands still at that time, else this computer's clock."""
    if now is None:
        return SystemClock()
    try:
        when = datetime.fromisoformat(now)
    except ValueError:
        raise DomainError(f"--now '{now}' is not a time (e.g. 2027-03-01T09:30)") from None
    return FixedClock(when if when.tzinfo else when.replace(tzinfo=LOCAL_ZONE))


def main(argv: Sequence[str] | None = None, open_window: WindowOpener | None = None,
         open_minutes: MinutesOpener | None = None, clock: Clock | None = None,
         open_hub: HubOpener | None = None) -> int:
    """The command line. The Qt layer (ui/cli.py) lends its windows through the openers.

    `clock` (tests) or --now is the one source of "now" for every command."""
    args = build_parser().parse_args(argv)
    args.open_window = open_window
    args.open_minutes = open_minutes
    args.open_hub = open_hub
    try:
        args.clock = clock or clock_from(args.now)
        return int(args.handler(args))
    except (DomainError, StoreError, DatabaseOpenError) as problem:
        print(f"facilitator: error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
