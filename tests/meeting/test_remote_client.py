"""The chair link: with or without a hub server's prefix, token after # or in the query."""

from __future__ import annotations

import pytest

from facilitator.meeting.remote_client import (
    ChairChannelClient,
    Connection,
    ConnectionStatus,
    parse_chair_link,
)
from facilitator.services.chair_link import ChairLink, ChairLinkError

TOKEN = "t" * 43
PIN = "ab" * 32


def channel_url(text: str) -> str:
    def ignore(*_: object) -> None:
        return None

    return ChairChannelClient(parse_chair_link(text), 0, ignore, ignore, ignore, ignore).url


@pytest.mark.parametrize("text, base", [
    (f"https://hub.council.example/c/h-abc/#chair={TOKEN}&sha256={PIN}",
     "https://hub.council.example/c/h-abc"),
    (f"https://hub.council.example/c/h-abc/?chair={TOKEN}#sha256={PIN}",
     "https://hub.council.example/c/h-abc"),
    (f"https://127.0.0.1:8443/?chair={TOKEN}#sha256={PIN}", "https://127.0.0.1:8443"),
    (f"https://127.0.0.1:8443#chair={TOKEN}&sha256={PIN}", "https://127.0.0.1:8443"),
])
def test_links_with_and_without_a_prefix(text: str, base: str) -> None:
    link = parse_chair_link(text)
    assert link == ChairLink(base, TOKEN, PIN)
    assert channel_url(text) == base.replace("https", "wss") + "/chair/ws"


def test_a_link_without_a_token_is_refused() -> None:
    with pytest.raises(ChairLinkError):
        parse_chair_link(f"https://hub.council.example/c/h-abc/#sha256={PIN}")
    with pytest.raises(ChairLinkError):
        parse_chair_link("hub.council.example/c/h-abc")


def test_what_the_header_says() -> None:
    assert ConnectionStatus(Connection.LIVE, 0).text() == "Connected to hub"
    assert ConnectionStatus(Connection.RECONNECTING, 2).text() == \
        "Reconnecting... (commands waiting: 2)"
    assert ConnectionStatus(Connection.REFUSED, 0, "wrong token").text() == \
        "Not connected: wrong token"
