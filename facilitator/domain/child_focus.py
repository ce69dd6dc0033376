"""Child focus: the four parts of child-focused practice, marked on transcript lines per child.

The Child Abuse Review study (2021) found child-focused decision-making rare and names four
parts of it: the child's daily lived experience, their views, their needs, and outcomes for
them, in the reports, the discussion and the plan. The chair or the minute-taker marks a line
(spoken or typed) with a part for a child; the text may *suggest* a mark (`suggest`), but only
a person's mark counts. Coverage per child is read through the one audience rule: a view for a
person holds nothing of a line they were outside the audience of.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from .attendees import Child


class FocusPart(Enum):
    LIVED_EXPERIENCE = "daily lived experience"
    VIEWS = "views"
    NEEDS = "needs"
    OUTCOMES = "outcomes"

    @property
    def label(self) -> str:
        return {"LIVED_EXPERIENCE": "Daily lived experience", "VIEWS": "Views",
                "NEEDS": "Needs", "OUTCOMES": "Outcomes"}[self.name]


@dataclass(frozen=True)
class FocusMark:
    utterance_id: str
    child_id: str
    part: FocusPart
    by: str
    at: datetime
    from_suggestion: bool = False  # a person confirmed a suggestion from the text


FocusKey = tuple[str, str, FocusPart]  # (utterance, child, part)


class ChildFocus:
    """The marks in force, by line, child and part (state of the conference)."""

    def __init__(self) -> None:
        self.marks: dict[FocusKey, FocusMark] = {}

    def mark(self, mark: FocusMark) -> None:
        self.marks[(mark.utterance_id, mark.child_id, mark.part)] = mark

    def unmark(self, utterance_id: str, child_id: str, part: FocusPart) -> None:
        self.marks.pop((utterance_id, child_id, part), None)

    def merged(self, first_id: str, second_id: str) -> None:
        """Two lines became one: the second line's marks are the first's now."""
        for key in [k for k in self.marks if k[0] == second_id]:
            mark = self.marks.pop(key)
            self.marks.setdefault((first_id, key[1], key[2]), mark)

    def of_line(self, utterance_id: str) -> list[FocusMark]:
        return sorted((m for k, m in self.marks.items() if k[0] == utterance_id),
                      key=lambda m: (m.child_id, list(FocusPart).index(m.part)))

    def has(self, utterance_id: str, child_id: str, part: FocusPart) -> bool:
        return (utterance_id, child_id, part) in self.marks

    def lines(self, child_id: str, part: FocusPart) -> frozenset[str]:
        return frozenset(k[0] for k in self.marks if k[1] == child_id and k[2] is part)


# ---- suggestions from the text: never a mark until a person confirms one --------------------
_CUES: dict[FocusPart, tuple[str, ...]] = {
    FocusPart.LIVED_EXPERIENCE: (
        r"every (day|morning|night|evening)", r"at (home|school|nursery|night|bedtime)",
        r"bed(time|room)?", r"breakfast|tea ?time|dinner|meals?", r"after school",
        r"day[- ]to[- ]day", r"\b(my|his|her|their) (room|bed|day|week|friends|school)",
        r"routine",
        r"on (his|her|their) own", r"looks? after", r"caring for"),
    FocusPart.VIEWS: (
        r"\b(she|he|they) (said|says|told|tells|wants?|wishes|feels?|felt|would like|"
        r"likes?|worries|is worried|is scared|is frightened)", r"(wishes|feelings)",
        r"in (his|her|their) (own )?words", r"(his|her|their) (view|views|letter|drawing)",
        r"\bI (want|like|feel|wish|don't like|do not like|am scared)"),
    FocusPart.NEEDS: (
        r"\bneeds?\b", r"support (for|with)", r"(health|dental|medical|speech) ",
        r"assessment", r"therapy|counselling|camhs", r"to keep (him|her|them) safe",
        r"referral"),
    FocusPart.OUTCOMES: (
        r"outcome", r"by (the )?(end of |next )?(january|february|march|april|may|june|july|"
        r"august|september|october|november|december|review|week|month)",
        r"what (must|needs to) change", r"so that (he|she|they)", r"will be able to",
        r"in (the )?plan", r"review (conference|date)", r"measured? by"),
}
_PATTERNS = {part: re.compile("|".join(f"(?:{c})" for c in cues), re.IGNORECASE)
             for part, cues in _CUES.items()}


@dataclass(frozen=True)
class Suggestion:
    utterance_id: str
    child_id: str
    part: FocusPart
    cue: str  # the words that suggested it, to show beside the line


def suggest(utterance_id: str, text: str, children: Sequence[Child],
            speaker_child_id: str | None = None) -> list[Suggestion]:
    """Parts the text may be about, for the children it names (or the child speaking, or the
    only child). Only suggestions: nothing is marked until the chair or minute-taker confirms.
    """
    named = [c for c in children if _names(c, text)]
    if speaker_child_id is not None:
        named = [c for c in children if c.id == speaker_child_id] or named
    if not named and len(children) == 1:
        named = list(children)
    found: list[Suggestion] = []
    for part, pattern in _PATTERNS.items():
        match = pattern.search(text)
        if match is None:
            continue
        for child in named:
            found.append(Suggestion(utterance_id, child.id, part, match.group(0)))
    if speaker_child_id is not None:  # the child speaking gives their own view
        for child in named:
            if not any(s.child_id == child.id and s.part is FocusPart.VIEWS for s in found):
                found.append(Suggestion(utterance_id, child.id, FocusPart.VIEWS,
                                        "said by the child"))
    return found


def _names(child: Child, text: str) -> bool:
    first = child.name.split()[0] if child.name.split() else child.name
    return bool(re.search(rf"\b{re.escape(first)}\b", text, re.IGNORECASE))
