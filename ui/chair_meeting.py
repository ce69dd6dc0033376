"""What the chair's window needs of the live meeting, wherever it runs.

Two clients give it: `MeetingClient` (ui/meeting_client.py), the meeting runtime on a loop
thread of this process (the default, embedded hub), and `RemoteMeeting`
(ui/remote_meeting.py), a runtime on a hub server reached over the network with a chair link.
The window does not care which.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, ParamSpec, Protocol

from PySide6.QtCore import SignalInstance

from facilitator.domain import events as ev
from facilitator.domain.conference import Conference
from facilitator.domain.errors import OverrideRequired
from facilitator.domain.interim import InterimRequired

if TYPE_CHECKING:
    from facilitator.meeting.api import MeetingApi
    from facilitator.meeting.hub_links import JoinRow
    from facilitator.services.attachments import AttachmentStore
    from facilitator.services.rtc.credentials import Credentials

P = ParamSpec("P")
LOCAL_ONLY = ("Not available while this window is connected to a remote hub: {what} needs the "
              "conference's database, which is on the hub server. Do it on the hub's "
              "computer (or with the hub's command line).")


@dataclass(frozen=True)
class ChairReason:
    """A reason the chair typed, and whether they marked it confidential (then it stays out
    of every family copy of the record)."""

    text: str
    confidential: bool = False


@dataclass(frozen=True)
class InterimChoice:
    """The chair goes ahead without quorum: why, and the day the conference is re-listed."""

    reason: str
    relist_on: date | None = None


OverrideAnswer = str | ChairReason | None


class ChairMeeting(Protocol):
    """The live meeting as the chair's window sees it: a read-only copy of the conference
    kept from the feed (`conference`), its use cases (`run(client.api.<use case>, ...)`), and
    what the hub knows."""

    conference: Conference
    speech_state: str  # what the header says about transcription
    connection_text: str  # "" for the embedded hub; otherwise the header's indicator
    on_override: Callable[[OverrideRequired], OverrideAnswer] | None
    on_interim: Callable[[InterimRequired], InterimChoice | None] | None

    @property
    def eventApplied(self) -> SignalInstance: ...

    @property
    def refused(self) -> SignalInstance: ...  # a one-line reason a use case was refused

    @property
    def notice(self) -> SignalInstance: ...  # a HubNotice

    @property
    def partial(self) -> SignalInstance: ...  # a PartialText

    @property
    def tile(self) -> SignalInstance: ...  # attendee id, width, height, RGB

    @property
    def speechState(self) -> SignalInstance: ...

    @property
    def connectionChanged(self) -> SignalInstance: ...

    @property
    def api(self) -> MeetingApi:
        """The use cases, to pass to `run` (never to call directly)."""
        ...

    @property
    def url(self) -> str:
        """Where remote participants join ("" when nobody can)."""
        ...

    @property
    def remote(self) -> bool: ...

    def run(self, use_case: Callable[P, list[ev.Event]], *args: P.args, **kwargs: P.kwargs
            ) -> list[ev.Event] | None:
        """Run a use case; None if refused (the reason to `refused`)."""
        ...

    def attempt(self, use_case: Callable[P, list[ev.Event]], *args: P.args,
                **kwargs: P.kwargs) -> list[ev.Event]:
        """Run a use case and let its refusal through."""
        ...

    def now(self) -> datetime: ...

    def join_links(self) -> list[JoinRow]: ...

    def minute_taker_link(self) -> str | None: ...

    def ask_to_unmute(self, attendee_id: str) -> None: ...

    def attachment_store(self) -> AttachmentStore | None:
        """Where a child's own files are kept; None when there is none here."""
        ...

    def credentials(self) -> Credentials | None:
        """The join credentials, for invitation letters; None when remote."""
        ...

    def close(self) -> None: ...
