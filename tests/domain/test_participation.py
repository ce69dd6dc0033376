"""Speaking time per party, per stage and overall, from a scripted conference: exact figures,
and what was said while someone was out never counts in their view."""

from __future__ import annotations

import pytest

from facilitator.domain.commands import record as rc
from facilitator.domain.participation import (
    ParticipationSettings,
    PartyKey,
    PartyKind,
    speaking_time,
    speaking_time_for,
)

from .helpers import run
from .participation_script import scripted

FAMILY, CHILD, CHAIR = (PartyKey(PartyKind.FAMILY), PartyKey(PartyKind.CHILD),
                        PartyKey(PartyKind.CHAIR))
POLICE = PartyKey(PartyKind.AGENCY, "Public Protection Unit")
SOCIAL_WORK = PartyKey(PartyKind.AGENCY, "Larkfield Children's Services")
HEALTH = PartyKey(PartyKind.AGENCY, "Larkfield Community Health")


def test_overall_figures_are_exact_per_party() -> None:
    conf, _, _ = scripted()
    figures = speaking_time(conf)
    got = {p.party: (p.seconds, p.lines) for p in figures.overall}
    assert got == {
        FAMILY: (60.0, 2),          # Dana 45 s on the phone, Kit 15 s
        CHILD: (30.0, 2),           # the advocate 20 s and Amy 10 s
        CHAIR: (30.0, 1),
        SOCIAL_WORK: (60.0, 1),
        POLICE: (70.0, 2),          # 30 s, and 40 s while Kit was out
        HEALTH: (2.4, 1),           # typed: 6 words at 0.4 s a word
    }
    assert figures.total_seconds == pytest.approx(252.4)
    health = next(p for p in figures.overall if p.party == HEALTH)
    assert health.typed_seconds == 2.4  # said so: this part is estimated


def test_figures_per_stage() -> None:
    conf, _, _ = scripted()
    figures = speaking_time(conf)
    assert [s.stage_id for s in figures.stages] == ["opening", "reports"]
    assert figures.stage_seconds_of("opening", FAMILY) == 45.0
    assert figures.stage_seconds_of("opening", CHILD) == 30.0
    assert figures.stage_seconds_of("reports", FAMILY) == 15.0
    assert figures.stage_seconds_of("reports", POLICE) == 70.0
    assert figures.stage_seconds_of("opening", POLICE) == 0.0


def test_the_excluded_parent_view_leaves_out_the_segment_he_was_out_of() -> None:
    conf, _, _ = scripted()
    his = speaking_time_for(conf, "dad")
    assert his.seconds_of(POLICE) == 30.0  # the 40 s said while Kit was out is not his to see
    assert his.total_seconds == pytest.approx(212.4)
    assert his.stage_seconds_of("reports", POLICE) == 30.0
    hers = speaking_time_for(conf, "mum")  # Dana was in: she gets all of it
    assert hers.seconds_of(POLICE) == 70.0


def test_readmitting_him_does_not_open_the_past() -> None:
    conf, clock, lines = scripted()
    before = speaking_time_for(conf, "dad")
    # a correction to the secret line later (after he is back) still belongs to its time
    run(conf, clock, rc.assign_speaker, lines["secret"], "sw", "minutes")
    after = speaking_time_for(conf, "dad")
    assert after.seconds_of(SOCIAL_WORK) == before.seconds_of(SOCIAL_WORK) == 60.0


def test_lines_without_a_speaker_show_as_not_attributed() -> None:
    conf, clock, lines = scripted()
    run(conf, clock, rc.assign_speaker, lines["sw"], None, "minutes")
    figures = speaking_time(conf)
    assert figures.seconds_of(PartyKey(PartyKind.UNATTRIBUTED)) == 60.0
    assert figures.seconds_of(SOCIAL_WORK) == 0.0


def test_the_speaking_rate_for_typed_lines_is_a_setting() -> None:
    conf, _, _ = scripted()
    figures = speaking_time(conf, settings=ParticipationSettings(typed_seconds_per_word=1.0))
    assert figures.seconds_of(HEALTH) == 6.0
