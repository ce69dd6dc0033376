"""The room's sound: device choice and checks, echo cancellation, noise suppression, automatic
gain, devices that come and go, and room mute.

`RoomAudio` is the hub's PCM endpoint for the room (see room.py for the wiring); `devices`
lists devices and runs the test tone and the "say something" check; `chain`/`echo` hold the
processing. Echo cancellation is our own (numpy): delay estimation, a two-path partitioned
frequency-domain adaptive filter, and a gentle residual echo suppressor. benchmarks/room_echo.py
(6 modelled rooms, 100-250 ms, whisper tiny.en) chose it:

    candidate            removed  talker in double talk  WER alone / double  CPU s/s
    ours + NS            39 dB    -0.1 dB                0.02 / 0.02         0.05
    WebRTC AEC3          41 dB    -5.7 dB (choppy)       0.02 / 0.91         0.02
    speexdsp MDF + RES   27 dB    -0.2 dB                0.02 / 0.05         0.04
    speexdsp -> AEC3     37 dB    -1.7 dB                0.02 / 0.25         0.05
"""

from .chain import ChainSettings, EchoMode, ProcessingChain
from .clock import ClockRatio
from .devices import (
    AudioDevice,
    CheckResult,
    Direction,
    SpeechCheck,
    list_devices,
    play_test_tone,
    say_something,
    speech_in,
)
from .meters import Level, LevelMeter
from .room import DeviceNotice, NoticeKind, RoomAudio
from .streams import StreamState

__all__ = [
    "AudioDevice",
    "ChainSettings",
    "CheckResult",
    "ClockRatio",
    "DeviceNotice",
    "Direction",
    "EchoMode",
    "Level",
    "LevelMeter",
    "NoticeKind",
    "ProcessingChain",
    "RoomAudio",
    "SpeechCheck",
    "StreamState",
    "list_devices",
    "play_test_tone",
    "say_something",
    "speech_in",
]
