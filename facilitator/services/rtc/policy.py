"""What the hub and the join pages show right now: a snapshot made after each stored event.

Who may receive what is not decided here: every byte that leaves for a person passes the
meeting's egress guard (`facilitator.meeting.egress`), which applies the one audience rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ...domain.conference import Conference, MeetingStatus
from ...domain.interpreting import interpreters_of, links, speaker_label
from ...views import present_for_display

ROOM = "room"  # the room's microphone and loudspeakers, one source and one listener


@dataclass(frozen=True)
class RosterEntry:
    name: str
    role: str
    where: str


@dataclass(frozen=True)
class MediaPolicy:
    in_meeting: frozenset[str]  # attendee ids (and ROOM) who hear and are heard
    waiting: frozenset[str]
    excluded: frozenset[str]
    roster: tuple[RosterEntry, ...]
    stage: str | None
    status: str
    transcribed: bool
    names: tuple[tuple[str, str], ...]  # (attendee id, name) of everyone invited
    room_muted: bool = False
    # remote listener -> their remote interpreters, heard over the meeting (the mixer lowers
    # the others while an interpreter speaks)
    interpreters: tuple[tuple[str, frozenset[str]], ...] = ()
    speakers: tuple[tuple[str, str], ...] = ()  # (interpreter id, "Zofia, interpreting for ...")
    languages: tuple[tuple[str, str], ...] = ()  # (attendee id, language tag) of the invited

    def name_of(self, attendee_id: str) -> str:
        return dict(self.names).get(attendee_id, "")

    def speaker_of(self, attendee_id: str) -> str:
        """How a caption names who speaks: an interpreter, for whom they interpret."""
        return dict(self.speakers).get(attendee_id) or self.name_of(attendee_id)

    def interpreters_for(self, listener: str) -> frozenset[str]:
        """Asked for every listener every 20 ms: looked up in a dict made once."""
        return self._interpreters.get(listener, frozenset())

    @cached_property
    def _interpreters(self) -> dict[str, frozenset[str]]:
        return dict(self.interpreters)

    def language_of(self, attendee_id: str) -> str:
        """The person's recorded language: their join page opens in it (Welsh or English)."""
        return dict(self.languages).get(attendee_id, "en")


def remote_interpreters(conference: Conference) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each remote person's remote interpreters (an interpreter in the room is in the room's
    sound, which cannot be told apart from the room's other voices)."""
    remote = {a.id for a in conference.attendees.values() if a.mode.is_remote}
    pairs = []
    for person in sorted(remote):
        theirs = interpreters_of(conference, person) & remote
        if theirs:
            pairs.append((person, theirs))
    return tuple(pairs)


def policy_from(conference: Conference, transcribed: bool = False) -> MediaPolicy:
    running = conference.status is not MeetingStatus.ENDED
    in_meeting = conference.remote_in_meeting() | ({ROOM} if running else set())
    current = conference.agenda.current
    roster = tuple(RosterEntry(*row) for row in present_for_display(conference))
    return MediaPolicy(
        in_meeting=frozenset(in_meeting),
        waiting=frozenset(conference.waiting),
        excluded=conference.excluded_now,
        roster=roster,
        stage=current.spec.title if current else None,
        status=conference.status.value,
        transcribed=transcribed and conference.transcription_enabled,
        room_muted=conference.room_muted,
        names=tuple((a.id, a.name) for a in conference.attendees.values()),
        interpreters=remote_interpreters(conference),
        speakers=tuple((i, speaker_label(conference, i)) for i in links(conference)),
        languages=tuple((a.id, a.language) for a in conference.attendees.values()),
    )
