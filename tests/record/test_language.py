"""Dates and lists in Welsh, as Welsh public services write them: "dydd Mawrth 9 Mawrth
2027", "ar ddydd Mawrth" (soft mutation after a preposition), "a" / "ac" before a vowel."""

from __future__ import annotations

from datetime import date

import pytest

from facilitator.record.language import (
    ENGLISH_LANGUAGE,
    Language,
    document_language,
    mutate_after_prepositions,
)
from facilitator.services.messages import language

WELSH = language("cy")


@pytest.mark.parametrize(("day", "long", "short"), [
    (date(2027, 3, 9), "dydd Mawrth 9 Mawrth 2027", "9 Mawrth 2027"),
    (date(2026, 12, 24), "dydd Iau 24 Rhagfyr 2026", "24 Rhagfyr 2026"),
    (date(2027, 1, 1), "dydd Gwener 1 Ionawr 2027", "1 Ionawr 2027"),
    (date(2028, 2, 29), "dydd Mawrth 29 Chwefror 2028", "29 Chwefror 2028"),
    (date(2027, 6, 6), "dydd Sul 6 Mehefin 2027", "6 Mehefin 2027"),
    (date(2027, 7, 3), "dydd Sadwrn 3 Gorffennaf 2027", "3 Gorffennaf 2027"),
])
def test_welsh_dates(day: date, long: str, short: str) -> None:
    assert WELSH.day(day) == long
    assert WELSH.date(day) == short


def test_english_dates_are_as_before() -> None:
    assert ENGLISH_LANGUAGE.day(date(2027, 3, 9)) == "Tuesday 9 March 2027"
    assert ENGLISH_LANGUAGE.date(date(2027, 3, 9)) == "9 March 2027"


def test_a_date_after_ar_is_mutated_and_after_erbyn_is_not() -> None:
    day = WELSH.day(date(2027, 3, 9))
    assert WELSH.t("on {day}", day=day) == "ar ddydd Mawrth 9 Mawrth 2027"
    assert WELSH.jinja("The review conference will be held on %(day)s.", day=day) == (
        "Cynhelir y gynhadledd adolygu ar ddydd Mawrth 9 Mawrth 2027.")
    assert WELSH.jinja("You will receive your copy of the record of the conference by "
                       "%(record)s.", record=day).endswith("erbyn dydd Mawrth 9 Mawrth 2027.")
    assert mutate_after_prepositions("tan dydd Llun, o dydd Sul") == "tan ddydd Llun, o ddydd Sul"


def test_lists_join_with_a_or_ac() -> None:
    assert WELSH.join(["Maisie", "Alfie"]) == "Maisie ac Alfie"
    assert WELSH.join(["Maisie", "Tom", "Jade"]) == "Maisie, Tom a Jade"
    assert ENGLISH_LANGUAGE.join(["Maisie", "Alfie"]) == "Maisie and Alfie"


def test_documents_are_in_welsh_for_welsh_speakers_and_english_for_the_rest() -> None:
    assert document_language("cy") == "cy" and document_language("cy-GB") == "cy"
    assert document_language("pl") == "en" and document_language(None) == "en"
    assert language("pl") is ENGLISH_LANGUAGE
    assert isinstance(language("cy"), Language) and language("cy").welsh
