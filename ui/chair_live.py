"""The chair's window, live parts: transcription, remote participants, the room's switches.

A mixin of ChairWindow (ui/chair_window.py), which provides `bridge`, `header`, `people`,
`transcript`, `video`, `run`, `show_problem`, `tick` and the `ask_*` dialog providers.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QInputDialog

from facilitator.domain.commands import room as room_commands
from facilitator.services.asr.pipeline import PartialText
from facilitator.services.rtc.hub import HubNotice
from facilitator.services.transcription import LiveTranscription

from .hub_controller import HubController
from .links_dialog import LinksDialog


class LiveMeetingMixin:
    bridge: Any
    header: Any
    people: Any
    transcript: Any
    video: Any
    hub: HubController | None
    transcription: LiveTranscription | None
    transcription_state: str
    problem: Any

    def switch_transcription(self, on: bool) -> None:
        reason = "" if on else self.ask_reason(
            "Switch transcription off", "Why is transcription switched off? (goes into the "
            "record; everyone is told)")
        if on or reason:
            self.run(room_commands.set_transcription, on, reason or "")
        self.header.refresh(self.bridge.conference, self.transcription_state)

    def _ask_reason(self, title: str, question: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, question)
        return text.strip() if ok and text.strip() else None

    # ---- live transcription ---------------------------------------------------------------
    def attach_transcription(self, live: LiveTranscription) -> None:
        """Recognised lines are stored (and so shown) from this thread, five times a second."""
        self.transcription = live
        self.transcription_state = live.state
        self._drain_timer = QTimer(self)
        self._drain_timer.setInterval(200)
        self._drain_timer.timeout.connect(live.drain)
        self._drain_timer.start()
        if self.hub is not None:
            self.hub.feed_transcription(live)
        self.tick()

    def show_partial(self, partial: PartialText) -> None:
        conference = self.bridge.conference
        who = (conference.attendees[partial.speaker_id].name
               if partial.speaker_id in conference.attendees else "Room")
        text = partial.text or "…"
        self.transcript.partial.setText(f"{who}: {text}" if partial.speaking else "")

    # ---- remote participants -------------------------------------------------------------
    def attach_hub(self, hub: HubController) -> None:
        self.hub = hub
        hub.notice.connect(self._hub_notice)
        hub.started.connect(lambda url: self.statusBar().showMessage(
            f"Remote participants join at {url} (Join links… gives each person's link)"))
        hub.failed.connect(self.show_problem)
        hub.tile.connect(lambda who, w, h, rgb: self.video.show_frame(
            who, self.bridge.conference.attendees[who].name, w, h, rgb))

    def _hub_notice(self, notice: HubNotice) -> None:
        if notice.message:  # the room's microphone or loudspeakers went away or came back
            if notice.message.rstrip(".").endswith("back"):
                self.problem.hide()
                self.statusBar().showMessage(notice.message)
            else:
                self.show_problem(notice.message)
            return
        parts = [notice.connection]
        if notice.connection == "connected" and notice.quality:
            parts.append(notice.quality)
        if notice.muted:
            parts.append("muted")
        if notice.hand_raised:
            parts.append("hand raised")
        self.people.set_connection(notice.attendee_id, ", ".join(parts))
        if notice.connection in ("disconnected", "closed", "failed"):
            self.video.remove(notice.attendee_id)
        self.people.refresh(self.bridge.conference)

    def ask_to_unmute(self, ids: list[str]) -> None:
        if self.hub is None:
            self.show_problem("Remote participants are not connected in this window.")
            return
        for attendee_id in ids:
            self.hub.ask_to_unmute(attendee_id)

    def show_links(self) -> None:
        if self.hub is None or not self.hub.url:
            self.show_problem("The join page is not running.")
            return
        LinksDialog(self.hub.links(), self.hub.url, self,
                    minute_taker_link=self.hub.minute_taker_link()).exec()
