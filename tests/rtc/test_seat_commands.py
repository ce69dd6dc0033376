"""The minute-taker's commands are one set of typed objects on both sides: what the seat builds
and sends (`wire()`, through JSON) the chair's side parses back into an equal object."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.domain.child_focus import FocusPart
from facilitator.domain.minutes import Section
from facilitator.domain.transcript import Mark
from facilitator.services.rtc import transcript_schemas as schemas

NOW = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
ids = st.text("0123456789abcdef", min_size=1, max_size=32)
words = st.text(min_size=1, max_size=300).filter(lambda t: t.strip())
maybe = st.none() | ids
commands = st.one_of(
    st.builds(schemas.EditUtterance, ids, st.text(max_size=300), st.integers(0, 10_000)),
    st.builds(schemas.MarkUtterance, ids,
              st.lists(st.sampled_from(list(Mark)), unique=True).map(
                  lambda marks: tuple(sorted(marks, key=lambda m: m.name)))),
    st.builds(schemas.AssignSpeaker, ids, maybe),
    st.builds(schemas.AddNote, ids, words,
              st.integers(-3600, 3600).map(lambda s: NOW + timedelta(seconds=s)), maybe),
    st.builds(schemas.WriteSummary, st.sampled_from(list(Section)), st.lists(
        st.builds(schemas.Paragraph, st.text(max_size=200),
                  st.none() | st.frozensets(ids, min_size=1, max_size=4), st.booleans()),
        max_size=5).map(tuple), st.integers(0, 10_000)),
    st.builds(schemas.SplitUtterance, ids, st.integers(0, 500), maybe),
    st.builds(schemas.MergeUtterances, ids, ids),
    st.builds(schemas.MarkChildFocus, ids, ids, st.sampled_from(list(FocusPart)),
              st.booleans(), st.booleans()),
)


@settings(max_examples=300, deadline=None)
@given(commands)
def test_what_the_seat_sends_is_what_the_chair_parses(command: schemas.TranscriptArgs) -> None:
    sent = json.loads(json.dumps({"id": 1, "name": command.name, "args": command.wire()}))
    parsed = schemas.TranscriptCommand.parse(sent, NOW)
    assert parsed.args == command
    assert parsed.name == command.name
