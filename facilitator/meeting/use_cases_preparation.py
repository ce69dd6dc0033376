"""Use cases before the conference: invitations, reports, the child's part, needs, requests.

Each is one named operation of the meeting API; it runs on the media loop, which owns the
session, and returns the events stored (on disk before anyone is told)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..domain import events as ev
from ..domain.attendees import AttendanceMode, AttendanceState
from ..domain.commands import addresses, interpreting, preparation, requests
from ..domain.minutes import Channel
from ..domain.preparation import ArrangementKind, CheckResult, CommentKind, ConsentParty
from ..domain.segments import ExclusionGround
from .session_owner import SessionOwner


class PreparationUseCases(SessionOwner):
    def book_interpreter(
        self,
        language: str,
        for_ids: Iterable[str],
        *,
        interpreter_id: str | None = None,
        name: str = "",
        agency: str = "",
    ) -> list[ev.Event]:
        """An independent interpreter for these people: one already listed, or added now."""
        return self._run(
            preparation.book_interpreter,
            language,
            for_ids,
            interpreter_id=interpreter_id,
            name=name,
            agency=agency,
        )

    def link_interpreter(self, interpreter_id: str, for_ids: Iterable[str],
                         language: str | None = None) -> list[ev.Event]:
        """The chair changes whom an interpreter interprets for (before or during the
        meeting); a family member is refused as interpreter."""
        return self._run(interpreting.link_interpreter, interpreter_id, for_ids, language)

    def record_address(self, recipient_id: str, lines: Iterable[str]) -> list[ev.Event]:
        """An attendee's or a subject child's postal address (printed where a window envelope
        shows it); no lines removes it."""
        return self._run(addresses.record_address, recipient_id, lines)

    def make_arrangement(
        self, attendee_id: str, kind: ArrangementKind, details: str
    ) -> list[ev.Event]:
        """What was arranged for a person's access, childcare or transport."""
        return self._run(preparation.make_arrangement, attendee_id, kind, details)

    def name_substitute(
        self,
        for_id: str,
        name: str,
        *,
        agency: str | None = None,
        mode: AttendanceMode | None = None,
        attendee_id: str | None = None,
    ) -> list[ev.Event]:
        """Someone from the same agency attends instead of an invitee who sent apologies."""
        return self._run(
            preparation.name_substitute,
            for_id,
            name,
            agency=agency,
            mode=mode,
            attendee_id=attendee_id,
        )

    def offer_advocate(
        self, child_id: str, offered_on: date, accepted: bool, note: str = ""
    ) -> list[ev.Event]:
        return self._run(preparation.offer_advocate, child_id, offered_on, accepted, note)

    def receive_report(
        self,
        agency: str,
        received_on: date,
        *,
        author_id: str | None = None,
        report_id: str | None = None,
    ) -> list[ev.Event]:
        """A written report to the conference, received (or corrected, with the same id)."""
        return self._run(
            preparation.receive_report,
            agency,
            received_on,
            author_id=author_id,
            report_id=report_id,
        )

    def record_meeting_before(
        self,
        attendee_ids: Iterable[str],
        met_on: date,
        child_ids: Iterable[str] = (),
        note: str = "",
    ) -> list[ev.Event]:
        """The chair met family members (and any child) before the conference."""
        return self._run(preparation.record_meeting_before, attendee_ids, met_on, child_ids, note)

    def record_reply(self, attendee_id: str, reply: AttendanceState) -> list[ev.Event]:
        """Confirmed, apologies, or apologies with a written report (the attendee's state)."""
        return self._run(preparation.record_reply, attendee_id, reply)

    def record_report_comment(
        self, report_id: str, attendee_id: str, kind: CommentKind, text: str, received_on: date
    ) -> list[ev.Event]:
        """A parent's comment on, or factual correction to, a report: put to the conference."""
        return self._run(
            preparation.record_report_comment, report_id, attendee_id, kind, text, received_on
        )

    def record_technology_check(
        self,
        attendee_id: str,
        camera: CheckResult,
        microphone: CheckResult,
        connection: CheckResult,
        note: str = "",
        actor: str = "chair",
    ) -> list[ev.Event]:
        """The outcome of a test call on the join page before the day (the server may call it)."""
        return self._run(
            preparation.record_technology_check,
            attendee_id,
            camera,
            microphone,
            connection,
            note,
            actor,
        )

    def send_invitation(self, attendee_id: str, sent_on: date, channel: Channel) -> list[ev.Event]:
        """Record that a person's invitation (with their own join details) went out."""
        return self._run(preparation.send_invitation, attendee_id, sent_on, channel)

    def share_report_with_child(
        self, report_id: str, child_id: str, shared_on: date
    ) -> list[ev.Event]:
        return self._run(preparation.share_report_with_child, report_id, child_id, shared_on)

    def share_report_with_parents(self, report_id: str, shared_on: date) -> list[ev.Event]:
        return self._run(preparation.share_report_with_parents, report_id, shared_on)

    def withhold_report(self, report_id: str, reason: str) -> list[ev.Event]:
        """The parents are not to see this report in advance, and why (the record says so)."""
        return self._run(preparation.withhold_report, report_id, reason)

    def add_observer(
        self, request_id: str, mode: AttendanceMode = AttendanceMode.IN_ROOM
    ) -> list[ev.Event]:
        """Add the requested observer to the conference, with the consents recorded for them"""
        return self._run(requests.add_observer, request_id, mode)

    def decide_exclusion(
        self, request_id: str, granted: bool, reasons: str, views_considered: str, decided_on: date
    ) -> list[ev.Event]:
        """The chair's decision, which is final: granted or refused, with reasons."""
        return self._run(
            requests.decide_exclusion, request_id, granted, reasons, views_considered, decided_on
        )

    def record_exclusion_letter_sent(
        self, request_id: str, attendee_id: str, sent_on: date, channel: Channel
    ) -> list[ev.Event]:
        """The chair's signed letter telling the parent of the decision to exclude them."""
        return self._run(
            requests.record_exclusion_letter_sent, request_id, attendee_id, sent_on, channel
        )

    def record_observer_consent(
        self,
        request_id: str,
        party: ConsentParty,
        given: bool,
        answered_on: date,
        given_by: str = "",
    ) -> list[ev.Event]:
        """The chair's or the family's answer; either one refusing means no observer."""
        return self._run(
            requests.record_observer_consent, request_id, party, given, answered_on, given_by
        )

    def request_exclusion(
        self,
        attendee_ids: Iterable[str],
        grounds: Iterable[ExclusionGround],
        requested_by: str,
        evidence: str,
        requested_on: date,
        extent: str = "the whole conference",
        request_id: str | None = None,
    ) -> list[ev.Event]:
        """An agency (or the child) asks, in advance, that family members are excluded."""
        return self._run(
            requests.request_exclusion,
            attendee_ids,
            grounds,
            requested_by,
            evidence,
            requested_on,
            extent,
            request_id,
        )

    def request_observer(
        self,
        name: str,
        agency: str,
        requested_by: str,
        requested_on: date,
        request_id: str | None = None,
    ) -> list[ev.Event]:
        """A professional asks that one observer attends (never taking part)."""
        return self._run(
            requests.request_observer, name, agency, requested_by, requested_on, request_id
        )
