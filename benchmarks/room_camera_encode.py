"""The room camera's scale + VP8 encode per frame, with the product's encoder settings.

    .venv/bin/python benchmarks/room_camera_encode.py            # 300 frames per case
    .venv/bin/python benchmarks/room_camera_encode.py --frames 60

`RoomCamera._encode` (reformat to yuv420p at the picture's size, libvpx realtime, cpu-used 8,
600 kbit/s, 15 fps) timed on moving bars (the test pattern) and on bars with sensor-like
noise, from 320x240 and 640x480 sources. Each encode ran on the media loop before 2026-12-04.
On the shared 2-core machine (2026-12-04, load 1.4-2.2, 300 frames per case), in ms:

| frames | 320x240 -> 320x240 | 320x240 -> 640x480 | 640x480 -> 640x480 |
| --- | --- | --- | --- |
| bars: median / p95 / max | 1.5 / 4.8 / 25 | 2.8 / 12.0 / 134 | 3.7 / 15.4 / 103 |
| noisy: median / p95 / max | 2.2 / 10.5 / 55 | 6.6 / 18.7 / 100 | 11.4 / 120 / 140 |

The product's picture is 640x480: more than 2 ms at the median, over 100 ms at worst, against
the loop's 20 ms audio tick; so scaling and encoding now run on a thread of their own.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import av
import numpy as np

from facilitator.services.rtc.room_camera import VIDEO_CLOCK, RoomCamera, test_pattern

CASES = [((320, 240), (320, 240)), ((320, 240), (640, 480)), ((640, 480), (640, 480))]


def frames(source: tuple[int, int], count: int, noisy: bool) -> list[av.VideoFrame]:
    random = np.random.default_rng(0)
    made = []
    for number in range(count):
        image = np.full((source[1], source[0], 3), 40, dtype=np.uint8)
        image[:, (number * 4) % source[0]:][:, :20] = (255, 200, 0)
        if noisy:
            image = np.clip(image + random.normal(0, 6, image.shape), 0, 255).astype(np.uint8)
        made.append(av.VideoFrame.from_ndarray(image, format="rgb24"))
    return made


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[round(share * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--frames", type=int, default=300)
    args = parser.parse_args()

    print(f"load average {os.getloadavg()[0]:.2f}")
    for noisy in (False, True):
        for source, size in CASES:
            camera = RoomCamera(test_pattern(), fps=15, size=size)  # its frames are not read
            step = VIDEO_CLOCK // camera.fps
            spent = []
            for number, frame in enumerate(frames(source, args.frames, noisy)):
                began = time.perf_counter()
                camera._encode(frame, number * step, keyframe=number == 0)
                spent.append((time.perf_counter() - began) * 1000)
            spent = spent[1:]  # the first (key) frame aside
            print(f"{'noisy' if noisy else 'bars '} {source[0]}x{source[1]} -> "
                  f"{size[0]}x{size[1]}: median {statistics.median(spent):.2f} ms, "
                  f"p95 {percentile(spent, 0.95):.2f} ms, max {max(spent):.2f} ms")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
