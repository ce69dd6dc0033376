"""The plan summary for the core group: each child's plan, on its own."""

from __future__ import annotations

from ..domain.conference import Conference
from ..domain.errors import DomainError
from .document import Block, Document, Heading, Para, Style
from .formatting import date_text, day_text, join_words
from .outcome import child_heading, decision_sentence, plan_fields
from .wording import RecordSettings, Wording


def build_plan_summary(conf: Conference, wording: Wording | None = None,
                       settings: RecordSettings | None = None) -> Document:
    wording = wording or Wording()
    settings = settings or RecordSettings()
    if not conf.plans:
        raise DomainError("no child has a child protection plan recorded: there is no plan "
                          "to summarise")
    kind = f"{conf.details.kind.value} child protection conference"
    firsts = sorted({p.first_core_group for p in conf.plans.values()})
    blocks: list[Block] = [Para(
        f"Agreed at the {kind} on {day_text(conf.details.day)}. The core group first meets on "
        f"{join_words(map(date_text, firsts))}. Everyone in the core group shares the work of "
        "the plan; tell the lead social worker at once if something in it cannot be done.",
        Style.NOTE)]
    for child in conf.details.children:
        plan = conf.plans.get(child.id)
        decision = conf.decisions.get(child.id)
        blocks.append(Heading(child_heading(conf, child), 2))
        if decision is not None:
            blocks.append(Para(decision_sentence(conf, decision), Style.STRONG))
        if plan is None:
            blocks.append(Para("No plan is recorded for this child.", Style.NOTE))
            continue
        blocks.extend(plan_fields(conf, plan))
    names = join_words(c.name for c in conf.details.children)
    return Document(
        title=wording.heading("plan_summary"),
        subtitle=f"{names}: {day_text(conf.details.day)}",
        marking=settings.marking,
        audience="For the core group",
        footer=f"{settings.council}, {settings.unit}",
        blocks=tuple(blocks),
        meta={"conference": conf.id, "for": "core group"},
    )
