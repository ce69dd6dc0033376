"""`facilitator serve` options for the conference's phone line."""

from __future__ import annotations

import argparse

from .settings import DEFAULT_EXPIRES, KEYRING_SERVICE, MIN_EXPIRES, PASSWORD_ENV, SipSettings


def _expires(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < MIN_EXPIRES:
        raise argparse.ArgumentTypeError(f"whole seconds, at least {MIN_EXPIRES}: {text!r}")
    return int(text)


def add_sip_options(serve: argparse.ArgumentParser) -> None:
    group = serve.add_argument_group(
        "phone line (SIP)",
        f"The password is read from the OS keyring (store it once with: .venv/bin/keyring "
        f"set {KEYRING_SERVICE} USER@REGISTRAR) or, where there is no keyring, from "
        f"{PASSWORD_ENV}.")
    group.add_argument("--sip", metavar="HOST:PORT",
                       help="answer phone calls here over UDP, e.g. 0.0.0.0:5060")
    group.add_argument("--sip-registrar", metavar="HOST[:PORT]",
                       help="register the line with this PBX or SIP trunk")
    group.add_argument("--sip-user", metavar="USER", help="the line's user (extension)")
    group.add_argument("--sip-number", metavar="NUMBER",
                       help="the number people dial, as the PBX sends it")
    group.add_argument("--sip-expires", metavar="SECONDS", type=_expires,
                       default=DEFAULT_EXPIRES,
                       help=f"how long the PBX keeps the line's registration (default "
                            f"{DEFAULT_EXPIRES}, at least {MIN_EXPIRES}); the line registers "
                            f"again every 30 s anyway, so a restarted PBX finds it again")


def sip_settings_from(args: argparse.Namespace) -> SipSettings | None:
    listen = getattr(args, "sip", None)
    registrar = getattr(args, "sip_registrar", None)
    if not listen and not registrar:
        return None
    host, _, port = (listen or "0.0.0.0:5060").rpartition(":")
    if not port.isdigit():
        raise SystemExit("facilitator: error: --sip wants HOST:PORT, e.g. 0.0.0.0:5060")
    return SipSettings(listen_host=host.strip("[]") or "0.0.0.0", listen_port=int(port),
                       registrar=registrar or "", user=args.sip_user or "",
                       number=args.sip_number or "",
                       expires=getattr(args, "sip_expires", DEFAULT_EXPIRES))
