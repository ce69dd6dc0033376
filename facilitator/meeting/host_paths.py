"""What a request under `/c/<slug>/` asks for, as the hub server's front door sees it.

The front door decides three things before any conference sees a request: which conference (the
slug), whether it carries a credential of that conference (a join link's token in the path, the
signalling's and the minute-taker's `?token=`, the chair's `Authorization: Bearer` on its API
and its window's channel), and whether it may start the conference. A token that is not one of
the conference's own (unknown, or another conference's) gets the same 404 as an unknown slug: it
never reaches the conference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from aiohttp import web
from yarl import URL

from ..services.rtc.chair_token import bearer_token
from ..services.rtc.credentials import NOT_VALID
from ..services.rtc.pages import page, reader_language
from ..services.rtc.pin_guard import source_key

STATIC_NAME = re.compile(r"static/((?:i18n/)?[a-z][a-z0-9]*\.(?:css|js|json))")


class Asks(Enum):
    LANDING = "landing"  # the meeting code and PIN form (served by the front door)
    STATIC = "static"  # the join page's style, script and words (served by the front door)
    PIN = "pin"  # the form posted: starts the conference, which checks code and PIN
    TOKEN = "token"  # a join link, signalling, the minute-taker, the chair's API and channel,
    # the room's link
    NOTHING = "nothing"  # nothing a conference has: 404


@dataclass(frozen=True)
class Asked:
    asks: Asks
    token: str = ""
    static: str = ""


def what_is_asked(request: web.Request, tail: str) -> Asked:
    """`tail`: the path after `/c/<slug>/`."""
    if tail == "" and request.method in ("GET", "HEAD"):
        return Asked(Asks.LANDING)
    static = STATIC_NAME.fullmatch(tail)
    if static and request.method in ("GET", "HEAD"):
        return Asked(Asks.STATIC, static=static.group(1))
    if tail == "phone" and request.method == "POST":
        return Asked(Asks.PIN)
    if tail.startswith("join/") and tail.count("/") == 1:
        return Asked(Asks.TOKEN, tail.removeprefix("join/"))
    if tail in ("ws", "minutes/ws"):
        return Asked(Asks.TOKEN, request.query.get("token", ""))
    # the chair's API, window and room
    if tail.startswith("api/") or tail in ("chair/ws", "room/ws"):
        return Asked(Asks.TOKEN, bearer_token(request))
    return Asked(Asks.NOTHING)


def refused(request: web.Request) -> web.Response:
    """The one answer to an unknown slug, an unknown token and another conference's token, in
    the reader's language (?lang=, else the browser's): the same for all three."""
    lang = reader_language(request)
    return page(lang.t("Cannot join"), lang.t(NOT_VALID), status=404, lang=lang.tag)


def inner_request(request: web.Request, prefix: str, proxies: frozenset[str]) -> web.Request:
    """The request as the conference sees it: its path without `prefix`, and, from a
    trusted proxy, the client's address the proxy gives (the last X-Forwarded-For), which the
    PIN limiter counts."""
    path = request.rel_url.raw_path.removeprefix(prefix) or "/"
    url = URL.build(path=path, query_string=request.rel_url.raw_query_string, encoded=True)
    forwarded = request.headers.get("X-Forwarded-For", "")
    if forwarded and source_key(request.remote) in proxies:
        client = forwarded.split(",")[-1].strip()[:64]
        if client:
            return request.clone(rel_url=url, remote=client)
    return request.clone(rel_url=url)
