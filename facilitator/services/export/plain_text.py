"""A document as plain text, for the body of an email: headings underlined, bullets, paragraphs
wrapped at 72 characters (never inside a link)."""

from __future__ import annotations

import textwrap

from ...record.document import (
    Block,
    Bullets,
    Document,
    Fields,
    Heading,
    Letterhead,
    Lines,
    Para,
    Table,
)

WIDTH = 72


def _wrap(text: str, indent: str = "", first: str = "") -> list[str]:
    lines: list[str] = []
    for number, part in enumerate(text.split("\n")):
        lines.extend(textwrap.wrap(
            part, WIDTH, initial_indent=first if number == 0 else indent,
            subsequent_indent=indent, break_long_words=False, break_on_hyphens=False,
        ) or [""])
    return lines


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        rule = "=" if block.level == 1 else "-"
        return [block.text, rule * len(block.text)]
    if isinstance(block, Para):
        return _wrap(block.text)
    if isinstance(block, Bullets):
        return [line for item in block.items for line in _wrap(item, "  ", "- ")]
    if isinstance(block, Table):
        rows = [block.header, *block.rows] if block.header else list(block.rows)
        return [" | ".join(row) for row in rows]
    if isinstance(block, Fields):
        return [f"{label}: {value}" for label, value in block.rows]
    if isinstance(block, Lines):
        return [f"{line.time} {line.speaker}: {line.text}" for line in block.lines]
    return [block.date_text, *([block.reference] if block.reference else [])]


def render_text(document: Document) -> str:
    """'Subject: ...', then the letter (the sender's address is the email's own)."""
    parts = [f"Subject: {document.title}", ""]
    if document.marking:
        parts += [document.marking, ""]
    for block in document.blocks:
        parts += [*_block(block), ""]
        if isinstance(block, Letterhead):
            parts += [*_wrap(document.title), ""]
    parts.append(document.footer)
    return "\n".join(parts).rstrip() + "\n"
