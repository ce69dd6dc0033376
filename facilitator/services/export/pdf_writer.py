"""Render a record document as PDF with ReportLab: A4, embedded DejaVu Sans, page x of y."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepInFrame,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle as RLTableStyle

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
from .pdf_lines import Run, TranscriptLine
from .settings import ExportError

ACCENT = colors.HexColor("#1F3A5F")
GREY = colors.HexColor("#555B66")
RED = colors.HexColor("#9B1C1C")
SHADE = colors.HexColor("#E8EDF3")
RULE = colors.HexColor("#B8C2CE")
MARGIN = 20 * mm
TOP, BOTTOM = 24 * mm, 20 * mm
WIDTH = A4[0] - 2 * MARGIN
# Where a UK window envelope shows the address: A4 folded in three into a DL envelope (window
# 90 x 35 mm, 20 mm from its left edge and 15 mm from its bottom), or in half into C5. The
# recipient's name and address sit 25 mm from the page's left edge and 50 mm from its top,
# within 85 x 32 mm (7 lines), whichever way the letter settles in the envelope.
WINDOW_LEFT, WINDOW_TOP = 25 * mm, 50 * mm
WINDOW_WIDTH, WINDOW_HEIGHT = 85 * mm, 32 * mm
FACES = {"": "DejaVuSans.ttf", "-Bold": "DejaVuSans-Bold.ttf",
         "-Oblique": "DejaVuSans-Oblique.ttf", "-BoldOblique": "DejaVuSans-BoldOblique.ttf"}
VERA = {"": "Vera.ttf", "-Bold": "VeraBd.ttf", "-Oblique": "VeraIt.ttf",
        "-BoldOblique": "VeraBI.ttf"}


@cache
def register_fonts(font_dir: Path | None) -> str:
    """Register the body font family (DejaVu Sans, else ReportLab's own Vera); its name."""
    bundled = Path(reportlab.__file__).parent / "fonts"
    choices = [(font_dir, FACES, "Body")] if font_dir else []
    choices.append((bundled, VERA, "BodyVera"))
    for folder, faces, family in choices:
        assert folder is not None
        if all((folder / f).is_file() for f in faces.values()):
            for suffix, file in faces.items():
                pdfmetrics.registerFont(TTFont(family + suffix, str(folder / file)))
            pdfmetrics.registerFontFamily(family, normal=family, bold=family + "-Bold",
                                          italic=family + "-Oblique",
                                          boldItalic=family + "-BoldOblique")
            return family
    raise ExportError("no fonts for the PDF: install fonts-dejavu-core or set pdf.font_dir")


def _styles(family: str, large: bool) -> dict[str, ParagraphStyle]:
    size = 13.0 if large else 9.5
    base = ParagraphStyle("body", fontName=family, fontSize=size, leading=size * 1.38,
                          spaceAfter=size * 0.5)
    bold = family + "-Bold"
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=bold, fontSize=size + 8.5,
                                leading=(size + 8.5) * 1.2, textColor=ACCENT, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=size + 2, textColor=GREY,
                                   spaceAfter=10),
        "h1": ParagraphStyle("h1", base, fontName=bold, fontSize=size + 3.5,
                             leading=(size + 3.5) * 1.25, textColor=ACCENT, spaceBefore=12,
                             spaceAfter=5),
        "h2": ParagraphStyle("h2", base, fontName=bold, fontSize=size + 1.5,
                             leading=(size + 1.5) * 1.25, textColor=ACCENT, spaceBefore=8,
                             spaceAfter=3),
        "h3": ParagraphStyle("h3", base, fontName=bold, fontSize=size + 0.5, spaceBefore=6,
                             spaceAfter=2),
        "note": ParagraphStyle("note", base, fontName=family + "-Oblique",
                               fontSize=size - 1, leading=(size - 1) * 1.35, textColor=GREY),
        "quote": ParagraphStyle("quote", base, fontName=family + "-Oblique", leftIndent=8 * mm),
        "strong": ParagraphStyle("strong", base, fontName=bold),
        "confidential": ParagraphStyle("confidential", base, textColor=RED),
        "cell": ParagraphStyle("cell", base, fontSize=size - 0.5, leading=(size - 0.5) * 1.3,
                               spaceAfter=0),
        "cellhead": ParagraphStyle("cellhead", base, fontName=bold, fontSize=size - 0.5,
                                   leading=(size - 0.5) * 1.3, spaceAfter=0),
        "bullet": ParagraphStyle("bullet", base, leftIndent=6 * mm, bulletIndent=1.5 * mm,
                                 spaceAfter=size * 0.25),
        "line": ParagraphStyle("line", base, leftIndent=13 * mm, firstLineIndent=-13 * mm,
                               spaceAfter=size * 0.2),
        "sender": ParagraphStyle("sender", fontName=family, fontSize=9, leading=12.5,
                                 alignment=TA_RIGHT),
        "address": ParagraphStyle("address", fontName=family, fontSize=10, leading=12.5,
                                  spaceAfter=0),
    }


def _text(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


class _NumberedCanvas(canvas.Canvas):  # type: ignore[misc]
    """Draws the header and 'page x of y' once the number of pages is known."""

    document: Document
    family: str

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        source, family = self.document, self.family
        width, height = A4
        self.saveState()
        if source.draft:
            self.setFont(family + "-Bold", 90)
            self.setFillColor(RED)
            self.setFillAlpha(0.07)
            self.translate(width / 2, height / 2)
            self.rotate(45)
            self.drawCentredString(0, -30, language(source.meta.get("language")).t("DRAFT"))
            self.rotate(-45)
            self.translate(-width / 2, -height / 2)
        if source.marking:
            self.setFont(family + "-Bold", 8.5)
            self.setFillColor(RED)
            self.drawCentredString(width / 2, height - 11 * mm, source.marking)
        self.setFillAlpha(1)
        self.setFont(family, 7.5)
        self.setFillColor(GREY)
        self.drawString(MARGIN, height - 15.5 * mm, source.audience)
        self.drawRightString(width - MARGIN, height - 15.5 * mm, source.title[:90])
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, height - 17 * mm, width - MARGIN, height - 17 * mm)
        self.line(MARGIN, 14 * mm, width - MARGIN, 14 * mm)
        self.drawString(MARGIN, 10 * mm, source.footer)
        words = language(source.meta.get("language"))
        self.drawRightString(width - MARGIN, 10 * mm,
                             words.t("Page {page} of {total}", page=self._pageNumber,
                                     total=total))
        self.restoreState()


class PdfWriter:
    def __init__(self, document: Document, font_dir: Path | None) -> None:
        self.source = document
        self.family = register_fonts(font_dir)
        self.styles = _styles(self.family, document.meta.get("large_print") == "yes")

    def render(self) -> bytes:
        out = io.BytesIO()
        template = BaseDocTemplate(
            out, pagesize=A4, title=self.source.title, author=self.source.footer,
            subject=self.source.subtitle, creator="Conference Facilitator",
            keywords=self.source.marking,
        )
        frame = Frame(MARGIN, BOTTOM, WIDTH, A4[1] - TOP - BOTTOM, leftPadding=0,
                      rightPadding=0, topPadding=0, bottomPadding=0)
        template.addPageTemplates([PageTemplate("page", [frame])])
        story: list[Flowable] = []
        letter = any(isinstance(b, Letterhead) for b in self.source.blocks)
        if not letter:
            story.append(Paragraph(_text(self.source.title), self.styles["title"]))
            if self.source.subtitle:
                story.append(Paragraph(_text(self.source.subtitle), self.styles["subtitle"]))
        for block in self.source.blocks:
            story.extend(self._block(block))
            if isinstance(block, Letterhead):
                story.append(Paragraph(_text(self.source.title), self.styles["strong"]))

        document, family = self.source, self.family

        class Canvas(_NumberedCanvas):
            pass

        Canvas.document, Canvas.family = document, family
        template.build(story, canvasmaker=Canvas)
        return out.getvalue()

    def _block(self, block: Block) -> list[Flowable]:
        s = self.styles
        if isinstance(block, Heading):
            level = min(block.level, 3)
            # Never a heading alone at the foot of a page: start a new one if little is left.
            room = {1: 45 * mm, 2: 35 * mm, 3: 20 * mm}[level]
            return [CondPageBreak(room), Paragraph(_text(block.text), s[f"h{level}"])]
        if isinstance(block, Para):
            style = {Style.BODY: "body", Style.NOTE: "note", Style.QUOTE: "quote",
                     Style.STRONG: "strong", Style.CONFIDENTIAL: "confidential"}[block.style]
            return [Paragraph(_text(block.text), s[style])]
        if isinstance(block, Bullets):
            items: list[Flowable] = [Paragraph(_text(item), s["bullet"], bulletText="•")
                                     for item in block.items]
            return [*items, Spacer(1, 4)]
        if isinstance(block, Table):
            return [self._table(block.header, block.rows, block.widths), Spacer(1, 6)]
        if isinstance(block, Fields):
            return [self._table((), block.rows, (1, 3), label_column=True), Spacer(1, 6)]
        if isinstance(block, Lines):
            return [self._line(line.time, line.speaker, line.text, line.flags)
                    for line in block.lines]
        return self._letterhead(block)

    def _line(self, time: str, speaker: str, text: str, flags: str) -> Flowable:
        style, family = self.styles["line"], self.family
        runs = [Run(f"{speaker}:", family + "-Bold", colors.black), Run(text, family, colors.black)]
        if flags:
            runs.append(Run(f"[{flags}]", family + "-Oblique",
                            RED if "confidential" in flags else GREY))
        return TranscriptLine(time, runs, style.fontSize, style.leading, style.leftIndent,
                              style.spaceAfter, GREY, family)

    def _table(self, header: tuple[str, ...], rows: tuple[tuple[str, ...], ...],
               widths: tuple[float, ...], label_column: bool = False) -> RLTable:
        s = self.styles
        columns = len(header) if header else len(rows[0])
        relative = list(widths) if len(widths) == columns else [1.0] * columns
        total = sum(relative)
        data: list[list[Paragraph]] = []
        if header:
            data.append([Paragraph(_text(h), s["cellhead"]) for h in header])
        for row in rows:
            data.append([Paragraph(_text(value), s["cellhead"] if label_column and i == 0
                                   else s["cell"]) for i, value in enumerate(row)])
        table = RLTable(data, colWidths=[WIDTH * w / total for w in relative],
                        repeatRows=1 if header else 0, hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
        if label_column:
            commands.append(("BACKGROUND", (0, 0), (0, -1), SHADE))
        table.setStyle(RLTableStyle(commands))
        return table

    def _letterhead(self, block: Letterhead) -> list[Flowable]:
        """The sender top right; the recipient's name and address where a window envelope
        shows it (the letterhead is the first thing on the first page)."""
        s = self.styles
        sender = [Paragraph(f"<b>{_text(line)}</b>" if i == 0 else _text(line), s["sender"])
                  for i, line in enumerate(block.sender)]
        sender += [Spacer(1, 10), Paragraph(_text(block.date_text), s["sender"])]
        if block.reference:
            sender.append(Paragraph(_text(block.reference), s["sender"]))
        window = KeepInFrame(WINDOW_WIDTH, WINDOW_HEIGHT, [
            Paragraph(_text(line), s["address"]) for line in block.recipient], mode="shrink")
        left = [Spacer(1, WINDOW_TOP - TOP), window]
        indent = WINDOW_LEFT - MARGIN
        head = RLTable([[left, sender]], colWidths=[indent + WINDOW_WIDTH,
                                                    WIDTH - indent - WINDOW_WIDTH],
                       rowHeights=[WINDOW_TOP - TOP + WINDOW_HEIGHT])
        head.setStyle(RLTableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                    ("LEFTPADDING", (0, 0), (0, 0), indent),
                                    ("LEFTPADDING", (1, 0), (1, 0), 0),
                                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        return [head, Spacer(1, 12)]


def render_pdf(document: Document, font_dir: Path | None = None) -> bytes:
    return PdfWriter(document, font_dir).render()
