"""Drive a whole fictional meeting through ConferenceSession on a file database, as the app would.

    python -m tests.services.drive_meeting DB [--seed N] [--pause SECONDS]

Prints `ready <conference id>`, then `ack <step> <command> <events in the log>` after each
command the session acknowledged (its events are on disk), then `done`. The crash test kills it
with SIGKILL part-way through. With the same seed the ids are the same on every run, so the
test can replay the same meeting in-process and know the exact state after every step.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from facilitator.app import ConferenceSession
from facilitator.domain import events as ev
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands.people import create_conference
from facilitator.services.database import open_database
from facilitator.services.store import EventStore

from ..domain.helpers import START, hold_meeting, make_details


@contextmanager
def deterministic_ids(seed: int) -> Iterator[None]:
    """Make every new_id() (uuid4) repeatable for this seed."""
    rng = random.Random(seed)
    original = uuid.uuid4
    uuid.uuid4 = lambda: uuid.UUID(int=rng.getrandbits(128), version=4)  # type: ignore[assignment]
    try:
        yield
    finally:
        uuid.uuid4 = original  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pause", type=float, default=0.0)
    args = parser.parse_args(argv)

    with deterministic_ids(args.seed):
        clock = ManualClock(START)
        store = EventStore(open_database(args.db))
        conference = store.create(create_conference(make_details(), clock.now()))
        session = ConferenceSession(store, conference, clock)
        print("ready", conference.id, flush=True)
        step = 0

        def do(command: Callable[..., list[ev.Event]], *a: Any, **k: Any) -> list[ev.Event]:
            nonlocal step
            events = session.execute(command, *a, **k)
            step += 1
            print("ack", step, command.__name__, len(session.conference.log), flush=True)
            if args.pause:
                time.sleep(args.pause)
            return events

        hold_meeting(do, clock, lambda: session.conference)
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
