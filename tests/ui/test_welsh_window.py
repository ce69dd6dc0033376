"""The chair's window in Welsh (Qt's QTranslator, from ui/translations/chair_cy.ts compiled
with pyside6-lrelease): every string the window marks for translation (self.tr) has Welsh,
found afresh by pyside6-lupdate from the sources, and a window opened with --language cy shows
it (issue #20). Which windows and panels are marked is listed in the README."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui.language import TRANSLATIONS, chosen_language, install_translator, remove_translator
from ui.meeting_client import MeetingClient

UI = Path(__file__).resolve().parents[2] / "ui"
TOOLS = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name) or str(TOOLS / name)
    return found


def messages(ts: Path) -> dict[str, str]:
    """source -> translation ("" when unfinished) of a .ts file."""
    found = {}
    for message in ET.parse(ts).iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        done = translation is not None and translation.get("type") not in (
            "unfinished", "vanished", "obsolete")
        found[source] = (translation.text or "") if done and translation is not None else ""
    return found


def test_every_marked_string_of_the_window_has_welsh(tmp_path: Path) -> None:
    """pyside6-lupdate reads the sources now: a new self.tr("...") without Welsh fails."""
    fresh = tmp_path / "chair_cy.ts"
    shutil.copy(TRANSLATIONS / "chair_cy.ts", fresh)
    sources = sorted(str(p) for p in UI.glob("*.py"))
    subprocess.run([tool("pyside6-lupdate"), *sources, "-ts", str(fresh), "-no-obsolete",
                    "-locations", "none"], check=True, capture_output=True, timeout=120)
    found = messages(fresh)
    assert len(found) > 25
    missing = [source for source, welsh in found.items() if not welsh.strip()]
    assert not missing, f"{len(missing)} string(s) of the window without Welsh in " \
        f"ui/translations/chair_cy.ts: {missing}"
    for source, welsh in found.items():
        assert sorted(re.findall(r"\{\w+\}", source)) == sorted(re.findall(r"\{\w+\}", welsh)), (
            source)


def test_the_language_is_english_unless_welsh_is_asked_for(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACILITATOR_LANGUAGE", raising=False)
    assert chosen_language() == "en" and chosen_language("cy") == "cy"
    assert chosen_language("fr") == "en"
    monkeypatch.setenv("FACILITATOR_LANGUAGE", "cy")
    assert chosen_language() == "cy"


@pytest.fixture
def welsh(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    """The Welsh translator for one test (compiled here from the .ts, as setup.sh does)."""
    compiled = TRANSLATIONS / "chair_cy.qm"
    if not compiled.exists():
        subprocess.run([tool("pyside6-lrelease"), str(TRANSLATIONS / "chair_cy.ts"), "-qm",
                        str(compiled)], check=True, capture_output=True, timeout=120)
    translator = install_translator(qapp, "cy")
    assert translator is not None
    yield
    remove_translator(qapp, translator)


def test_the_chairs_window_in_welsh(qtbot, welsh: None,  # type: ignore[no-untyped-def]
                                    meeting: MeetingClient) -> None:
    from ui.chair_window import ChairWindow

    window = ChairWindow(meeting)
    window.ticker.stop()
    qtbot.addWidget(window)
    window.show()
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs == ["Cyfarfod", "Penderfyniad a chynllun", "Cofnodion", "Camerâu",
                    "Cyn y cyfarfod"]
    assert window.windowTitle().startswith("Hwylusydd Cynadleddau – ")
    header = window.header
    assert header.room_mute.text() == "Tewi'r ystafell"
    assert header.exports.text() == "Cofnod a llythyrau…"
    assert header.title.text().startswith("Cynhadledd gychwynnol · ")
    assert header.title.text().endswith(" · Lloegr")
    assert header.times.text().startswith("Wedi'i threfnu ")
    people = window.people
    assert people.title() == "Pobl"
    assert people.admit_all_button.text() == "Derbyn pawb"
    assert people.exclude_button.toolTip() == "Eithrio'r bobl a ddewiswyd o'r rhan hon (Ctrl+E)"
    groups = [people.tree.topLevelItem(i).text(0)  # type: ignore[union-attr]
              for i in range(people.tree.topLevelItemCount())]
    assert any(g.startswith("Yn yr ystafell (") for g in groups), groups
    agenda = window.agenda
    assert agenda.title() == "Agenda"
    assert agenda.next_button.text() == "Cam nesaf ▶"
    assert agenda.end_button.text() == "Gorffen y cyfarfod"
    assert agenda.table.horizontalHeaderItem(1).text() == "Arfaethedig"  # type: ignore[union-attr]
    assert agenda.table.item(0, 3).text() in ("i ddod", "presennol")  # type: ignore[union-attr]
    child = window.decisions.widget(0)
    assert child.decision_button.text() == "Cofnodi'r penderfyniad"
    assert child.plan_required.itemText(0) == "Mae angen cynllun amddiffyn plant"
    assert child.decision_summary.text() == "Dim penderfyniad wedi'i gofnodi eto."
    assert child.plan_button.text() == "Cofnodi'r cynllun"
    assert window.transcript.title() == "Trawsgrifiad a chofnodion drafft"
    assert window.transcript.add_note.text() == "Ychwanegu nodyn"
    headings = window.transcript.model
    assert [headings.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "Amser", "Cam", "Rhan", "Siaradwr", "Testun", "Marciau"]
    assert people.interpreter_button.text() == "Yn cyfieithu i…"
    assert window.participation.title() == "Pwy sydd wedi siarad"
    assert window.minutes.save_button.text() == "Cadw'r adran"
    keep = os.environ.get("FACILITATOR_SCREENSHOTS")  # docs/screenshots, for the README
    if keep:
        window.resize(1400, 900)
        qtbot.wait(200)
        window.grab().save(str(Path(keep) / "welsh-chair-window.png"))
    preparation = window.preparation
    assert [preparation.sections.tabText(i) for i in range(preparation.sections.count())] == [
        "Gwahoddiadau", "Adroddiadau", "Y plentyn", "Anghenion", "Ceisiadau ac arsylwr",
        "Cyfeiriadau"]
    assert preparation.summary.text().endswith("i'w gwirio cyn dechrau.") or (
        preparation.summary.text() == "Yn barod: does dim ar goll.")
    window.close()

    from ui.export_dialog import RecordExportDialog

    dialog = RecordExportDialog(meeting, folder=Path("/nonexistent"))
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Cofnod a llythyrau"
    assert dialog.export_button.text() == "Allforio"
    assert dialog.intro.text().startswith("Cynhadledd gychwynnol ar ")
    dialog.close()
