"""`facilitator participation CONFERENCE [--json] [--for ATTENDEE]` on a real SQLite file holding
the scripted conference (tests/domain/participation_script.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.domain.child_focus import FocusPart
from facilitator.domain.commands import child_focus as cf
from facilitator.services.database import open_database
from facilitator.services.store import EventStore
from tests.domain.helpers import run
from tests.domain.participation_script import scripted


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, str, dict[str, str]]:
    conf, clock, lines = scripted()
    run(conf, clock, cf.mark_child_focus, lines["advocate"], "amy", FocusPart.VIEWS, "minutes")
    run(conf, clock, cf.mark_child_focus, lines["secret"], "amy", FocusPart.NEEDS, "minutes")
    path = tmp_path / "facilitator.sqlite3"
    database = open_database(path)
    EventStore(database).create(conf.log)
    database.close()
    return path, conf.id, lines


def test_json_figures(db: tuple[Path, str, dict[str, str]],
                      capsys: pytest.CaptureFixture[str]) -> None:
    path, conference_id, lines = db
    assert main(["--db", str(path), "participation", conference_id, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    overall = {row["party"]: (row["seconds"], row["lines"]) for row in data["overall"]}
    assert overall["The family"] == (60.0, 2)
    assert overall["Public Protection Unit"] == (70.0, 2)
    assert overall["Larkfield Community Health"] == (2.4, 1)
    assert data["total_seconds"] == 252.4
    reports = next(s for s in data["stages"] if s["stage_id"] == "reports")
    assert {r["party"]: r["seconds"] for r in reports["parties"]}["The family"] == 15.0
    assert data["child_focus"]["amy"]["VIEWS"] == [lines["advocate"]]
    assert data["child_focus"]["amy"]["NEEDS"] == [lines["secret"]]
    assert data["child_focus"]["ben"] == {p.name: [] for p in FocusPart}


def test_one_person_s_view_leaves_out_what_they_were_out_of(
        db: tuple[Path, str, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    path, conference_id, _ = db
    assert main(["--db", str(path), "participation", conference_id, "--json",
                 "--for", "dad"]) == 0
    data = json.loads(capsys.readouterr().out)
    overall = {row["party"]: row["seconds"] for row in data["overall"]}
    assert overall["Public Protection Unit"] == 30.0
    assert data["total_seconds"] == 212.4
    assert data["child_focus"]["amy"]["NEEDS"] == []  # marked on a line said while he was out


def test_text_output(db: tuple[Path, str, dict[str, str]],
                     capsys: pytest.CaptureFixture[str]) -> None:
    path, conference_id, _ = db
    assert main(["--db", str(path), "participation", conference_id[:8]]) == 0
    out = capsys.readouterr().out
    assert "Overall (4:12 in all)" in out
    assert "Public Protection Unit" in out and "1:10" in out
    assert "Amy Fairweather: daily lived experience 0, views 1, needs 1, outcomes 0" in out
