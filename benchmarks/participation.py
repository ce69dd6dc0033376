"""How long the chair's window spends each second on the participation view: speaking time per
party (overall and per stage) and the prompts, over conferences of 500, 2,000 and 5,000 lines.

    PYTHONPATH=. .venv/bin/python benchmarks/participation.py
"""

from __future__ import annotations

import time
from datetime import timedelta

from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import agenda as ag
from facilitator.domain.commands import record as rc
from facilitator.domain.participation import speaking_time
from facilitator.domain.participation_prompts import prompts
from facilitator.domain.transcript import UtteranceSource
from tests.domain.helpers import START, run, started_conference

SPEAKERS = ("chair", "mum", "dad", "amy", "advocate", "sw", "police", "hv", "school")


def conference(lines: int):  # type: ignore[no-untyped-def]
    clock = ManualClock(START)
    conf = started_conference(clock)
    step = 110 * 60 / lines  # a two-hour meeting
    for i in range(lines):
        start = START + timedelta(seconds=i * step)
        if i and i % (lines // 5) == 0:
            clock.set(start)
            run(conf, clock, ag.next_stage)
        clock.set(start)
        run(conf, clock, rc.record_utterance, SPEAKERS[i % len(SPEAKERS)], UtteranceSource.ROOM,
            start, start + timedelta(seconds=step * 0.8), f"line {i} of the meeting")
    return conf, clock


def main() -> None:
    for lines in (500, 2000, 5000):
        conf, clock = conference(lines)
        rounds = 20
        began = time.perf_counter()
        for _ in range(rounds):
            speaking_time(conf)
            prompts(conf, clock.now())
        took = (time.perf_counter() - began) / rounds * 1000
        print(f"{lines:5d} lines: {took:6.1f} ms per refresh (figures and prompts)")


if __name__ == "__main__":
    main()
