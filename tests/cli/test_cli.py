"""The `facilitator` command line against a database in tmp_path: in this process (its own
stdout, stderr and environment, the console script's entry point `ui.cli.main`) for each command's
behaviour, and as a real subprocess of the installed console script where the process itself is
what is tested (exit status, FACILITATOR_DB from the environment)."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from facilitator.domain.roles import ROLES
from facilitator.services.conference_file import build_conference, read_conference_file
from facilitator.services.database import DB_ENV, connect, open_database
from facilitator.services.store import EventStore
from facilitator.services.templates import assets_dir, load_agenda
from ui.cli import main

pytestmark = pytest.mark.slow

SAMPLE = assets_dir() / "conference-sample.yaml"
SCRIPT = Path(sys.executable).with_name("facilitator")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "facilitator.cli"]
EXIT_BAD_INPUT = 2
BEFORE = "2026-11-23T09:00"  # "now" for `conference new`: before the sample conference


def facilitator(*args: str | Path, db: Path | None = None, env: dict[str, str] | None = None,
                process: bool = False) -> subprocess.CompletedProcess[str]:
    """`facilitator [--db DB] ARGS...` with FACILITATOR_DB unset unless `env` sets it: in this
    process (stdout, stderr and the exit status as the console script would give them), or, with
    `process`, as a real subprocess of the installed console script."""
    argv = [*(["--db", str(db)] if db else []), *map(str, args)]
    if process:
        full_env = {k: v for k, v in os.environ.items() if k != DB_ENV}
        full_env.update(env or {})
        return subprocess.run([*COMMAND, *argv], capture_output=True, text=True, timeout=60,
                              env=full_env, check=False)
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, redirect_stdout(out), redirect_stderr(err):
        patch.delenv(DB_ENV, raising=False)
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        try:
            status = main(argv)
        except SystemExit as exit_:  # argparse's usage errors, as the process would exit
            status = exit_.code if isinstance(exit_.code, int) else 1
    return subprocess.CompletedProcess(argv, status, out.getvalue(), err.getvalue())


def counts(db: Path) -> tuple[int, int]:
    """(conferences, events) read straight from the file."""
    connection = connect(db)
    try:
        return (connection.execute("SELECT count(*) FROM conferences").fetchone()[0],
                connection.execute("SELECT count(*) FROM events").fetchone()[0])
    finally:
        connection.close()


def sample() -> dict[str, Any]:
    return read_conference_file(SAMPLE)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database already holding the sample conference (written in-process, quickly)."""
    path = tmp_path / "facilitator.sqlite3"
    database = open_database(path)
    EventStore(database).create(build_conference(sample(), datetime(2026, 11, 23, tzinfo=UTC)))
    database.close()
    return path


def sample_id(db: Path) -> str:
    (summary,) = EventStore(open_database(db)).conferences()
    return summary.id


# ---- what works ------------------------------------------------------------------------------
def test_demo_list_show_and_plan(tmp_path: Path) -> None:
    db = tmp_path / "new" / "demo.sqlite3"
    made = facilitator("demo", db=db, process=True)  # the installed console script
    assert made.returncode == 0, made.stderr
    match = re.fullmatch(r"created demo conference ([0-9a-f]{32}): Initial child protection "
                         r"conference: Maisie Thornbury, Alfie Thornbury\n", made.stdout)
    assert match, made.stdout
    conference_id = match.group(1)
    assert counts(db)[0] == 1

    listed = facilitator("conference", "list", db=db)
    assert listed.returncode == 0
    assert listed.stdout.startswith(conference_id[:8])
    assert "england" in listed.stdout

    shown = facilitator("conference", "show", conference_id[:6], db=db)
    assert shown.returncode == 0, shown.stderr
    assert f"id:         {conference_id}" in shown.stdout
    assert "Zofia Nowak" in shown.stdout and "interpreter (Polish)" in shown.stdout
    assert "quorum:     not quorate" in shown.stdout

    plan = facilitator("agenda", "plan", conference_id, db=db)
    assert plan.returncode == 0, plan.stderr
    assert "Decision  RING-FENCED" in plan.stdout


def test_an_empty_list_says_how_to_start(tmp_path: Path) -> None:
    listed = facilitator("conference", "list", db=tmp_path / "empty.sqlite3")
    assert listed.returncode == 0
    assert "facilitator demo" in listed.stdout


def test_new_from_the_sample_and_show_its_deadlines(tmp_path: Path) -> None:
    db = tmp_path / "facilitator.sqlite3"
    made = facilitator("--now", BEFORE, "conference", "new", SAMPLE, db=db)
    assert made.returncode == 0, made.stderr
    conference_id = made.stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{32}", conference_id)
    shown = facilitator("conference", "show", conference_id, db=db).stdout
    assert "scheduled:  Thursday 03 December 2026 10:00, 120 minutes" in shown
    for line in ("initial conference due     2026-12-11", "decision letter            2026-12-04",
                 "first core group           2026-12-17", "record circulated          2026-12-24",
                 "review conference          2027-03-03"):
        assert line in shown
    assert "Maisie Thornbury (age 8)" in shown
    assert "Dr Anita Varga" in shown and "apologies, written report sent" in shown


def test_agenda_plan_shows_the_timed_plan_and_the_reserve(db: Path) -> None:
    conference_id = sample_id(db)
    plan = facilitator("agenda", "plan", conference_id[:10], db=db)
    assert plan.returncode == 0, plan.stderr
    lines = plan.stdout.splitlines()
    stages = load_agenda("initial")
    assert lines[1] == "planned 10:00-12:00 (120 minutes)"
    timed = lines[2:2 + len(stages)]
    assert timed[0].startswith("  10:00-10:05")
    for line, stage in zip(timed, stages, strict=True):
        assert stage.title in line
        assert line.endswith("RING-FENCED") is stage.ring_fenced
    reserve = sum(s.planned_minutes for s in stages if s.ring_fenced)
    slack = 120 - sum(s.planned_minutes for s in stages)
    assert lines[-2] == f"ring-fenced reserve for decision and planning: {reserve:.0f} minutes"
    assert lines[-1] == f"slack before the reserve is touched: {slack:.0f} minutes"


def test_new_from_json(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "conference.json"
    path.write_text(json.dumps(sample(), default=str), encoding="utf-8")  # dates as text
    made = facilitator("--now", BEFORE, "conference", "new", path, db=db)
    assert made.returncode == 0, made.stderr
    assert counts(db)[0] == 2


def test_roles_lists_the_catalogue() -> None:
    listed = facilitator("roles")
    assert listed.returncode == 0
    keys = [line.split()[0] for line in listed.stdout.splitlines()]
    assert keys == list(ROLES)
    assert "social_worker              Child's social worker" in listed.stdout


def test_facilitator_db_chooses_the_database(tmp_path: Path) -> None:
    target = tmp_path / "from-env.sqlite3"
    made = facilitator("--now", BEFORE, "conference", "new", SAMPLE, env={DB_ENV: str(target)},
                       process=True)  # read from a real process's environment
    assert made.returncode == 0, made.stderr
    # created, 12 people, 4 postal addresses (2 parents, 2 children), 1 interpreter booked
    assert counts(target) == (1, 18)
    listed = facilitator("conference", "list", env={DB_ENV: str(target)})
    assert made.stdout.strip()[:8] in listed.stdout
    other = tmp_path / "option-wins.sqlite3"
    facilitator("--now", BEFORE, "conference", "new", SAMPLE, db=other,
                env={DB_ENV: str(target)})
    assert counts(target)[0] == 1 and counts(other)[0] == 1


# ---- bad input: one line naming the problem, exit 2, nothing written ----------------------
def edit(path: str, value: Any) -> Any:
    def apply(data: dict[str, Any]) -> dict[str, Any]:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if value is ...:
            del target[int(last) if isinstance(target, list) else last]
        elif isinstance(target, list):
            target.append(value)
        else:
            target[last] = value
        return data
    return apply


OBSERVER = {"name": "Ada Quill", "role": "observer", "agency": "Larkfield University",
            "observer_consent": {"chair": True, "family": True}}


def two_observers(data: dict[str, Any]) -> dict[str, Any]:
    data["attendees"] += [OBSERVER, dict(OBSERVER, name="Lee Marsh")]
    return data


def review_before_previous(data: dict[str, Any]) -> dict[str, Any]:
    del data["strategy_discussion"]
    data.update(kind="review", previous_conference=date(2027, 1, 14))
    return data


BAD_INPUT: list[tuple[str, str, Any, str]] = [
    ("malformed YAML", "bad.yaml", "kind: initial\nchildren: [Maisie\nvenue: x\n",
     r"bad\.yaml is not valid YAML: "),
    ("malformed JSON", "bad.json", '{"kind": "initial", "children": [}',
     r"bad\.json is not valid JSON: "),
    ("top level not a mapping", "list.yaml", "- kind: initial\n",
     "the top level must be a mapping"),
    ("missing required field", "c.yaml", edit("scheduled_start", ...),
     "conference: 'scheduled_start' is required"),
    ("missing child name", "c.yaml", edit("children.0.name", ...),
     "child 1: 'name' is required"),
    ("unknown role", "c.yaml", edit("attendees.5.role", "wizard"),
     r"attendee 6 \(Priya Okonedo\): unknown role 'wizard'"),
    ("review before its previous conference", "c.yaml", review_before_previous,
     r"the previous conference \(2027-01-14\) is not before this review \(2026-12-03\)"),
    ("second observer", "c.yaml", two_observers,
     r"attendee 14 \(Lee Marsh\): there is already an observer"),
    ("observer without consent", "c.yaml",
     edit("attendees.x", dict(OBSERVER, observer_consent={"chair": True, "family": False})),
     r"attendee 13 \(Ada Quill\): an observer needs the recorded prior consent"),
    ("strategy discussion after the conference", "c.yaml",
     edit("strategy_discussion", date(2026, 12, 4)),
     "the strategy discussion is after the conference"),
    ("late without a delay reason", "c.yaml", edit("strategy_discussion", date(2026, 11, 2)),
     "23 working days after the strategy discussion .* record a delay_reason"),
    ("unknown top-level field", "c.yaml", edit("colour", "blue"),
     r"unknown field\(s\) in conference file: colour"),
    ("child born after the conference", "c.yaml",
     edit("children.1.date_of_birth", date(2027, 1, 1)),
     "Alfie Thornbury's date of birth is after the conference"),
    ("family member as interpreter", "c.yaml", edit("attendees.11.name", "Liam Ashcombe"),
     "Liam Ashcombe is a family member and must not act as interpreter"),
    ("unknown agenda", "c.yaml", edit("agenda", "tea_party"), "no agenda template 'tea_party'"),
    ("no such file", "missing.yaml", None, "cannot read .*missing.yaml"),
]


@pytest.mark.parametrize(("name", "filename", "content", "error"), BAD_INPUT,
                         ids=[b[0] for b in BAD_INPUT])
def test_bad_conference_files(tmp_path: Path, db: Path, name: str, filename: str, content: Any,
                              error: str) -> None:
    path = tmp_path / filename
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif content is not None:
        path.write_text(yaml.safe_dump(content(sample()), allow_unicode=True), encoding="utf-8")
    before = counts(db)
    result = facilitator("--now", BEFORE, "conference", "new", path, db=db)
    assert result.returncode == EXIT_BAD_INPUT, result
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("facilitator: error: ")
    assert re.search(error, lines[0]), lines[0]
    assert counts(db) == before


@pytest.mark.parametrize("args", [("conference", "show", "zzzz"), ("agenda", "plan", "zzzz")])
def test_unknown_conference(db: Path, args: tuple[str, ...]) -> None:
    result = facilitator(*args, db=db, process=True)  # the exit status of a real process
    assert result.returncode == EXIT_BAD_INPUT
    assert result.stderr == "facilitator: error: no conference 'zzzz'\n"


def test_an_ambiguous_prefix(tmp_path: Path, db: Path) -> None:
    facilitator("--now", BEFORE, "conference", "new", SAMPLE, db=db)
    result = facilitator("conference", "show", "", db=db)
    assert result.returncode == EXIT_BAD_INPUT
    assert result.stderr == ("facilitator: error: '' matches 2 conferences: give more of the "
                             "id\n")
