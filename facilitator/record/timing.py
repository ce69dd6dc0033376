"""The meeting's time in the record: its planned length, every extension with the chair's
reason, whether it ran past its planned end (and that no reason was given, when none was), and
the time allowed for consecutive interpreting.

An extension's reason is shown to a family member only if they were in the meeting when it was
given and the chair did not mark it confidential (`Audience.sees_chair_text`, as for the
ring-fence overrides): otherwise the copy says a reason was given.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ..domain import events as ev
from ..domain.conference import Conference
from .audience import Audience
from .document import Block, Fields, Heading
from .formatting import name_of, time_text
from .language import ENGLISH_LANGUAGE, N_, Language
from .wording import Wording

# Ending less than a minute after the planned end is ending on time.
ON_TIME_MINUTES = 1.0


def _minutes(delta: timedelta) -> int:
    return round(delta.total_seconds() / 60)


def _plural(minutes: float, lang: Language = ENGLISH_LANGUAGE) -> str:
    count = round(minutes)
    return lang.t(N_("{count} minute") if count == 1 else N_("{count} minutes"), count=count)


def extension_lines(conf: Conference, audience: Audience,
                    lang: Language = ENGLISH_LANGUAGE) -> list[str]:
    lines = []
    end = conf.details.scheduled_start + timedelta(minutes=conf.details.planned_minutes)
    for event in conf.log:
        if not isinstance(event, ev.MeetingExtended):
            continue
        end += timedelta(minutes=event.minutes)
        if audience.sees_chair_text(conf, event.at, event.confidential):
            reason = (lang.t("[Confidential] {reason}", reason=event.reason)
                      if event.confidential else event.reason)
        else:
            reason = lang.t("a reason was given while you were not present")
        lines.append(lang.t("at {time}, by {minutes} to {end}: {reason}",
                            time=time_text(event.at), minutes=_plural(event.minutes, lang),
                            end=time_text(end), reason=reason))
    return lines


def overrun_text(conf: Conference, lang: Language = ENGLISH_LANGUAGE) -> str | None:
    """How the end compared with the planned end; None until the meeting has ended."""
    ended = conf.ended_at
    if ended is None:
        return None
    details = conf.details
    planned = details.scheduled_start + timedelta(minutes=details.planned_minutes)
    extended = conf.clock.planned_end
    over = _minutes(ended - extended)
    times = {"ended": time_text(ended), "planned": time_text(planned),
             "extended": time_text(extended)}
    if over < ON_TIME_MINUTES:
        if extended > planned and ended > planned:
            return lang.t("{ended}, within the extended time ({minutes} after the planned end "
                          "of {planned}).", minutes=_plural(_minutes(ended - planned), lang),
                          **times)
        return lang.t("{ended}, within the planned time.", **times)
    if extended > planned:
        return lang.t("{ended}, {minutes} after the extended end ({extended}; planned "
                      "{planned}). The meeting was not extended again: no reason was given "
                      "for running beyond it.", minutes=_plural(over, lang), **times)
    return lang.t("{ended}, {minutes} after its planned end ({planned}). The meeting was not "
                  "extended: no reason was given for running over.",
                  minutes=_plural(over, lang), **times)


def interpreting_text(conf: Conference, lang: Language = ENGLISH_LANGUAGE) -> str | None:
    """Who interpreted for whom, and the time allowed for consecutive interpreting."""
    bookings = conf.preparation.interpreters
    changes = [e for e in conf.log if isinstance(e, ev.InterpretationMultiplierSet)]
    if not bookings and not changes:
        return None
    who = lang.join([
        lang.t("{interpreter} ({language}) for {people}",
               interpreter=name_of(conf, b.interpreter_id), language=b.language,
               people=lang.join(sorted(name_of(conf, i) for i in b.for_ids)))
        for b in bookings])
    booked = lang.t("Interpreter booked: {who}. ", who=who) if who else ""
    if not changes:
        return booked + lang.t("Stage times were not lengthened for interpreting.")
    steps = []
    for change in changes:
        when = (lang.t("from {time}", time=time_text(change.at))
                if conf.started_at and change.at >= conf.started_at
                else lang.t("from the start"))
        if change.multiplier == 1.0:
            steps.append(lang.t("back to their planned length {when}", when=when))
        else:
            steps.append(lang.t("allowed {times} times their planned length {when}",
                                times=f"{change.multiplier:g}", when=when))
    return booked + lang.t("For consecutive interpreting, stage times were {steps}.",
                           steps="; ".join(steps))


def timing_blocks(conf: Conference, audience: Audience, wording: Wording,
                  lang: Language = ENGLISH_LANGUAGE) -> list[Block]:
    details = conf.details
    planned_end = details.scheduled_start + timedelta(minutes=details.planned_minutes)
    rows: list[tuple[str, str]] = [
        (lang.t("Planned"), lang.t("{start} to {end} ({minutes})",
                                   start=time_text(details.scheduled_start),
                                   end=time_text(planned_end),
                                   minutes=_plural(details.planned_minutes, lang)))]
    if conf.started_at is not None:
        late = _minutes(conf.started_at - details.scheduled_start)
        rows.append((lang.t("Started"), time_text(conf.started_at) + (
            lang.t(", {minutes} late", minutes=_plural(late, lang))
            if late >= ON_TIME_MINUTES else "")))
    extensions = extension_lines(conf, audience, lang)
    if extensions:
        rows.append((lang.t("Extended"), "\n".join(extensions)))
    overrun = overrun_text(conf, lang)
    if overrun:
        rows.append((lang.t("Ended"), overrun))
    interpreting = interpreting_text(conf, lang)
    if interpreting:
        rows.append((lang.t("Interpreting"), interpreting))
    return [Heading(wording.heading("time")), Fields(tuple(rows))]


def minutes_past_end(conf: Conference, now: datetime) -> float:
    """How far the running meeting is past its planned end (extensions included); 0 if not."""
    return max(0.0, (now - conf.clock.planned_end).total_seconds() / 60)
