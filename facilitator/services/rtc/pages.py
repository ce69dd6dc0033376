"""The hub's small pages ("Cannot join", "Please wait") and answering an offer."""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from .signalling import SignallingError

log = logging.getLogger(__name__)


def page(title: str, body: str, status: int = 200, prefix: str = "") -> web.Response:
    """A page of the hub's; `prefix` is the conference's path on a hub server ("" alone)."""
    text = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
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
