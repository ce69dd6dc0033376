"""Prompts the chair can act on: shown once per condition, gone when dismissed or answered."""

from __future__ import annotations

from facilitator.domain.child_focus import FocusPart
from facilitator.domain.commands import agenda as ag
from facilitator.domain.commands import child_focus as cf
from facilitator.domain.commands import segments as sg
from facilitator.domain.participation import ParticipationSettings
from facilitator.domain.participation_prompts import Prompt, PromptKind, prompts
from facilitator.domain.segments import ExclusionGround

from .helpers import at, run
from .participation_script import ROOM, say, scripted


def kinds(found: list[Prompt]) -> list[PromptKind]:
    return [p.kind for p in found]


def test_family_silent_for_ten_minutes_of_discussion_prompts_once() -> None:
    conf, clock, _ = scripted()
    # the family last spoke at 10:02:45 (Dana); the reports began at 10:10
    assert prompts(conf, at(26.5)) == []  # Kit spoke at 10:26:15
    silent_until = at(26.25 + 9.9)
    assert prompts(conf, silent_until) == []
    found = prompts(conf, at(26.25 + 10))
    assert kinds(found) == [PromptKind.FAMILY_SILENT]
    assert "Dana and Kit" in found[0].text and "10 minutes" in found[0].text
    # dismissed: not shown again for this condition, however long the silence lasts
    assert prompts(conf, at(50), dismissed={found[0].key}) == []
    # the family speaks, later falls silent again: a new condition, a new prompt
    say(conf, clock, "mum", ROOM, 51, 5, "Can I say something?")
    assert prompts(conf, at(60), dismissed={found[0].key}) == []
    again = prompts(conf, at(61.1), dismissed={found[0].key})
    assert kinds(again) == [PromptKind.FAMILY_SILENT] and again[0].key != found[0].key


def test_the_threshold_is_a_setting_and_breaks_do_not_count() -> None:
    conf, clock, _ = scripted()
    settings = ParticipationSettings(family_silent_minutes=5)
    assert prompts(conf, at(26.25 + 4.9), settings) == []
    clock.set(at(28))
    run(conf, clock, ag.begin_break, "comfort break")
    assert prompts(conf, at(40), settings) == []  # on a break: nothing to prompt
    clock.set(at(40))
    run(conf, clock, ag.end_break)
    # 10:26:15 to 10:28 silent (1.75 min), the break does not count: 3.25 more minutes
    assert prompts(conf, at(43.2), settings) == []
    assert kinds(prompts(conf, at(43.3), settings)) == [PromptKind.FAMILY_SILENT]


def test_an_excluded_family_is_not_prompted_for() -> None:
    conf, clock, _ = scripted()
    clock.set(at(27))
    run(conf, clock, sg.exclude, {"mum", "dad"}, {ExclusionGround.CONFIDENTIAL_INFORMATION},
        "police", "police information")
    assert prompts(conf, at(45)) == []  # nobody of the family is in: no "ask them" prompt


def test_before_the_decision_the_child_views_prompt_per_child() -> None:
    conf, clock, lines = scripted()
    clock.set(at(30))
    run(conf, clock, ag.next_stage)  # views
    run(conf, clock, ag.next_stage)  # decision
    settings = ParticipationSettings(family_silent_minutes=600)
    found = prompts(conf, at(30), settings)
    assert {p.child_id for p in found} == {"amy", "ben"}
    assert all(p.kind is PromptKind.CHILD_VIEWS_NOT_HEARD for p in found)
    # the minute-taker marks what the advocate said as Amy's views: Amy's prompt goes
    run(conf, clock, cf.mark_child_focus, lines["advocate"], "amy", FocusPart.VIEWS, "minutes")
    found = prompts(conf, at(31), settings)
    assert [p.child_id for p in found] == ["ben"]
    assert "Ben's views have not been heard" in found[0].text
    assert prompts(conf, at(31), settings, dismissed={found[0].key}) == []


def test_no_child_views_prompt_outside_the_decision_stage() -> None:
    conf, _, _ = scripted()
    settings = ParticipationSettings(family_silent_minutes=600)
    assert prompts(conf, at(27), settings) == []
