"""The record of a conference, for the professionals or as one family member's copy.

Sections in the order the procedure asks for; the minute-taker's summary paragraphs under each,
with what the meeting itself recorded (attendance, exclusions, views, decisions, the plan).
"""

from __future__ import annotations

from itertools import groupby

from ..domain import events as ev
from ..domain.conference import Conference, MeetingStatus
from ..domain.details import WALES_SUMMARY_WITHIN_WORKING_DAYS
from ..domain.interpreting import MACHINE_TRANSLATED, interpreting_label
from ..domain.languages import language_name
from ..domain.minutes import SECTION_OF_STAGE, SIGNS_OF_SAFETY_SECTIONS, Section
from ..domain.transcript import Mark, Utterance, UtteranceSource
from .attendance import apologies_blocks, attendance_blocks, exclusion_blocks, observer_blocks
from .audience import Audience
from .child_focus import child_focus_blocks
from .document import Block, Document, Fields, Heading, Line, Lines, Para, Style
from .formatting import (
    child_name,
    name_of,
    time_text,
    who,
)
from .language import ENGLISH_LANGUAGE, Language
from .letters import KIND_TITLE
from .outcome import (
    child_heading,
    decision_blocks,
    marked_quotes,
    override_blocks,
    plan_blocks,
    review_blocks,
)
from .participation import speaking_time_blocks
from .preparation_blocks import child_preparation_blocks, report_comment_blocks
from .quorum import gap_text, quorum_reason
from .timing import timing_blocks
from .wording import RecordSettings, Wording

SIGNS_OF_SAFETY_STAGES = frozenset({"worries", "working_well", "danger_statements"})


def signs_of_safety(conf: Conference) -> bool:
    """The record follows the Signs of Safety format when the meeting did."""
    return bool(
        SIGNS_OF_SAFETY_STAGES & {s.id for s in conf.agenda.stages}
        or conf.minutes.safety_scores
        or any(conf.minutes.summary(s).paragraphs for s in SIGNS_OF_SAFETY_SECTIONS)
    )


def summary_blocks(conf: Conference, audience: Audience, wording: Wording,
                   section: Section) -> list[Block]:
    blocks: list[Block] = []
    for paragraph in conf.minutes.summary(section).paragraphs:
        if not audience.sees_paragraph(conf, paragraph):
            continue
        if paragraph.confidential:
            blocks.append(Para(f"[{wording.text('confidential')}] {paragraph.text}",
                               Style.CONFIDENTIAL))
        else:
            blocks.append(Para(paragraph.text))
    return blocks


def note_blocks(conf: Conference, audience: Audience, wording: Wording,
                section: Section) -> list[Block]:
    """The notes typed during the stages of a section nobody summarised: what the chair or
    minute-taker wrote is the record of that part until a summary replaces it."""
    notes = [u for u in conf.transcript() if u.source is UtteranceSource.TYPED
             and SECTION_OF_STAGE.get(u.stage_id or "") is section
             and audience.sees_utterance(conf, u)]
    if not notes:
        return []
    return [Para(wording.text("notes_made"), Style.NOTE),
            *(Para(f"{name_of(conf, u.speaker_id) if u.speaker_id else 'Note'} "
                   f"({time_text(u.started_at)}): {u.text}", Style.QUOTE) for u in notes)]


def section_blocks(conf: Conference, audience: Audience, wording: Wording, section: Section,
                   sos: bool, before: list[Block] | None = None,
                   after: list[Block] | None = None) -> list[Block]:
    summary = summary_blocks(conf, audience, wording, section)
    if not summary:
        summary = note_blocks(conf, audience, wording, section)
    body = (before or []) + summary + (after or [])
    if not body:
        body = [Para(wording.text("nothing_recorded"), Style.NOTE)]
    return [Heading(wording.heading(section.name.lower(), sos)), *body]


def quotes(conf: Conference, audience: Audience, wording: Wording, mark: Mark) -> list[Block]:
    found = marked_quotes(conf, audience, mark)
    return [Para(wording.text("own_words"), Style.NOTE),
            *(Para(q, Style.QUOTE) for q in found)] if found else []


def sentence(text: str) -> str:
    """Typed text as a sentence of the record: stripped, and ending with a full stop."""
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?" else text + "."


def participation_blocks(conf: Conference, lang: Language = ENGLISH_LANGUAGE) -> list[Block]:
    """Whether each child attends, with the reasons, as decided in advance (procedure 8.4);
    a child for whom nothing was recorded is named, so the gap shows."""
    rows = []
    for child in conf.details.children:
        recorded = conf.minutes.participation.get(child.id)
        if recorded is None:
            if not child.unborn:
                rows.append((child_heading(conf, child, lang),
                             lang.t("Not recorded: whether the child attends, and why, was not "
                                    "recorded before the conference.")))
            continue
        how = lang.join(sorted(lang.t(c.value) for c in recorded.channels))
        attended = lang.t("Attended.") if recorded.attends else lang.t("Did not attend.")
        rows.append((child_heading(conf, child, lang), " ".join(
            part for part in (attended, sentence(recorded.reasons),
                              lang.t("Views obtained through {how}.", how=how)) if part)))
    return [Fields(tuple(rows))] if rows else []


def details_blocks(conf: Conference, wording: Wording, lang: Language = ENGLISH_LANGUAGE
                   ) -> list[Block]:
    details = conf.details
    held = lang.day(details.day)
    if conf.started_at:
        held += f", {time_text(conf.started_at)}"
        held += (lang.t(" to {time}", time=time_text(conf.ended_at)) if conf.ended_at
                 else lang.t(" (still running)"))
    unknown = lang.t("not recorded")
    chair = [p.id for p in conf.attendees.values() if p.role_key == "chair"]
    minute_taker = [p.id for p in conf.attendees.values() if p.role_key == "minute_taker"]
    children = []
    for child in details.children:
        born = (lang.t(", born {day}", day=lang.date(child.date_of_birth))
                if child.date_of_birth and not child.unborn else "")
        children.append(child_heading(conf, child, lang) + born)
    nation = lang.t("Wales") if details.nation.value == "wales" else lang.t("England")
    rows = [
        (lang.t("Conference"), lang.t("{kind} ({nation})", nation=nation,
                                      kind=lang.t(KIND_TITLE[details.kind.value]))),
        (lang.t("Children"), "; ".join(children)),
        (lang.t("Held"), held),
        (lang.t("Venue"), details.venue or unknown),
        (lang.t("Chair"), lang.join([name_of(conf, c) for c in chair]) or unknown),
        (lang.t("Minutes"), lang.join([name_of(conf, m) for m in minute_taker]) or unknown),
        (lang.t("Quorum"), quorum_at_decision(conf, lang)),
    ]
    if details.delay_reason:
        rows.append((lang.t("Reason for delay"), details.delay_reason))
    rows.append((lang.t("Circulation"), circulation_text(conf, lang)))
    return [Heading(wording.heading("details")), Fields(tuple(rows))]


def circulation_text(conf: Conference, lang: Language = ENGLISH_LANGUAGE) -> str:
    """When the letters and the record are due (in Wales, the summary within 5 working days)."""
    details = conf.details
    deadlines = details.deadlines()
    parts = [lang.t("decision letter to the parents by {day}",
                    day=lang.date(deadlines.decision_letter_due))]
    if deadlines.summary_due is not None:
        parts.append(lang.t("summary of the conference to everyone by {day} ({days} working "
                            "days, Wales)", day=lang.date(deadlines.summary_due),
                            days=WALES_SUMMARY_WITHIN_WORKING_DAYS))
    parts.append(lang.t("this record by {day} ({days} working days)",
                        day=lang.date(deadlines.record_circulation_due),
                        days=details.record_circulation_working_days))
    return "; ".join(parts) + "."


def quorum_at_decision(conf: Conference, lang: Language = ENGLISH_LANGUAGE) -> str:
    """Quorum when the first decision was made (people may leave later)."""
    upto = next((i for i, e in enumerate(conf.log) if isinstance(e, ev.DecisionRecorded)), None)
    if upto is None:
        return quorum_reason(conf.quorum(), lang)
    return lang.t("{reason} (at the decision)", reason=quorum_reason(
        Conference.from_events(conf.log[:upto]).quorum(), lang))


def transcript_blocks(conf: Conference, audience: Audience, wording: Wording,
                      lang: Language = ENGLISH_LANGUAGE) -> list[Block]:
    shown = [u for u in conf.transcript() if audience.sees_utterance(conf, u)]
    intro = wording.text("transcript_intro" if audience.is_full else
                         "transcript_intro_whole" if audience.whole_record else
                         "transcript_intro_family")
    blocks: list[Block] = [Heading(wording.heading("transcript")), Para(intro, Style.NOTE)]
    titles = {s.id: lang.t(s.spec.title) for s in conf.agenda.stages}
    for stage_id, group in groupby(shown, key=lambda u: u.stage_id):
        blocks.append(Heading(titles.get(stage_id or "", lang.t("Before the agenda")), 3))
        blocks.append(Lines(tuple(_line(conf, u, audience, lang) for u in group)))
    if not shown:
        blocks.append(Para(wording.text("nothing_recorded"), Style.NOTE))
    return blocks


def _line(conf: Conference, utterance: Utterance, audience: Audience,
          lang: Language = ENGLISH_LANGUAGE) -> Line:
    if utterance.speaker_id:
        speaker = name_of(conf, utterance.speaker_id)
        interpreting = interpreting_label(conf, utterance.speaker_id)
        speaker += f", {interpreting}" if interpreting else ""
    else:
        speaker = "Note" if utterance.source is UtteranceSource.TYPED else "Unassigned"
    marks = sorted(m.value for m in utterance.marks
                   if audience.is_full or m is not Mark.CONFIDENTIAL)
    text = gap_text(utterance.text, lang) if utterance.not_transcribed else utterance.text
    if utterance.language != "en":
        text = f"({language_name(utterance.language)}) {text}"
        if utterance.english and not utterance.human_edited:
            text += f" [{MACHINE_TRANSLATED}: {utterance.english}]"
    return Line(time_text(utterance.started_at), speaker, text, ", ".join(marks))


def build_record(conf: Conference, audience: Audience, wording: Wording | None = None,
                 settings: RecordSettings | None = None,
                 lang: Language = ENGLISH_LANGUAGE) -> Document:
    """The record for `audience`; in `lang`: the headings and fixed texts (give `wording`
    translated), the title block, the conference's details and the footer."""
    wording = wording or Wording()
    settings = settings or RecordSettings()
    sos = signs_of_safety(conf)
    draft = conf.status is not MeetingStatus.ENDED
    intro: list[Block] = []
    if draft:
        intro.append(Para(wording.text("draft"), Style.STRONG))
    if audience.is_full:
        intro.append(Para(wording.text("intro_full"), Style.NOTE))
    else:
        excluded = audience.was_excluded(conf)
        if excluded and audience.whole_record:
            intro.append(Para(wording.text("intro_family_whole"), Style.NOTE))
        else:
            intro.append(Para(wording.text("intro_family"), Style.NOTE))
        if excluded and not audience.whole_record:
            intro.append(Para(wording.text("intro_family_excluded"), Style.NOTE))
        if audience.withheld:
            intro.append(Para(wording.text("intro_family_withheld"), Style.NOTE))

    def part(key: Section, before: list[Block] | None = None,
             after: list[Block] | None = None) -> list[Block]:
        return section_blocks(conf, audience, wording, key, sos, before, after)

    blocks: list[Block] = [
        *intro, *details_blocks(conf, wording, lang),
        *timing_blocks(conf, audience, wording, lang),
        *attendance_blocks(conf, wording, lang),
        *apologies_blocks(conf, audience, wording, lang), *observer_blocks(conf, wording, lang),
        *exclusion_blocks(conf, audience, wording, lang),
        *part(Section.OPENING),
        *part(Section.CHILD_VIEWS,
              participation_blocks(conf, lang) + child_preparation_blocks(conf, audience),
              quotes(conf, audience, wording, Mark.CHILD_VIEW)),
        *part(Section.INFORMATION),
        *part(Section.PARENT_VIEWS, report_comment_blocks(conf, audience),
              quotes(conf, audience, wording, Mark.PARENT_VIEW)),
        *part(Section.WORRIES), *part(Section.STRENGTHS),
    ]
    if sos:
        blocks += part(Section.DANGER_STATEMENTS) + part(Section.SAFETY_GOALS)
    blocks += part(Section.DECISION, decision_blocks(conf, audience, wording, lang),
                   quotes(conf, audience, wording, Mark.DECISION))
    blocks += override_blocks(conf, audience, wording, lang)
    if sos:
        blocks += part(Section.NEXT_STEPS)
    plan = plan_blocks(conf, audience, wording, lang)
    blocks += [Heading(wording.heading("plan")), *plan,
               *summary_blocks(conf, audience, wording, Section.PLAN)]
    blocks += review_blocks(conf, wording, lang)
    blocks += child_focus_blocks(conf, audience, wording, lang)
    blocks += part(Section.CLOSING)
    if audience.is_full or settings.participation_in_family_copy:
        blocks += speaking_time_blocks(conf, audience, wording)
    if settings.transcript_in_full_record if audience.is_full else (
            settings.transcript_in_family_copy):
        blocks += transcript_blocks(conf, audience, wording, lang)
    names = lang.join([child_name(conf, c.id) for c in conf.details.children])
    key = "title_full" if audience.is_full else "title_family"
    return Document(
        title=wording.text(key),
        subtitle=f"{names}: {lang.day(conf.details.day)}",
        marking=settings.marking,
        audience=wording.text("audience_full") if audience.is_full
        else wording.text("audience_family", name=audience.name),
        footer=f"{lang.t(settings.council)}, {lang.t(settings.unit)}",
        draft=draft,
        blocks=tuple(blocks),
        meta={"conference": conf.id, "for": audience.attendee_id or "professionals",
              "chair": who(conf, next((p.id for p in conf.attendees.values()
                                       if p.role_key == "chair"), ""))},
    )
