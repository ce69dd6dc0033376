"""The chair's window, its dialogs: each question the window asks the chair, and the dialog
it asks it in (tests fill these dialogs, or replace the `ask_*` providers, and skip the modal
loop).

A mixin of ChairWindow (ui/chair_window.py), which sets `bridge` and the `ask_*` providers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

from facilitator.domain.attendees import Attendee
from facilitator.domain.errors import OverrideRequired
from facilitator.domain.interim import InterimRequired
from facilitator.domain.interpreting import interpreted_by, interpreters_of
from facilitator.domain.roles import Party

from .chair_meeting import ChairMeeting, ChairReason, InterimChoice, OverrideAnswer
from .dialogs import (
    AddAttendeeDialog,
    ExclusionDialog,
    ExclusionRequest,
    ExtendMeetingDialog,
    NewAttendee,
    OverrideDialog,
)
from .interpreter_dialog import InterpreterDialog
from .meeting_time import InterpretingChoice, InterpretingDialog

if TYPE_CHECKING:  # the mixin's `self` is the chair's QMainWindow
    from .interim_dialog import InterimDialog

    _Window = QMainWindow
else:
    _Window = object


def _exec(dialog: object) -> bool:
    return bool(dialog.exec())  # type: ignore[attr-defined]


class ChairDialogsMixin(_Window):
    """Dialog providers are attributes so tests can fill real dialogs without a modal loop."""

    bridge: ChairMeeting
    ask_override: Callable[[OverrideRequired], OverrideAnswer]
    ask_interim: Callable[[InterimRequired], InterimChoice | None]
    ask_exclusion: Callable[[list[Attendee]], ExclusionRequest | None]
    ask_interpreter_link: Callable[[InterpreterDialog], list[str] | None]
    ask_new_attendee: Callable[[], NewAttendee | None]
    ask_extension: Callable[[], tuple[float, str | ChairReason] | None]
    ask_summary_conflict: Callable[[str, str], str | None]
    ask_interpreting: Callable[[], InterpretingChoice | None]

    def now(self) -> datetime:
        return self.bridge.now()

    # ---- dialogs (replaceable in tests) -----------------------------------------------------
    def out_names(self) -> list[str]:
        """Family members who missed part of the meeting so far: what the chair types now may
        reach their copies (the override and extension dialogs warn)."""
        conference = self.bridge.conference
        out = {a for s in conference.segments for a in s.excluded}
        out |= {a for e in conference.exclusions for a in e.withheld_in_writing}
        return [p.name for p in conference.attendees.values()
                if p.id in out and p.role.party in (Party.FAMILY, Party.CHILD)]

    # The dialogs as the window makes them (tests fill these and skip the modal loop).
    def override_dialog(self, needed: OverrideRequired) -> OverrideDialog:
        return OverrideDialog(needed, self, out_names=self.out_names())

    def interim_dialog(self, needed: InterimRequired) -> InterimDialog:
        from .interim_dialog import InterimDialog

        conference = self.bridge.conference
        earlier = next((InterimChoice(d.interim_reason, d.relist_on)
                        for d in conference.decisions.values() if d.interim), None)
        return InterimDialog(needed, conference.details.day, earlier, self,
                             quorum=conference.quorum())

    def exclusion_dialog(self, people: list[Attendee]) -> ExclusionDialog:
        conference = self.bridge.conference
        requesters = [a.name for a in conference.attendees.values()
                      if a.role.party in (Party.PROFESSIONAL, Party.CHILD, Party.CHAIR)]
        going = {p.id for p in people} | conference.excluded_now
        others = [a for a in conference.attendees.values()
                  if a.role.party in (Party.FAMILY, Party.CHILD) and a.id not in going]
        leaving = [i for p in people for i in sorted(interpreters_of(conference, p.id))
                   if conference.in_meeting(i) and i not in going
                   and interpreted_by(conference, i) - going <= {
                       a for a in interpreted_by(conference, i)
                       if not conference.attendee(a).is_present}]
        return ExclusionDialog(people, requesters, self, others=others,
                               interpreters=[conference.attendee(i) for i in dict.fromkeys(
                                   leaving)])

    def extension_dialog(self) -> ExtendMeetingDialog:
        return ExtendMeetingDialog(self, out_names=self.out_names())

    def _ask_override(self, needed: OverrideRequired) -> OverrideAnswer:
        dialog = self.override_dialog(needed)
        return dialog.answer() if _exec(dialog) else None

    def _ask_interim(self, needed: InterimRequired) -> InterimChoice | None:
        dialog = self.interim_dialog(needed)
        return dialog.choice() if _exec(dialog) else None

    def _ask_exclusion(self, people: list[Attendee]) -> ExclusionRequest | None:
        dialog = self.exclusion_dialog(people)
        return dialog.request() if _exec(dialog) else None

    def _ask_new_attendee(self) -> NewAttendee | None:
        dialog = AddAttendeeDialog(self)
        return dialog.attendee() if _exec(dialog) else None

    def _ask_extension(self) -> tuple[float, str | ChairReason] | None:
        dialog = self.extension_dialog()
        if _exec(dialog):
            return dialog.minutes.value(), ChairReason(dialog.reason.text().strip(),
                                                       dialog.confidential.isChecked())
        return None

    def _ask_interpreting(self) -> InterpretingChoice | None:
        dialog = InterpretingDialog(self.bridge.conference, self.now(), self)
        return dialog.choice() if _exec(dialog) else None

    # ---- showing ---------------------------------------------------------------------------
    def _ask_interpreter_link(self, dialog: InterpreterDialog) -> list[str] | None:
        return dialog.chosen() if _exec(dialog) else None

    def _ask_summary_conflict(self, theirs: str, mine: str) -> str | None:
        from .minute_taker_window import ConflictDialog
        dialog = ConflictDialog(theirs, mine, self)
        return "mine" if dialog.exec() else "theirs"
