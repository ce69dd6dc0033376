"""`facilitator serve --headless` transcribes exactly as the window does (a real subprocess).

The chair's app runs headless on a prepared database (the demo conference, meeting started),
with the speech model chosen by FACILITATOR_ASR_MODEL and transcription left on (nothing sets
FACILITATOR_TRANSCRIPTION). Three real aiortc peers join through its join door and are admitted
through the chair's HTTP API; Jade is excluded through it too. DC Tom Reddaway says two LibriVox
sentences; Jade is readmitted as his voice stops. Then:
- Liam received final captions of them, and the lines are in the database (read back with the
  product's `open_database` + `EventStore.load`) as the recogniser's, with WER under 0.35;
- Jade received no caption of them, and the record's rule keeps them from her.
"""

from __future__ import annotations

import asyncio
import os
import signal
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import aiohttp
import numpy as np
import pytest

from facilitator.domain.clock import SystemClock
from facilitator.domain.events import UtteranceRecorded
from facilitator.services.asr.results import RECOGNISER
from facilitator.services.asr.settings import MODEL_ENV
from facilitator.services.asr.wer import normalise, word_error_rate
from facilitator.services.database import open_database
from facilitator.services.rtc.media_loop import new_media_loop
from facilitator.services.store import EventStore

from ..minutes.chair_process import free_port
from ..rtc.harness import prepared_conference
from ..rtc.peers import Peer, SpeechTrack, to_48k
from ..rtc.test_leak_browser import voice_ends
from ..services.test_asr_common import clip, models_installed, require, silence

MODEL = "whisper-tiny.en"
JADE, LIAM, TOM = "Jade Thornbury", "Liam Ashcombe", "DC Tom Reddaway"
pytestmark = pytest.mark.slow


class HeadlessChair:
    """`python -m ui.cli serve --headless` on `db`, its output read line by line."""

    def __init__(self, db: Path, conference_id: str) -> None:
        env = {k: v for k, v in os.environ.items() if k != "FACILITATOR_TRANSCRIPTION"}
        env.update({"FACILITATOR_DB": str(db), MODEL_ENV: MODEL, "PYTHONPATH": os.pathsep.join(
            [str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH", "")])})
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ui.cli", "serve", "--headless", "--conference",
             conference_id, "--port", str(free_port()), "--no-room-audio"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def line(self, prefix: str, timeout: float, unless: str | None = None) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if unless is not None and line.startswith(unless):
                    continue
                if line.startswith(prefix):
                    return line
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no line {prefix!r} from the headless chair: {self.lines[-30:]}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self._reader.join(5)
        return self.process.returncode


def test_headless_serve_transcribes_real_speech_to_captions_and_the_record(
        tmp_path: Path) -> None:
    require(models_installed(MODEL), f"speech model {MODEL} is not installed in models/")
    said = [clip("0870"), clip("0920")]
    db = tmp_path / "chair.sqlite3"
    conference_id = prepared_conference(db, SystemClock())
    chair = HeadlessChair(db, conference_id)
    try:
        url = chair.line("listening on ", 60).split()[2]
        token_file = Path(chair.line("chair's API token: in ", 10).removeprefix(
            "chair's API token: in ").strip())
        state = chair.line("transcription: on", 90)
        assert state.startswith("transcription: on ("), state
        assert MODEL.removeprefix("whisper-") in state, state
        with asyncio.Runner(loop_factory=new_media_loop) as runner:
            captions = runner.run(asyncio.wait_for(
                speak(url, token_file.read_text().strip(), said), 90))
    finally:
        code = chair.stop()
    assert code == 0 and chair.lines[-1] == "stopped", chair.lines[-10:]

    store = EventStore(open_database(db))
    try:
        conference = store.load(conference_id)
    finally:
        store.db.close()
    ids = {a.name: a.id for a in conference.attendees.values()}
    lines = [u for u in conference.transcript() if u.speaker_id == ids[TOM]]
    recorded = {e.utterance_id for e in conference.log
                if isinstance(e, UtteranceRecorded) and e.actor == RECOGNISER}
    assert lines and all(u.id in recorded for u in lines), "no recognised line of Tom's"
    reference = " ".join(c.text for c in said)
    hypothesis = " ".join(u.text for u in lines)
    wer = word_error_rate([reference], [hypothesis])
    print(f"WER {wer:.2f}: {hypothesis!r}")
    assert wer < 0.35, (wer, hypothesis)
    # the captions Liam saw are the lines recorded, and Jade saw none of them
    assert sorted(captions["liam"]) == sorted(u.text for u in lines), (captions, hypothesis)
    assert captions["jade"] == [], f"Jade received captions of what was said while out: {captions}"
    assert not any(conference.may_receive(ids[JADE], u) for u in lines)
    assert all(conference.may_receive(ids[LIAM], u) for u in lines)


async def speak(url: str, chair_token: str, said: list[Any]) -> dict[str, list[str]]:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    headers = {"Authorization": f"Bearer {chair_token}"}

    async with aiohttp.ClientSession(headers=headers) as http:
        async def chair(method: str, path: str, body: dict[str, Any] | None = None
                        ) -> dict[str, Any]:
            async with http.request(method, url + path, json=body, ssl=context) as response:
                answer: dict[str, Any] = await response.json()
                assert response.status == 200, (path, answer)
                return answer

        links = {row["name"]: row for row in (await chair("GET", "/api/links"))["links"]}
        officer = SpeechTrack()
        peers = {name: Peer(url, links[name]["path"].rsplit("/", 1)[-1], 0.0,
                            microphone=officer if name == TOM else None)
                 for name in (JADE, LIAM, TOM)}
        for peer in peers.values():
            await peer.connect()
            await peer.join()
        await chair("POST", "/api/admit", {"all": True})
        for peer in peers.values():
            await peer.wait_for(lambda m: m.get("state") == "in_meeting")
        jade, liam = peers[JADE], peers[LIAM]
        await chair("POST", "/api/exclude", {
            "attendee_ids": [links[JADE]["attendee_id"]], "grounds": ["LEGAL_PROCEEDINGS"],
            "requested_by": TOM, "reason": "a police investigation"})
        await jade.wait_for(lambda m: m.get("state") == "waiting")
        await asyncio.sleep(1.0)  # the media settles: the first words are heard

        mark_jade, mark_liam = len(jade.messages), len(liam.messages)
        speech = np.concatenate([said[0].audio, silence(1.0), said[1].audio])
        ends = officer.say(to_48k(speech, 16_000))
        voice_end = ends - len(speech) / 16_000 + voice_ends(speech)
        await asyncio.sleep(max(0.0, voice_end - asyncio.get_running_loop().time()))
        await chair("POST", "/api/readmit", {"attendee_ids": [links[JADE]["attendee_id"]]})
        # each sentence's words: both finals must arrive, however loaded the machine
        wanted = [set(normalise(c.text)) for c in said]

        def finals(peer: Peer, mark: int) -> list[str]:
            """Each line's caption as it stands: a revision replaces the line's first text."""
            lines = {m["id"]: m["text"] for m in peer.messages[mark:]
                     if m.get("type") == "caption" and m.get("final")
                     and m.get("speaker") == TOM}
            return list(lines.values())

        loop = asyncio.get_running_loop()
        deadline = loop.time() + 40
        while any(len(set(normalise(" ".join(finals(liam, mark_liam)))) & words)
                  < 0.6 * len(words) for words in wanted):
            assert loop.time() < deadline, f"Liam's captions: {liam.messages[mark_liam:]}"
            await asyncio.sleep(0.1)
        # a last line, the beam's revisions, anything on its way to Jade: until 2 s pass quiet
        heard = -1
        while heard != len(liam.messages) and loop.time() < deadline:
            heard = len(liam.messages)
            await asyncio.sleep(2.0)
        jade_captions = [m for m in jade.messages[mark_jade:] if m.get("type") == "caption"]
        for peer in peers.values():
            await peer.close()
        return {"liam": finals(liam, mark_liam),
                "jade": [str(m.get("text")) for m in jade_captions]}
