"""Crash safety: kill the app's process with SIGKILL mid-meeting, reopen, find the exact state.

A real subprocess (tests/services/drive_meeting.py) drives a meeting through ConferenceSession
on a file database and prints a line after each acknowledged command. The same meeting with the
same ids is replayed here in-process, so the state after every step is known exactly.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from facilitator.app import ConferenceSession
from facilitator.domain import events as ev
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import record as rc
from facilitator.domain.conference import Conference, MeetingStatus
from facilitator.domain.transcript import UtteranceSource
from facilitator.services.database import open_database
from facilitator.services.store import EventStore

from ..domain.helpers import EDITED_TEXT, START, hold_meeting, new_conference, run, snapshot
from .drive_meeting import deterministic_ids

ROOT = Path(__file__).resolve().parents[2]
SEED = 7

pytestmark = pytest.mark.slow


def expected_steps(seed: int) -> dict[int, dict[str, Any]]:
    """The state after each step of the driven meeting, keyed by the length of the log."""
    with deterministic_ids(seed):
        clock = ManualClock(START)
        conf = new_conference(clock)
        states = {len(conf.log): snapshot(conf)}

        def do(command: Any, *args: Any, **kwargs: Any) -> list[ev.Event]:
            events = run(conf, clock, command, *args, **kwargs)
            states[len(conf.log)] = snapshot(conf)
            return events

        hold_meeting(do, clock, lambda: conf)
    return states


@pytest.fixture(scope="module")
def expected() -> dict[int, dict[str, Any]]:
    return expected_steps(SEED)


def kill_after(db: Path, command: str, pause: float) -> tuple[int, int]:
    """Run the driver until it acknowledges `command`, SIGKILL it; (acknowledged log, acks)."""
    driver = subprocess.Popen(
        [sys.executable, "-m", "tests.services.drive_meeting", str(db), "--seed", str(SEED),
         "--pause", str(pause)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert driver.stdout is not None
        first = driver.stdout.readline().split()
        assert first == ["ready", "conf-1"], driver.stderr.read() if driver.stderr else ""
        acks = 0
        while True:
            line = driver.stdout.readline().split()
            assert line and line[0] == "ack", f"driver stopped: {line}"
            acks += 1
            if line[2] == command:
                acknowledged = int(line[3])
                break
        assert driver.poll() is None, "the meeting finished before it could be killed"
        os.kill(driver.pid, signal.SIGKILL)
        driver.wait(timeout=10)
        assert driver.returncode == -signal.SIGKILL
        return acknowledged, acks
    finally:
        if driver.poll() is None:
            driver.kill()
            driver.wait()
        for stream in (driver.stdout, driver.stderr):
            if stream:
                stream.close()


@pytest.mark.parametrize(("command", "pause"), [
    ("edit_utterance", 0.0),  # no pause: the kill lands while later commands are writing
    ("swap_parts", 0.03),
    ("record_decision", 0.03),
])
def test_sigkill_mid_meeting_loses_nothing_acknowledged(
    tmp_path: Path, expected: dict[int, dict[str, Any]], command: str, pause: float
) -> None:
    db = tmp_path / "facilitator.sqlite3"
    acknowledged, _ = kill_after(db, command, pause)

    store = EventStore(open_database(db))
    stored = store.events("conf-1")
    # Everything acknowledged is there; anything more is whole commands, never part of one.
    assert len(stored) >= acknowledged
    assert len(stored) in expected, f"{len(stored)} events is not a command boundary"
    state = expected[len(stored)]
    assert stored == state["log"]
    (summary,) = store.conferences()
    assert summary.event_count == len(stored)

    # The log replays to exactly the state the app had after that command.
    conference = store.load("conf-1")
    assert snapshot(conference) == state
    assert conference.status is not MeetingStatus.ENDED

    # The acknowledged work, in words.
    assert {"chair", "sw", "police", "mum"} <= {
        a.id for a in conference.attendees.values() if a.is_present}
    assert conference.agenda.current is not None
    edited = [u for u in conference.utterances.values() if u.human_edited]
    assert [(u.text, u.recognised_text) for u in edited] == [
        (EDITED_TEXT, "mum says amy has been at school")]
    if command in ("swap_parts", "record_decision"):
        assert conference.exclusions and all(e.reason and e.grounds
                                             for e in conference.exclusions)
        typed = [u for u in conference.utterances.values()
                 if u.source is UtteranceSource.TYPED]
        assert typed and not conference.may_receive("dad", typed[0])
    if command == "record_decision":
        assert conference.decisions["amy"].plan_required
        assert conference.decisions["amy"].dissenting_ids == {"school"}

    # The reopened meeting carries on from where it was.
    clock = ManualClock(conference.log[-1].at)
    session = ConferenceSession(store, conference, clock)
    session.execute(rc.record_utterance, None, UtteranceSource.TYPED, clock.now(), clock.now(),
                    "Resumed after the computer restarted.")
    assert len(EventStore(open_database(db)).events("conf-1")) == len(stored) + 1


def test_the_driver_finishes_the_meeting_when_left_alone(
    tmp_path: Path, expected: dict[int, dict[str, Any]]
) -> None:
    db = tmp_path / "facilitator.sqlite3"
    finished = subprocess.run(
        [sys.executable, "-m", "tests.services.drive_meeting", str(db), "--seed", str(SEED)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
    )
    assert finished.stdout.splitlines()[-1] == "done"
    conference: Conference = EventStore(open_database(db)).load("conf-1")
    assert snapshot(conference) == expected[max(expected)]
    assert conference.status is MeetingStatus.ENDED
