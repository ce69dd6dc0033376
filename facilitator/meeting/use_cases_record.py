"""Use cases of the record: transcript lines, marks, summaries, views, decisions and the plan.

Each is one named operation of the meeting API; it runs on the media loop, which owns the
session, and returns the events stored (on disk before anyone is told)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from ..domain import events as ev
from ..domain.child_focus import FocusPart
from ..domain.commands import child_focus, minutes, record
from ..domain.decisions import Category, HarmView, Plan
from ..domain.minutes import Channel, DocumentKind, FollowUp, ParagraphDraft, Section, ViewsChannel
from ..domain.transcript import Mark
from .session_owner import SessionOwner


class RecordUseCases(SessionOwner):
    def assign_speaker(
        self, utterance_id: str, speaker_id: str | None, editor: str
    ) -> list[ev.Event]:
        return self._run(record.assign_speaker, utterance_id, speaker_id, editor)

    def edit_utterance(
        self, utterance_id: str, text: str, base_version: int, editor: str
    ) -> list[ev.Event]:
        """A person's correction. Conflicts only with another person's edit made after the base"""
        return self._run(record.edit_utterance, utterance_id, text, base_version, editor)

    def mark_utterance(
        self, utterance_id: str, marks: Iterable[Mark], editor: str
    ) -> list[ev.Event]:
        return self._run(record.mark_utterance, utterance_id, marks, editor)

    def mark_child_focus(self, utterance_id: str, child_id: str, part: FocusPart, editor: str,
                         from_suggestion: bool = False) -> list[ev.Event]:
        """The line is about this part of the child's experience (lived experience, views,
        needs, outcomes): the chair's or minute-taker's mark, or a suggestion they confirmed."""
        return self._run(child_focus.mark_child_focus, utterance_id, child_id, part, editor,
                         from_suggestion)

    def unmark_child_focus(self, utterance_id: str, child_id: str, part: FocusPart,
                           editor: str) -> list[ev.Event]:
        return self._run(child_focus.unmark_child_focus, utterance_id, child_id, part, editor)

    def merge_utterances(self, first_id: str, second_id: str, editor: str) -> list[ev.Event]:
        """Join two consecutive lines of one speaker in one segment (audiences stay exact)."""
        return self._run(record.merge_utterances, first_id, second_id, editor)

    def record_decision(
        self,
        child_id: str,
        plan_required: bool,
        categories: Iterable[Category],
        reasons: str,
        dissent_note: str = "",
        *,
        interim_reason: str | None = None,
        relist_on: date | None = None,
    ) -> list[ev.Event]:
        """The decision for one child. Not quorate: refused with InterimRequired until the
        chair gives `interim_reason` (and optionally `relist_on`, within 10 working days)."""
        return self._run(
            record.record_decision, child_id, plan_required, categories, reasons, dissent_note,
            interim_reason=interim_reason, relist_on=relist_on,
        )

    def record_plan(self, plan: Plan) -> list[ev.Event]:
        return self._run(record.record_plan, plan)

    def record_view(
        self,
        child_id: str,
        attendee_id: str,
        view: HarmView,
        categories: Iterable[Category] = (),
        comment: str = "",
    ) -> list[ev.Event]:
        return self._run(record.record_view, child_id, attendee_id, view, categories, comment)

    def revise_recognition(
        self, utterance_id: str, text: str, ended_at: datetime, confidence: float | None = None
    ) -> list[ev.Event]:
        """A recogniser's later, better hypothesis. It never replaces a human edit."""
        return self._run(record.revise_recognition, utterance_id, text, ended_at, confidence)

    def split_utterance(
        self, utterance_id: str, position: int, editor: str, new_utterance_id: str | None = None
    ) -> list[ev.Event]:
        """Cut a line in two at a character: the second part becomes its own line."""
        return self._run(record.split_utterance, utterance_id, position, editor, new_utterance_id)

    def record_child_participation(
        self, child_id: str, attends: bool, reasons: str, channels: Iterable[ViewsChannel]
    ) -> list[ev.Event]:
        """The chair's decision, made in advance, on whether the child attends, with reasons."""
        return self._run(minutes.record_child_participation, child_id, attends, reasons, channels)

    def record_follow_up(self, meeting: FollowUp, held_on: date) -> list[ev.Event]:
        return self._run(minutes.record_follow_up, meeting, held_on)

    def record_report(
        self,
        agency: str,
        *,
        report_id: str | None = None,
        author_id: str | None = None,
        received_on: date | None = None,
        shared_with_parents: bool = False,
        shared_on: date | None = None,
        not_shared_reason: str = "",
    ) -> list[ev.Event]:
        """Record (or, with the same `report_id`, correct) a written report to the conference."""
        return self._run(
            minutes.record_report,
            agency,
            report_id=report_id,
            author_id=author_id,
            received_on=received_on,
            shared_with_parents=shared_with_parents,
            shared_on=shared_on,
            not_shared_reason=not_shared_reason,
        )

    def record_safety_scale(self, child_id: str, attendee_id: str, score: int) -> list[ev.Event]:
        return self._run(minutes.record_safety_scale, child_id, attendee_id, score)

    def record_sent(
        self,
        document: DocumentKind,
        recipient_id: str,
        sent_on: date,
        channel: Channel,
        recorded_by: str = "",
    ) -> list[ev.Event]:
        """Record that a document went to someone (the circulation tracker reads these)."""
        return self._run(minutes.record_sent, document, recipient_id, sent_on, channel, recorded_by)

    def set_family_copy_scope(
        self, attendee_id: str, whole_record: bool, reason: str = ""
    ) -> list[ev.Event]:
        """The chair decides: the whole record, or only the parts this family member attended."""
        return self._run(minutes.set_family_copy_scope, attendee_id, whole_record, reason)

    def write_summary(
        self, section: Section, paragraphs: Sequence[ParagraphDraft], base_version: int, editor: str
    ) -> list[ev.Event]:
        """Replace a section's summary minutes; refused with SummaryConflict if the section was"""
        return self._run(minutes.write_summary, section, paragraphs, base_version, editor)
