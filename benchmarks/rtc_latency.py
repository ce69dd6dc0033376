"""Browser-to-browser audio latency through the hub: a click in one page, detected in another.

Two headless Chromium pages (Debian chromium through Playwright, fake devices with a silent
file, flags as in tests/rtc/test_browser.py) join the same conference through their join
links, audio only, and are admitted by the chair's API. The hub runs as its own process
(`facilitator serve --headless --no-room-audio`).

Page A replaces its outgoing audio track (RTCRtpSender.replaceTrack) with a WebAudio track
that is silent except for 20 ms bursts of 1 kHz; page B feeds the audio element's remote
stream into WebAudio. An identical AudioWorklet detector in each page timestamps the first
sample of each burst (A: as generated, B: as received), mapped to wall-clock time with
AudioContext.getOutputTimestamp(), so both pages' output and message delays cancel. Both
pages are in one browser on one machine, so their clocks (timeOrigin + now) agree.

The latency counted is therefore A's track -> WebRTC encoder -> network -> hub (aiortc's
jitter buffer, Opus decode, the mixer's buffer and 20 ms tick, Opus encode) -> network ->
B's jitter buffer and decoder -> B's WebAudio input: everything but the sound devices.
Page B's getStats (jitterBufferDelay / jitterBufferEmittedCount) gives its own share, and a
probe run inside the hub's process (rtc_common.AUDIO_PROBE: it wraps, never changes, the hub's
functions; --no-breakdown leaves it out) times aiortc's jitter buffer on the hub, the mixer's
share (a click reaching the mixer -> leaving in an encoded mix) and the mixer's source buffer.

    .venv/bin/python benchmarks/rtc_latency.py              # 20 clicks, about 35 s
    .venv/bin/python benchmarks/rtc_latency.py --clicks 30 --interval 1.0
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import wave
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rtc_common as common

THRESHOLD = 0.05  # the clicks are 0.5 peak; silence after Opus is far below this

DETECTOR = """
class ClickDetector extends AudioWorkletProcessor {
  constructor() { super(); this.armed = true; this.quiet = 0; }
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) return true;
    let peak = 0, at = -1;
    for (let i = 0; i < channel.length; i++) {
      const v = Math.abs(channel[i]);
      if (v > peak) peak = v;
      if (at < 0 && v > THRESHOLD) at = i;
    }
    if (this.armed && at >= 0) {
      this.port.postMessage({ frame: currentFrame + at, peak });
      this.armed = false; this.quiet = 0;
    } else if (!this.armed) {
      this.quiet = peak < THRESHOLD / 2 ? this.quiet + channel.length : 0;
      if (this.quiet > sampleRate * 0.1) this.armed = true;  // 100 ms of quiet re-arms
    }
    return true;
  }
}
registerProcessor('click-detector', ClickDetector);
"""

# Installs window.__bench.detect(node): an AudioWorklet on `node` that records each click's
# first sample as wall-clock ms (timeOrigin + performance time).
INSTALL = """async ([detector, threshold]) => {
  const ctx = new AudioContext({ sampleRate: 48000, latencyHint: 'interactive' });
  await ctx.resume();
  const code = detector.replaceAll('THRESHOLD', String(threshold));
  const url = URL.createObjectURL(new Blob([code], { type: 'application/javascript' }));
  await ctx.audioWorklet.addModule(url);
  const bench = { ctx, clicks: [], mapping: [] };
  bench.toWall = (contextSeconds) => {
    const stamp = ctx.getOutputTimestamp();
    if (stamp.performanceTime > 0 && stamp.contextTime > 0) {
      bench.mapping.push('output');
      return performance.timeOrigin + stamp.performanceTime +
             (contextSeconds - stamp.contextTime) * 1000;
    }
    bench.mapping.push('currentTime');  // no output timestamp: the render clock as heard now
    return performance.timeOrigin + performance.now() - (ctx.currentTime - contextSeconds) * 1000;
  };
  bench.detect = (node) => {
    const worklet = new AudioWorkletNode(ctx, 'click-detector');
    worklet.port.onmessage = (event) => {
      bench.clicks.push({ wall: bench.toWall(event.data.frame / ctx.sampleRate),
                          peak: event.data.peak });
    };
    const sink = ctx.createGain();
    sink.gain.value = 0;
    node.connect(worklet).connect(sink).connect(ctx.destination);  // keeps it rendering
  };
  window.__bench = bench;
  return ctx.sampleRate;
}"""

# Page A: a gated 1 kHz oscillator replaces the microphone; clicks scheduled on the audio clock.
SEND_CLICKS = """async ([count, interval]) => {
  const bench = window.__bench, ctx = bench.ctx;
  const osc = ctx.createOscillator();
  osc.frequency.value = 1000;
  const gate = ctx.createGain();
  gate.gain.value = 0;
  const out = ctx.createMediaStreamDestination();
  osc.connect(gate).connect(out);
  osc.start();
  const sender = window.facilitator.pc.getSenders()
    .find((s) => s.track && s.track.kind === 'audio');
  await sender.replaceTrack(out.stream.getAudioTracks()[0]);
  bench.detect(gate);
  const start = ctx.currentTime + 1.0;
  for (let i = 0; i < count; i++) {
    const t = start + i * interval + ((i * 7) % 20) / 1000;  // every phase of the hub's 20 ms tick
    gate.gain.setValueAtTime(0.5, t);
    gate.gain.setValueAtTime(0, t + 0.02);
  }
  return start;
}"""

# Page B: what the audio element plays, into the same detector.
LISTEN = """() => {
  const stream = document.getElementById('sound').srcObject;
  if (!stream) throw new Error('no remote audio yet');
  const source = window.__bench.ctx.createMediaStreamSource(stream);
  window.__bench.detect(source);
  return stream.getAudioTracks().length;
}"""

INBOUND = """async () => {
  const out = {};
  (await window.facilitator.pc.getStats()).forEach((r) => {
    if (r.type === 'inbound-rtp' && r.kind === 'audio') {
      out.jitterBufferDelay = r.jitterBufferDelay; out.emitted = r.jitterBufferEmittedCount;
      out.targetDelay = r.jitterBufferTargetDelay; out.minimumDelay = r.jitterBufferMinimumDelay;
      out.packetsLost = r.packetsLost; out.packetsReceived = r.packetsReceived;
      out.concealed = r.concealedSamples; out.totalSamples = r.totalSamplesReceived;
    }
    if (r.type === 'candidate-pair' && r.nominated && r.currentRoundTripTime !== undefined) {
      out.rtt = r.currentRoundTripTime;
    }
  });
  return out;
}"""

OUTBOUND = """async () => {
  const out = {};
  (await window.facilitator.pc.getStats()).forEach((r) => {
    if (r.type === 'outbound-rtp' && r.kind === 'audio') {
      out.packetsSent = r.packetsSent; out.codec = r.codecId;
    }
    if (r.type === 'media-source' && r.kind === 'audio') {
      out.audioLevel = r.audioLevel;
    }
  });
  return out;
}"""


def read_probe(path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(path.read_text()))
    except (OSError, ValueError):
        return {}


def print_breakdown(before: dict[str, Any], after: dict[str, Any], total: float,
                    browser_buffer: float | None) -> None:
    """Where the time goes, from the probe inside the hub's process."""
    def new(key: str) -> list[Any]:
        items: list[Any] = after.get(key, [])
        return items[len(before.get(key, [])):] if key.startswith("onset") else items[-500:]

    hold = new("jb_hold_ms")
    onsets_in, onsets_out = new("onset_in"), new("onset_out")
    transit = []
    for t_in in onsets_in:
        later = [t - t_in for t in onsets_out if 0 <= t - t_in < 0.5]
        if later:
            transit.append(1000 * min(later))
    buffered = new("buffer_ms")
    if after.get("missing"):
        print(f"  (probe points gone from the hub's code: {', '.join(after['missing'])})")
    print("where the time goes (median ms):")
    parts = 0.0
    if hold:
        parts += statistics.median(hold)
        print(f"  hub: aiortc's audio jitter buffer (holds each frame for later ones)"
              f"{statistics.median(hold):6.0f}")
    if transit:
        parts += statistics.median(transit)
        print(f"  hub: decoded frame at the mixer -> in an encoded mix              "
              f"{statistics.median(transit):6.0f}   ({len(transit)} clicks; the source "
              f"buffer held {statistics.median(buffered) if buffered else 0:.0f} ms before "
              f"each tick, {after.get('late_ticks', 0)} late ticks since the start)")
    if browser_buffer is not None:
        parts += browser_buffer
        print(f"  page B: jitter buffer (getStats)                                  "
              f"{browser_buffer:6.0f}")
    print(f"  the rest: page A's track -> Opus -> RTP, the hub's Opus decode and sending, "
          f"page B's decode and playout into WebAudio: {total - parts:4.0f}")


def silent_wav(path: Path, seconds: float = 2.0) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(48000)
        out.writeframes(b"\x00\x00" * int(48000 * seconds))
    return path


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def match(sent: list[float], heard: list[float], window_ms: float) -> list[float]:
    """Each click sent -> the first detection within `window_ms` after it."""
    latencies = []
    for at in sent:
        later = [h - at for h in heard if 0 <= h - at < window_ms]
        if later:
            latencies.append(min(later))
    return latencies


async def join(page: Any, url: str) -> None:
    await page.goto(url)
    await page.wait_for_selector("#join-audio:not([disabled])", timeout=15000)
    # join.js needs the preview stream before "join" (clicking earlier leaves it without media)
    await page.wait_for_function("!!window.facilitator.stream", timeout=15000)
    await page.click("#join-audio")
    await page.wait_for_selector("#waiting:not([hidden])", timeout=15000)


async def measure(args: argparse.Namespace) -> int:
    from playwright.async_api import async_playwright

    started = time.monotonic()
    with common.temp_workdir("rtc-latency-bench-") as workdir:
        db, conference_id = common.create_conference(workdir, 2)
        probe_path = workdir / "probe.json"
        hub = common.start_hub(db, conference_id, video_mode="forward",
                               probe_out=probe_path if args.breakdown else None)
        try:
            links = await hub.links()
            silence = silent_wav(workdir / "silence.wav")
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=common.CHROMIUM,
                    args=[*common.chromium_args(silence),
                          "--allow-loopback-in-peer-connection"])  # the hub offers 127.0.0.1
                try:
                    page_a = await browser.new_page()
                    page_b = await browser.new_page()
                    for page, link in ((page_a, links[0]), (page_b, links[1])):
                        await join(page, hub.url + link["path"])
                    await hub.admit_all()
                    for page in (page_a, page_b):
                        await page.wait_for_selector("#meeting:not([hidden])", timeout=15000)
                        await page.wait_for_function(
                            "window.facilitator.pc && window.facilitator.pc.connectionState "
                            "=== 'connected' && document.getElementById('sound').srcObject",
                            timeout=20000)
                    print(f"both pages in the meeting after {time.monotonic() - started:.1f} s",
                          flush=True)
                    await asyncio.sleep(args.settle)  # let B's jitter buffer settle
                    for page in (page_a, page_b):
                        await page.evaluate(INSTALL, [DETECTOR, THRESHOLD])
                    await page_b.evaluate(LISTEN)
                    await asyncio.sleep(0.5)
                    stats_before = await page_b.evaluate(INBOUND)
                    probe_before = read_probe(probe_path)
                    await page_a.evaluate(SEND_CLICKS, [args.clicks, args.interval])
                    await asyncio.sleep(1.0 + args.clicks * args.interval + 1.5)
                    stats_after = await page_b.evaluate(INBOUND)
                    await asyncio.sleep(0.6)  # the probe writes every 0.5 s
                    probe_after = read_probe(probe_path)
                    sent_stats = await page_a.evaluate(OUTBOUND)
                    sent = await page_a.evaluate("window.__bench.clicks")
                    heard = await page_b.evaluate("window.__bench.clicks")
                    mapping = set(await page_a.evaluate("window.__bench.mapping") +
                                  await page_b.evaluate("window.__bench.mapping"))
                finally:
                    await browser.close()
        finally:
            hub.stop()

    sent_at = [c["wall"] for c in sent]
    heard_at = [c["wall"] for c in heard]
    window_ms = args.interval * 1000 - 50
    latencies = match(sent_at, heard_at, window_ms)
    print(f"clicks: {len(sent_at)} sent, {len(heard_at)} detected, {len(latencies)} matched "
          f"(time mapping: {', '.join(sorted(mapping))})")
    if not latencies:
        print("no click arrived: nothing to measure")
        return 1
    print("latencies ms: " + " ".join(f"{v:.0f}" for v in latencies))
    if max(latencies) > 0.6 * window_ms:
        print(f"warning: latencies near the {args.interval:.1f} s spacing of the clicks may "
              "pair a click with the next one: use a larger --interval")
    median, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    print(f"browser-to-browser audio latency: median {median:.0f} ms, p95 {p95:.0f} ms, "
          f"min {min(latencies):.0f}, max {max(latencies):.0f}  (target <= 150 ms: "
          f"{'met' if p95 <= 150 else 'MISSED'})")
    emitted = (stats_after.get("emitted") or 0) - (stats_before.get("emitted") or 0)
    if emitted > 0:
        delay = ((stats_after["jitterBufferDelay"] - stats_before["jitterBufferDelay"])
                 / emitted * 1000)
        target = 1000 * (stats_after.get("targetDelay") or 0) / max(1, stats_after["emitted"])
        print(f"page B's jitter buffer: {delay:.0f} ms on average over the clicks "
              f"(target {target:.0f} ms averaged since the start; "
              f"packets lost {stats_after.get('packetsLost')}, "
              f"concealed samples {stats_after.get('concealed')})")
    if stats_after.get("rtt") is not None:
        print(f"round trip page B <-> hub: {1000 * stats_after['rtt']:.1f} ms")
    print(f"page A sent {sent_stats.get('packetsSent')} audio packets")
    if probe_after:
        print_breakdown(probe_before, probe_after, median,
                        delay if emitted > 0 else None)
    print(f"total run time {time.monotonic() - started:.0f} s")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=20)
    parser.add_argument("--interval", type=float, default=0.8,
                        help="seconds between clicks (a latency must stay below it)")
    parser.add_argument("--no-breakdown", dest="breakdown", action="store_false",
                        help="run the hub without the audio-path probe")
    parser.add_argument("--settle", type=float, default=2.0,
                        help="seconds of silence before the clicks")
    args = parser.parse_args()
    return asyncio.run(asyncio.wait_for(measure(args), 170))


if __name__ == "__main__":
    sys.exit(main())
