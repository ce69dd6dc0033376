"""Each person's language: a checked BCP-47 tag, English unless recorded otherwise."""

from __future__ import annotations

import pytest

from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import people as pe
from facilitator.domain.conference import Conference
from facilitator.domain.errors import DomainError
from facilitator.domain.languages import language_name, language_tag

from .helpers import add_cast, run


@pytest.mark.parametrize(("typed", "tag"), [("pl", "pl"), ("PL", "pl"), ("Polish", "pl"),
                                            ("welsh", "cy"), ("pt_br", "pt-BR"), ("en", "en")])
def test_a_language_is_kept_as_its_tag(typed: str, tag: str) -> None:
    assert language_tag(typed) == tag


@pytest.mark.parametrize("typed", ["", "Klingonese", "p", "pl-", "12"])
def test_something_that_is_no_language_is_refused(typed: str) -> None:
    with pytest.raises(DomainError, match="not a language tag"):
        language_tag(typed)


def test_english_unless_recorded_and_changeable(conf: Conference, clock: ManualClock) -> None:
    add_cast(conf, clock, only=("mum", "dad"))
    assert conf.attendee("mum").language == "en"
    run(conf, clock, pe.add_attendee, "Marek Nowicki", "family_member", language="Polish")
    marek = next(a for a in conf.attendees.values() if a.name == "Marek Nowicki")
    assert marek.language == "pl" and language_name(marek.language) == "Polish"
    run(conf, clock, pe.record_language, "dad", "cy")
    assert conf.attendee("dad").language == "cy"
    assert pe.record_language(conf, clock.now(), "dad", "Welsh") == []  # nothing changed
