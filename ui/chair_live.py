"""The chair's window, live parts: transcription, remote participants, the room's switches.

A mixin of ChairWindow (ui/chair_window.py), which provides what `LiveWindow` lists: `bridge`
(the meeting client), `api`, `header`, `people`, `transcript`, `video`, `problem`, `run`,
`show_problem`, `tick` and the `ask_reason` dialog provider. Everything here follows the
meeting's feed through the client.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLabel, QStatusBar, QWidget

from facilitator.domain import events as ev
from facilitator.meeting.api import MeetingApi
from facilitator.services.asr.results import PartialText
from facilitator.services.rtc.hub import HubNotice

from .chair_meeting import ChairMeeting
from .header import Header
from .links_dialog import LinksDialog
from .people_panel import PeoplePanel
from .transcript_panel import TranscriptPanel
from .video_tiles import VideoTiles

translate = QCoreApplication.translate


class LiveWindow(Protocol):
    """The window the mixin's methods run in (their `self`): ChairWindow, a QMainWindow."""

    transcription_state: str

    @property
    def bridge(self) -> ChairMeeting: ...

    @property
    def api(self) -> MeetingApi: ...

    @property
    def header(self) -> Header: ...

    @property
    def people(self) -> PeoplePanel: ...

    @property
    def transcript(self) -> TranscriptPanel: ...

    @property
    def video(self) -> VideoTiles: ...

    @property
    def problem(self) -> QLabel: ...

    @property
    def ask_reason(self) -> Callable[[str, str], str | None]: ...

    def run(self, use_case: Callable[..., list[ev.Event]], *args: object, **kwargs: object
            ) -> list[ev.Event] | None: ...

    def show_problem(self, message: str) -> None: ...

    def tick(self) -> None: ...

    def statusBar(self) -> QStatusBar: ...

    def window(self) -> QWidget: ...

    # the mixin's own, which its methods connect to the client's signals
    def show_partial(self, partial: PartialText) -> None: ...

    def _hub_notice(self, notice: HubNotice) -> None: ...

    def _speech_state(self, text: str) -> None: ...


class LiveMeetingMixin:
    """Its methods' `self` is a `LiveWindow` (mypy checks ChairWindow is one where it calls
    them)."""

    def switch_transcription(self: LiveWindow, on: bool) -> None:
        reason = "" if on else self.ask_reason(
            translate("LiveMeeting", "Switch transcription off"), translate(
                "LiveMeeting", "Why is transcription switched off? (goes into the record; "
                "everyone is told)"))
        if on or reason:
            self.run(self.api.set_transcription, on, reason or "")
        self.header.refresh(self.bridge.conference, self.transcription_state)

    def _ask_reason(self: LiveWindow, title: str, question: str) -> str | None:
        text, ok = QInputDialog.getText(self.window(), title, question)  # the window itself
        return text.strip() if ok and text.strip() else None

    # ---- the feed ------------------------------------------------------------------------
    def follow_meeting(self: LiveWindow) -> None:
        """Connect the window to what the meeting's feed brings besides events."""
        client = self.bridge
        client.partial.connect(self.show_partial)
        client.notice.connect(self._hub_notice)
        client.speechState.connect(self._speech_state)
        client.tile.connect(lambda who, w, h, rgb: self.video.show_frame(
            who, self.bridge.conference.attendees[who].name, w, h, rgb))
        self.transcription_state = client.speech_state
        self.header.set_connection(client.connection_text)
        client.connectionChanged.connect(self.header.set_connection)
        if client.remote:
            self.video.setToolTip(translate(
                "LiveMeeting", "Camera pictures are shown on the hub's computer only: they are "
                "not sent to a window connected to a remote hub."))
        if client.url:
            self.statusBar().showMessage(translate(
                "LiveMeeting", "Remote participants join at {url} (Join links… gives each "
                "person's link)").format(url=client.url))

    def _speech_state(self: LiveWindow, text: str) -> None:
        self.transcription_state = text
        self.tick()

    def show_partial(self: LiveWindow, partial: PartialText) -> None:
        conference = self.bridge.conference
        who = (conference.attendees[partial.speaker_id].name
               if partial.speaker_id in conference.attendees else translate("LiveMeeting",
                                                                            "Room"))
        text = partial.text or "…"
        self.transcript.partial.setText(f"{who}: {text}" if partial.speaking else "")

    def _hub_notice(self: LiveWindow, notice: HubNotice) -> None:
        CONNECTION = {"connected": translate("LiveMeeting", "connected"),
                      "connecting": translate("LiveMeeting", "connecting"),
                      "disconnected": translate("LiveMeeting", "disconnected"),
                      "closed": translate("LiveMeeting", "closed"),
                      "failed": translate("LiveMeeting", "failed")}
        if notice.message:  # a room device, the hub or the recogniser has something to say
            if notice.message.rstrip(".").endswith("back"):
                self.problem.hide()
                self.statusBar().showMessage(notice.message)
            else:
                self.show_problem(notice.message)
            return
        parts = [CONNECTION.get(notice.connection, notice.connection)]
        if notice.connection == "connected" and notice.quality:
            parts.append(notice.quality)
        if notice.muted:
            parts.append(translate("LiveMeeting", "muted"))
        if notice.hand_raised:
            parts.append(translate("LiveMeeting", "hand raised"))
        self.people.set_connection(notice.attendee_id, ", ".join(parts))
        if notice.connection in ("disconnected", "closed", "failed"):
            self.video.remove(notice.attendee_id)
        self.people.refresh(self.bridge.conference)

    # ---- remote participants -------------------------------------------------------------
    def ask_to_unmute(self: LiveWindow, ids: list[str]) -> None:
        client = self.bridge
        if not client.url:
            self.show_problem(translate("LiveMeeting", "Remote participants are not connected "
                                        "in this window."))
            return
        for attendee_id in ids:
            client.ask_to_unmute(attendee_id)

    def show_links(self: LiveWindow) -> None:
        client = self.bridge
        if not client.url:
            self.show_problem(translate("LiveMeeting", "The join page is not running."))
            return
        LinksDialog(client.join_links(), client.url, self.window(),
                    minute_taker_link=client.minute_taker_link()).exec()
