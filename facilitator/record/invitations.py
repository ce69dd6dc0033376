"""Calendar invitations for the first core group and the review conference (what, not how:
services/export/ics.py writes them as iCalendar)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..domain.conference import Conference
from ..domain.errors import DomainError
from .formatting import LOCAL_ZONE, name_of, role_of
from .language import ENGLISH_LANGUAGE, Language
from .letters import KIND_TEXT


@dataclass(frozen=True)
class InvitationSettings:
    # None: the plan fixes the day only, so the invitation is for the day, with the time and
    # place to follow (as the decision letter says); a council may set a usual time
    core_group_time: time | None = None
    core_group_minutes: int = 60
    review_time: time | None = None
    review_minutes: int = 120
    location: str = ""
    include_names: bool = False  # calendars are often synced to other systems: default off


@dataclass(frozen=True)
class Invitation:
    uid: str
    summary: str
    start: datetime | date  # a date: an all-day entry (no time is set yet)
    end: datetime | date
    location: str
    description: str


def _at(day: date, when: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, when, tzinfo=zone)


def invitations(conf: Conference, settings: InvitationSettings | None = None,
                zone: ZoneInfo = LOCAL_ZONE, lang: Language = ENGLISH_LANGUAGE
                ) -> list[Invitation]:
    settings = settings or InvitationSettings()
    if not conf.plans:
        raise DomainError("no child has a child protection plan recorded: there is no core "
                          "group or review to invite anyone to")
    reference = conf.id[:8].upper()
    location = settings.location or conf.details.venue
    made: list[Invitation] = []
    for kind, dates, when, minutes in (
        ("core-group", {p.first_core_group for p in conf.plans.values()},
         settings.core_group_time, settings.core_group_minutes),
        ("review", {p.review_date for p in conf.plans.values()},
         settings.review_time, settings.review_minutes),
    ):
        for day in sorted(dates):
            plans = [p for p in conf.plans.values()
                     if (p.first_core_group if kind == "core-group" else p.review_date) == day]
            children = lang.join([c.name for c in conf.details.children
                                  if any(p.child_id == c.id for p in plans)])
            title = lang.t("Core group meeting") if kind == "core-group" else lang.t(
                "Review child protection conference")
            if settings.include_names:
                title += f": {children}"
            lines = [lang.t("Reference {reference}. Following the {kind} of {day}.",
                            reference=reference, kind=lang.t(KIND_TEXT[conf.details.kind.value]),
                            day=lang.date(conf.details.day))]
            if settings.include_names:
                members = sorted({m for p in plans for m in p.core_group_ids},
                                 key=lambda m: name_of(conf, m))
                lines.append(lang.t("Invited: {people}.", people="; ".join(
                    f"{name_of(conf, m)} ({role_of(conf, m)})" for m in members)))
            else:
                lines.append(lang.t("The plan summary says who is invited."))
            uid = f"{conf.id}-{kind}-{day.isoformat()}@conference-facilitator"
            if when is None:
                who_tells = (lang.t("The social worker will confirm the time and place.") if
                             kind == "core-group" else lang.t(
                                 "The time and place will be confirmed in the invitation to the "
                                 "review conference."))
                made.append(Invitation(uid=uid,
                                       summary=lang.t("{title} (time to be confirmed)",
                                                      title=title),
                                       start=day, end=day + timedelta(days=1), location="",
                                       description="\n".join([*lines, who_tells])))
                continue
            start = _at(day, when, zone)
            made.append(Invitation(
                uid=uid, summary=title, start=start, end=start + timedelta(minutes=minutes),
                location=location, description="\n".join(lines),
            ))
    return made
