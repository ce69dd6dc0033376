"""The quorum and a transcription gap in a Welsh copy of the record: worded at export from
what the domain stores (the quorum as who was present, the gap line in English)."""

from __future__ import annotations

from datetime import timedelta

from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import record as rc
from facilitator.domain.transcript import UtteranceSource
from facilitator.record.audience import Audience
from facilitator.record.build import details_blocks, transcript_blocks
from facilitator.record.document import Fields, Heading, Lines
from facilitator.record.quorum import gap_text
from facilitator.record.wording import Wording
from facilitator.services.messages import language
from tests.domain.helpers import START, run, started_conference

WELSH = language("cy")


def test_the_quorum_row_and_a_gap_line_in_welsh() -> None:
    clock = ManualClock(START)
    conf = started_conference(clock)
    clock.advance(minutes=2)
    now = clock.now()
    speaker = next(a.id for a in conf.attendees.values() if a.role_key == "social_worker")
    run(conf, clock, rc.record_transcription_gap, speaker, UtteranceSource.ROOM,
        now - timedelta(seconds=14), now)
    fields = next(b for b in details_blocks(conf, Wording(), WELSH) if isinstance(b, Fields))
    quorum = dict(fields.rows)[WELSH.t("Quorum")]
    assert quorum.startswith(("mae cworwm: gweithiwr cymdeithasol a disgyblaethau eraill (",
                              "dim cworwm: ")), quorum
    assert "quorate" not in quorum
    blocks = transcript_blocks(conf, Audience.professionals(), Wording(), WELSH)
    line = next(b for b in blocks if isinstance(b, Lines)).lines[0]
    name = conf.attendees[speaker].name
    assert line.text == f"[heb ei drawsgrifio: 14 eiliad, {name}]"
    # (the stage headings are the agenda's titles through the catalogue: these tests' agenda
    # is not a council's, so it has no Welsh; tests/ui/test_welsh_dialogs.py sees the real one)
    assert any(isinstance(b, Heading) and b.level == 3 for b in blocks)
    # stored as the domain keeps it; English copies as before
    assert conf.transcript()[0].text == f"[not transcribed: 14 s, {name}]"
    assert gap_text(conf.transcript()[0].text) == conf.transcript()[0].text
