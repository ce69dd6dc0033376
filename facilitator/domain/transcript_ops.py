"""How transcript events change lines: revisions, edits, marks, speakers, splits, merges."""

from __future__ import annotations

from dataclasses import replace

from . import events as ev
from .transcript import Edit, Utterance

LineEvent = (ev.RecognitionRevised | ev.UtteranceEdited | ev.UtteranceMarked
             | ev.SpeakerAssigned | ev.UtteranceSplit | ev.UtterancesMerged)


def apply_line_event(lines: dict[str, Utterance], event: LineEvent) -> None:
    """Change `lines` (the conference's utterances) in place for one transcript event."""
    match event:
        case ev.RecognitionRevised():
            u = lines[event.utterance_id]
            lines[u.id] = replace(u, recognised_text=event.text, ended_at=event.ended_at,
                                  confidence=event.confidence, version=u.version + 1)
        case ev.UtteranceEdited():
            u = lines[event.utterance_id]
            edit = Edit(event.text, event.actor, event.at, u.version + 1)
            lines[u.id] = replace(u, edits=(*u.edits, edit), version=u.version + 1)
        case ev.UtteranceMarked():
            u = lines[event.utterance_id]
            lines[u.id] = replace(u, marks=event.marks, version=u.version + 1)
        case ev.SpeakerAssigned():
            u = lines[event.utterance_id]
            lines[u.id] = replace(u, speaker_id=event.speaker_id, version=u.version + 1,
                                  speaker_confidence=None)
        case ev.UtteranceSplit():
            u = lines[event.utterance_id]
            first, second = u.text[:event.position].strip(), u.text[event.position:].strip()
            edit = Edit(first, event.actor, event.at, u.version + 1)
            lines[u.id] = replace(u, edits=(*u.edits, edit), ended_at=event.split_at,
                                  version=u.version + 1)
            lines[event.new_utterance_id] = replace(
                u, id=event.new_utterance_id, started_at=event.split_at, recognised_text=second,
                edits=(), marks=frozenset(), version=1)
        case ev.UtterancesMerged():
            a, b = lines[event.first_id], lines.pop(event.second_id)
            edit = Edit(f"{a.text} {b.text}", event.actor, event.at, a.version + 1)
            lines[a.id] = replace(a, edits=(*a.edits, edit), ended_at=b.ended_at,
                                  marks=a.marks | b.marks, version=a.version + 1)
