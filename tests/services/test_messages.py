"""The Welsh catalogue covers every message of the documents: a sentence added to a letter
template, a heading in record.yaml, or a t("...") in the code with no Welsh translation fails
here, so no Welsh letter goes out with an English sentence in it (issue #20)."""

from __future__ import annotations

import gettext
import re
import shutil
from pathlib import Path

from facilitator.services.message_sources import all_messages
from facilitator.services.messages import po_path
from facilitator.services.po_files import compile_mo, read_po
from facilitator.services.templates import assets_dir

TEMPLATES = assets_dir() / "templates"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z_]+\}|\$[a-z_]+")


def untranslated(templates: Path) -> list[str]:
    welsh = read_po(po_path("cy"))
    return [message for message in all_messages(templates)
            if message not in welsh or not welsh[message].translated]


def test_every_message_of_the_documents_has_a_welsh_translation() -> None:
    messages = all_messages(TEMPLATES)
    assert len(messages) > 250  # letters, invitations, record headings, roles, dates' words
    missing = untranslated(TEMPLATES)
    assert not missing, (
        f"{len(missing)} message(s) with no Welsh translation: add them to "
        f"{po_path('cy')} (scripts/messages.py update, then translate):\n"
        + "\n".join(repr(m) for m in missing))


def test_a_new_sentence_in_a_letter_without_welsh_fails_the_check(tmp_path: Path) -> None:
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    letter = copy / "letters" / "decision-letter.txt.j2"
    letter.write_text(letter.read_text(encoding="utf-8") + (
        "\n{% trans %}Please bring this letter with you.{% endtrans +%}\n"), encoding="utf-8")
    assert untranslated(copy) == ["Please bring this letter with you."]


def test_each_welsh_translation_keeps_the_values_of_its_message() -> None:
    wrong = []
    for message, entry in read_po(po_path("cy")).items():
        if message and sorted(set(PLACEHOLDER.findall(message))) != sorted(
                set(PLACEHOLDER.findall(entry.msgstr))):
            wrong.append((message, entry.msgstr))
    assert not wrong


def test_the_catalogue_compiles_and_reads_back(tmp_path: Path) -> None:
    entries = read_po(po_path("cy"))
    target = tmp_path / "facilitator.mo"
    count = compile_mo(entries, target)
    assert count == sum(1 for m, e in entries.items() if m and e.translated)
    with target.open("rb") as handle:
        welsh = gettext.GNUTranslations(handle)
    assert welsh.gettext("Dear %(name)s,") == "Annwyl %(name)s,"
    assert welsh.gettext("initial child protection conference") == (
        "cynhadledd amddiffyn plant gychwynnol")
    assert welsh.gettext("not a message") == "not a message"


def test_the_join_pages_roles_come_from_the_catalogue() -> None:
    """The roles and places the join page shows in Welsh are the catalogue's translations
    (scripts/messages.py update writes them), so the letters and the page say the same."""
    import json

    from facilitator.services.message_sources import web_terms

    page = json.loads((assets_dir() / "web" / "i18n" / "cy.json").read_text(encoding="utf-8"))
    welsh = read_po(po_path("cy"))
    assert page["terms"] == {term: welsh[term].msgstr for term in web_terms()}
    assert page["terms"]["Child's social worker"] == "Gweithiwr cymdeithasol y plentyn"
