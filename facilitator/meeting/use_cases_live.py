"""Use cases of the meeting itself: agenda, people, the waiting room, segments, the room's switches.

Each is one named operation of the meeting API; it runs on the media loop, which owns the
session, and returns the events stored (on disk before anyone is told)."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain import events as ev
from ..domain.attendees import AttendanceMode, AttendanceState, Needs, ObserverConsent
from ..domain.commands import agenda, people, remote, room, segments
from .session_owner import SessionOwner


class LiveUseCases(SessionOwner):
    def add_stage(
        self,
        title: str,
        minutes: float,
        position: int | None = None,
        ring_fenced: bool = False,
        prompts: tuple[str, ...] = (),
    ) -> list[ev.Event]:
        return self._run(agenda.add_stage, title, minutes, position, ring_fenced, prompts)

    def begin_break(self, reason: str = "") -> list[ev.Event]:
        return self._run(agenda.begin_break, reason)

    def end_break(self) -> list[ev.Event]:
        return self._run(agenda.end_break)

    def end_meeting(self, override_reason: str | None = None,
                    override_confidential: bool = False) -> list[ev.Event]:
        return self._run(agenda.end_meeting, override_reason, override_confidential)

    def extend_meeting(self, minutes: float, reason: str, confidential: bool = False
                       ) -> list[ev.Event]:
        """The planned end moves; `confidential`: the reason stays out of family copies."""
        return self._run(agenda.extend_meeting, minutes, reason, confidential)

    def extend_stage(self, stage_id: str, minutes: float) -> list[ev.Event]:
        return self._run(agenda.extend_stage, stage_id, minutes)

    def go_to_stage(self, stage_id: str, override_reason: str | None = None,
                    override_confidential: bool = False) -> list[ev.Event]:
        return self._run(agenda.go_to_stage, stage_id, override_reason, override_confidential)

    def move_stage(self, stage_id: str, position: int) -> list[ev.Event]:
        return self._run(agenda.move_stage, stage_id, position)

    def next_stage(self, override_reason: str | None = None,
                   override_confidential: bool = False) -> list[ev.Event]:
        """`override_confidential`: the chair marked the override's reason confidential."""
        return self._run(agenda.next_stage, override_reason, override_confidential)

    def previous_stage(self) -> list[ev.Event]:
        return self._run(agenda.previous_stage)

    def set_interpretation(self, multiplier: float) -> list[ev.Event]:
        return self._run(agenda.set_interpretation, multiplier)

    def skip_stage(
        self, stage_id: str, reason: str = "", override_reason: str | None = None,
        override_confidential: bool = False,
    ) -> list[ev.Event]:
        return self._run(agenda.skip_stage, stage_id, reason, override_reason,
                         override_confidential)

    def start_meeting(self) -> list[ev.Event]:
        return self._run(agenda.start_meeting)

    def add_attendee(
        self,
        name: str,
        role_key: str,
        *,
        agency: str = "",
        mode: AttendanceMode = AttendanceMode.IN_ROOM,
        needs: Needs | None = None,
        supports: str | None = None,
        child_id: str | None = None,
        observer_consent: ObserverConsent | None = None,
        state: AttendanceState = AttendanceState.INVITED,
        attendee_id: str | None = None,
    ) -> list[ev.Event]:
        return self._run(
            people.add_attendee,
            name,
            role_key,
            agency=agency,
            mode=mode,
            needs=needs,
            supports=supports,
            child_id=child_id,
            observer_consent=observer_consent,
            state=state,
            attendee_id=attendee_id,
        )

    def change_attendance(self, attendee_id: str, state: AttendanceState) -> list[ev.Event]:
        return self._run(people.change_attendance, attendee_id, state)

    def change_mode(self, attendee_id: str, mode: AttendanceMode) -> list[ev.Event]:
        return self._run(people.change_mode, attendee_id, mode)

    def record_needs(self, attendee_id: str, needs: Needs) -> list[ev.Event]:
        return self._run(people.record_needs, attendee_id, needs)

    def record_language(self, attendee_id: str, language: str) -> list[ev.Event]:
        """The language a person speaks ("pl", "cy", or a name such as "Polish")."""
        return self._run(people.record_language, attendee_id, language)

    def admit(self, attendee_ids: Iterable[str]) -> list[ev.Event]:
        return self._run(remote.admit, attendee_ids)

    def admit_all(self) -> list[ev.Event]:
        return self._run(remote.admit_all)

    def arrive_remotely(self, attendee_id: str, mode: AttendanceMode) -> list[ev.Event]:
        """A remote person connected with their own link: they wait to be admitted."""
        return self._run(remote.arrive_remotely, attendee_id, mode)

    def send_to_waiting_room(self, attendee_id: str) -> list[ev.Event]:
        return self._run(remote.send_to_waiting_room, attendee_id)

    def readmit(self, attendee_ids: Iterable[str]) -> list[ev.Event]:
        return self._run(segments.readmit, attendee_ids)

    def set_room_muted(self, muted: bool) -> list[ev.Event]:
        return self._run(room.set_room_muted, muted)

    def set_transcription(self, enabled: bool, reason: str = "") -> list[ev.Event]:
        """Everyone is told whether the meeting is transcribed; switching it off needs a reason."""
        return self._run(room.set_transcription, enabled, reason)
