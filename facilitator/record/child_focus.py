"""The record's "Child focus" section: for each child, the four parts of child-focused practice
(daily lived experience, views, needs, outcomes) with the lines marked for each, so a part
nobody spoke to shows as a gap. Only lines the copy's reader may see are quoted."""

from __future__ import annotations

from ..domain.child_focus import FocusPart
from ..domain.conference import Conference
from ..domain.transcript import Utterance, UtteranceSource
from .audience import Audience
from .document import Block, Heading, Line, Lines, Para, Style
from .formatting import name_of, time_text
from .language import ENGLISH_LANGUAGE, N_, Language
from .outcome import child_heading
from .wording import Wording

PART_LABELS = (N_("Daily lived experience"), N_("Views"), N_("Needs"), N_("Outcomes"))


def focus_lines(conf: Conference, audience: Audience, child_id: str, part: FocusPart
                ) -> list[Utterance]:
    ids = conf.child_focus.lines(child_id, part)
    return [u for u in conf.transcript() if u.id in ids and audience.sees_utterance(conf, u)]


def _line(conf: Conference, u: Utterance) -> Line:
    speaker = name_of(conf, u.speaker_id) if u.speaker_id else (
        "Note" if u.source is UtteranceSource.TYPED else "Unassigned")
    return Line(time_text(u.started_at), speaker, u.text)


def child_focus_blocks(conf: Conference, audience: Audience, wording: Wording,
                       lang: Language = ENGLISH_LANGUAGE) -> list[Block]:
    blocks: list[Block] = [Heading(wording.heading("child_focus")),
                           Para(wording.text("child_focus_intro"), Style.NOTE)]
    for child in conf.details.children:
        blocks.append(Heading(child_heading(conf, child, lang), 3))
        for part in FocusPart:
            found = focus_lines(conf, audience, child.id, part)
            blocks.append(Para(f"{lang.t(part.label)}:", Style.STRONG))
            if found:
                blocks.append(Lines(tuple(_line(conf, u) for u in found)))
            else:
                blocks.append(Para(wording.text("none_marked"), Style.NOTE))
    return blocks
