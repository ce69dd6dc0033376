"""A whole fictional conference on Christmas Eve 2026 with an exclusion, driven by the domain
commands: the record's tests read its exports. Every name here is fictional.

Liam Ashcombe (father) is out of the meeting while the police speak (10:40-10:55). Phrases said,
typed and summarised only then must reach the full record and never his copy. Two things are
marked confidential in parts everyone attended; they must reach no family copy.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from facilitator.cli import demo_data
from facilitator.domain import events as ev
from facilitator.domain.attendees import AttendanceState, ObserverConsent
from facilitator.domain.calendar import add_working_days
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import agenda as ag
from facilitator.domain.commands import minutes as mn
from facilitator.domain.commands import people as pe
from facilitator.domain.commands import preparation as pr
from facilitator.domain.commands import record as rc
from facilitator.domain.commands import segments as sg
from facilitator.domain.conference import Conference
from facilitator.domain.decisions import Category, HarmView, Outcome, Plan
from facilitator.domain.minutes import ParagraphDraft, Section, ViewsChannel
from facilitator.domain.preparation import ContributionKind
from facilitator.domain.segments import ExclusionGround
from facilitator.domain.transcript import Mark, UtteranceSource
from facilitator.services.conference_file import LOCAL_ZONE, build_conference

CHRISTMAS_EVE = datetime(2026, 12, 24, 10, 0, tzinfo=LOCAL_ZONE)

# Only in the segment Liam was out of:
SPOKEN_OUT = "the Tollgate Lane caravan"
TYPED_OUT = "witness Orla Penhallow"
SUMMARY_OUT = "the Kestrel Road timeline"
# Marked confidential, in parts everyone attended:
CONFIDENTIAL_LINE = "14 Heron Close"
CONFIDENTIAL_SUMMARY = "the Wrenfield refuge"
# Said while everyone was there (and so in every copy):
SHARED_LINE = "Maisie drew Biscuit the dog in the middle of her family"
PARENT_LINE = "I have walked Maisie to school every day since half term"
EXCLUSION_REASON = "Liam has not yet been interviewed about the allegation"
NOT_SHARED_REASON = "an investigation is under way"

Do = Callable[..., list[ev.Event]]
DAY = timedelta(days=1)


def conference_data(start: datetime = CHRISTMAS_EVE, **changes: Any) -> dict[str, Any]:
    data = demo_data(start)
    data["scheduled_start"] = start.isoformat()
    data.update(changes)
    return data


def new_conference(start: datetime = CHRISTMAS_EVE, **changes: Any) -> Conference:
    return Conference.from_events(build_conference(conference_data(start, **changes),
                                                   start - timedelta(days=7)))


def ids(conf: Conference) -> dict[str, str]:
    """First name (lower case) to attendee id."""
    return {p.name.split()[-2 if p.name.startswith(("DC ", "Dr ")) else 0].lower(): p.id
            for p in conf.attendees.values()}


def runner(conf: Conference, clock: ManualClock) -> Do:
    def do(command: Callable[..., list[ev.Event]], *args: Any, **kwargs: Any) -> list[ev.Event]:
        events = command(conf, clock.now(), *args, **kwargs)
        for event in events:
            conf.apply(event)
        return events
    return do


def hold_conference(conf: Conference, clock: ManualClock, do: Do,
                    first_core_group: date = date(2027, 1, 8),
                    review_date: date = date(2027, 3, 18)) -> dict[str, str]:
    """Hold the whole meeting; returns the cast's ids by first name."""
    start = conf.details.scheduled_start
    day = start.date()
    who = ids(conf)

    def at(minutes: float) -> datetime:
        clock.set(start + timedelta(minutes=minutes))
        return clock.now()

    def say(minutes: float, speaker: str | None, text: str, *marks: Mark,
            source: UtteranceSource = UtteranceSource.ROOM) -> str:
        moment = at(minutes)
        said = do(rc.record_utterance, who.get(speaker or "", None), source, moment,
                  moment + timedelta(seconds=20), text)
        utterance_id: str = said[0].utterance_id  # type: ignore[attr-defined]
        if marks:
            do(rc.mark_utterance, utterance_id, set(marks), "rob")
        return utterance_id

    def summarise(section: Section, *paragraphs: ParagraphDraft) -> None:
        base = conf.minutes.summary(section).version
        do(mn.write_summary, section, paragraphs, base, who["rob"])

    clock.set(start - timedelta(days=2))
    do(pe.add_attendee, "Imogen Stray", "observer", agency="Fernbridge University",
       observer_consent=ObserverConsent(True, True), state=AttendanceState.CONFIRMED)
    who = ids(conf)
    do(mn.record_report, "Fernbridge Children's Services", author_id=who["priya"],
       received_on=day - 3 * DAY, shared_with_parents=True, shared_on=day - 2 * DAY)
    do(mn.record_report, "Public Protection Unit", author_id=who["tom"],
       received_on=day - DAY, not_shared_reason=NOT_SHARED_REASON)
    do(mn.record_report, "Millbrook Surgery", author_id=who["anita"],
       received_on=day - 2 * DAY, shared_with_parents=True, shared_on=day - DAY)
    do(mn.record_child_participation, "maisie", False,
       "Maisie is 8 and chose not to come; she met the chair on 22 December.",
       {ViewsChannel.DRAWING, ViewsChannel.MET_CHAIR})
    do(pr.attach_contribution, "maisie", ContributionKind.DRAWING, "d1" * 32, 48_000,
       "biscuit.png", description="Biscuit the dog in the middle of her family")
    do(mn.record_child_participation, "alfie", False, "Alfie is 4.",
       {ViewsChannel.OBSERVATION})
    for name in ("helen", "rob", "jade", "liam", "carys", "priya", "martin", "tom", "sian",
                 "gareth", "zofia", "imogen"):
        do(pe.change_attendance, who[name], AttendanceState.PRESENT)

    at(0)
    do(ag.start_meeting)
    say(1, "helen", "Welcome everyone. This conference is about Maisie and Alfie.")
    summarise(Section.OPENING, ParagraphDraft(
        "The chair explained the purpose of the conference, confidentiality and the agenda."))
    at(5)
    do(ag.next_stage)  # introductions
    at(10)
    do(ag.next_stage)  # apologies and reports
    at(15)
    do(ag.next_stage)  # child's views
    say(16, "priya", SHARED_LINE, Mark.CHILD_VIEW)
    summarise(Section.CHILD_VIEWS, ParagraphDraft(
        "Maisie's drawing shows she feels safest with her mother and her dog."))
    at(25)
    do(ag.next_stage)  # social work report
    say(26, "sian", f"Jade's new address is {CONFIDENTIAL_LINE}.", Mark.CONFIDENTIAL)
    at(35)
    do(ag.next_stage)  # agency reports
    at(40)
    # the chair decided that Jade, who stays, may have this part in writing
    do(sg.exclude, {who["liam"]}, {ExclusionGround.LEGAL_PROCEEDINGS}, who["tom"],
       EXCLUSION_REASON, withheld_in_writing=())
    say(41, "tom", f"Officers attended {SPOKEN_OUT} on 3 November.", source=UtteranceSource.VIDEO)
    say(43, None, f"Police to share the statement of {TYPED_OUT} with the social worker.",
        Mark.ACTION, source=UtteranceSource.TYPED)
    summarise(Section.INFORMATION, ParagraphDraft(
        f"Police set out {SUMMARY_OUT} and the current investigation."))
    at(55)
    do(sg.readmit, {who["liam"]})
    at(56)
    do(ag.next_stage)  # parents' views
    say(57, "jade", PARENT_LINE, Mark.PARENT_VIEW)
    say(59, "liam", "I want to see the children every weekend.", Mark.PARENT_VIEW)
    summarise(Section.PARENT_VIEWS, ParagraphDraft(
        "Jade said the children's routines are better since half term."),
        ParagraphDraft(f"Jade is staying at {CONFIDENTIAL_SUMMARY}.", confidential=True))
    at(66)
    do(ag.next_stage)  # analysis
    summarise(Section.WORRIES, ParagraphDraft("Maisie often arrives at school hungry."))
    summarise(Section.STRENGTHS, ParagraphDraft("Both parents love the children."))
    at(75)
    do(ag.next_stage)  # decision
    maisie_views = ((who["tom"], HarmView.SIGNIFICANT_HARM, {Category.NEGLECT}, ""),
                    (who["sian"], HarmView.SIGNIFICANT_HARM, {Category.NEGLECT}, ""),
                    (who["gareth"], HarmView.NOT_SIGNIFICANT_HARM, set(),
                     "Maisie's attendance has improved."))
    for child in ("maisie", "alfie"):
        for attendee, view, categories, comment in maisie_views:
            do(rc.record_view, child, attendee, view, categories, comment)
    do(rc.record_decision, "maisie", True, {Category.NEGLECT},
       "Maisie's basic care has been neglected over a long time.",
       "The school thinks the threshold is not met.")
    do(rc.record_decision, "alfie", True, {Category.NEGLECT},
       "Alfie is too young to keep himself safe from the same neglect.")
    say(85, "helen", "Both children will have a plan under the category of neglect.",
        Mark.DECISION)
    at(86)
    do(ag.next_stage, "consensus reached early; more time for the plan")
    for child in ("maisie", "alfie"):
        do(rc.record_plan, Plan(
            child_id=child, lead_social_worker_id=who["priya"],
            core_group_ids=frozenset({who[n] for n in ("priya", "jade", "liam", "sian",
                                                       "gareth")}),
            first_core_group=first_core_group,
            outcomes=(Outcome("The children have breakfast every school day",
                              "school breakfast log", date(2027, 3, 1)),),
            seen_alone="at every visit, at school", contingency="strategy discussion if the "
            "children miss two school days without reason", review_date=review_date))
    at(105)
    do(ag.next_stage)  # closing
    summarise(Section.CLOSING, ParagraphDraft(
        "The chair explained how to complain and when the record will be sent."))
    do(pe.change_attendance, who["zofia"], AttendanceState.LEFT)
    at(110)
    do(ag.end_meeting)
    return who


def held_conference(start: datetime = CHRISTMAS_EVE, *, first_core_group: date | None = None,
                    review_date: date | None = None, **changes: Any
                    ) -> tuple[Conference, dict[str, str]]:
    """The meeting held; the plan's dates default to 15 days (at most 10 working days) and
    84 days after `start`."""
    conf = new_conference(start, **changes)
    statutory = add_working_days(start.date(), 10, conf.details.nation)
    clock = ManualClock(start - timedelta(days=7))
    who = hold_conference(conf, clock, runner(conf, clock),
                          first_core_group or min(start.date() + timedelta(days=15), statutory),
                          review_date or start.date() + timedelta(days=84))
    return conf, who
