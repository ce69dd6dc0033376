"""Dates a chair meets on the command line: a conference cannot be created in the past; the
demo, run "now", promises nothing already past; a conference that never took place owes no
letter; Wales circulates a summary within 5 working days. Every name here is fictional."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from facilitator.cli import main
from facilitator.domain.clock import FixedClock
from facilitator.services.conference_file import LOCAL_ZONE, read_conference_file
from facilitator.services.database import open_database
from facilitator.services.export import Format, Kind, export, load_settings
from facilitator.services.store import EventStore
from facilitator.services.templates import assets_dir

from ..record.conftest import flat, pdf_text
from ..record.scenario import held_conference

NOW = datetime(2027, 3, 3, 16, 40, tzinfo=LOCAL_ZONE)  # a Wednesday afternoon
MONTHS = [date(2027, month, 1).strftime("%B") for month in range(1, 13)]


def conference_file(tmp_path: Path, start: datetime, **changes: object) -> Path:
    data = read_conference_file(assets_dir() / "conference-sample.yaml")
    data["scheduled_start"] = start.strftime("%Y-%m-%dT%H:%M")
    data["strategy_discussion"] = (start.date() - timedelta(days=7)).isoformat()
    data.update(changes)
    path = tmp_path / "conference.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def conferences(db: Path) -> list[str]:
    return [c.id for c in EventStore(open_database(db)).conferences()]


def run(db: Path, now: datetime, *args: str) -> int:
    return main(["--db", str(db), *args], clock=FixedClock(now))


# ---- `conference new` -------------------------------------------------------------------
def test_a_conference_dated_yesterday_is_refused_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "f.sqlite3"
    yesterday = conference_file(tmp_path, datetime(2027, 3, 2, 10, 0))
    assert run(db, NOW, "conference", "new", str(yesterday)) == 2
    error = capsys.readouterr().err
    assert error == ("facilitator: error: scheduled_start is in the past (Tuesday 2 March 2027 "
                     "at 10:00; it is now Wednesday 3 March 2027 16:40): a conference is "
                     "created before it starts, so correct its date and time in the file\n")
    assert conferences(db) == []

    earlier_today = conference_file(tmp_path, datetime(2027, 3, 3, 9, 30))
    assert run(db, NOW, "conference", "new", str(earlier_today)) == 2
    assert "(today at 09:30; it is now" in capsys.readouterr().err
    assert conferences(db) == []

    later_today = conference_file(tmp_path, datetime(2027, 3, 3, 17, 0))
    assert run(db, NOW, "conference", "new", str(later_today)) == 0
    assert len(conferences(db)) == 1


# ---- the demo, run there and then -------------------------------------------------------
def dates_in(text: str) -> list[date]:
    """Every 'Wednesday 3 March 2027' in a letter."""
    return [date(int(year), MONTHS.index(month) + 1, int(day)) for day, month, year in
            re.findall(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day (\d{1,2}) (\w+) (\d{4})",
                       text)]


@pytest.mark.parametrize("who", ["Jade Thornbury", "Priya Okonedo", "Dr Anita Varga"])
def test_the_demo_invitation_promises_no_date_already_past(
        tmp_path: Path, who: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Made at 04:05 for 04:15 the same morning: the reports cannot reach anyone 2 working
    days before, nor the replies 3 days before; the letter asks for them as soon as can be."""
    db = tmp_path / "demo.sqlite3"
    early = datetime(2026, 12, 3, 4, 5, tzinfo=LOCAL_ZONE)
    assert run(db, early, "demo") == 0
    (conference,) = conferences(db)
    out = tmp_path / "letter.pdf"
    assert run(db, early + timedelta(minutes=1), "invitation", conference[:8], "--for", who,
               "--out", str(out), "--by", "secure-email", "--sent",
               "--join-address", "https://fernbridge.example/join") == 0
    text = flat(pdf_text(out.read_bytes()))
    today = early.date()
    assert dates_in(text) and all(day >= today for day in dates_in(text)), text
    assert "today (Thursday 3 December 2026), from 04:15" in text
    if who == "Jade Thornbury":
        assert "share their report with you as soon as possible, before the conference " \
               "starts" in text
        assert "as soon as you can whether you will attend" in text
        # she joins by phone (no data): she is not asked to test a camera
        assert "camera" not in text
        assert "we will ring you for a short test call on the telephone you will use" in text
    elif who == "Priya Okonedo":
        assert "Send a written report in the agreed format as soon as you can, before the " \
               "conference starts." in text
    else:
        assert "Please send your written report as soon as you can, before the conference " \
               "starts." in text


def test_a_week_ahead_the_invitation_keeps_its_dates(tmp_path: Path) -> None:
    db = tmp_path / "f.sqlite3"
    path = conference_file(tmp_path, datetime(2027, 3, 11, 10, 0))  # a Thursday
    assert run(db, NOW, "conference", "new", str(path)) == 0
    (conference,) = conferences(db)
    out = tmp_path / "jade.pdf"
    assert run(db, NOW, "invitation", conference[:8], "--for", "Liam Ashcombe", "--out",
               str(out), "--join-address", "https://fernbridge.example/join") == 0
    text = flat(pdf_text(out.read_bytes()))
    assert "on Thursday 11 March 2027, from 10:00" in text
    assert "share their report with you by Tuesday 9 March 2027, at least 2 working days" in text
    assert "by Monday 8 March 2027 whether you will attend" in text
    assert "Before the day, please try a test call" in text  # he joins by video
    assert "An independent Polish interpreter will be there." in text


# ---- circulation ------------------------------------------------------------------------
def test_a_conference_that_never_took_place_owes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.sqlite3"
    assert run(db, NOW, "demo") == 0
    (conference,) = conferences(db)
    capsys.readouterr()
    for day in ("2027-03-03", "2027-03-04", "2027-04-30"):
        assert run(db, NOW, "circulation", conference[:8], "--on", day) == 0
        out = capsys.readouterr().out
        assert "due today" not in out and "OVERDUE" not in out
        assert "decision letter due" not in out and not re.search(r"^\d{4}-", out, re.M)
        assert "The meeting has not started: nothing is due until the conference has been " \
               "held" in out
    assert "was to be held Wednesday 3 March 2027, 16:45 (England)" in out


# ---- Wales: the summary within 5 working days -------------------------------------------
def test_wales_circulates_a_summary_within_five_working_days(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Held on Christmas Eve 2026 in Wales: 5 working days skip Christmas Day, Boxing Day
    (Monday 28, substitute), the weekends and New Year's Day: 29, 30, 31 December, 4 and 5
    January."""
    conf, people = held_conference(nation="wales")
    deadlines = conf.details.deadlines()
    assert deadlines.summary_due == date(2027, 1, 5)
    assert held_conference()[0].details.deadlines().summary_due is None  # England: none

    from facilitator.record.circulation import Status, circulation, tracker_lines

    tracker = circulation(conf, date(2027, 1, 6))
    summaries = {i.recipient: i for i in tracker.items if i.what == "summary of the conference"}
    assert summaries["Jade Thornbury (parent)"].due == date(2027, 1, 5)
    assert summaries["Priya Okonedo (child's social worker)"].status is Status.OVERDUE
    text = "\n".join(tracker_lines(conf, tracker))
    assert "summary due 2027-01-05 (5 working days, Wales)" in text

    settings = load_settings()
    record = flat(pdf_text(export(conf, Kind.FULL, Format.PDF, None, settings,
                                  date(2026, 12, 29)).data))
    assert "summary of the conference to everyone by 5 January 2027 (5 working days, " \
           "Wales); this record by" in record
    letter = flat(pdf_text(export(conf, Kind.DECISION_LETTER, Format.PDF, people["jade"],
                                  settings, date(2026, 12, 29)).data))
    assert "You will receive a summary of the conference by Tuesday 5 January 2027, and your " \
           "copy of the record of the conference by" in letter

    db = tmp_path / "wales.sqlite3"
    path = conference_file(tmp_path, datetime(2027, 3, 11, 10, 0), nation="wales")
    assert run(db, NOW, "conference", "new", str(path)) == 0
    (conference,) = conferences(db)
    capsys.readouterr()
    assert run(db, NOW, "conference", "show", conference[:8]) == 0
    assert "    summary (Wales)            2027-03-18" in capsys.readouterr().out
    assert run(db, NOW + timedelta(days=9), "sent", conference[:8], "summary",
               "--to", "Jade Thornbury") == 2  # not held yet: nothing can be sent
    assert "the meeting has not started" in capsys.readouterr().err
