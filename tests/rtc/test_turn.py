"""coturn's shared-secret credentials, minted by the hub (facilitator/services/rtc/turn.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from facilitator.services.rtc.turn import (
    TurnServers,
    TurnSettingsError,
    mint,
    parse_turn_url,
    read_secret,
    turn_password,
    turn_username,
    urls_from_env,
)

# Computed outside Python, with OpenSSL:
#   printf %s "$username" | openssl dgst -sha1 -hmac "$secret" -binary | base64
VECTORS = [
    ("north", "1700003600:3f2a9c", "3Bu1jycV1J39OjHSLtOFYGciwKQ="),
    ("north", "1893456000:hub-7d1e", "RKgapVHSmTJQomRwfcv8kemftYg="),
    ("a-much-longer-shared-secret.0123456789", "1700003600:3f2a9c",
     "+Og2kVcRS1HOGMjgIcLuuB/7mn4="),
]


@pytest.mark.parametrize(("secret", "username", "password"), VECTORS)
def test_the_password_is_base64_of_hmac_sha1_of_the_username(secret: str, username: str,
                                                             password: str) -> None:
    assert turn_password(secret, username) == password


@pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl command")
def test_the_password_matches_openssl_for_minted_credentials() -> None:
    for label, now in [("a1b2c3", 1_750_000_000.7), ("hub-a1b2c3", 1_999_999_999.0)]:
        credential = mint("s3cret-Shared", label, now, lifetime=600)
        openssl = subprocess.run(
            ["openssl", "dgst", "-sha1", "-hmac", "s3cret-Shared", "-binary"],
            input=credential.username.encode(), capture_output=True, check=True).stdout
        base64 = subprocess.run(["base64"], input=openssl, capture_output=True,
                                check=True).stdout.decode().strip()
        assert credential.password == base64


def test_the_username_is_expiry_colon_attendee_and_the_expiry_is_now_plus_the_lifetime(
        ) -> None:
    credential = mint("north", "3f2a9c", now=1_700_000_000.9, lifetime=3600)
    assert credential.username == "1700003600:3f2a9c"
    assert credential.expires == 1_700_003_600
    assert credential.password == "3Bu1jycV1J39OjHSLtOFYGciwKQ="
    assert "3Bu1" not in repr(credential), "the password must not reach a log"


def test_labels_that_could_confuse_coturn_or_its_log_are_refused() -> None:
    for label in ["", "a:b", "Jade Thornbury", "x" * 129, "a\nb"]:
        with pytest.raises(TurnSettingsError):
            turn_username(1, label)
    with pytest.raises(TurnSettingsError):
        mint("north", "ok", 0, lifetime=0)


def test_turn_urls_as_browsers_read_them() -> None:
    assert parse_turn_url("turn:turn.council.example").text == \
        "turn:turn.council.example:3478?transport=udp"
    assert parse_turn_url("turn:turn.council.example:3478?transport=tcp").transport == "tcp"
    tls = parse_turn_url("turns:turn.council.example:443?transport=tcp")
    assert (tls.scheme, tls.port, tls.transport) == ("turns", 443, "tcp")
    assert parse_turn_url("turns:198.51.100.3").port == 5349
    assert parse_turn_url("turn:[2001:db8::1]:3478").host == "[2001:db8::1]"
    for bad in ["stun:stun.example:3478", "turn:", "turn:host:99999",
                "turns:host:443?transport=udp", "turn:host?transport=sctp",
                "turn://host", "turn:user@host"]:
        with pytest.raises(TurnSettingsError):
            parse_turn_url(bad)


def test_the_page_gets_every_url_with_its_own_credential_and_the_hub_prefers_udp() -> None:
    servers = TurnServers(("turns:t.example:443?transport=tcp",
                           "turn:t.example:3478?transport=tcp",
                           "turn:t.example:3478?transport=udp"), "north", lifetime=3600)
    page = servers.for_page("3f2a9c", 1_700_000_000)
    assert page == {"urls": list(servers.urls), "username": "1700003600:3f2a9c",
                    "credential": "3Bu1jycV1J39OjHSLtOFYGciwKQ="}
    urls, hub = servers.for_hub("7d1e", 1_893_452_400)
    assert urls[0] == "turn:t.example:3478?transport=udp"
    assert hub.username == "1893456000:hub-7d1e"
    assert hub.password == "RKgapVHSmTJQomRwfcv8kemftYg="
    assert "north" not in repr(servers)
    with pytest.raises(TurnSettingsError):
        TurnServers(("stun:s.example",), "north")
    with pytest.raises(TurnSettingsError):
        TurnServers((), "north")


def test_the_secret_file_is_read_as_coturn_reads_its_line(tmp_path: Path) -> None:
    path = tmp_path / "turn-secret"
    path.write_text("north\n")
    assert read_secret(path) == "north"
    for content in ["", "  \n", "two words\n"]:
        path.write_text(content)
        with pytest.raises(TurnSettingsError):
            read_secret(path)
    with pytest.raises(TurnSettingsError):
        read_secret(tmp_path / "missing")


def test_urls_from_the_environment() -> None:
    assert urls_from_env(" turn:a:3478?transport=udp,turns:a:443?transport=tcp\n") == (
        "turn:a:3478?transport=udp", "turns:a:443?transport=tcp")
    assert urls_from_env("") == ()
