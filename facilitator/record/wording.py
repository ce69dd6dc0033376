"""The words of the record that a local authority may change: headings and fixed sentences.

Defaults live here so that the builders work on their own; assets/templates/record.yaml
overrides any of them (services/export/settings.py reads it and refuses unknown keys).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from string import Template

from ..domain.errors import DomainError
from .language import Language

HEADINGS: dict[str, str] = {
    "details": "Conference details",
    "time": "Time",
    "attendance": "Attendance",
    "apologies": "Apologies and written reports",
    "observer": "Observer",
    "exclusions": "Exclusions",
    "opening": "Purpose, confidentiality and introductions",
    "information": "Information shared",
    "child_views": "The child's views",
    "parent_views": "The parents' views",
    "worries": "Worries",
    "strengths": "Strengths",
    "danger_statements": "Danger statements",
    "safety_goals": "Safety goals",
    "decision": "The decision",
    "next_steps": "What needs to happen",
    "ring_fence": "Decision and planning time",
    "plan": "The child protection plan",
    "review": "Review",
    "closing": "Summary and close",
    "child_focus": "Child focus",
    "participation": "Participation",
    "transcript": "Annex: the edited transcript",
    "plan_summary": "Child protection plan: summary for the core group",
}

SIGNS_OF_SAFETY_HEADINGS: dict[str, str] = {
    "worries": "What are we worried about?",
    "strengths": "What's working well?",
    "next_steps": "What needs to happen?",
    "decision": "Safety scale and decision",
}

TEXTS: dict[str, str] = {
    "title_full": "Record of the child protection conference",
    "title_family": "Record of the child protection conference: family copy",
    "audience_full": "Full record for professionals",
    "audience_family": "Family copy for $name",
    "intro_full": (
        "This is the full record for the professionals invited to the conference. Do not share "
        "it with the family: each family member receives their own copy."
    ),
    "intro_family": (
        "This is your copy of the record of the conference. It leaves out any part of the "
        "conference you were not present for, and anything recorded as confidential."
    ),
    "intro_family_excluded": (
        "You were not present for part of the conference, so this copy does not include that "
        "part. You can ask the social worker to talk with you about it."
    ),
    "intro_family_whole": (
        "You were not present for part of the conference. The chair decided that you receive "
        "the record of the whole conference, including that part; only information recorded as "
        "confidential is left out."
    ),
    "intro_family_withheld": (
        "Part of the conference you were present for is not in this copy: the chair decided "
        "that the information shared then cannot be given in writing."
    ),
    "notes_made": "Not summarised yet; notes made during the conference:",
    "draft": "Draft: the conference is still running and this record is not final.",
    "nothing_recorded": "Nothing recorded.",
    "confidential": "Confidential: leave out of the family's copy.",
    "reasons_withheld": (
        "The reasons were discussed in a part of the conference you were not present for. "
        "The social worker will explain the decision to you."
    ),
    "own_words": "Noted during the conference:",
    "actions_noted": "Actions noted during the conference:",
    "no_plan": "No child protection plan is needed, so no review conference is set.",
    "transcript_intro": (
        "The edited transcript the minute-taker worked from, by stage of the conference. "
        "It is a working record; the sections above are the minutes."
    ),
    "transcript_intro_family": (
        "What was said in the parts of the conference you were present for, as the "
        "minute-taker edited it. Anything marked confidential is left out."
    ),
    "transcript_intro_whole": (
        "What was said in the conference, as the minute-taker edited it, including the parts "
        "you were not present for. Anything marked confidential is left out."
    ),
    "child_focus_intro": (
        "For each child, the four parts of child-focused practice: their daily lived "
        "experience, their views, their needs and the outcomes for them, with what was said "
        "or noted about each during the conference (marked by the chair or minute-taker)."
    ),
    "none_marked": "Nothing marked.",
    "participation_intro": (
        "Who spoke, and for how long, from the attributed transcript: overall and in each "
        "stage. Typed notes count as their words at a speaking rate. Lines without a speaker "
        "show as not attributed. These figures help the chair and the service; they are not "
        "a measure of anyone's contribution."
    ),
    "participation_intro_family": (
        "Who spoke, and for how long, in the parts of the conference you were present for."
    ),
    "observer_note": (
        "The observer attended with the prior consent of the chair and the family, and took "
        "no part in the discussion or the decision."
    ),
}


@dataclass(frozen=True)
class Wording:
    headings: Mapping[str, str] = field(default_factory=dict)
    signs_of_safety_headings: Mapping[str, str] = field(default_factory=dict)
    texts: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for given, known, what in (
            (self.headings, HEADINGS, "heading"),
            (self.signs_of_safety_headings, SIGNS_OF_SAFETY_HEADINGS, "Signs of Safety heading"),
            (self.texts, TEXTS, "text"),
        ):
            unknown = sorted(set(given) - set(known))
            if unknown:
                raise DomainError(f"unknown {what}(s) in the record template: "
                                  f"{', '.join(unknown)}")

    def translated(self, lang: Language) -> Wording:
        """Every heading and text in `lang` (the English wording is the message id, so a
        council's own wording is translated once it is in the catalogue)."""
        if not lang.welsh:
            return self
        return Wording(
            headings={k: lang.t(self.heading(k)) for k in HEADINGS},
            signs_of_safety_headings={k: lang.t(self.heading(k, True))
                                      for k in SIGNS_OF_SAFETY_HEADINGS},
            texts={k: lang.t(self.texts.get(k) or TEXTS[k]) for k in TEXTS},
        )

    def messages(self) -> list[str]:
        """The English wording in use: the messages a catalogue must translate."""
        return [*(self.heading(k) for k in HEADINGS),
                *(self.heading(k, True) for k in SIGNS_OF_SAFETY_HEADINGS),
                *(self.texts.get(k) or TEXTS[k] for k in TEXTS)]

    def heading(self, key: str, signs_of_safety: bool = False) -> str:
        if signs_of_safety and key in SIGNS_OF_SAFETY_HEADINGS:
            return self.signs_of_safety_headings.get(key) or SIGNS_OF_SAFETY_HEADINGS[key]
        return self.headings.get(key) or HEADINGS[key]

    def text(self, key: str, **values: str) -> str:
        raw = self.texts.get(key) or TEXTS[key]
        try:
            return Template(raw).substitute(values)
        except (KeyError, ValueError) as bad:
            raise DomainError(f"record template text '{key}': bad placeholder {bad}") from None


@dataclass(frozen=True)
class RecordSettings:
    """What the council says about itself and its copies of the record."""

    council: str = "Fernbridge Council"
    unit: str = "Safeguarding and Reviewing Unit"
    marking: str = "OFFICIAL-SENSITIVE"
    transcript_in_full_record: bool = True
    transcript_in_family_copy: bool = True
    participation_in_family_copy: bool = False  # the speaking-time figures in family copies
