"""Fixtures for the record's tests: the Christmas Eve conference, the council's settings, and
readers for what was exported (python-docx for DOCX, pypdf for PDF)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import docx
import pypdf
import pytest
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from facilitator.domain.conference import Conference
from facilitator.services.export import ExportSettings, Format, Kind, export, load_settings

from .scenario import held_conference

LETTER_DATE = date(2026, 12, 29)


@dataclass(frozen=True)
class Held:
    conf: Conference
    who: dict[str, str]


@pytest.fixture(scope="session")
def held() -> Held:
    """The Christmas Eve conference, held to the end (shared: tests must not change it)."""
    conf, who = held_conference()
    return Held(conf, who)


@pytest.fixture(scope="session")
def settings() -> ExportSettings:
    return load_settings()


def exported(conf: Conference, kind: Kind, fmt: Format, for_id: str | None = None,
             settings: ExportSettings | None = None) -> bytes:
    return export(conf, kind, fmt, for_id, settings, LETTER_DATE).data


@dataclass(frozen=True)
class DocxItem:
    kind: str  # "p" or "table"
    style: str
    text: str


def docx_items(data: bytes) -> list[DocxItem]:
    """Every paragraph and table of the body, in order; a table as one item, cells by ' | '."""
    document = docx.Document(io.BytesIO(data))
    items = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = DocxParagraph(child, document)
            items.append(DocxItem("p", paragraph.style.name if paragraph.style else "",
                                  paragraph.text))
        elif tag == "tbl":
            table = DocxTable(child, document)
            rows = [" | ".join(cell.text for cell in row.cells) for row in table.rows]
            items.append(DocxItem("table", "", "\n".join(rows)))
    return items


def docx_text(data: bytes) -> str:
    """All the text of a DOCX: body paragraphs, every table cell, headers, footers, properties."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    props = document.core_properties
    parts.extend([props.title or "", props.subject or "", props.comments or ""])
    return "\n".join(parts)


def docx_sections(data: bytes) -> dict[str, str]:
    """Text under each top-level heading (Heading 1), by heading."""
    sections: dict[str, str] = {}
    current = ""
    for item in docx_items(data):
        if item.style == "Heading 1":
            current = item.text
            sections[current] = ""
        elif current:
            sections[current] += item.text + "\n"
    return sections


def pdf_text(data: bytes) -> str:
    """The PDF's text with whitespace made single spaces (lines may wrap anywhere)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def flat(text: str) -> str:
    return " ".join(text.split())
