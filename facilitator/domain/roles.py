"""The catalogue of who is invited to a conference (procedure section 8.1)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .errors import DomainError


class Party(Enum):
    """Which side of the table a role sits on: decides quorum, exclusion, copies of the record."""

    CHAIR = "chair"
    MINUTE_TAKER = "minute_taker"
    FAMILY = "family"
    CHILD = "child"
    SUPPORTER = "supporter"
    PROFESSIONAL = "professional"
    OBSERVER = "observer"
    INTERPRETER = "interpreter"


class Discipline(Enum):
    """Professional disciplines counted for quorum (agencies with direct contact)."""

    SOCIAL_WORK = "social work"
    POLICE = "police"
    HEALTH = "health"
    EDUCATION = "education"
    PROBATION = "probation"
    HOUSING = "housing"
    MENTAL_HEALTH = "mental health"
    SUBSTANCE_MISUSE = "substance misuse"
    DOMESTIC_ABUSE = "domestic abuse services"
    LEGAL = "legal"
    CARE_PROVIDER = "care provider"
    OTHER = "other"


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    party: Party
    discipline: Discipline | None = None
    normally_invited: bool = False
    counts_for_quorum: bool = True

    @property
    def is_professional(self) -> bool:
        return self.party is Party.PROFESSIONAL

    @property
    def is_family(self) -> bool:
        return self.party in (Party.FAMILY, Party.CHILD)


_P = Party.PROFESSIONAL
_D = Discipline

ROLES: dict[str, Role] = {
    r.key: r
    for r in (
        Role("chair", "Independent conference chair", Party.CHAIR),
        Role("minute_taker", "Minute-taker", Party.MINUTE_TAKER),
        Role("parent", "Parent", Party.FAMILY, normally_invited=True),
        Role("parental_responsibility", "Person with parental responsibility", Party.FAMILY,
             normally_invited=True),
        Role("family_member", "Family member", Party.FAMILY),
        Role("child", "Child", Party.CHILD, normally_invited=True),
        Role("child_advocate", "Child's independent advocate", Party.SUPPORTER,
             normally_invited=True),
        Role("parent_supporter", "Parent's supporter or advocate", Party.SUPPORTER),
        Role("parent_solicitor", "Parent's solicitor (as supporter)", Party.SUPPORTER),
        Role("interpreter", "Independent interpreter", Party.INTERPRETER),
        Role("observer", "Professional observer", Party.OBSERVER),
        Role("social_worker", "Child's social worker", _P, _D.SOCIAL_WORK, True),
        Role("social_work_manager", "Social work team manager", _P, _D.SOCIAL_WORK, True),
        Role("police", "Police, Public Protection Unit", _P, _D.POLICE, True),
        Role("health_visitor", "Health visitor", _P, _D.HEALTH, True),
        Role("school_nurse", "School nurse", _P, _D.HEALTH, True),
        Role("gp", "General practitioner", _P, _D.HEALTH, True),
        Role("paediatrician", "Consultant paediatrician", _P, _D.HEALTH, True),
        Role("midwife", "Midwife", _P, _D.HEALTH),
        Role("adult_health", "Health service for the parent (psychiatry, psychology)", _P,
             _D.HEALTH),
        Role("school", "School or education setting", _P, _D.EDUCATION, True),
        Role("education_welfare", "Education welfare officer", _P, _D.EDUCATION),
        Role("early_years", "Early years setting", _P, _D.EDUCATION),
        Role("probation", "Probation or youth justice", _P, _D.PROBATION),
        Role("housing", "Housing services", _P, _D.HOUSING),
        Role("mental_health", "Mental health service (adult or child)", _P, _D.MENTAL_HEALTH),
        Role("substance_misuse", "Alcohol and substance misuse service", _P,
             _D.SUBSTANCE_MISUSE),
        Role("domestic_abuse", "Domestic abuse service", _P, _D.DOMESTIC_ABUSE),
        Role("foster_carer", "Foster carer or residential staff", _P, _D.CARE_PROVIDER),
        Role("armed_services_welfare", "Armed services welfare", _P, _D.OTHER),
        Role("legal", "Local authority legal services", _P, _D.LEGAL,
             counts_for_quorum=False),
        Role("childrens_guardian", "Children's Guardian", _P, _D.LEGAL,
             counts_for_quorum=False),
        Role("child_solicitor", "Child's solicitor", _P, _D.LEGAL, counts_for_quorum=False),
        Role("other_professional", "Other professional", _P, _D.OTHER),
    )
}


def role(key: str) -> Role:
    try:
        return ROLES[key]
    except KeyError:
        known = ", ".join(sorted(ROLES))
        raise DomainError(f"unknown role '{key}' (known roles: {known})") from None
