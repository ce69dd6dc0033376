"""Render a record document as DOCX with python-docx: A4, headings, tables, page numbers."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from ...record.document import (
    Block,
    Bullets,
    Document,
    Fields,
    Heading,
    Letterhead,
    Lines,
    Para,
    Style,
    Table,
)
from ..messages import language

GREY = RGBColor(0x55, 0x5B, 0x66)
RED = RGBColor(0x9B, 0x1C, 0x1C)
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
SHADE = "E8EDF3"
FONT = "Arial"
USABLE_WIDTH_MM = 170.0
TOP_MARGIN_MM = 22.0
# Where a UK window envelope shows the address (services/export/pdf_writer.py says why).
WINDOW_LEFT_MM, WINDOW_TOP_MM, WINDOW_WIDTH_MM = 25.0, 50.0, 85.0


def _shade(cell: Any, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _field(paragraph: Any, code: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = code
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


class DocxWriter:
    def __init__(self, document: Document) -> None:
        self.source = document
        self.doc = docx.Document()
        self.large = document.meta.get("large_print") == "yes"
        self._setup()

    def _setup(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Mm(20))
        section.top_margin, section.bottom_margin = Mm(TOP_MARGIN_MM), Mm(20)
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(14 if self.large else 10.5)
        normal.paragraph_format.space_after = Pt(5)
        for name, size in (("Title", 20), ("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11)):
            style = styles[name]
            style.font.name = FONT
            style.font.size = Pt(size + (4 if self.large else 0))
            style.font.color.rgb = ACCENT
        styles["Heading 1"].paragraph_format.space_before = Pt(14)
        props = self.doc.core_properties
        props.title = self.source.title
        props.subject = self.source.subtitle
        props.author = self.source.footer
        props.comments = self.source.audience
        props.keywords = self.source.marking
        self._header_footer(section)

    def _header_footer(self, section: Any) -> None:
        source = self.source
        words = language(source.meta.get("language"))
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        marking = " | ".join(p for p in (
            source.marking, words.t("DRAFT") if source.draft else "", source.audience) if p)
        run = header.add_run(marking)
        run.bold = True
        run.font.size = Pt(8.5)
        run.font.color.rgb = RED if source.marking else GREY
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # "Page {page} of {total}" with Word's own page fields in the places of the values
        before, _, rest = words.t("Page {page} of {total}", page="\0", total="\1").partition(
            "\0")
        middle, _, after = rest.partition("\1")
        small = footer.add_run(f"{source.footer}    {before}")
        small.font.size = Pt(8)
        _field(footer, "PAGE")
        footer.add_run(middle).font.size = Pt(8)
        _field(footer, "NUMPAGES")
        if after:
            footer.add_run(after).font.size = Pt(8)

    def render(self) -> bytes:
        if not any(isinstance(b, Letterhead) for b in self.source.blocks):
            self.doc.add_paragraph(self.source.title, style="Title")
            if self.source.subtitle:
                sub = self.doc.add_paragraph()
                sub_run = sub.add_run(self.source.subtitle)
                sub_run.font.size = Pt(12)
                sub_run.font.color.rgb = GREY
        for block in self.source.blocks:
            self._block(block)
            if isinstance(block, Letterhead):
                title = self.doc.add_paragraph()
                title.add_run(self.source.title).bold = True
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def _block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.doc.add_heading(block.text, level=min(block.level, 3))
        elif isinstance(block, Para):
            self._para(block)
        elif isinstance(block, Bullets):
            for item in block.items:
                self.doc.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            self._table(block.header, block.rows, block.widths)
        elif isinstance(block, Fields):
            self._fields(block)
        elif isinstance(block, Lines):
            self._lines(block)
        else:
            self._letterhead(block)

    def _para(self, block: Para) -> None:
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(block.text)
        if block.style is Style.NOTE:
            run.italic = True
            run.font.size = Pt(12 if self.large else 9)
            run.font.color.rgb = GREY
        elif block.style is Style.QUOTE:
            paragraph.paragraph_format.left_indent = Mm(8)
            run.italic = True
        elif block.style is Style.STRONG:
            run.bold = True
        elif block.style is Style.CONFIDENTIAL:
            run.font.color.rgb = RED

    def _table(self, header: Sequence[str], rows: Sequence[Sequence[str]],
               widths: Sequence[float], shade_first_column: bool = False) -> None:
        columns = len(header) if header else len(rows[0])
        table = self.doc.add_table(rows=len(rows) + (1 if header else 0), cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        relative = list(widths) if len(widths) == columns else [1.0] * columns
        total = sum(relative)
        column_widths = [Mm(USABLE_WIDTH_MM * w / total) for w in relative]
        all_rows = list(table.rows)
        if header:
            _repeat_header(all_rows[0])
            for cell, text in zip(all_rows[0].cells, header, strict=True):
                cell.text = ""
                run = cell.paragraphs[0].add_run(text)
                run.bold = True
                _shade(cell, SHADE)
            all_rows = all_rows[1:]
        for row, values in zip(all_rows, rows, strict=True):
            for index, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
                cell.width = column_widths[index]
                if shade_first_column and index == 0:
                    cell.paragraphs[0].add_run(text).bold = True
                    _shade(cell, SHADE)
                else:
                    cell.text = text
        self.doc.add_paragraph()

    def _fields(self, block: Fields) -> None:
        self._table((), block.rows, (1, 3), shade_first_column=True)

    def _lines(self, block: Lines) -> None:
        """The transcript: thousands of lines, so built as XML in one parse (python-docx's
        run-by-run API takes seconds for a three-hour meeting)."""
        grey, red = str(GREY), str(RED)
        parts = []
        for line in block.lines:
            flags = ""
            if line.flags:
                colour = red if "confidential" in line.flags else grey
                flags = (f'<w:r><w:rPr><w:i/><w:color w:val="{colour}"/></w:rPr>'
                         f'<w:t xml:space="preserve">  [{escape(line.flags)}]</w:t></w:r>')
            parts.append(
                '<w:p><w:pPr><w:spacing w:after="40"/><w:ind w:left="794" w:hanging="794"/>'
                f'</w:pPr><w:r><w:rPr><w:color w:val="{grey}"/></w:rPr>'
                f"<w:t>{escape(line.time)}</w:t></w:r><w:r><w:tab/></w:r>"
                f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{escape(line.speaker)}: '
                f'</w:t></w:r><w:r><w:t xml:space="preserve">{escape(line.text)}</w:t></w:r>'
                f"{flags}</w:p>"
            )
        holder = parse_xml(f"<w:body {nsdecls('w')}>{''.join(parts)}</w:body>")
        body = self.doc.element.body
        anchor = body.sectPr
        for paragraph in list(holder):
            if anchor is not None:
                anchor.addprevious(paragraph)
            else:
                body.append(paragraph)

    def _letterhead(self, block: Letterhead) -> None:
        """A table without borders: the recipient's name and address on the left, where a
        window envelope shows them (25 mm from the left edge, 50 mm from the top, as in the
        PDF); the sender, the date and the reference on the right."""
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        left, right = table.rows[0].cells
        widths = (Mm(WINDOW_LEFT_MM - 20 + WINDOW_WIDTH_MM),
                  Mm(USABLE_WIDTH_MM - (WINDOW_LEFT_MM - 20) - WINDOW_WIDTH_MM))
        for column, cell, width in zip(table.columns, (left, right), widths, strict=True):
            column.width = width  # the grid (LibreOffice) and the cell (Word) agree
            cell.width = width
        _cell_margins(left, left_mm=WINDOW_LEFT_MM - 20)
        _cell_margins(right, left_mm=0)
        above = left.paragraphs[0]  # an empty line as tall as the space above the window
        above.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        above.paragraph_format.line_spacing = Mm(WINDOW_TOP_MM - TOP_MARGIN_MM)
        above.paragraph_format.space_after = Pt(0)
        address = left.add_paragraph()
        address.paragraph_format.space_after = Pt(0)
        for index, line in enumerate(block.recipient):
            run = address.add_run(line)
            run.font.size = Pt(10)
            if index < len(block.recipient) - 1:
                run.add_break()
        sender = right.paragraphs[0]
        sender.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for index, line in enumerate(block.sender):
            run = sender.add_run(line)
            run.bold = index == 0
            run.font.size = Pt(9)
            if index < len(block.sender) - 1:
                run.add_break()
        dated = right.add_paragraph()
        dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        dated.paragraph_format.space_before = Pt(8)
        dated.add_run(block.date_text).font.size = Pt(9)
        if block.reference:
            dated.add_run().add_break()
            reference = dated.add_run(block.reference)
            reference.font.size = Pt(9)
            reference.font.color.rgb = GREY
        self.doc.add_paragraph()


def _cell_margins(cell: Any, left_mm: float) -> None:
    properties = cell._tc.get_or_add_tcPr()
    margins = OxmlElement("w:tcMar")
    for side, value in (("top", 0.0), ("left", left_mm), ("bottom", 0.0), ("right", 0.0)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(round(value * 1440 / 25.4)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    properties.append(margins)


def render_docx(document: Document) -> bytes:
    return DocxWriter(document).render()
