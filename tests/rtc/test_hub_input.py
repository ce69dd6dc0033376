"""Malformed input at every door of the hub (the chair's API, /ws, /minutes/ws) gets a clear
4xx or error message, never a 500 or a traceback, and never moves the meeting; an edit
conflict is a 409. Fuzz targets (hypothesis) run each parser for a bounded number of cases."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .harness import Hub, running_hub
from .test_hub_audio import A_TONE, JADE, LIAM, run

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


def _insecure() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


async def raw_api(hub: Hub, path: str, body: bytes, method: str = "POST"
                  ) -> tuple[int, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {hub.running.chair_token}",
               "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as client, client.request(
        method, hub.url + path, data=body, headers=headers, ssl=_insecure()
    ) as response:
        text = await response.text()
        try:
            return response.status, json.loads(text)
        except ValueError:
            return response.status, {"raw": text[:200]}


@pytest.fixture
def errors(caplog: pytest.LogCaptureFixture) -> Iterator[list[logging.LogRecord]]:
    """Error records (tracebacks) logged while the test runs."""
    with caplog.at_level(logging.ERROR):
        yield caplog.records


def _no_tracebacks(records: list[logging.LogRecord]) -> None:
    bad = [r for r in records if r.levelno >= logging.ERROR or r.exc_info]
    assert not bad, [r.getMessage() for r in bad][:3]


def _note(text: str, at: str) -> bytes:
    return json.dumps({"name": "add_note", "args": {
        "utterance_id": os.urandom(8).hex(), "text": text, "speaker_id": None,
        "at": at}}).encode()


def test_malformed_chair_api_bodies_get_a_clear_400_and_change_nothing(
        tmp_path: Path, errors: list[logging.LogRecord]) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            jade, liam = hub.person(JADE), hub.person(LIAM)
            conference = hub.meeting.conference
            callers = [hub.peer(JADE, A_TONE), hub.peer(LIAM, A_TONE)]
            for caller in callers:  # both in the waiting room: admitting them would show
                await caller.connect()
                await caller.join()
            now = datetime.now(UTC).isoformat()
            cases: list[tuple[str, bytes, str]] = [
                ("/api/admit", b'{"attendee_ids": ["\xff\xfe"]}', "UTF-8"),
                ("/api/admit", b"[" * 100_000 + b"]" * 100_000, ""),
                ("/api/admit", b'{"a":' * 50 + b"1" + b"}" * 50, "nested"),
                ("/api/admit", b'{"attendee_ids": [' + b"9" * 5000 + b"]}", "digits"),
                ("/api/admit", b'{"all": "yes"}', "'all' must be true"),
                ("/api/admit", b'{"all": 1}', "'all' must be true"),
                ("/api/admit", b'{"attendee_ids": 7}', "list of ids"),
                ("/api/send-back", b'{"attendee_id": []}', "'attendee_id' must be text"),
                ("/api/ask-unmute", b'{"attendee_id": {"x": 1}}', "must be text"),
                ("/api/remove", b'{"attendee_id": "x", "reason": 5}', "'reason' must be text"),
                ("/api/exclude", json.dumps({"attendee_ids": [jade], "grounds": 5,
                                             "requested_by": "x", "reason": "y"}).encode(),
                 "'grounds' must be a list"),
                ("/api/exclude", json.dumps({"attendee_ids": [jade],
                                             "grounds": ["CHILD_REQUEST"], "requested_by": "x",
                                             "reason": "y", "advocate_stays": "no"}).encode(),
                 "'advocate_stays' must be true or false"),
                ("/api/stage/next", b'{"override_reason": 5}', "'override_reason' must be text"),
                ("/api/stage/next", b'["a"]', "expected a JSON object"),
                ("/api/stage/next", b"junk", "not JSON"),
                ("/api/stage/next", b'{"override_reason": NaN}', "NaN"),
                ("/api/command", _note("x", "2026-01-01T10:00:00"), "time zone"),
                ("/api/command", _note("x", "9999-12-31T00:00:00+00:00"), "not a time of"),
                ("/api/command", _note("x" * 10_001, now), "longer than 10000"),
                ("/api/command", b'{"name": "add_note", "args": []}', "'args' must be"),
                ("/api/command", b'{"name": "teleport", "args": {}}', "unknown command"),
                ("/api/command", json.dumps({"name": "edit_utterance", "args": {
                    "utterance_id": "u", "text": "t", "base_version": 2**40}}).encode(),
                 "'base_version' must be a whole number"),
                ("/api/revoke", b'{"token": ["a"]}', "'token' must be text"),
            ]
            stage = conference.agenda.current.id
            for path, body, expected in cases:
                status, reply = await raw_api(hub, path, body)
                assert status == 400, (path, body[:60], status, reply)
                assert expected in reply["error"], (path, reply)
            assert conference.agenda.current.id == stage, "junk moved the agenda on"
            assert jade in conference.waiting and liam in conference.waiting, "junk admitted"
            assert not conference.utterances
            # and the well-formed versions still work
            status, reply = await raw_api(hub, "/api/stage/next",
                                          b'{"override_reason": null}')
            assert status == 200, reply
            status, reply = await raw_api(hub, "/api/command", _note("A typed note.", now))
            assert status == 200 and reply["type"] == "ack", reply
            # no Bearer prefix: refused
            async with aiohttp.ClientSession() as client, client.get(
                hub.url + "/api/state", ssl=_insecure(),
                headers={"Authorization": hub.running.chair_token}) as response:
                assert response.status == 401
            for caller in callers:
                await caller.close()

    run(scenario())
    _no_tracebacks(errors)


def test_an_edit_conflict_is_a_409_with_the_current_text(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            line = os.urandom(8).hex()
            status, reply = await raw_api(hub, "/api/command", json.dumps({
                "name": "add_note", "args": {"utterance_id": line, "text": "first words",
                                             "at": datetime.now(UTC).isoformat()}}).encode())
            assert status == 200, reply

            def edit(text: str) -> bytes:
                return json.dumps({"name": "edit_utterance", "id": 7, "args": {
                    "utterance_id": line, "text": text, "base_version": 1}}).encode()

            status, reply = await raw_api(hub, "/api/command", edit("the chair's words"))
            assert status == 200, reply
            status, reply = await raw_api(hub, "/api/command", edit("someone else's words"))
            assert status == 409, reply
            assert reply["type"] == "conflict" and reply["current_text"] == "the chair's words"
            assert reply["id"] == 7 and reply["error"]
            assert hub.meeting.conference.utterances[line].text == "the chair's words"

    run(scenario())


ASSERTING_SDP = "v=0\r\nm=audio\r\n"  # aiortc 1.16 raises AssertionError on this offer


def test_malformed_signalling_and_minutes_messages_are_answered_not_crashed(
        tmp_path: Path, errors: list[logging.LogRecord]) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            # the test call before the day, with an offer aiortc cannot parse
            tester = hub.peer(LIAM, A_TONE)
            await tester.connect()
            await tester.wait_for(lambda m: m["type"] == "hello")
            await tester.send({"type": "test"})
            await tester.wait_for(lambda m: m["type"] == "test_ready")
            await tester.send({"type": "offer", "sdp": ASSERTING_SDP})
            told = await tester.wait_for(lambda m: m["type"] == "error")
            assert "could not be used" in told["message"] and not told["fatal"]
            await tester.close()

            jade = hub.peer(JADE, A_TONE)
            await jade.connect()
            await jade.join()
            for bad, expected in (
                ("[" * 50_000 + "]" * 50_000, "too complex"),
                ('{"type": "ping", "x": ' + "[" * 30 + "]" * 30 + "}", "nested too deeply"),
                ('{"type": "mute", "on": ' + "1" * 5000 + "}", "digits"),
                ('{"type": "offer", "sdp": "' + ASSERTING_SDP.replace("\r\n", "\\r\\n") + '"}',
                 "could not be used"),
                ('{"type": "test_result", "camera": "works", "microphone": "works", '
                 '"connection": "works", "note": 5}', "'note' must be text"),
            ):
                count = len([m for m in jade.messages if m["type"] == "error"])
                await jade.send(bad)
                error = await jade.wait_for(
                    lambda m, c=count: m["type"] == "error"
                    and len([x for x in jade.messages if x["type"] == "error"]) > c)
                assert expected in error["message"] and not error["fatal"], error
            await jade.send({"type": "ping"})
            await jade.wait_for(lambda m: m["type"] == "pong")
            await jade.close()

            status, body = await hub.api("POST", "/api/minute-taker-link", {})
            assert status == 200
            url = hub.url.replace("http", "ws", 1) + f"/minutes/ws?token={body['token']}"
            async with aiohttp.ClientSession() as client:
                seat = await client.ws_connect(url, ssl=_insecure())
                for bad, expected in (
                    ("{" * 40 + "}" * 40, "not JSON"),
                    ('{"type": "hello", "since": ' + "7" * 5000 + "}", "digits"),
                    ('{"type": "hello", "since": -1}', "'since' must be"),
                    ('{"type": "command", "id": "c1", "name": "add_note", "args": {'
                     '"utterance_id": "n1", "text": "t", "at": "2026-03-01T10:00:00"}}',
                     "time zone"),
                    ('{"type": "command", "id": "c2", "name": "mark_utterance", "args": {'
                     '"utterance_id": "u", "marks": [[[[]]]]}}', "unknown mark"),
                ):
                    await seat.send_str(bad)
                    reply = await seat.receive_json(timeout=5)
                    assert reply["type"] in ("error", "refused"), reply
                    assert expected in reply["message"], reply
                await seat.send_str('{"type": "hello", "since": 0}')
                reply = await seat.receive_json(timeout=5)
                assert reply["type"] in ("event", "live")
                await seat.close()

    run(scenario())
    _no_tracebacks(errors)


# ---- fuzz targets ------------------------------------------------------------------------------
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=4),
    max_leaves=20)
FIELDS = ("type", "mode", "sdp", "on", "camera", "microphone", "connection", "note", "since",
          "name", "id", "args", "attendee_id", "attendee_ids", "all", "grounds", "reason",
          "requested_by", "advocate_stays", "override_reason", "token", "utterance_id",
          "text", "base_version", "marks", "speaker_id", "at", "section", "paragraphs",
          "position", "new_utterance_id", "first_id", "second_id")
TYPES = ("join", "offer", "mute", "hand", "captions", "leave", "ping", "test", "test_result",
         "here", "hello", "command")
COMMAND_NAMES = ("add_note", "edit_utterance", "mark_utterance", "assign_speaker",
                 "write_summary", "split_utterance", "merge_utterances")
MESSAGE = st.fixed_dictionaries({}, optional={
    "type": st.sampled_from(TYPES) | JSON, "name": st.sampled_from(COMMAND_NAMES) | JSON,
    "args": st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=6) | JSON,
    **{field: JSON for field in FIELDS if field not in ("type", "name", "args")}})
RAW = st.one_of(MESSAGE.map(json.dumps), st.text(max_size=200),
                st.binary(max_size=200).map(lambda b: b.decode("latin-1")))


@FUZZ
@given(RAW)
def test_fuzz_signalling_and_minutes_parsers(raw: str) -> None:
    from facilitator.services.rtc import schemas, signalling_schemas, transcript_schemas

    now = datetime(2026, 3, 1, 10, tzinfo=UTC)  # the parsers' idea of now, fixed
    for parse in (signalling_schemas.signalling_message,
                  lambda r: transcript_schemas.minutes_message(r, now)):
        with contextlib.suppress(schemas.SchemaError):
            parse(raw)


@FUZZ
@given(MESSAGE)
def test_fuzz_chair_api_schemas(data: dict[str, Any]) -> None:
    from facilitator.services.rtc import schemas, transcript_schemas

    now = datetime(2026, 3, 1, 10, tzinfo=UTC)
    parsers = [schemas.Admit.parse, schemas.People.parse, schemas.Person.parse,
               schemas.Remove.parse, schemas.Exclude.parse, schemas.NextStage.parse,
               schemas.MinuteTakerLink.parse, schemas.Revoke.parse,
               lambda d: transcript_schemas.TranscriptCommand.parse(d, now)]
    for parse in parsers:
        with contextlib.suppress(schemas.SchemaError):
            parse(data)


def test_fuzz_the_running_chair_api_never_answers_500(tmp_path: Path) -> None:
    """Random bodies against the real server (hypothesis drives a loop in another thread)."""
    from facilitator.services.loop_thread import LoopThread
    from facilitator.services.rtc.media_loop import new_media_loop

    thread = LoopThread("fuzz-hub", new_media_loop).start()
    context = running_hub(tmp_path)
    hub = thread.submit(context.__aenter__()).result(30)
    paths = ["/api/admit", "/api/send-back", "/api/remove", "/api/exclude", "/api/readmit",
             "/api/stage/next", "/api/ask-unmute", "/api/minute-taker-link", "/api/revoke",
             "/api/command", "/api/start"]
    seen: set[int] = set()

    @settings(max_examples=120, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(paths), RAW)
    def post(path: str, raw: str) -> None:
        status, reply = thread.submit(raw_api(hub, path, raw.encode("utf-8", "surrogatepass")
                                              )).result(30)
        seen.add(status)
        assert status in (200, 400, 404, 409), (path, raw[:80], status, reply)

    try:
        post()
    finally:
        thread.submit(context.__aexit__(None, None, None)).result(30)
        thread.stop()
    assert 400 in seen


def test_fuzz_the_running_signalling_socket_stays_up(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_hub(tmp_path) as hub:
            jade = hub.peer(JADE, A_TONE)
            await jade.connect()
            await jade.join()
            examples: list[str] = []

            @settings(max_examples=150, deadline=None, derandomize=True,
                      suppress_health_check=list(HealthCheck), database=None)
            @given(RAW)
            def collect(raw: str) -> None:
                examples.append(raw)

            collect()
            for raw in examples:
                if '"leave"' in raw:
                    continue  # a leave closes the socket, as it should
                await jade.send(raw)
            await jade.send({"type": "ping"})
            await jade.wait_for(lambda m: m["type"] == "pong", timeout=20)
            assert jade.ws is not None and not jade.ws.closed
            await jade.close()
            await asyncio.sleep(0)

    run(scenario())

