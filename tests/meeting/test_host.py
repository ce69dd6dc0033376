"""One hub server, several conferences: each started when its own links are used, none
reachable with another's token (`facilitator/meeting/host.py`)."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path
from typing import Any

from facilitator.services.chair_link import ChairLink
from facilitator.services.rtc.media_loop import new_media_loop

from .hosting import JADE, get, running_host


def run(coroutine: Any) -> Any:
    with asyncio.Runner(loop_factory=new_media_loop) as runner:
        return runner.run(asyncio.wait_for(coroutine, 90))


def test_a_token_of_one_conference_opens_nothing_of_another(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_host(tmp_path) as (host, (a, b)):
            assert host.running == {}, "nothing runs before anyone uses a link"
            a_token = a.token(JADE)
            b_url = b.base_url
            unknown_slug = b_url.rsplit("/", 1)[0] + "/t-" + secrets.token_urlsafe(24)
            answers = {
                "A's token on B": await get(f"{b_url}/join/{a_token}"),
                "an unknown token on B": await get(f"{b_url}/join/{secrets.token_urlsafe(32)}"),
                "A's token under an unknown slug": await get(f"{unknown_slug}/join/{a_token}"),
                "A's token on B's signalling": await get(f"{b_url}/ws?token={a_token}"),
                "A's token on B's chair API": await get(
                    f"{b_url}/api/state", {"Authorization": f"Bearer {a_token}"}),
                "A's chair token on B's API": await get(
                    f"{b_url}/api/state", {"Authorization": f"Bearer {a.chair_token()}"}),
                "A's token on B's minute-taker channel": await get(
                    f"{b_url}/minutes/ws?token={a_token}"),
            }
            statuses = {what: status for what, (status, _) in answers.items()}
            assert set(statuses.values()) == {404}, statuses
            assert len({body for _, body in answers.values()}) == 1, "the answers differ"
            assert host.running == {}, "a refused token started a conference"
            # the server's address alone lists nothing
            status, body = await get(host.public_url + "/")
            assert status == 404 and a.conference_id not in body

            # A's own link: A starts, on demand, and only A
            status, page = await get(f"{a.base_url}/join/{a_token}")
            assert status == 200 and "../static/join.js" in page
            assert set(host.running) == {a.conference_id}
            status, script = await get(f"{a.base_url}/static/join.js")
            assert status == 200 and "${base}/ws" in script
            status, state = await a.api("GET", "/api/state")
            assert status == 200 and state["status"] == "in progress"
            assert set(host.running) == {a.conference_id} and host.starts == 1

            # the chair's links name the conference's prefix, never its id
            status, links = await a.api("GET", "/api/links")
            prefix = a.base_url.removeprefix(host.public_url)
            assert all(link["path"].startswith(prefix + "/join/") for link in links["links"])
            assert a.conference_id not in a.base_url and "/c/t-" in a.base_url
            status, taker = await a.api("POST", "/api/minute-taker-link")
            assert status == 200 and taker["link"].startswith(a.base_url + "/minutes#token=")
    run(scenario())


def test_the_chair_link_round_trips(tmp_path: Path) -> None:
    link = ChairLink("https://hub.council.example/c/h-abc", "t" * 43, "ab" * 32)
    text = link.format()
    assert text == f"https://hub.council.example/c/h-abc/#chair={'t' * 43}&sha256={'ab' * 32}"
    assert ChairLink.parse(text) == link
    assert ChairLink.parse(text).api("state") == "https://hub.council.example/c/h-abc/api/state"
