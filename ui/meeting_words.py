"""What the meeting says in English, in the window's language: why the ring-fence needs an
override (domain/commands/agenda.py) and the state of transcription, "behind" included
(services/asr/loader.py, meeting/speech.py). Both come as text, also over the wire to a remote
window; the sentences they can be are worded again here, with a stage's title from the
documents' catalogue. Anything else (a problem's own words) is shown as it came."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from .language import words

CUT_SHORT = re.compile(r"^'(?P<stage>.+)' is ring-fenced and has (?P<minutes>\d+) planned "
                       r"minutes left: leaving it now cuts it short$")
ENTER_SHORT = re.compile(r"^only (?P<left>\d+) of the (?P<needed>\d+) minutes reserved for "
                         r"decision and planning remain before the planned end$")
SKIP = re.compile(r"^'(?P<stage>.+)' is ring-fenced: skipping it needs an override$")
BEHIND = re.compile(r"^(?P<state>.*), behind: (?P<seconds>\d+) s not transcribed at "
                    r"(?P<time>[\d:]+) \(marked in the transcript\)$")
NO_MICROPHONE = " (no room microphone)"
ENGINE = re.compile(r"^on \((?P<engine>[^,]+), (?P<model>.+)\)$")


def override_words(message: str) -> str:
    """'Decision' is ring-fenced and has 12 planned minutes left: ... in the window's language."""
    translate = QCoreApplication.translate
    if found := CUT_SHORT.match(message):
        return translate("Overrides", "'{stage}' is ring-fenced and has {minutes} planned "
                         "minutes left: leaving it now cuts it short").format(
            stage=words().t(found["stage"]), minutes=found["minutes"])
    if found := ENTER_SHORT.match(message):
        return translate("Overrides", "only {left} of the {needed} minutes reserved for "
                         "decision and planning remain before the planned end").format(
            left=found["left"], needed=found["needed"])
    if found := SKIP.match(message):
        return translate("Overrides", "'{stage}' is ring-fenced: skipping it needs an "
                         "override").format(stage=words().t(found["stage"]))
    return message


def transcription_words(state: str) -> str:
    """'on (whisper, base), behind: 9 s not transcribed at 10:42:05 (marked in the
    transcript)' in the window's language."""
    translate = QCoreApplication.translate
    if found := BEHIND.match(state):
        return translate("TranscriptionState", "{state}, behind: {seconds} s not transcribed at "
                         "{time} (marked in the transcript)").format(
            state=transcription_words(found["state"]), seconds=found["seconds"],
            time=found["time"])
    if state.endswith(NO_MICROPHONE):
        return translate("TranscriptionState", "{state} (no room microphone)").format(
            state=transcription_words(state.removesuffix(NO_MICROPHONE)))
    if found := ENGINE.match(state):
        return translate("TranscriptionState", "on ({engine}, {model})").format(
            engine=found["engine"], model=found["model"])
    if state.startswith("off: "):
        return translate("TranscriptionState", "off: {problem}").format(
            problem=state.removeprefix("off: "))
    fixed = {"starting…": translate("TranscriptionState", "starting…"),
             "off (typed notes)": translate("TranscriptionState", "off (typed notes)"),
             "off": translate("TranscriptionState", "off")}
    return fixed.get(state, state)
