"""`facilitator server`: a council's hub server hosting every conference of its database, and
`facilitator server-link CONFERENCE`: the chair's link to one of them (meeting/host.py)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
from pathlib import Path
from typing import Any

from .domain.errors import DomainError
from .meeting.settings import HOSTING_FILE
from .services.rtc.turn import TurnSettingsError
from .services.rtc.turn_options import add_turn_options, turn_settings_from
from .services.sip.options import add_sip_options, sip_settings_from


def _db_path(args: argparse.Namespace) -> Path:
    from .services.database import default_path

    return Path(args.db) if args.db else default_path()


def cmd_server(args: argparse.Namespace) -> int:
    import asyncio

    from .meeting.host import serve_host
    from .meeting.settings import HostSettings, ServeSettings
    from .services.rtc.media_loop import new_media_loop
    from .services.rtc.slugs import SlugError, check_shard

    if args.now is not None:
        raise DomainError("--now is for commands that record or date something; a live "
                          "meeting runs on this computer's clock")
    try:
        turn_servers, secret_file = turn_settings_from(args.turn, args.turn_secret_file)
        shard = check_shard(args.shard)
    except (TurnSettingsError, SlugError) as bad:
        raise DomainError(str(bad)) from None
    if args.host in ("0.0.0.0", "::") and not args.public_url:
        raise DomainError("listening on every address needs --public-url (the address people "
                          "use, e.g. https://hub.council.example)")
    if bool(args.tls_cert) != bool(args.tls_key):
        raise DomainError("--tls-cert and --tls-key go together")
    serve = ServeSettings(host=args.host, port=args.port, tls=not args.no_tls,
                          ice_servers=tuple(args.ice_server or ()),
                          turn_servers=turn_servers, turn_secret_file=secret_file,
                          sip=sip_settings_from(args))
    transcription = os.environ.get("FACILITATOR_TRANSCRIPTION", "on").strip().lower() \
        not in ("off", "0", "no")
    settings = HostSettings(
        serve=serve, public_url=args.public_url, shard=shard, idle_stop=args.idle_stop,
        tls_cert=Path(args.tls_cert) if args.tls_cert else None,
        tls_key=Path(args.tls_key) if args.tls_key else None,
        trusted_proxies=tuple(args.trusted_proxy or ()), transcription=transcription,
        pin_fingerprint=True if args.pin_certificate else None)
    with contextlib.suppress(KeyboardInterrupt), asyncio.Runner(loop_factory=new_media_loop) as run:
        run.run(serve_host(_db_path(args), settings, args.clock))
    return 0


def cmd_server_link(args: argparse.Namespace) -> int:
    from .services.chair_link import ChairLink
    from .services.database import open_database
    from .services.rtc.chair_token import chair_token_expiry
    from .services.rtc.credentials import CredentialRole, Credentials, default_expiry
    from .services.rtc.slugs import SlugError, Slugs
    from .services.store import EventStore

    db_path = _db_path(args)
    hosting: dict[str, Any] = {}
    hosting_file = db_path.parent / "certificates" / HOSTING_FILE
    if hosting_file.exists():
        hosting = json.loads(hosting_file.read_text())
    public_url = (args.public_url or hosting.get("public_url") or "").rstrip("/")
    if not public_url:
        raise DomainError("the server has not run yet: give --public-url (the address "
                          "people use, e.g. https://hub.council.example)")
    db = open_database(db_path)
    try:
        store = EventStore(db)
        conference_id = store.resolve(args.conference)
        conference = store.load(conference_id)
        try:
            slug = Slugs(db, args.shard or hosting.get("shard") or "h").slug_for(conference_id)
        except SlugError as bad:
            raise DomainError(str(bad)) from None
        now = args.clock.now()
        chair = Credentials(db).issue(conference_id, "chair",
                                      chair_token_expiry(default_expiry(conference), now),
                                      CredentialRole.CHAIR)
    finally:
        db.close()
    pin = None if args.no_pin else hosting.get("fingerprint")
    print(ChairLink(f"{public_url}/c/{slug}", chair.token, pin).format())
    return 0


def add_server_commands(commands: Any) -> None:
    server = commands.add_parser(
        "server", help="a hub server: every conference of the database, each started when "
        "its links are used (behind nginx for several servers)")
    server.add_argument("--host", default="127.0.0.1", help="address to listen on")
    server.add_argument("--port", type=int, default=8443, help="0 picks a free port")
    server.add_argument("--public-url", metavar="URL",
                        help="the address people use (nginx's), e.g. https://hub.council.example")
    server.add_argument("--tls-cert", metavar="PEM", help="the certificate (chain) to serve; "
                        "default: a self-signed one, pinned in the chair's links")
    server.add_argument("--tls-key", metavar="PEM", help="its private key")
    server.add_argument("--pin-certificate", action="store_true",
                        help="pin this server's certificate in the links it gives (default: "
                        "only a self-signed one reached without --public-url)")
    server.add_argument("--no-tls", action="store_true",
                        help="plain HTTP (only behind a proxy on the same machine)")
    server.add_argument("--shard", default="h", help="this server's name in its conferences' "
                        "paths (/c/<shard>-...), which a proxy routes by (default: h)")
    server.add_argument("--trusted-proxy", action="append", metavar="ADDRESS",
                        help="a reverse proxy whose X-Forwarded-For is believed (repeatable)")
    server.add_argument("--idle-stop", type=float, default=900.0, metavar="SECONDS",
                        help="stop a conference nobody has been connected to for this long")
    server.add_argument("--ice-server", action="append", metavar="URL",
                        help="a STUN/TURN server (none by default: no third party sees calls)")
    add_turn_options(server)
    add_sip_options(server)  # one line for every conference: the meeting code, then the PIN
    server.set_defaults(handler=cmd_server)

    link = commands.add_parser("server-link", help="the chair's link to a conference on this "
                               "hub server (for the chair's window)")
    link.add_argument("conference", help="conference id (or its first characters)")
    link.add_argument("--public-url", metavar="URL", help="default: as the server last ran")
    link.add_argument("--shard", help="default: as the server last ran")
    link.add_argument("--no-pin", action="store_true",
                      help="no certificate pin (the server has a certificate clients trust)")
    link.set_defaults(handler=cmd_server_link)
