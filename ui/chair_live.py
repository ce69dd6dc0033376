"""The chair's window, live parts: transcription, remote participants, the room's switches.

A mixin of ChairWindow (ui/chair_window.py), which provides `bridge` (the meeting client),
`api`, `header`, `people`, `transcript`, `video`, `run`, `show_problem`, `tick` and the
`ask_*` dialog providers. Everything here follows the meeting's feed through the client.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QInputDialog

from facilitator.services.asr.results import PartialText
from facilitator.services.rtc.hub import HubNotice

from .links_dialog import LinksDialog


class LiveMeetingMixin:
    bridge: Any
    api: Any
    header: Any
    people: Any
    transcript: Any
    video: Any
    transcription_state: str
    problem: Any

    def switch_transcription(self, on: bool) -> None:
        reason = "" if on else self.ask_reason(
            "Switch transcription off", "Why is transcription switched off? (goes into the "
            "record; everyone is told)")
        if on or reason:
            self.run(self.api.set_transcription, on, reason or "")
        self.header.refresh(self.bridge.conference, self.transcription_state)

    def _ask_reason(self, title: str, question: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, question)
        return text.strip() if ok and text.strip() else None

    # ---- the feed ------------------------------------------------------------------------
    def follow_meeting(self) -> None:
        """Connect the window to what the meeting's feed brings besides events."""
        client = self.bridge
        client.partial.connect(self.show_partial)
        client.notice.connect(self._hub_notice)
        client.speechState.connect(self._speech_state)
        client.tile.connect(lambda who, w, h, rgb: self.video.show_frame(
            who, self.bridge.conference.attendees[who].name, w, h, rgb))
        self.transcription_state = client.speech_state
        if client.url:
            self.statusBar().showMessage(
                f"Remote participants join at {client.url} (Join links… gives each person's "
                "link)")

    def _speech_state(self, text: str) -> None:
        self.transcription_state = text
        self.tick()

    def show_partial(self, partial: PartialText) -> None:
        conference = self.bridge.conference
        who = (conference.attendees[partial.speaker_id].name
               if partial.speaker_id in conference.attendees else "Room")
        text = partial.text or "…"
        self.transcript.partial.setText(f"{who}: {text}" if partial.speaking else "")

    def _hub_notice(self, notice: HubNotice) -> None:
        if notice.message:  # a room device, the hub or the recogniser has something to say
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

    # ---- remote participants -------------------------------------------------------------
    def ask_to_unmute(self, ids: list[str]) -> None:
        client = self.bridge
        if not client.url:
            self.show_problem("Remote participants are not connected in this window.")
            return
        for attendee_id in ids:
            client.loop.submit(client.runtime.ask_to_unmute(attendee_id))

    def show_links(self) -> None:
        client = self.bridge
        if not client.url:
            self.show_problem("The join page is not running.")
            return
        runtime = client.runtime
        LinksDialog(client.call(runtime.join_links), client.url, self,
                    minute_taker_link=client.call(runtime.minute_taker_link)).exec()
