"""Drive real SIP peers for the tests: sipp (Debian's sip-tester) scenarios written per test,
RTP pcaps (sip-tester's own, or tones made with sox), and a plain UDP RTP capture."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import struct
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

SIPP = shutil.which("sipp")
# sipp plays pcaps through a raw socket: root (as here and in CI) or CAP_NET_RAW
CAN_PLAY_PCAP = os.geteuid() == 0
SIP_TESTER = Path("/usr/share/sip-tester")
DTMF_PCAP = {**{str(d): SIP_TESTER / f"dtmf_2833_{d}.pcap" for d in range(10)},
             "*": SIP_TESTER / "dtmf_2833_star.pcap", "#": SIP_TESTER / "dtmf_2833_pound.pcap"}
RATE = 48000


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# ---- pcaps ------------------------------------------------------------------------------------
def write_rtp_pcap(path: Path, payload_type: int, payloads: Sequence[bytes], step: int,
                   ptime: float = 0.02, ssrc: int = 0x5EED1234) -> Path:
    """An Ethernet/IPv4/UDP capture of one RTP stream (what sipp's play_pcap_audio plays)."""
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)]
    for index, payload in enumerate(payloads):
        rtp = struct.pack("!BBHII", 0x80, (0x80 if index == 0 else 0) | payload_type,
                          (1000 + index) & 0xFFFF, (index * step) & 0xFFFFFFFF, ssrc) + payload
        udp = struct.pack("!HHHH", 6000, 6000, 8 + len(rtp), 0) + rtp
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), index & 0xFFFF, 0, 64, 17, 0,
                         socket.inet_aton("127.0.0.1"), socket.inet_aton("127.0.0.1")) + udp
        frame = b"\x00" * 12 + b"\x08\x00" + ip
        seconds = index * ptime
        out.append(struct.pack("<IIII", 1_000_000 + int(seconds), int(seconds % 1 * 1e6),
                               len(frame), len(frame)) + frame)
    path.write_bytes(b"".join(out))
    return path


def sox_tone(path: Path, frequency: float, seconds: float, encoding: str) -> bytes:
    """A tone encoded by sox (independent of the code under test): 'a-law' or 'u-law'."""
    raw = path.with_suffix(".raw")
    subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", "-e", encoding, "-t", "raw",
                    str(raw), "synth", str(seconds), "sine", str(frequency), "vol", "0.3"],
                   check=True, capture_output=True, timeout=20)
    return raw.read_bytes()


def tone_pcap(tmp: Path, frequency: float, seconds: float, codec: str = "PCMA") -> Path:
    if codec == "G722":
        from facilitator.services.sip.codecs import G722

        encoder = G722()
        t = np.arange(int(16000 * seconds)) / 16000
        pcm = (0.3 * np.sin(2 * np.pi * frequency * t) * 32767).astype(np.int16)
        payloads = [encoder.encode(pcm[i:i + 320]) for i in range(0, len(pcm) - 319, 320)]
        return write_rtp_pcap(tmp / f"tone-{frequency:.0f}-g722.pcap", 9, payloads, 160)
    data = sox_tone(tmp / f"tone-{frequency:.0f}-{codec}", frequency, seconds,
                    "a-law" if codec == "PCMA" else "u-law")
    payloads = [data[i:i + 160] for i in range(0, len(data) - 159, 160)]
    return write_rtp_pcap(tmp / f"tone-{frequency:.0f}-{codec}.pcap",
                          8 if codec == "PCMA" else 0, payloads, 160)


# ---- scenarios --------------------------------------------------------------------------------
CODECS = {"PCMA": (8, "PCMA/8000"), "PCMU": (0, "PCMU/8000"), "G722": (9, "G722/8000")}


@dataclass
class Scenario:
    """A sipp UAC call, step by step. `media_port`: where our RTP is to be sent (a test's
    capture socket); sipp plays its pcaps from its own media port."""

    media_port: int
    codecs: tuple[str, ...] = ("PCMA",)
    steps: list[str] = field(default_factory=list)
    cseq: int = 1
    via_proxy: bool = False  # in-dialog requests follow the Record-Route set (a registrar)
    service: str = "[service]"

    def pause(self, ms: int) -> Scenario:
        self.steps.append(f'<pause milliseconds="{ms}"/>')
        return self

    def play(self, pcap: Path, ms: int = 0) -> Scenario:
        """Start playing `pcap` (in the background), then pause `ms`."""
        self.steps.append(f'<nop><action><exec play_pcap_audio="{pcap}"/></action></nop>')
        return self.pause(ms) if ms else self

    def dtmf_rtp(self, digits: str, gap_ms: int = 350) -> Scenario:
        for digit in digits:
            self.play(DTMF_PCAP[digit], gap_ms)
        return self

    def dtmf_info(self, digits: str, relay: bool = True) -> Scenario:
        for digit in digits:
            kind, body = (("application/dtmf-relay", f"Signal={digit}\r\nDuration=160")
                          if relay else ("application/dtmf", digit))
            self.steps.append(self._in_dialog("INFO", f"Content-Type: {kind}", body))
            self.steps.append('<recv response="200"/>')
        return self

    def reinvite(self, direction: str) -> Scenario:
        """Put the call on hold ("sendonly") or take it off ("sendrecv")."""
        body = ("v=0\no=user1 53655765 2353687638 IN IP[local_ip_type] [local_ip]\ns=-\n"
                "c=IN IP[media_ip_type] [media_ip]\nt=0 0\n"
                f"m=audio {self.media_port} RTP/AVP {CODECS[self.codecs[0]][0]} 101\n"
                f"a=rtpmap:{CODECS[self.codecs[0]][0]} {CODECS[self.codecs[0]][1]}\n"
                f"a=rtpmap:101 telephone-event/8000\na={direction}\n")
        self.steps.append(self._in_dialog("INVITE", "Content-Type: application/sdp", body))
        self.steps.append('<recv response="100" optional="true"/>')
        self.steps.append('<recv response="200"/>')
        self.steps.append(self._in_dialog("ACK").replace(f"CSeq: {self.cseq} ACK",
                                                          f"CSeq: {self.cseq - 1} ACK"))
        self.cseq -= 1
        return self

    def expect_bye(self, timeout_ms: int = 30000) -> Scenario:
        self.steps.append(f'<recv request="BYE" timeout="{timeout_ms}"/>')
        self.steps.append(_send_response("200"))
        return self

    def bye(self) -> Scenario:
        self.steps.append(self._in_dialog("BYE"))
        self.steps.append('<recv response="200"/>')
        return self

    def _in_dialog(self, method: str, header: str = "", body: str = "") -> str:
        self.cseq += 1
        uri = "[next_url]" if self.via_proxy else f"sip:{self.service}@[remote_ip]:[remote_port]"
        routes = "[routes]\n" if self.via_proxy else ""
        retrans = "" if method == "ACK" else ' retrans="500"'
        return f"""<send{retrans}><![CDATA[
{method} {uri} SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:07700900123@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: {self.cseq} {method}
Contact: sip:sipp@[local_ip]:[local_port]
Max-Forwards: 70
{routes}{header + chr(10) if header else ""}Content-Length: [len]

{body}
]]></send>"""

    def xml(self) -> str:
        formats = [CODECS[c] for c in self.codecs]
        pts = " ".join(str(pt) for pt, _ in formats)
        rtpmaps = "\n".join(f"a=rtpmap:{pt} {name}" for pt, name in formats)
        invite = f"""<send retrans="500"><![CDATA[
INVITE sip:{self.service}@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:07700900123@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To: <sip:{self.service}@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: sip:sipp@[local_ip]:[local_port]
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio {self.media_port} RTP/AVP {pts} 101
{rtpmaps}
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
]]></send>
<recv response="100" optional="true"/>
<recv response="180" optional="true"/>
<recv response="200" rtd="true" rrs="{'true' if self.via_proxy else 'false'}"/>
<send><![CDATA[
ACK {'[next_url]' if self.via_proxy else 'sip:[service]@[remote_ip]:[remote_port]'} SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:07700900123@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Contact: sip:sipp@[local_ip]:[local_port]
Max-Forwards: 70
{'[routes]' + chr(10) if self.via_proxy else ''}Content-Length: 0

]]></send>"""
        body = "\n".join([invite, *self.steps])
        return (f'<?xml version="1.0" encoding="ISO-8859-1" ?>\n'
                f'<scenario name="facilitator test">\n{body}\n</scenario>\n')


def _send_response(status: str) -> str:
    return f"""<send><![CDATA[
SIP/2.0 {status} OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>"""


@dataclass
class SippResult:
    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


async def run_sipp(scenario: str | Path, target: tuple[str, int], directory: Path,
                   timeout: float = 40.0, calls: int = 1, rate: int = 10,
                   extra: Sequence[str] = ()) -> SippResult:
    """Run sipp until its calls end (exit 0: every call went as the scenario says)."""
    assert SIPP is not None, "sipp is missing: apt-get install sip-tester"
    if isinstance(scenario, str):
        path = directory / f"scenario-{free_udp_port()}.xml"
        path.write_text(scenario, encoding="iso-8859-1")
    else:
        path = scenario
    command = [SIPP, f"{target[0]}:{target[1]}", "-sf", str(path), "-i", "127.0.0.1",
               "-mi", "127.0.0.1", "-p", str(free_udp_port()), "-mp", str(free_udp_port()),
               "-m", str(calls), "-r", str(rate), "-l", str(calls), "-s", "conference",
               "-nostdin", "-timeout", f"{int(timeout)}s",
               "-timeout_error", "-trace_err", "-max_recv_loops", "1000", *extra]
    process = await asyncio.create_subprocess_exec(
        *command, cwd=directory, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT)
    try:
        output, _ = await asyncio.wait_for(process.communicate(), timeout + 10)
    except TimeoutError:
        process.kill()
        output, _ = await process.communicate()
    errors = "".join(p.read_text(errors="replace") for p in directory.glob("*_errors.log"))
    return SippResult(process.returncode or 0, output.decode(errors="replace")[-3000:] + errors)


class RtpCapture(asyncio.DatagramProtocol):
    """Stands in for the caller's phone: keeps every RTP packet our line sends to it."""

    def __init__(self) -> None:
        self.packets: list[tuple[bytes, tuple[str, int]]] = []

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.packets.append((data, addr))

    @classmethod
    async def open(cls) -> tuple[RtpCapture, asyncio.DatagramTransport, int]:
        loop = asyncio.get_running_loop()
        transport, protocol = await loop.create_datagram_endpoint(
            cls, local_addr=("127.0.0.1", 0))
        return protocol, transport, int(transport.get_extra_info("sockname")[1])

    def decoded(self, since: int = 0) -> np.ndarray:
        """What the caller would hear from packet `since` on: 8 kHz for G.711, 16 kHz for
        G.722 (FFmpeg's decoder)."""
        from facilitator.services.sip.codecs import G711, G722, AudioCodec

        payloads: dict[int, AudioCodec] = {0: G711(alaw=False), 8: G711(alaw=True), 9: G722()}
        chunks = []
        for data, _ in self.packets[since:]:
            pt = data[1] & 0x7F
            if pt in payloads:
                chunks.append(payloads[pt].decode(data[12:]).astype(np.float32) / 32768)
        return np.concatenate(chunks) if chunks else np.zeros(0, np.float32)


def power_at(samples: np.ndarray, frequency: float, rate: int) -> float:
    if len(samples) == 0:
        return 0.0
    n = np.arange(len(samples))
    return float(np.abs(np.dot(samples, np.exp(-2j * np.pi * frequency * n / rate)))
                 / len(samples))


def burst_xml() -> str:
    """A call that is either answered (then ACKed and ended) or refused with 486 (then the
    486 ACKed): for a burst of INVITEs against a line with a call limit."""
    head = """<send retrans="500"><![CDATA[
INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:0770090[call_number]@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: sip:sipp@[local_ip]:[local_port]
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=user1 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0
a=rtpmap:0 PCMU/8000
]]></send>
<recv response="100" optional="true"/>
<recv response="180" optional="true"/>
<recv response="486" optional="true" next="busy"/>
<recv response="200"/>
"""
    ack = """<send><![CDATA[
ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:0770090[call_number]@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
"""
    bye = """<pause milliseconds="500"/>
<send retrans="500"><![CDATA[
BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:0770090[call_number]@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 2 BYE
Max-Forwards: 70
Content-Length: 0

]]></send>
<recv response="200" next="done"/>
<label id="busy"/>
"""
    # the ACK of a 486 belongs to the INVITE's transaction (the line also matches it by
    # Call-ID and CSeq, as RFC 3261 17.2.3 allows for older clients)
    body = head + ack + bye + ack + '<label id="done"/>\n'
    return (f'<?xml version="1.0" encoding="ISO-8859-1" ?>\n'
            f'<scenario name="burst">\n{body}</scenario>\n')


def cancel_xml() -> str:
    """A caller who gives up while it rings: CANCEL (the INVITE's branch), 200 and 487."""
    common = """Via: SIP/2.0/[transport] [local_ip]:[local_port];branch={branch}
From: sipp <sip:07700900999@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>{to_tag}
Call-ID: [call_id]
CSeq: 1 {method}
Max-Forwards: 70
"""
    invite = ("INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0\n" + common.format(
        branch="[branch]", to_tag="", method="INVITE") + "Content-Type: application/sdp\n"
        "Content-Length: [len]\n\nv=0\no=- 1 1 IN IP4 [local_ip]\ns=-\nc=IN IP4 [media_ip]\n"
        "t=0 0\nm=audio [media_port] RTP/AVP 0\n")
    cancel = ("CANCEL sip:[service]@[remote_ip]:[remote_port] SIP/2.0\n" + common.format(
        branch="[branch-3]", to_tag="", method="CANCEL") + "Content-Length: 0\n\n")
    ack = ("ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0\n" + common.format(
        branch="[branch-6]", to_tag="[peer_tag_param]", method="ACK") + "Content-Length: 0\n\n")
    body = (f'<send retrans="500"><![CDATA[\n{invite}]]></send>\n'
            '<recv response="100" optional="true"/>\n<recv response="180"/>\n'
            f'<send><![CDATA[\n{cancel}]]></send>\n'
            '<recv response="200"/>\n<recv response="487"/>\n'
            f'<send><![CDATA[\n{ack}]]></send>\n')
    return (f'<?xml version="1.0" encoding="ISO-8859-1" ?>\n'
            f'<scenario name="cancel">\n{body}</scenario>\n')
