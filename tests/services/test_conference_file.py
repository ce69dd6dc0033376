"""Conference files (YAML or JSON) and agenda templates: the data a local authority changes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from facilitator.domain import events as ev
from facilitator.domain.attendees import AttendanceMode, AttendanceState
from facilitator.domain.calendar import Nation
from facilitator.domain.conference import Conference
from facilitator.domain.details import ConferenceKind
from facilitator.domain.errors import DomainError
from facilitator.services.conference_file import (
    LOCAL_ZONE,
    TOP_LEVEL_KEYS,
    build_conference,
    read_conference_file,
)
from facilitator.services.templates import agenda_names, assets_dir, load_agenda

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SAMPLE = assets_dir() / "conference-sample.yaml"


def sample() -> dict[str, Any]:
    return read_conference_file(SAMPLE)


def test_the_sample_file_builds_a_conference() -> None:
    conf = Conference.from_events(build_conference(sample(), NOW))
    details = conf.details
    assert details.kind is ConferenceKind.INITIAL and details.nation is Nation.ENGLAND
    assert details.scheduled_start == datetime(2026, 12, 3, 10, 0, tzinfo=LOCAL_ZONE)
    assert details.strategy_discussion == date(2026, 11, 20)
    assert [c.id for c in details.children] == ["maisie", "alfie"]
    assert details.stages == load_agenda("initial")
    people = {a.name: a for a in conf.attendees.values()}
    assert people["Jade Thornbury"].mode is AttendanceMode.PHONE
    assert people["Carys Bell"].supports == people["Jade Thornbury"].id
    assert people["Dr Anita Varga"].state is AttendanceState.APOLOGIES_WITH_REPORT
    assert people["Zofia Nowak"].needs.interpreter_language == "Polish"


def test_json_and_yaml_give_the_same_conference(tmp_path: Path) -> None:
    data = sample()
    data["scheduled_start"] = "2026-12-03T10:00"
    path = tmp_path / "conference.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    from_json = Conference.from_events(build_conference(read_conference_file(path), NOW))
    from_yaml = Conference.from_events(build_conference(sample(), NOW))
    assert from_json.details.children == from_yaml.details.children
    assert from_json.details.scheduled_start == from_yaml.details.scheduled_start
    assert [a.name for a in from_json.attendees.values()] == [
        a.name for a in from_yaml.attendees.values()]


def change(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Set (or with value ... delete) a field by a dotted path like 'attendees.2.role'."""
    *parents, last = path.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    key: Any = int(last) if isinstance(target, list) else last
    if value is ...:
        del target[key]
    elif isinstance(target, list) and key == len(target):
        target.append(value)
    else:
        target[key] = value
    return data


OBSERVER = {"name": "Ada Quill", "role": "observer", "observer_consent": {"chair": True,
                                                                        "family": True}}
BAD = [
    ("scheduled_start", ..., "conference: 'scheduled_start' is required"),
    ("kind", ..., "'kind' is required"),
    ("children", ..., "'children' is required"),
    ("children", "Maisie", "'children' must be a list"),
    ("children.0.name", ..., "child 1: 'name' is required"),
    ("children.0.date_of_birth", "twelfth of April", "is not a date"),
    ("colour", "blue", r"unknown field\(s\) in conference file: colour"),
    ("kind", "emergency", "kind: 'emergency' is not one of initial, review"),
    ("nation", "scotland", "nation: 'scotland' is not one of england, wales"),
    ("planned_minutes", "two hours", "is not a number"),
    ("scheduled_start", "soon", "is not a date and time"),
    ("agenda", "tea_party", "no agenda template 'tea_party'"),
    ("attendees.2.role", "wizard", r"attendee 3 \(Jade Thornbury\): unknown role 'wizard'"),
    ("attendees.2.name", ..., "attendee 3 .*'name' is required"),
    ("attendees.2.mode", "carrier pigeon", "is not one of"),
    ("attendees.2.needs", {"parking": True}, "unknown needs parking"),
    ("attendees.4.supports", "nobody", "supports 'nobody', which is no earlier attendee's key"),
    ("attendees.12", OBSERVER, None),  # one observer with both consents is fine
    ("attendees.12", dict(OBSERVER, observer_consent={"chair": True}),
     "consent of both the chair and the family"),
    ("attendees.12", {"name": "Ada Quill", "role": "observer"}, "consent"),
    ("attendees.11.agency", "", "name their independent interpreting service"),
    ("attendees.11.name", "Jade Thornbury", "family member and must not act as interpreter"),
    ("attendees.0.role", "parent", None),
    ("attendees.1.role", "chair", "already has a chair"),
    ("strategy_discussion", "2026-12-04", "strategy discussion is after the conference"),
    ("strategy_discussion", "2026-11-01", "working days after the strategy discussion"),
    ("kind", "review", "a review conference needs the previous conference date"),
]


@pytest.mark.parametrize(("path", "value", "error"), BAD, ids=[f"{b[0]}={b[1]!r}"[:50]
                                                              for b in BAD])
def test_bad_conference_data_names_the_problem(path: str, value: Any, error: str | None) -> None:
    data = change(sample(), path, value)
    if error is None:
        build_conference(data, NOW)
        return
    with pytest.raises(DomainError, match=error) as bad:
        build_conference(data, NOW)
    assert "\n" not in str(bad.value)


def test_a_second_observer_is_refused() -> None:
    data = sample()
    data["attendees"] += [OBSERVER, dict(OBSERVER, name="Lee Marsh")]
    with pytest.raises(DomainError, match=r"attendee 14 \(Lee Marsh\): there is already an "
                                          "observer"):
        build_conference(data, NOW)


def test_a_review_before_its_previous_conference_is_refused() -> None:
    data = sample()
    data.update(kind="review", previous_conference="2026-12-10")
    del data["strategy_discussion"]
    with pytest.raises(DomainError, match=r"previous conference \(2026-12-10\) is not before"):
        build_conference(data, NOW)


@pytest.mark.parametrize(("name", "text", "error"), [
    ("bad.yaml", "kind: initial\nchildren: [unclosed\n", "bad.yaml is not valid YAML"),
    ("bad.json", '{"kind": "initial",', "bad.json is not valid JSON"),
    ("list.yaml", "- kind: initial\n", "the top level must be a mapping"),
    ("empty.yaml", "", "the top level must be a mapping"),
])
def test_malformed_files(tmp_path: Path, name: str, text: str, error: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DomainError, match=error) as bad:
        read_conference_file(path)
    assert "\n" not in str(bad.value)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="cannot read"):
        read_conference_file(tmp_path / "nowhere.yaml")


def test_build_conference_returns_events_only() -> None:
    events = build_conference(sample(), NOW)
    assert isinstance(events[0], ev.ConferenceCreated)
    # the people, their postal addresses (and the children's), the interpreter's booking
    assert all(isinstance(e, ev.AttendeeAdded | ev.PostalAddressRecorded | ev.InterpreterBooked)
               for e in events[1:])
    assert all(e.at == NOW for e in events)


# ---- agenda templates ----------------------------------------------------------------------
CHAIR_OPENING = ["purpose", "agenda", "confidentiality", "equal opportunities", "introductions",
                 "complaints procedure"]


def test_the_three_templates_exist() -> None:
    assert set(agenda_names()) >= {"initial", "review", "signs_of_safety"}


@pytest.mark.parametrize("name", ["initial", "review", "signs_of_safety"])
def test_templates_ring_fence_decision_and_planning(name: str) -> None:
    stages = load_agenda(name)
    reserved = [s.id for s in stages if s.ring_fenced]
    assert reserved == ["decision", "planning"]
    assert sum(s.planned_minutes for s in stages) <= 120  # fits the default meeting
    prompts = " ".join(p for s in stages for p in s.prompts).lower()
    titles = " ".join(s.title for s in stages).lower()
    for item in CHAIR_OPENING:
        assert item in prompts or item in titles, f"{name}: no prompt about {item}"


def test_signs_of_safety_asks_the_three_questions() -> None:
    titles = [s.title.lower() for s in load_agenda("signs_of_safety")]
    assert any("worried" in t for t in titles)
    assert any("working well" in t for t in titles)
    assert any("needs to happen" in t for t in titles)


def test_the_sample_schema_comment_lists_every_field() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    for key in TOP_LEVEL_KEYS:
        assert f"# {key}:" in header, key
    assert yaml.safe_load(text)["kind"] == "initial"
