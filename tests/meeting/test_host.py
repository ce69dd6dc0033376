"""One hub server, several conferences: each started when its own links are used, none
reachable with another's token (`facilitator/meeting/host.py`)."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime, timedelta
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
            # in the reader's language: a Welsh phone reads the same refusal in Welsh, and an
            # unknown token and another conference's token still read alike
            welsh = {"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.8"}
            cy_answers = [await get(f"{b_url}/join/{a_token}", welsh),
                          await get(f"{unknown_slug}/join/{secrets.token_urlsafe(32)}", welsh)]
            assert {status for status, _ in cy_answers} == {404}
            assert len({body for _, body in cy_answers}) == 1, "the Welsh answers differ"
            assert "Ni allwch ymuno" in cy_answers[0][1] and "lang='cy'" in cy_answers[0][1]
            assert "Cannot join" not in cy_answers[0][1]
            assert "Cannot join" in answers["A's token on B"][1]
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


def note(text: str) -> dict[str, Any]:
    """The chair's typed line, through the chair's API."""
    return {"name": "add_note", "args": {"utterance_id": secrets.token_hex(8), "text": text,
                                         "speaker_id": None,
                                         "at": datetime.now(UTC).isoformat()}}


HEARD = 0.02  # a 0.3-amplitude tone through Opus arrives near 0.15; silence below 0.002
A_TONE, A_OTHER, B_TONE, B_OTHER = 440.0, 1700.0, 1000.0, 2500.0


async def longest_stall(work: Any) -> float:
    """Run `work`; the longest the event loop (the server's, here) was held meanwhile."""
    loop = asyncio.get_running_loop()
    worst, done = 0.0, False

    async def tick() -> None:
        nonlocal worst
        while not done:
            before = loop.time()
            await asyncio.sleep(0.005)
            worst = max(worst, loop.time() - before - 0.005)
    ticker = asyncio.ensure_future(tick())
    await work
    done = True
    await ticker
    return worst


async def seat(conference: Any) -> tuple[Any, list[dict[str, Any]]]:
    """The conference's minute-taker seat, connected under its prefix, and what it gets."""
    import aiohttp

    from facilitator.services.minutes_client import MinutesLink

    from .hosting import insecure

    status, body = await conference.api("POST", "/api/minute-taker-link")
    assert status == 200, body
    link = MinutesLink.parse(body["link"])
    assert link.base_url == conference.base_url
    client = aiohttp.ClientSession()
    socket = await client.ws_connect(
        link.base_url.replace("https", "wss", 1) + f"/minutes/ws?token={link.token}",
        ssl=insecure())
    await socket.send_json({"type": "hello", "since": 0})
    received: list[dict[str, Any]] = []

    async def read() -> None:
        async for message in socket:
            received.append(message.json())
    task = asyncio.ensure_future(read())
    return (client, socket, task), received


def test_two_conferences_on_one_server_hear_and_read_only_their_own(tmp_path: Path) -> None:
    from ..rtc.peers import tone_power
    from .hosting import LIAM

    async def scenario() -> None:
        async with running_host(tmp_path) as (host, (a, b)):
            jade_a, liam_a = a.peer(JADE, A_TONE), a.peer(LIAM, A_OTHER)
            await a.join_and_admit(jade_a, liam_a)
            for _ in range(10):
                heard = await liam_a.listen_for(1.0)
                if tone_power(heard, A_TONE) > HEARD:
                    break
            assert tone_power(heard, A_TONE) > HEARD, "Liam cannot hear Jade in A"
            assert set(host.running) == {a.conference_id}

            # B starts on demand (its join page) while A's call goes on: A's sound goes on
            await liam_a.listen_for(0.5)
            liam_a.received.clear()
            loop = asyncio.get_running_loop()
            started = loop.time()
            stall = await longest_stall(get(f"{b.base_url}/join/{b.token(JADE)}"))
            assert set(host.running) == {a.conference_id, b.conference_id}
            await asyncio.sleep(1.0)
            took = loop.time() - started
            frames = len(liam_a.received)  # 20 ms each
            print(f"B's start held the server's loop {stall * 1000:.0f} ms at most; A's "
                  f"listener got {frames} of {took / 0.02:.0f} frames while B started and "
                  f"a second after")
            assert frames >= 0.75 * took / 0.02, (frames, took)
            jade_b, liam_b = b.peer(JADE, B_TONE), b.peer(LIAM, B_OTHER)
            await b.join_and_admit(jade_b, liam_b)
            assert liam_a.last_state() == "in_meeting" and jade_a.last_state() == "in_meeting"

            for _ in range(10):  # a busy machine (2 shared cores) may delay the media
                heard_a, heard_b = await asyncio.gather(liam_a.listen_for(1.5),
                                                        liam_b.listen_for(1.5))
                if tone_power(heard_a, A_TONE) > HEARD and tone_power(heard_b, B_TONE) > HEARD:
                    break
            assert tone_power(heard_a, A_TONE) > HEARD, "A no longer hears its own"
            assert tone_power(heard_b, B_TONE) > HEARD, "B cannot hear its own"
            for tone in (B_TONE, B_OTHER):
                assert tone_power(heard_a, tone) < 0.002, "A's people hear B"
            for tone in (A_TONE, A_OTHER):
                assert tone_power(heard_b, tone) < 0.002, "B's people hear A"

            # A's chair types a line: A's people get its caption and A's seat its event;
            # nothing of it reaches B's people or B's seat
            (seat_a, from_a), (seat_b, from_b) = await seat(a), await seat(b)
            await asyncio.sleep(0.5)
            secret = "only for conference A " + secrets.token_hex(4)
            status, body = await a.api("POST", "/api/command", note(secret))
            assert status == 200, body
            await liam_a.wait_for(lambda m: m["type"] == "caption" and m["text"] == secret)
            for _ in range(50):
                if any(secret in str(m) for m in from_a):
                    break
                await asyncio.sleep(0.05)
            assert any(secret in str(m) for m in from_a), "A's seat did not get A's line"
            await asyncio.sleep(1.0)
            for where in (liam_b.messages, jade_b.messages, from_b):
                assert not any(secret in str(m) for m in where), "A's line reached B"
            assert any(m["type"] == "event" for m in from_b), "B's seat got nothing at all"
            for client, socket, task in (seat_a, seat_b):
                task.cancel()
                await socket.close()
                await client.close()
            for peer in (jade_a, liam_a, jade_b, liam_b):
                await peer.close()
    run(scenario())


def test_a_conference_nobody_uses_stops_and_starts_again_with_what_it_stored(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_host(tmp_path, conferences=1, idle_stop=1.0) as (host, (a,)):
            line = "stored before the conference stopped " + secrets.token_hex(4)
            status, _ = await a.api("POST", "/api/command", note(line))
            assert status == 200 and set(host.running) == {a.conference_id}
            for _ in range(40):
                if not host.running:
                    break
                await asyncio.sleep(0.1)
            assert host.running == {}, "an idle conference kept running"
            status, _ = await a.api("GET", "/api/state")  # the chair opens it again
            assert status == 200 and host.starts == 2
            runtime = host.running[a.conference_id].runtime
            texts = [u.text for u in runtime.api.conference.utterances.values()]
            assert line in texts
    run(scenario())


async def wrong_pin(conference: Any, forwarded_for: str) -> int:
    """A wrong PIN on the conference's form, as nginx passes it on for `forwarded_for`."""
    import aiohttp

    from .hosting import insecure

    credentials, _ = conference._credentials()
    try:
        code = credentials.issue(conference.conference_id, "somebody",
                                 datetime.now(UTC) + timedelta(days=1)).code
    finally:
        credentials.db.close()
    async with aiohttp.ClientSession() as client, client.post(
            conference.base_url + "/phone", data={"code": code, "pin": "00000001"},
            headers={"X-Forwarded-For": forwarded_for}, ssl=insecure(),
            allow_redirects=False) as response:
        return response.status


def test_wrong_pins_are_counted_by_the_address_a_trusted_proxy_gives(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_host(tmp_path, conferences=1, idle_stop=0.5,
                                trusted_proxies=("127.0.0.1",)) as (host, (a,)):
            guesser, parent = "198.51.100.7", "203.0.113.9"
            answers = [await wrong_pin(a, guesser) for _ in range(7)]
            assert answers[:5] == [403] * 5 and answers[-1] == 429, answers
            assert await wrong_pin(a, parent) == 403, "someone else waits for the guesser"
            for _ in range(40):  # the conference goes idle and stops...
                if not host.running:
                    break
                await asyncio.sleep(0.1)
            assert host.running == {}
            # ...which wipes nobody's wrong PINs: no 5 free tries again (the wait may have
            # passed meanwhile: then one try, and the next wait)
            again = [await wrong_pin(a, guesser) for _ in range(2)]
            assert 429 in again, again
    run(scenario())


def test_a_forwarded_address_from_anyone_else_is_not_believed(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_host(tmp_path, conferences=1) as (_, (a,)):
            answers = [await wrong_pin(a, f"192.0.2.{n}") for n in range(7)]
            assert answers[-1] == 429, "a made-up X-Forwarded-For escaped the limit"
    run(scenario())
