"""Who may be sent which document of the conference (a query, not a command)."""

from __future__ import annotations

from .conference import Conference
from .minutes import Channel, DocumentKind
from .roles import Party


def core_group_ids(conf: Conference) -> frozenset[str]:
    members: set[str] = set()
    for plan in conf.plans.values():
        members |= plan.core_group_ids | {plan.lead_social_worker_id}
    return frozenset(members)


def recipient_problem(conf: Conference, document: DocumentKind, recipient_id: str) -> str | None:
    """Why this person may not receive this document (None: they may)."""
    if document is DocumentKind.CHILD_LETTER:
        if any(c.id == recipient_id for c in conf.details.children):
            return None
        person = conf.attendees.get(recipient_id)
        if person is not None and person.child_id is not None:
            return None
        who = person.name if person else f"'{recipient_id}'"
        return f"{who} is not a subject child of this conference"
    person = conf.attendee(recipient_id)
    party = person.role.party
    if document is DocumentKind.FAMILY_COPY and party not in (Party.FAMILY, Party.CHILD):
        return (f"{person.name} is not a family member: the family's copy is for the family; "
                "professionals receive the full record")
    if document is DocumentKind.FULL_RECORD and party not in (
        Party.PROFESSIONAL, Party.CHAIR, Party.MINUTE_TAKER
    ):
        return (f"{person.name} is not a professional: send the family's copy, which leaves "
                "out what they were not present for")
    if document is DocumentKind.SUMMARY and party not in (
        Party.PROFESSIONAL, Party.CHAIR, Party.MINUTE_TAKER, Party.FAMILY, Party.CHILD
    ):
        return f"{person.name} does not receive the record of the conference, nor its summary"
    if document is DocumentKind.DECISION_LETTER and party is not Party.FAMILY:
        return f"{person.name} is not a parent or family member: the decision letter is theirs"
    if document is DocumentKind.EXCLUSION_LETTER and (
            party is not Party.FAMILY
            or not any(recipient_id in e.attendee_ids for e in conf.exclusions)):
        return f"{person.name} was not excluded from any part of the conference"
    if document in (DocumentKind.PLAN_SUMMARY, DocumentKind.CORE_GROUP_INVITATION) and (
        recipient_id not in core_group_ids(conf)
    ):
        return f"{person.name} is not in the core group of any child's plan"
    return None


def recipient_name(conf: Conference, recipient_id: str) -> str:
    """An attendee's or a subject child's name (the id itself when it is neither)."""
    person = conf.attendees.get(recipient_id)
    if person is not None:
        return person.name
    return next((c.name for c in conf.details.children if c.id == recipient_id), recipient_id)


def post_problem(conf: Conference, recipient_id: str, channel: Channel) -> str | None:
    """Why a letter cannot have gone to this recipient by post (None: it can, or it went
    another way): there is no postal address to send it to."""
    if channel is not Channel.POST or conf.postal_address(recipient_id):
        return None
    return (f"{recipient_name(conf, recipient_id)} has no postal address: record one (Before "
            "the meeting > Addresses, or 'address' in the conference file) or send the letter "
            "another way")
