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
from .formatting import join_words, name_of, time_text
from .wording import Wording

# Ending less than a minute after the planned end is ending on time.
ON_TIME_MINUTES = 1.0


def _minutes(delta: timedelta) -> int:
    return round(delta.total_seconds() / 60)


def _plural(minutes: float) -> str:
    count = round(minutes)
    return f"{count} minute{'s' if count != 1 else ''}"


def extension_lines(conf: Conference, audience: Audience) -> list[str]:
    lines = []
    end = conf.details.scheduled_start + timedelta(minutes=conf.details.planned_minutes)
    for event in conf.log:
        if not isinstance(event, ev.MeetingExtended):
            continue
        end += timedelta(minutes=event.minutes)
        if audience.sees_chair_text(conf, event.at, event.confidential):
            reason = (f"[Confidential] {event.reason}" if event.confidential
                      else event.reason)
        else:
            reason = "a reason was given while you were not present"
        lines.append(f"at {time_text(event.at)}, by {_plural(event.minutes)} to "
                     f"{time_text(end)}: {reason}")
    return lines


def overrun_text(conf: Conference) -> str | None:
    """How the end compared with the planned end; None until the meeting has ended."""
    ended = conf.ended_at
    if ended is None:
        return None
    details = conf.details
    planned = details.scheduled_start + timedelta(minutes=details.planned_minutes)
    extended = conf.clock.planned_end
    over = _minutes(ended - extended)
    if over < ON_TIME_MINUTES:
        if extended > planned and ended > planned:
            return (f"{time_text(ended)}, within the extended time "
                    f"({_plural(_minutes(ended - planned))} after the planned end of "
                    f"{time_text(planned)}).")
        return f"{time_text(ended)}, within the planned time."
    if extended > planned:
        return (f"{time_text(ended)}, {_plural(over)} after the extended end "
                f"({time_text(extended)}; planned {time_text(planned)}). The meeting was not "
                "extended again: no reason was given for running beyond it.")
    return (f"{time_text(ended)}, {_plural(over)} after its planned end "
            f"({time_text(planned)}). The meeting was not extended: no reason was given for "
            "running over.")


def interpreting_text(conf: Conference) -> str | None:
    """Who interpreted for whom, and the time allowed for consecutive interpreting."""
    bookings = conf.preparation.interpreters
    changes = [e for e in conf.log if isinstance(e, ev.InterpretationMultiplierSet)]
    if not bookings and not changes:
        return None
    who = join_words(
        f"{name_of(conf, b.interpreter_id)} ({b.language}) for "
        f"{join_words(sorted(name_of(conf, i) for i in b.for_ids))}" for b in bookings)
    booked = f"Interpreter booked: {who}. " if who else ""
    if not changes:
        return booked + "Stage times were not lengthened for interpreting."
    steps = []
    for change in changes:
        when = (f"from {time_text(change.at)}" if conf.started_at and change.at >= conf.started_at
                else "from the start")
        if change.multiplier == 1.0:
            steps.append(f"back to their planned length {when}")
        else:
            steps.append(f"allowed {change.multiplier:g} times their planned length {when}")
    return booked + "For consecutive interpreting, stage times were " + "; ".join(steps) + "."


def timing_blocks(conf: Conference, audience: Audience, wording: Wording) -> list[Block]:
    details = conf.details
    planned_end = details.scheduled_start + timedelta(minutes=details.planned_minutes)
    rows: list[tuple[str, str]] = [
        ("Planned", f"{time_text(details.scheduled_start)} to {time_text(planned_end)} "
                    f"({_plural(details.planned_minutes)})")]
    if conf.started_at is not None:
        late = _minutes(conf.started_at - details.scheduled_start)
        rows.append(("Started", time_text(conf.started_at)
                     + (f", {_plural(late)} late" if late >= ON_TIME_MINUTES else "")))
    extensions = extension_lines(conf, audience)
    if extensions:
        rows.append(("Extended", "\n".join(extensions)))
    overrun = overrun_text(conf)
    if overrun:
        rows.append(("Ended", overrun))
    interpreting = interpreting_text(conf)
    if interpreting:
        rows.append(("Interpreting", interpreting))
    return [Heading(wording.heading("time")), Fields(tuple(rows))]


def minutes_past_end(conf: Conference, now: datetime) -> float:
    """How far the running meeting is past its planned end (extensions included); 0 if not."""
    return max(0.0, (now - conf.clock.planned_end).total_seconds() / 60)
