"""Who speaks: speaking time per party (the family, the child and their advocate, each agency,
the chair), per stage and overall, from the attributed transcript.

A line counts for its speaker's party for as long as it was said (its first to last sound, as
the recogniser or the person who recorded it set them). A typed line has no duration of its
own (it is stamped at one moment): it counts as its words at a speaking rate
(`ParticipationSettings.typed_seconds_per_word`), and the figures say how much was estimated
that way. Lines with no speaker count as "not attributed", so gaps in attribution show.

Exclusions: a view for a person is built only from the lines that person may receive (the one
rule, `audience.may_receive`), never from "who is in now": what was said while they were out
counts neither in the figures nor in the totals they are shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum

from .attendees import Attendee
from .conference import Conference
from .roles import Party
from .transcript import Utterance, UtteranceSource


class PartyKind(Enum):
    FAMILY = "the family"
    CHILD = "the child and their advocate"
    CHAIR = "the chair"
    AGENCY = "agency"
    MINUTE_TAKER = "the minute-taker"
    INTERPRETER = "interpreter"
    UNATTRIBUTED = "not attributed"


ORDER = {kind: i for i, kind in enumerate(PartyKind)}


@dataclass(frozen=True, order=True)
class PartyKey:
    """One party: a kind, and for an agency its name."""

    kind: PartyKind
    agency: str = ""

    @property
    def label(self) -> str:
        if self.kind is PartyKind.AGENCY:
            return self.agency
        text = str(self.kind.value)
        return text[0].upper() + text[1:]

    @property
    def sort_key(self) -> tuple[int, str]:
        return ORDER[self.kind], self.agency


def party_of(person: Attendee, people: dict[str, Attendee]) -> PartyKey:
    """The party a person speaks for: a supporter with the person they support, a child's
    advocate with the child, a professional with their agency (or role)."""
    party = person.role.party
    if party is Party.CHILD or person.role_key == "child_advocate":
        return PartyKey(PartyKind.CHILD)
    if party is Party.SUPPORTER:
        supported = people.get(person.supports or "")
        if supported is not None and supported.role.party is Party.CHILD:
            return PartyKey(PartyKind.CHILD)
        return PartyKey(PartyKind.FAMILY)
    if party is Party.FAMILY:
        return PartyKey(PartyKind.FAMILY)
    if party is Party.CHAIR:
        return PartyKey(PartyKind.CHAIR)
    if party is Party.MINUTE_TAKER:
        return PartyKey(PartyKind.MINUTE_TAKER)
    if party is Party.INTERPRETER:
        return PartyKey(PartyKind.INTERPRETER)
    return PartyKey(PartyKind.AGENCY, person.agency.strip() or person.role.label)


@dataclass(frozen=True)
class ParticipationSettings:
    """The council's settings (settings.yaml, participation: ...)."""

    typed_seconds_per_word: float = 0.4  # 150 words a minute
    family_silent_minutes: float = 10.0  # prompt: the family has said nothing for this long
    # stages where the family's silence is not prompted (welcome, introductions, the close)
    quiet_stages: frozenset[str] = frozenset({"welcome", "introductions", "opening",
                                              "closing"})
    decision_stages: frozenset[str] = frozenset({"decision"})


@dataclass(frozen=True)
class PartyTime:
    party: PartyKey
    seconds: float  # spoken plus estimated typed time
    lines: int
    typed_seconds: float = 0.0  # the part of `seconds` estimated from typed words

    def share_of(self, total: float) -> float:
        return self.seconds / total if total > 0 else 0.0


@dataclass(frozen=True)
class StageTime:
    stage_id: str | None
    title: str
    parties: tuple[PartyTime, ...]

    @property
    def total_seconds(self) -> float:
        return sum(p.seconds for p in self.parties)


@dataclass(frozen=True)
class Participation:
    overall: tuple[PartyTime, ...]
    stages: tuple[StageTime, ...]
    viewer: str | None  # None: everything (the chair's and professionals' view)

    @property
    def total_seconds(self) -> float:
        return sum(p.seconds for p in self.overall)

    def stage(self, stage_id: str | None) -> StageTime | None:
        return next((s for s in self.stages if s.stage_id == stage_id), None)

    def seconds_of(self, party: PartyKey) -> float:
        return next((p.seconds for p in self.overall if p.party == party), 0.0)

    def stage_seconds_of(self, stage_id: str | None, party: PartyKey) -> float:
        stage = self.stage(stage_id)
        rows = stage.parties if stage is not None else ()
        return next((p.seconds for p in rows if p.party == party), 0.0)


def line_seconds(line: Utterance, settings: ParticipationSettings) -> tuple[float, float]:
    """(seconds, of which estimated): a typed line stamped at one moment counts its words."""
    said = (line.ended_at - line.started_at).total_seconds()
    if line.source is UtteranceSource.TYPED and said <= 0:
        estimated = len(line.text.split()) * settings.typed_seconds_per_word
        return estimated, estimated
    return max(0.0, said), 0.0


def party_of_line(conf: Conference, line: Utterance) -> PartyKey:
    if line.speaker_id is None or line.speaker_id not in conf.attendees:
        return PartyKey(PartyKind.UNATTRIBUTED)
    return party_of(conf.attendees[line.speaker_id], conf.attendees)


def _totals(conf: Conference, lines: Iterable[Utterance], settings: ParticipationSettings
            ) -> tuple[PartyTime, ...]:
    seconds: dict[PartyKey, list[float]] = {}
    for line in lines:
        said, estimated = line_seconds(line, settings)
        row = seconds.setdefault(party_of_line(conf, line), [0.0, 0.0, 0.0])
        row[0] += said
        row[1] += 1
        row[2] += estimated
    rows = [PartyTime(k, round(v[0], 3), int(v[1]), round(v[2], 3)) for k, v in seconds.items()]
    return tuple(sorted(rows, key=lambda r: r.party.sort_key))


def speaking_time(conf: Conference, sees: Callable[[Utterance], bool] | None = None,
                  settings: ParticipationSettings | None = None, *,
                  viewer: str | None = None) -> Participation:
    """Speaking time from the lines `sees` lets through (all of them when None)."""
    settings = settings or ParticipationSettings()
    lines = [u for u in conf.transcript() if sees is None or sees(u)]
    titles = {s.id: s.spec.title for s in conf.agenda.stages}
    order = {s.id: i for i, s in enumerate(conf.agenda.stages)}
    stage_ids = sorted({u.stage_id for u in lines},
                       key=lambda s: order.get(s or "", -1))
    stages = tuple(
        StageTime(stage_id, titles.get(stage_id or "", "Before the agenda"),
                  _totals(conf, (u for u in lines if u.stage_id == stage_id), settings))
        for stage_id in stage_ids)
    return Participation(_totals(conf, lines, settings), stages, viewer)


def speaking_time_for(conf: Conference, attendee_id: str,
                      settings: ParticipationSettings | None = None) -> Participation:
    """What this person may be shown: only lines from segments they were in the audience of."""
    conf.attendee(attendee_id)
    return speaking_time(conf, lambda u: conf.may_receive(attendee_id, u), settings,
                         viewer=attendee_id)
