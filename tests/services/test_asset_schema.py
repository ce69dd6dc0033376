"""Every file a council may edit in assets/ fits its schema, and a slip is refused at load with
one line naming the file and the field (issue #16: a raw Python dictionary among the first
stage's prompts)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from facilitator.domain.errors import DomainError
from facilitator.services.asset_schema import SCHEMAS, check, schema_for
from facilitator.services.conference_file import LOCAL_ZONE, build_conference
from facilitator.services.export import load_settings
from facilitator.services.export.letters import letter_environment, render_template
from facilitator.services.preparation_settings import load_preparation
from facilitator.services.sip.prompts import PromptError, load_texts
from facilitator.services.templates import ASSETS_ENV, agenda_names, assets_dir, load_agenda

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=LOCAL_ZONE)
NOT_YAML = {  # assets read by something other than a YAML loader, and by what
    "templates/README.md": "the council's documentation",
    "web/join.html": "the join page (tests/rtc/test_browser.py)",
    "web/join.js": "the join page",
    "web/join.css": "the join page",
    "web/phone.html": "the phone page",
    "web/i18n.js": "the pages' words in the reader's language (tests/rtc/test_welsh_join_page.py)",
}
NOT_YAML_SUFFIXES = {  # whole kinds of file read by their own loaders
    ".j2": "letter templates (services/export/letters.py)",
    ".po": "message catalogues (services/po_files.py, tests/services/test_messages.py)",
    ".pot": "the catalogue template (scripts/messages.py)",
    ".mo": "compiled catalogues (services/messages.py)",
    ".json": "the pages' words per language (tests/rtc/test_welsh_join_page.py)",
}


def every_asset() -> list[str]:
    root = assets_dir()
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_every_yaml_asset_has_a_schema_and_fits_it() -> None:
    checked = []
    for relative in every_asset():
        if relative.endswith(tuple(NOT_YAML_SUFFIXES)) or relative in NOT_YAML:
            continue
        spec = schema_for(relative)
        assert spec is not None, f"assets/{relative} has no schema in asset_schema.SCHEMAS"
        data = yaml.safe_load((assets_dir() / relative).read_text(encoding="utf-8"))
        check(data, spec, relative)
        checked.append(relative)
    assert {"agenda/initial.yaml", "agenda/review.yaml", "agenda/signs_of_safety.yaml",
            "conference-sample.yaml", "templates/settings.yaml", "templates/record.yaml",
            "templates/preparation.yaml", "prompts/en.yaml", "prompts/cy.yaml"} <= set(checked)
    assert all(any(schema_for(c) is SCHEMAS[p] for c in checked) for p in SCHEMAS)


def test_every_asset_loads_through_its_own_loader() -> None:
    """What the app does with each file at load: agendas, settings and wording, preparation,
    the phone line's words, the sample conference, and every letter template."""
    for name in agenda_names():
        for stage in load_agenda(name):
            for prompt in stage.prompts:
                assert "{" not in prompt and "'" not in prompt[:1], (name, prompt)
    load_settings()
    load_preparation()
    for language in ("en", "cy"):
        assert load_texts(language)["welcome"].text
    data = yaml.safe_load((assets_dir() / "conference-sample.yaml").read_text(encoding="utf-8"))
    data["scheduled_start"] = "2026-12-03T10:00"
    assert build_conference(data, NOW, "conference-sample.yaml")
    environment = letter_environment(assets_dir() / "templates" / "letters")
    for template in sorted((assets_dir() / "templates" / "letters").glob("*.j2")):
        environment.parse(template.read_text(encoding="utf-8"))  # a broken one raises
    assert callable(render_template)


def test_the_welcome_prompts_are_plain_sentences() -> None:
    for name in ("initial", "review"):
        welcome = load_agenda(name)[0]
        assert "Remote participants: check you can speak privately where you are." in (
            welcome.prompts), name


@pytest.fixture
def council_assets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "assets"
    shutil.copytree(assets_dir(), copy)
    monkeypatch.setenv(ASSETS_ENV, str(copy))
    return copy


def test_an_unquoted_colon_in_an_agenda_names_the_file_and_the_field(
        council_assets: Path) -> None:
    path = council_assets / "agenda" / "initial.yaml"
    text = path.read_text(encoding="utf-8").replace(
        '"Confidentiality: what is said', "Confidentiality: what is said").replace(
        'only to protect the child."', "only to protect the child.")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DomainError) as refused:
        load_agenda("initial")
    message = str(refused.value)
    assert message.startswith("agenda template agenda/initial.yaml: stages[1].prompts[2]: "
                              "must be text, not a mapping"), message
    assert "put the whole text in quotes" in message
    assert "\n" not in message


@pytest.mark.parametrize(("file", "change", "expected"), [
    ("templates/settings.yaml", ("include_names: false", "include_names: perhaps"),
     "settings.yaml: calendar.include_names: must be true or false, not 'perhaps'"),
    ("templates/settings.yaml", ("core_group_minutes: 60", "core_group_minutes: an hour"),
     "settings.yaml: calendar.core_group_minutes: must be a whole number from 5 to 600"),
    ("templates/settings.yaml", ("    - Riverside House", "    - Riverside: House"),
     "settings.yaml: council.address[1]: must be text, not a mapping"),
    ("templates/record.yaml", ("  details: Conference details",
                               "  details:\n    - Conference details"),
     "record.yaml: headings.details: must be text, not a list"),
    ("templates/preparation.yaml", ("max_megabytes: 200", "max_megabytes: [200]"),
     "preparation.yaml: attachments.max_megabytes: must be a whole number from 1 to 4096"),
])
def test_a_slip_in_a_council_file_names_the_file_and_the_field(
        council_assets: Path, file: str, change: tuple[str, str], expected: str) -> None:
    path = council_assets / file
    text = path.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(DomainError) as refused:
        if file.endswith("preparation.yaml"):
            load_preparation()
        else:
            load_settings()
    assert str(refused.value).startswith(expected), str(refused.value)


def test_a_slip_in_the_phone_words_names_the_file_and_the_field(council_assets: Path) -> None:
    path = council_assets / "prompts" / "en.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  admitted: You are now in the conference.",
                                 "  admitted:\n    - You are now in the conference."))
    with pytest.raises(PromptError, match=r"en\.yaml: prompts\.admitted: must be text, "
                                          "not a list"):
        load_texts("en")


def test_a_slip_in_a_conference_file_names_the_file_and_the_field() -> None:
    data = yaml.safe_load((assets_dir() / "conference-sample.yaml").read_text(encoding="utf-8"))
    data["scheduled_start"] = "2026-12-03T10:00"
    data["venue"] = {"Meeting Room 2": "Riverside House"}
    with pytest.raises(DomainError, match=r"^my-conference\.yaml: venue: must be text, not a "
                                          "mapping"):
        build_conference(data, NOW, "my-conference.yaml")
    data["venue"] = "Meeting Room 2"
    data["attendees"][2]["needs"]["childcare"] = "yes please"
    with pytest.raises(DomainError, match=r"attendees\[3\]\.needs\.childcare: must be true or "
                                          "false"):
        build_conference(data, NOW, "my-conference.yaml")
