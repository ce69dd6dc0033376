"""The record's "Participation" section: speaking time per party, overall and per stage.

Built from the lines the copy's reader may see (the professionals: all of them; a family
member, when the council puts the section in family copies: only the parts they were in), so a
figure never tells anyone about a part of the meeting they were out of.
"""

from __future__ import annotations

from ..domain.conference import Conference
from ..domain.participation import Participation, ParticipationSettings, PartyTime, speaking_time
from .audience import Audience
from .document import Block, Heading, Para, Style, Table
from .wording import Wording


def duration_text(seconds: float) -> str:
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def _rows(parties: tuple[PartyTime, ...], total: float) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (p.party.label, duration_text(p.seconds), f"{round(100 * p.share_of(total))}%",
         str(p.lines) + (f" ({duration_text(p.typed_seconds)} estimated from typed notes)"
                         if p.typed_seconds else ""))
        for p in parties)


HEADER = ("Party", "Speaking time", "Share", "Lines")


def participation_for(conf: Conference, audience: Audience,
                      settings: ParticipationSettings | None = None) -> Participation:
    return speaking_time(conf, lambda u: audience.sees_utterance(conf, u), settings,
                         viewer=audience.attendee_id)


def speaking_time_blocks(conf: Conference, audience: Audience, wording: Wording,
                         settings: ParticipationSettings | None = None) -> list[Block]:
    figures = participation_for(conf, audience, settings)
    blocks: list[Block] = [Heading(wording.heading("participation")),
                           Para(wording.text("participation_intro" if audience.is_full
                                             else "participation_intro_family"), Style.NOTE)]
    if not figures.overall:
        return [*blocks, Para(wording.text("nothing_recorded"), Style.NOTE)]
    blocks.append(Table(HEADER, _rows(figures.overall, figures.total_seconds), (3, 2, 1, 3)))
    for stage in figures.stages:
        blocks.append(Heading(stage.title, 3))
        blocks.append(Table(HEADER, _rows(stage.parties, stage.total_seconds), (3, 2, 1, 3)))
    return blocks
