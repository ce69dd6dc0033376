"""The first stage's prompts, on screen at the start of every conference, are plain sentences
(issue #16, item 3: an unquoted colon in the agenda showed a raw Python dictionary)."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_the_first_stage_prompts_read_as_sentences(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.agenda.start_button, Qt.MouseButton.LeftButton)
    prompts = [window.agenda.prompts.item(i).text() for i in range(window.agenda.prompts.count())]
    assert "Remote participants: check you can speak privately where you are." in prompts
    assert not [p for p in prompts if "{" in p or "}" in p], prompts
