"""The line's parts on their own: SIP parsing, digest, SDP, codecs checked against other
implementations (audioop's CCITT code, sox, FFmpeg), RTP and sip-tester's DTMF captures,
prompts in English and Welsh, PIN lookup, and where the password comes from."""

from __future__ import annotations

import itertools
import shutil
import struct
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from facilitator.cli import demo_data
from facilitator.domain.calendar import Nation
from facilitator.services.conference_file import build_conference
from facilitator.services.database import open_database
from facilitator.services.rtc.credentials import CredentialError, Credentials
from facilitator.services.sip import digest, message, sdp
from facilitator.services.sip.codecs import G711, G722, Chunker, Resampler, to_float, to_pcm16
from facilitator.services.sip.prompts import Prompts, languages_for
from facilitator.services.sip.rtp import DtmfEvents, RtpPacket, RtpSession
from facilitator.services.sip.settings import PASSWORD_ENV, SipSettings, find_password
from facilitator.services.store import EventStore

from .sipp import DTMF_PCAP, SIP_TESTER, power_at, sox_tone


def pcap_packets(path: Path) -> list[RtpPacket]:
    data = path.read_bytes()
    offset, packets = 24, []
    while offset < len(data):
        length = struct.unpack_from("<I", data, offset + 8)[0]
        frame = data[offset + 16: offset + 16 + length]
        offset += 16 + length
        ip = frame[14:]
        packet = RtpPacket.parse(ip[(ip[0] & 15) * 4 + 8:])
        assert packet is not None
        packets.append(packet)
    return packets


# ---- SIP messages -----------------------------------------------------------------------------
INVITE = (b"INVITE sip:conference@127.0.0.1 SIP/2.0\r\n"
          b"v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKaaa, "
          b"SIP/2.0/UDP 10.0.0.2;branch=z9hG4bKb\r\n"
          b"f: \"Jade, T\" <sip:07700900123@pbx>;tag=abc\r\nt: <sip:conference@pbx>\r\n"
          b"i: call-1\r\nCSeq: 7 INVITE\r\nSubject: a folded\r\n  header\r\n"
          b"Record-Route: <sip:p1;lr>, <sip:p2;lr>\r\nl: 4\r\n\r\nbodyEXTRA")


def test_parse_compact_folded_and_list_headers() -> None:
    parsed = message.parse(INVITE)
    assert parsed.method == "INVITE" and parsed.call_id == "call-1"
    assert parsed.cseq == (7, "INVITE") and parsed.branch == "z9hG4bKaaa"
    assert len(parsed.get_all("Via")) == 2 and parsed.get("subject") == "a folded header"
    assert parsed.get_all("Record-Route") == ["<sip:p1;lr>", "<sip:p2;lr>"]
    assert parsed.body == b"body", "Content-Length bounds the body"
    assert message.name_addr_uri(parsed.get("From")) == "sip:07700900123@pbx"
    response = message.response_to(parsed, 200, to_tag="xyz")
    again = message.parse(response.encode())
    assert again.status == 200 and "tag=xyz" in again.get("To")
    assert again.get_all("Record-Route") == parsed.get_all("Record-Route")


@pytest.mark.parametrize(("data", "status"), [
    (b"INVITE sip:x SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\r\n", 400),
    (INVITE.replace(b"SIP/2.0\r\nv:", b"SIP/2.1\r\nv:"), 505),
    (INVITE.replace(b"CSeq: 7 INVITE", b"CSeq: seven INVITE"), 400),
    (INVITE.replace(b"CSeq: 7 INVITE", b"CSeq: 7 BYE"), 400),
    (INVITE.replace(b"l: 4", b"l: 400"), 400),
    (INVITE.replace(b"i: call-1\r\n", b"i call-1\r\n"), 400),
    (b"x" * 70000, 513),
])
def test_malformed_messages_say_which_error(data: bytes, status: int) -> None:
    with pytest.raises(message.SipParseError) as bad:
        message.parse(data)
    assert bad.value.status == status


def test_digest_matches_rfc_2617_example() -> None:
    challenge = digest.Challenge.parse(
        'Digest realm="testrealm@host.com", qop="auth,auth-int", '
        'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')
    header = digest.authorization(challenge, "GET", "/dir/index.html", "Mufasa",
                                  "Circle Of Life", 1, "0a4f113b")
    assert 'response="6629fae49393a05397450978507c4ef1"' in header
    assert 'opaque="5ccc069c403ebaf9f0171e9517f40e41"' in header
    with pytest.raises(digest.DigestError):
        digest.Challenge.parse('Digest realm="r", nonce="n", algorithm=SHA-512-256')


# ---- SDP --------------------------------------------------------------------------------------
OFFER = ("v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
         "m=audio 49170 RTP/AVP 18 8 0 101\r\na=rtpmap:18 G729/8000\r\n"
         "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=sendrecv\r\n"
         "m=video 49172 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n")


def test_sdp_answer_picks_the_first_offered_codec_we_have_and_refuses_video() -> None:
    remote = sdp.parse(OFFER)
    fmt = sdp.choose(remote)
    assert (fmt.payload_type, fmt.codec.name, fmt.dtmf_payload_type) == (8, "PCMA", 101)
    answer = sdp.LocalSdp("198.51.100.1", 40000).answer(fmt, remote)
    assert "m=audio 40000 RTP/AVP 8 101" in answer and "a=rtpmap:8 PCMA/8000" in answer
    assert "m=video 0 RTP/AVP 96" in answer and "a=sendrecv" in answer
    held = sdp.parse(OFFER.replace("a=sendrecv", "a=sendonly"))
    assert held.direction is sdp.Direction.SENDONLY
    assert "a=recvonly" in sdp.LocalSdp("198.51.100.1", 40000).answer(fmt, held)
    with pytest.raises(sdp.SdpError):
        sdp.choose(sdp.parse(OFFER.replace("18 8 0 101", "18 101")))
    g722 = sdp.choose(sdp.parse(OFFER.replace("18 8 0 101", "9 0")))
    assert g722.codec.name == "G722" and g722.codec.clock_rate == 8000


# ---- codecs -----------------------------------------------------------------------------------
def test_g711_tables_equal_the_ccitt_reference_code_in_audioop() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        audioop = pytest.importorskip("audioop")
    every = np.arange(-32768, 32768, dtype=np.int16)
    codes = bytes(range(256))
    for alaw, encode, decode in ((False, audioop.lin2ulaw, audioop.ulaw2lin),
                                 (True, audioop.lin2alaw, audioop.alaw2lin)):
        codec = G711(alaw)
        assert codec.encode(every) == encode(every.tobytes(), 2)
        assert np.array_equal(codec.decode(codes), np.frombuffer(decode(codes, 2), np.int16))


@pytest.mark.skipif(shutil.which("sox") is None, reason="sox missing")
def test_g711_decodes_what_sox_encodes(tmp_path: Path) -> None:
    for encoding, alaw in (("a-law", True), ("u-law", False)):
        data = sox_tone(tmp_path / encoding, 1000.0, 0.5, encoding)
        decoded = to_float(G711(alaw).decode(data))
        assert power_at(decoded, 1000.0, 8000) > 0.14  # vol 0.3 sine: 0.15


def test_g722_and_resampling_keep_a_tone() -> None:
    codec, up, down = G722(), Resampler(16000, 48000), Resampler(48000, 16000)
    chunks = Chunker(320)
    t = np.arange(48000) / 48000
    tone = (0.3 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    out = []
    for i in range(0, 48000, 960):
        for chunk in chunks.push(down(tone[i:i + 960])):
            payload = codec.encode(to_pcm16(chunk))
            assert len(payload) == 160, "64 kbit/s: 160 bytes per 20 ms"
            out.append(up(to_float(codec.decode(payload))))
    received = np.concatenate(out)[4800:]
    assert power_at(received, 1000.0, 48000) > 0.12
    assert power_at(received, 3000.0, 48000) < 0.005


# ---- RTP --------------------------------------------------------------------------------------
def test_dtmf_from_sip_testers_captures_even_when_a_key_is_pressed_twice() -> None:
    events = DtmfEvents()
    presses = ["1", "1", "#", "9", "*"]
    digits = [d for key in presses for p in pcap_packets(DTMF_PCAP[key])
              if (d := events.feed(p)) is not None]
    assert digits == presses


def test_rtp_packets_of_sip_testers_g711a_capture() -> None:
    packets = pcap_packets(SIP_TESTER / "g711a.pcap")
    assert {p.payload_type for p in packets} == {8} and len({p.ssrc for p in packets}) == 1
    audio = np.concatenate([to_float(G711(alaw=True).decode(p.payload)) for p in packets])
    assert float(np.sqrt(np.mean(audio ** 2))) > 0.01, "the capture carries sound"
    again = RtpPacket.parse(packets[0].encode())
    assert again == packets[0]


# ---- prompts, PINs, settings ------------------------------------------------------------------
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng missing")
def test_prompts_in_welsh_then_english_for_wales(tmp_path: Path) -> None:
    assert languages_for(Nation.WALES) == ("cy", "en")
    assert languages_for(Nation.ENGLAND) == ("en",)
    english = Prompts(("en",), tmp_path)
    both = Prompts(("cy", "en"), tmp_path)
    both.prepare()
    assert len(both.audio("welcome")) > len(english.audio("welcome")) + 48000
    assert float(np.max(np.abs(both.audio("back")))) > 0.3
    rendered = sorted(tmp_path.glob("cy-*.wav"))
    assert rendered, "nothing spoken in Welsh"
    before = [p.stat().st_mtime_ns for p in rendered]
    Prompts(("cy",), tmp_path).prepare()
    assert [p.stat().st_mtime_ns for p in rendered] == before, "the cache was not reused"
    assert "Croeso" in both.text("welcome")


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng missing")
def test_a_known_caller_hears_their_own_language_only(tmp_path: Path) -> None:
    """Before the PIN, Welsh then English; once the caller is known (their recorded
    language), Welsh only for a Welsh speaker, English only for an English speaker; another
    language (Polish) keeps both."""
    both = Prompts(("cy", "en"), tmp_path)
    both.prepare()
    welsh, english = both.audio("waiting", "cy"), both.audio("waiting", "en")
    together = both.audio("waiting")
    assert len(welsh) < len(together) and len(english) < len(together)
    assert abs(len(welsh) + len(english) - len(together)) < 48000  # one lead-in less
    assert both.audio("waiting", "pl") is together
    assert both.audio("waiting", "cy-GB") is welsh


def test_pin_lookup_is_per_conference(tmp_path: Path) -> None:
    db = open_database(tmp_path / "c.sqlite3")
    store, credentials = EventStore(db), Credentials(db)
    now = datetime.now(UTC)
    a, b = (store.create(build_conference(demo_data(now), now)) for _ in range(2))
    jade = next(p.id for p in a.attendees.values() if p.name == "Jade Thornbury")
    liam = next(p.id for p in b.attendees.values() if p.name == "Liam Ashcombe")
    mine = credentials.issue(a.id, jade, now + timedelta(hours=2))
    credentials.issue(b.id, liam, now + timedelta(hours=2))
    here = "192.0.2.1"
    assert credentials.by_pin(a.id, mine.pin, now, source=here).attendee_id == jade
    with pytest.raises(CredentialError):
        credentials.by_pin(b.id, mine.pin, now, source=here)
    with pytest.raises(CredentialError):
        credentials.by_pin(a.id, mine.pin, now + timedelta(hours=3), source=here)  # expired
    credentials.revoke(mine.token, now)
    with pytest.raises(CredentialError):
        credentials.by_pin(a.id, mine.pin, now, source=here)


def test_password_from_keyring_else_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    settings = SipSettings(registrar="pbx.example.org:5080", user="2001")
    assert settings.registrar_address == ("pbx.example.org", 5080)
    assert SipSettings(registrar="pbx.example.org").registrar_address == ("pbx.example.org",
                                                                           5060)

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        def __init__(self) -> None:
            super().__init__()
            self.stored: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.stored.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.stored[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.stored.pop((service, username), None)

    previous = keyring.get_keyring()
    monkeypatch.setenv(PASSWORD_ENV, "from-the-environment")
    try:
        keyring.set_keyring(Memory())
        assert find_password(settings) == "from-the-environment"
        from facilitator.services.sip.settings import store_password

        assert store_password(settings, "from-the-keyring")
        assert find_password(settings) == "from-the-keyring"
    finally:
        keyring.set_keyring(previous)


def test_wrong_pins_count_against_the_signalling_address_not_the_number(tmp_path: Path
                                                                          ) -> None:
    from types import SimpleNamespace
    from typing import Any

    from facilitator.services.rtc.pin_guard import PinGuard
    from facilitator.services.sip.line import PhoneLine

    guard = PinGuard()
    credentials: Any = SimpleNamespace(pin_guard=guard, pin_pause=guard.pause)
    nothing: Any = SimpleNamespace()
    line = PhoneLine(nothing, credentials, "conf", SipSettings(), lambda: datetime.now(UTC),
                     prompt_dir=tmp_path)

    def call(number: str, call_id: str, source: str) -> Any:
        return SimpleNamespace(caller=number, call_id=call_id, source=(source, 5060))

    for n in range(5):  # five wrong PINs from one address, each call a new (or no) number
        assert line._accept(call("unknown" if n % 2 else f"******{n:03d}", f"c{n}",
                                 "198.51.100.9"))
        guard.failed("conf", "198.51.100.9")
    assert not line._accept(call("unknown", "c6", "198.51.100.9")), "anonymous is not exempt"
    assert not line._accept(call("********456", "c7", "198.51.100.9")), "a new From neither"
    assert line._accept(call("********123", "c8", "203.0.113.4")), "another address is fine"


def test_sip_expires_option_defaults_to_300_and_refuses_less_than_60() -> None:
    import argparse

    from facilitator.services.sip.options import add_sip_options, sip_settings_from

    parser = argparse.ArgumentParser(exit_on_error=False)
    add_sip_options(parser)
    base = ["--sip", "127.0.0.1:5070", "--sip-registrar", "pbx.example.org"]
    settings = sip_settings_from(parser.parse_args(base))
    assert settings is not None and settings.expires == 300
    settings = sip_settings_from(parser.parse_args([*base, "--sip-expires", "120"]))
    assert settings is not None and settings.expires == 120
    for bad in ("59", "٣٠٠", "-5", "5m"):
        with pytest.raises((argparse.ArgumentError, SystemExit)):
            parser.parse_args([*base, "--sip-expires", bad])


def test_a_callers_rtp_clock_is_passed_on_unwrapped_in_seconds() -> None:
    """When each 20 ms of a call was said, by the caller's RTP timestamps: across the 32-bit
    wrap it runs on; a pause in sending is a step; a step back stays a step back (the
    recogniser then places that audio by arrival)."""
    said: list[float | None] = []
    session = RtpSession(lambda samples, media_time: said.append(media_time), lambda d: None)
    session.configure(("127.0.0.1", 4000), sdp.MediaFormat(0, sdp.SUPPORTED[1], None))
    frame = G711(alaw=False).encode(np.zeros(160, np.int16))
    stamps = [0xFFFFFFA0, 0x00000040, 0x00000040 + 160 + 8000 * 5, 1000]  # wrap, 5 s, back
    for sequence, stamp in enumerate(stamps):
        packet = RtpPacket(0, False, sequence, stamp, 77, frame)
        session.datagram_received(packet.encode(), ("127.0.0.1", 4000))
    times = [s for s in said if s is not None]
    assert len(times) == 4
    steps = [round(b - a, 6) for a, b in itertools.pairwise(times)]
    assert steps == [0.02, 5.02, -4.903]
