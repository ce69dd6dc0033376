"""gettext .po files read and written, and compiled to .mo, in plain Python (no msgfmt needed:
the chair's app installs on Windows too).

Enough of the format for the catalogues here: comments, msgid, msgstr, multi-line strings,
the "fuzzy" flag (a fuzzy entry counts as untranslated). No contexts or plurals."""

from __future__ import annotations

import ast
import struct
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str
    msgstr: str = ""
    comments: list[str] = field(default_factory=list)  # '#' lines, kept as they are
    fuzzy: bool = False

    @property
    def translated(self) -> bool:
        return bool(self.msgstr.strip()) and not self.fuzzy


def _unquote(text: str) -> str:
    value = ast.literal_eval(text)
    if not isinstance(value, str):
        raise ValueError(f"not a string: {text}")
    return value


def read_po(path: Path) -> dict[str, Entry]:
    """The entries by msgid (the header, msgid "", included)."""
    entries: dict[str, Entry] = {}
    current: Entry | None = None
    comments: list[str] = []
    target = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        try:
            if not line:
                if current is not None:
                    entries[current.msgid] = current
                current, target = None, ""
            elif line.startswith("#"):
                comments.append(raw)
            elif line.startswith("msgid "):
                if current is not None:
                    entries[current.msgid] = current
                current = Entry(_unquote(line[6:]), comments=comments,
                                fuzzy=any(c.startswith("#,") and "fuzzy" in c for c in comments))
                comments, target = [], "msgid"
            elif line.startswith("msgstr ") and current is not None:
                current.msgstr, target = _unquote(line[7:]), "msgstr"
            elif line.startswith('"') and current is not None:
                if target == "msgid":
                    current.msgid += _unquote(line)
                else:
                    current.msgstr += _unquote(line)
            else:
                raise ValueError("unexpected line")
        except (ValueError, SyntaxError) as bad:
            raise ValueError(f"{path}, line {number}: {bad}: {raw!r}") from None
    if current is not None:
        entries[current.msgid] = current
    return entries


def _quote(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\t", "\\t"))
    return f'"{escaped}"'


def _field(name: str, text: str) -> list[str]:
    if len(text) < 70 and "\n" not in text:
        return [f"{name} {_quote(text)}"]
    lines = [f'{name} ""']
    for part in text.splitlines(keepends=True):
        lines.append(_quote(part))
    return lines


def write_po(path: Path, entries: list[Entry]) -> None:
    out: list[str] = []
    for entry in entries:
        out.extend(entry.comments)
        if entry.fuzzy and not any("fuzzy" in c for c in entry.comments):
            out.append("#, fuzzy")
        out.extend(_field("msgid", entry.msgid))
        out.extend(_field("msgstr", entry.msgstr))
        out.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out), encoding="utf-8")


def compile_mo(entries: dict[str, Entry], target: Path) -> int:
    """Writes the .mo (the header and every translated entry); returns how many messages."""
    table = {msgid: e.msgstr for msgid, e in entries.items() if msgid == "" or e.translated}
    keys = sorted(table)
    ids = b""
    strs = b""
    offsets = []
    for key in keys:
        encoded_id, encoded_str = key.encode(), table[key].encode()
        offsets.append((len(ids), len(encoded_id), len(strs), len(encoded_str)))
        ids += encoded_id + b"\0"
        strs += encoded_str + b"\0"
    count = len(keys)
    key_start = 7 * 4 + 16 * count
    value_start = key_start + len(ids)
    key_table: list[int] = []
    value_table: list[int] = []
    for id_offset, id_length, str_offset, str_length in offsets:
        key_table += [id_length, id_offset + key_start]
        value_table += [str_length, str_offset + value_start]
    data = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    data += struct.pack(f"{len(key_table)}i", *key_table)
    data += struct.pack(f"{len(value_table)}i", *value_table)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data + ids + strs)
    return count - (1 if "" in table else 0)
