"""What the parts of the line need of one another, as Protocols: a call and the registration
need their user agent (`ua.SipUserAgent`), a caller needs its line (`line.PhoneLine`).

Each part names only these, never the module that implements them, so the modules import one
way: ua imports call and registration, line imports caller; none imports back. A port whose
methods name the consumer's own types (`SipCall`, `PhoneCaller`, `RegistrationState`) adds them
beside that consumer (`call.CallAgent`, `registration.RegistrationAgent`, `caller.CallerLine`).
"""

from __future__ import annotations

from typing import Any, Protocol

from ..rtc.hub import MediaHub
from .message import SipMessage
from .prompts import Prompts
from .settings import SipSettings
from .transport import Address, SipTransport


class UserAgentPort(Protocol):
    """The user agent as its calls and its registration use it."""

    @property
    def settings(self) -> SipSettings: ...

    @property
    def transport(self) -> SipTransport: ...

    @property
    def contact_host(self) -> str: ...

    @property
    def contact(self) -> str: ...

    def respond(self, request: SipMessage, status: int, reason: str = "", to_tag: str = "",
                extra: list[tuple[str, str]] | None = None, body: bytes = b"",
                content_type: str = "") -> None: ...

    def new_request(self, method: str, uri: str, from_: str, to: str, call_id: str,
                    cseq: int) -> SipMessage: ...

    async def resolve_uri(self, uri: str) -> Address: ...


class LinePort(Protocol):
    """The phone line as its callers use it: the hub, the prompts, the PIN guard, its tasks."""

    @property
    def hub(self) -> MediaHub: ...

    @property
    def prompts(self) -> Prompts: ...

    @property
    def settings(self) -> SipSettings: ...

    def background(self, coroutine: Any) -> None: ...

    def may_try(self, source: str) -> bool: ...

    def identify(self, pin: str, source: str) -> str | None: ...
