"""How a preparation event changes `Preparation`, the state before the conference.

Kept apart from preparation.py: the events (events_preparation.py) carry that module's values,
so it cannot know the events without a cycle.
"""

from __future__ import annotations

from . import events_interpreting as pi
from . import events_preparation as pe
from .preparation import InterpreterBooking, Preparation


def apply_preparation_event(preparation: Preparation, event: pe.PreparationEvent) -> None:
    """Change `preparation` (the conference's) in place for one preparation event."""
    match event:
        case pe.LetterSent(letter=letter):
            preparation.letters.append(letter)
        case pe.SubstituteNamed(substitute=sub):
            preparation.substitutes[sub.for_id] = sub.substitute_id
        case pe.ReportSharedWithChild(sharing=s):
            preparation.shared_with_child[(s.report_id, s.child_id)] = s.shared_on
        case pe.ReportCommentRecorded(comment=comment):
            preparation.comments.append(comment)
        case pe.AdvocateOffered(offer=offer):
            preparation.advocate_offers[offer.child_id] = offer
        case pe.ContributionAttached(contribution=item):
            preparation.contributions[item.id] = item
        case pe.InterpreterBooked(booking=booking):
            preparation.interpreters.append(booking)
        case pi.InterpreterLinksChanged(interpreter_id=who, for_ids=people, language=language):
            preparation.interpreters = [b for b in preparation.interpreters
                                        if b.interpreter_id != who]
            if people:
                preparation.interpreters.append(InterpreterBooking(language, who, people))
        case pe.ArrangementMade(arrangement=made):
            preparation.arrangements[(made.attendee_id, made.kind)] = made
        case pe.TechnologyChecked(check=check):
            preparation.technology[check.attendee_id] = check
        case pe.ExclusionRequested(request=request):
            preparation.exclusion_requests[request.id] = request
        case pe.ExclusionDecided(decision=decision):
            preparation.exclusion_decisions[decision.request_id] = decision
        case pe.ObserverRequested(request=observer):
            preparation.observer_requests[observer.id] = observer
        case pe.ObserverConsentRecorded(answer=answer):
            preparation.observer_consents[(answer.request_id, answer.party)] = answer
        case pe.MetBeforeConference(meeting=meeting):
            preparation.meetings.append(meeting)
        case _:
            raise TypeError(f"not a preparation event: {type(event).__name__}")
