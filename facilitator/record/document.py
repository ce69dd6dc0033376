"""A small, format-neutral document: what the record, letters and plan say, not how they look.

The builders in this package produce a `Document`; services/export renders it as DOCX or PDF.
Letters come from text templates in a light markup (see `parse_markup`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum


class Style(Enum):
    BODY = "body"
    NOTE = "note"  # smaller, for explanations of the record itself
    QUOTE = "quote"  # somebody's own words
    STRONG = "strong"
    CONFIDENTIAL = "confidential"  # full record only: not to be shared with the family


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    text: str
    style: Style = Style.BODY


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths; equal when empty


@dataclass(frozen=True)
class Fields:
    """Label and value pairs, shown as a two-column table without a header."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Line:
    """One line of the transcript annex."""

    time: str
    speaker: str
    text: str
    flags: str = ""


@dataclass(frozen=True)
class Lines:
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Letterhead:
    sender: tuple[str, ...]
    recipient: tuple[str, ...]
    date_text: str
    reference: str = ""


Block = Heading | Para | Bullets | Table | Fields | Lines | Letterhead


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[Block, ...]
    subtitle: str = ""
    marking: str = ""  # protective marking, on every page
    audience: str = ""  # whose copy this is, on every page
    footer: str = ""  # council and unit, on every page
    draft: bool = False
    meta: dict[str, str] = field(default_factory=dict, compare=False)

    def strings(self) -> Iterator[str]:
        """Every piece of text the document shows (for checks and search)."""
        yield from (self.title, self.subtitle, self.marking, self.audience, self.footer)
        for block in self.blocks:
            yield from block_strings(block)

    def text(self) -> str:
        return "\n".join(s for s in self.strings() if s)


def block_strings(block: Block) -> Iterator[str]:
    if isinstance(block, Heading | Para):
        yield block.text
    elif isinstance(block, Bullets):
        yield from block.items
    elif isinstance(block, Table):
        yield from block.header
        for row in block.rows:
            yield from row
    elif isinstance(block, Fields):
        for label, value in block.rows:
            yield label
            yield value
    elif isinstance(block, Lines):
        for line in block.lines:
            yield from (line.time, line.speaker, line.text, line.flags)
    else:
        yield from block.sender
        yield from block.recipient
        yield from (block.date_text, block.reference)


_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_BULLET = re.compile(r"^[-*]\s+(.*)$")


def parse_markup(text: str) -> tuple[Block, ...]:
    """Blocks from the letters' light markup.

    `# Heading` (or `##`, `###`); `- item` for a bullet; `> words` for a quotation; a blank
    line ends a paragraph and lines of one paragraph are joined with spaces; `!! text` is a
    paragraph in bold; `| text` keeps its own line (addresses, signatures). Nothing else is
    special, so a council can edit the wording freely.
    """
    blocks: list[Block] = []
    paragraph: list[str] = []
    style = Style.BODY
    bullets: list[str] = []

    def flush() -> None:
        nonlocal style
        if paragraph:
            text = " ".join(paragraph).replace(" \n", "\n").lstrip("\n")
            blocks.append(Para(text, style))
            paragraph.clear()
        if bullets:
            blocks.append(Bullets(tuple(bullets)))
            bullets.clear()
        style = Style.BODY

    for raw in text.splitlines():
        line = raw.strip()
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        if not line:
            flush()
        elif heading:
            flush()
            blocks.append(Heading(heading.group(2).strip(), len(heading.group(1))))
        elif bullet:
            if paragraph:
                flush()
            bullets.append(bullet.group(1).strip())
        elif bullets and raw[:1].isspace():
            bullets[-1] += " " + line  # a bullet continued on an indented line
        else:
            if bullets:
                flush()
            if not paragraph and line.startswith(">"):
                style, line = Style.QUOTE, line[1:].strip()
            elif not paragraph and line.startswith("!!"):
                style, line = Style.STRONG, line[2:].strip()
            if line.startswith("|"):
                line = "\n" + line[1:].strip()
            paragraph.append(line)
    flush()
    return tuple(blocks)
