"""The hub's small pages ("Cannot join", "Please wait"), in the reader's language, and
answering an offer."""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from ...record.language import Language
from ..messages import language
from .credentials import CredentialError
from .signalling import SignallingError

log = logging.getLogger(__name__)


def reader_language(request: web.Request, form: Mapping[str, Any] | None = None) -> Language:
    """The language of a page the server writes itself: the page's own choice (the form's
    `lang`, or ?lang=), else the browser's (Accept-Language), Welsh or English."""
    asked = str((form or {}).get("lang") or request.query.get("lang") or "")
    if not asked:
        accepted = request.headers.get("Accept-Language", "")
        asked = accepted.split(",", 1)[0].strip()
    return language(asked[:16] if asked.lower().startswith("cy") else None)


def refusal(lang: Language, title: str, refused: CredentialError, status: int,
            prefix: str = "") -> web.Response:
    """A refused link, code or PIN, in the reader's language (the refusal is a catalogue
    message)."""
    return page(lang.t(title), lang.t(refused.message, **refused.values), status, prefix,
                lang.tag)


def page(title: str, body: str, status: int = 200, prefix: str = "",
         lang: str = "en") -> web.Response:
    """A page of the hub's; `prefix` is the conference's path on a hub server ("" alone)."""
    text = (f"<!doctype html><html lang='{html.escape(lang)}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)}</title>"
            f"<link rel='stylesheet' href='{html.escape(prefix)}/static/join.css'>"
            f"</head><body><main class='card'><h1>{html.escape(title)}</h1>"
            f"<p>{html.escape(body)}</p></main></body></html>")
    return web.Response(text=text, content_type="text/html", status=status)


async def answer_offer(attendee_id: str, answer: Callable[[str], Awaitable[str]],
                       sdp: str) -> str:
    """aiortc's answer to an offer; an offer it cannot use (it may raise anything, even an
    AssertionError) is the sender's mistake, told to them, not a crash of the handler."""
    try:
        return await answer(sdp)
    except Exception as bad:
        log.info("unusable offer from %s: %r", attendee_id, bad)
        raise SignallingError(f"the offer could not be used ({type(bad).__name__}); "
                              "reload the page") from None
