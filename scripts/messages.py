#!/usr/bin/env python3
"""The message catalogues of the documents (gettext) and of the join pages (JSON).

    .venv/bin/python scripts/messages.py update    make assets/locale/facilitator.pot from the
                                                   sources and merge it into each .po (new
                                                   messages empty, gone ones dropped); the
                                                   join page's "terms" (roles, places) in
                                                   assets/web/i18n/<tag>.json from the .po
    .venv/bin/python scripts/messages.py compile   each assets/locale/*/LC_MESSAGES/*.po to .mo
                                                   (run by scripts/setup.sh; .mo not committed)
    .venv/bin/python scripts/messages.py missing   the messages a catalogue does not translate
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import json  # noqa: E402

from facilitator.services.message_sources import all_messages, web_terms  # noqa: E402
from facilitator.services.messages import DOMAIN, locale_dir  # noqa: E402
from facilitator.services.po_files import Entry, compile_mo, read_po, write_po  # noqa: E402
from facilitator.services.templates import assets_dir  # noqa: E402

HEADER = ("Project-Id-Version: conference-facilitator\n"
          "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
          "Content-Transfer-Encoding: 8bit\n")


def catalogues() -> list[Path]:
    return sorted(locale_dir().glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def update() -> None:
    found = all_messages(assets_dir() / "templates")
    template = [Entry("", HEADER)] + [
        Entry(message, comments=[f"#: {' '.join(sorted(set(where))[:4])}"])
        for message, where in found.items()]
    write_po(locale_dir() / f"{DOMAIN}.pot", template)
    for path in catalogues():
        old = read_po(path)
        tag = path.parent.parent.name
        merged = [Entry("", old[""].msgstr if "" in old else HEADER + f"Language: {tag}\n")]
        for entry in template[1:]:
            kept = old.get(entry.msgid)
            notes = [c for c in kept.comments if not c.startswith("#:")] if kept else []
            merged.append(Entry(entry.msgid, kept.msgstr if kept else "",
                                [*notes, *entry.comments], kept.fuzzy if kept else False))
        write_po(path, merged)
        missing = sum(1 for e in merged[1:] if not e.translated)
        print(f"{path.relative_to(ROOT)}: {len(merged) - 1} messages, {missing} untranslated")
        web = assets_dir() / "web" / "i18n" / f"{tag}.json"
        if web.exists():  # the join page's roles and places, from this catalogue
            page = json.loads(web.read_text(encoding="utf-8"))
            page["terms"] = {term: e.msgstr for term in web_terms()
                             if (e := old.get(term)) is not None and e.translated}
            web.write_text(json.dumps(page, ensure_ascii=False, indent=1) + "\n",
                           encoding="utf-8")


def compile_all() -> None:
    for path in catalogues():
        count = compile_mo(read_po(path), path.with_suffix(".mo"))
        print(f"{path.with_suffix('.mo').relative_to(ROOT)}: {count} messages")


def missing() -> int:
    found = all_messages(assets_dir() / "templates")
    gaps = 0
    for path in catalogues():
        entries = read_po(path)
        for message in found:
            entry = entries.get(message)
            if entry is None or not entry.translated:
                gaps += 1
                print(f"{path.parent.parent.name}: {message!r}")
    return gaps


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "missing":
        sys.exit(1 if missing() else 0)
    else:
        print(__doc__)
        sys.exit(2)
