"""`facilitator serve` options for the council's TURN server (coturn), and the same from the
environment for the chair's window."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from pathlib import Path

from .turn import (
    DEFAULT_LIFETIME,
    SECRET_FILE_ENV,
    URLS_ENV,
    TurnSettingsError,
    parse_turn_url,
    read_secret,
    urls_from_env,
)


def _url(text: str) -> str:
    try:
        return parse_turn_url(text).text
    except TurnSettingsError as bad:
        raise argparse.ArgumentTypeError(str(bad)) from None


def add_turn_options(serve: argparse.ArgumentParser) -> None:
    group = serve.add_argument_group(
        "through firewalls (TURN)",
        f"Phones on networks that block the hub's ports reach it through the council's coturn. "
        f"The hub mints each person's credential for {DEFAULT_LIFETIME // 60} minutes from the "
        f"secret shared with coturn (its static-auth-secret, use-auth-secret); it is given to "
        f"the join page when it connects, never written in the page. Defaults: {URLS_ENV} "
        f"(URLs separated by spaces) and {SECRET_FILE_ENV}.")
    group.add_argument("--turn", metavar="URL", action="append", type=_url,
                       help="a TURN URL, repeatable, e.g. "
                            "turn:turn.council.example:3478?transport=udp, "
                            "turn:turn.council.example:3478?transport=tcp, "
                            "turns:turn.council.example:443?transport=tcp")
    group.add_argument("--turn-secret-file", metavar="PATH",
                       help="the file holding coturn's static-auth-secret (one line; readable "
                            "by this account only)")


def turn_settings_from(turn: list[str] | None, secret_file: str | None,
                       environ: Mapping[str, str] | None = None
                       ) -> tuple[tuple[str, ...], Path | None]:
    """The TURN URLs and secret file, from the options or else the environment; checked now
    (the URLs parsed, the secret readable) so a mistake is told before serving starts."""
    environ = os.environ if environ is None else environ
    urls = tuple(parse_turn_url(url).text
                 for url in turn or urls_from_env(environ.get(URLS_ENV, "")))
    path_text = secret_file or environ.get(SECRET_FILE_ENV, "")
    path = Path(path_text) if path_text else None
    if not urls:
        return (), path
    if path is None:
        raise TurnSettingsError(f"--turn needs the secret shared with the TURN server: "
                                f"--turn-secret-file PATH (or {SECRET_FILE_ENV})")
    read_secret(path)  # readable and well formed (raises saying what is wrong)
    return urls, path
