"""Where the messages of the documents come from, for the catalogue template (.pot): the
Python code's `t("...")` and `N_("...")`, the letter templates' {% trans %} blocks, the record's
wording (defaults and record.yaml), the council's words in settings.yaml, the roles, and the
words of the domain that letters print as they are (exclusion grounds, categories, modes).

A test compares this with the Welsh catalogue: any message without a Welsh translation fails it
(tests/services/test_messages.py), so nothing new goes out half in English."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from ..domain.attendees import AttendanceMode
from ..domain.decisions import Category
from ..domain.languages import NAMES
from ..domain.minutes import ViewsChannel
from ..domain.roles import ROLES, Discipline
from ..domain.segments import ExclusionGround
from .export.letters import letter_environment
from .export.settings import load_settings
from .templates import agenda_names, load_agenda

PACKAGE = Path(__file__).resolve().parents[1]


def python_messages(root: Path = PACKAGE) -> Iterator[tuple[str, str]]:
    """(message, 'file:line') for every t("...") / N_("...") with a literal first argument."""
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else (
                func.id if isinstance(func, ast.Name) else "")
            first = node.args[0]
            if name in ("t", "N_") and isinstance(first, ast.Constant) \
                    and isinstance(first.value, str):
                yield first.value, f"{path.relative_to(root.parent)}:{node.lineno}"


def template_messages(templates: Path) -> Iterator[tuple[str, str]]:
    """Every {% trans %} block of the letter templates (whitespace trimmed, as rendered)."""
    environment = letter_environment(templates / "letters")
    for path in sorted((templates / "letters").glob("*.j2")):
        source = path.read_text(encoding="utf-8")
        found = environment.extract_translations(source)  # type: ignore[attr-defined]
        for line, _, message in found:
            # a block with values comes as (message, None): the values are keywords
            text = message[0] if isinstance(message, tuple) else message
            if isinstance(text, str):
                yield text, f"letters/{path.name}:{line}"


def settings_messages(templates: Path) -> Iterator[tuple[str, str]]:
    """The record's wording in use and the council's name, unit and complaints text."""
    settings = load_settings(templates)
    for message in settings.wording.messages():
        yield message, "record.yaml"
    council = settings.council
    for message in (council.name, council.unit, council.complaints):
        if message:
            yield message, "settings.yaml"
    for role in ROLES.values():
        yield role.label, "domain/roles.py"
    for title in stage_titles():
        yield title, "agenda/*.yaml"
    for enumeration, where in ((ExclusionGround, "domain/segments.py"),
                               (Category, "domain/decisions.py"),
                               (AttendanceMode, "domain/attendees.py"),
                               (ViewsChannel, "domain/minutes.py"),
                               (Discipline, "domain/roles.py")):
        for member in enumeration:
            yield str(member.value), where
    for name in NAMES.values():  # the languages people speak, as the chair's window names them
        yield name, "domain/languages.py"


def all_messages(templates: Path) -> dict[str, list[str]]:
    """Each message with where it is used, in the order first met."""
    found: dict[str, list[str]] = {}
    for source in (python_messages(), template_messages(templates),
                   settings_messages(templates)):
        for message, where in source:
            if message:
                found.setdefault(message, []).append(where)
    return found


def stage_titles() -> list[str]:
    """The agendas' stage titles (assets/agenda/*.yaml): the join page shows the current one."""
    return list(dict.fromkeys(stage.title for name in agenda_names()
                              for stage in load_agenda(name)))


def web_terms() -> list[str]:
    """What the hub sends the join page in English and the page shows in the reader's
    language: roles, where people are (views.present_for_display), the stage's title."""
    return [*(role.label for role in ROLES.values()), "in the room",
            *(str(mode.value) for mode in AttendanceMode), *stage_titles()]
