"""The engines on real speech: Whisper's accuracy, the VAD's cuts, silence, and Vosk's streaming.

Word error rates measured on this suite's 5 LibriVox clips (71 words) when this was written,
feeding each clip in 100 ms pieces through the VAD as a live source would:
- whisper-base: 1.4% (1 error: the reader's own "a more a amiable" has one word more than
  Whisper writes). The bound is the issue's target for the default model, 5% (3 errors).
- whisper-tiny.en: 4.2% (3 errors: "ill-disposed" heard as "old-sposed", and the same "a").
  The bound, 8.5% (6 errors), leaves room for the int8 kernels' small differences between CPUs
  (AVX2 / AVX-512) that can flip a close beam-search choice, while still failing a real
  regression (a broken VAD cut or resampling costs far more than 3 words).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from facilitator.services.asr import Final, Partial, VadSettings
from facilitator.services.asr.engine import DecodeJob, run_all, transcribe
from facilitator.services.asr.models import load_manifest
from facilitator.services.asr.vad import Segmenter, SileroVad, vad_model_path
from facilitator.services.asr.wer import word_error_rate

from .test_asr_common import clip, engine, espeak, librivox, silence

BASE_WER_BOUND = 0.05
TINY_WER_BOUND = 0.085


def corpus_wer(model: str) -> tuple[float, list[str]]:
    recogniser = engine(model)
    clips = librivox()
    hypotheses = [" ".join(f.text for f in transcribe(recogniser, c.audio)) for c in clips]
    return word_error_rate([c.text for c in clips], hypotheses), hypotheses


@pytest.mark.slow
def test_whisper_base_word_error_rate_on_librivox() -> None:
    wer, hypotheses = corpus_wer("whisper-base")
    assert wer <= BASE_WER_BOUND, hypotheses


@pytest.mark.slow
def test_whisper_tiny_word_error_rate_on_librivox() -> None:
    wer, hypotheses = corpus_wer("whisper-tiny.en")
    assert wer <= TINY_WER_BOUND, hypotheses


def test_a_one_second_pause_splits_two_sentences_with_their_times() -> None:
    first, second = clip("0880"), clip("0930")
    audio = np.concatenate([first.audio, silence(1.0), second.audio, silence(1.0)])
    finals = transcribe(engine(), audio)
    assert len(finals) == 2, finals
    one, two = finals
    second_starts = first.seconds + 1.0  # 3.99 s
    assert 0.0 <= one.start < 0.5
    assert first.seconds - 0.8 < one.end <= second_starts - 0.3  # ends in the pause
    assert second_starts - 0.4 <= two.start < second_starts + 0.6
    assert second_starts + second.seconds - 0.8 < two.end <= len(audio) / 16_000
    assert word_error_rate([first.text, second.text], [one.text, two.text]) <= 0.25
    for final in finals:
        assert final.confidence is not None and 0.0 < final.confidence <= 1.0
        starts = [w.start for w in final.words]
        assert starts == sorted(starts) and final.words
        assert final.start <= final.words[0].start and final.words[-1].end <= final.end + 0.01


def test_silence_and_quiet_noise_give_nothing_and_cost_no_network_run() -> None:
    stream = engine().open_stream()
    rng = np.random.default_rng(7)
    noise = (rng.standard_normal(16_000 * 5) * 0.003).astype(np.float32)  # about -50 dBFS
    outputs = []
    for piece in np.split(np.zeros(16_000 * 10, dtype=np.float32), 100):
        outputs += stream.feed(piece)
    for piece in np.split(noise, 50):
        outputs += stream.feed(piece)
    outputs += stream.finish()
    assert outputs == []
    assert stream.position == pytest.approx(15.0)

    # digital silence never reaches the network: its state stays at rest
    vad = SileroVad(vad_model_path())
    assert not vad.probabilities(np.zeros(512 * 20, dtype=np.float32)).any()
    assert not vad._h.any()


def test_long_speech_is_cut_at_the_maximum_length() -> None:
    recogniser = engine(vad=VadSettings(pause_ms=3000, soft_max_s=4.0, max_utterance_s=6.0))
    long_stream = recogniser.open_stream()
    audio = np.concatenate([c.audio for c in librivox()])  # 24.7 s, only the clips' own pauses
    finals = [r for r in run_all(_feed(long_stream, audio))
              if isinstance(r, Final) and not r.revision]  # each line once, as first given
    assert len(finals) >= 4
    for final in finals:
        assert final.end - final.start <= 6.0 + 0.2
    assert [f.start for f in finals] == sorted(f.start for f in finals)
    assert word_error_rate([" ".join(c.text for c in librivox())],
                           [" ".join(f.text for f in finals)]) <= 0.2


def test_whisper_partials_come_while_speaking_then_the_final() -> None:
    stream = engine(partials=True, partial_duty=1.0).open_stream()  # no CPU cap: deterministic
    seen: list[Partial | Final] = []
    audio = np.concatenate([clip("0870").audio, silence(1.0)])
    for offset in range(0, len(audio), 1600):
        seen += run_all(stream.feed(audio[offset:offset + 1600]))
        job = stream.partial_job()
        if job is not None:
            assert isinstance(job, DecodeJob) and job.partial
            seen += run_all([job])
    texts = [s for s in seen if isinstance(s, Partial) and s.text]
    finals = [s for s in seen if isinstance(s, Final) and not s.revision]
    assert len(finals) == 1  # one line (then perhaps the beam's revision of it)
    assert len(texts) >= 3  # about one a second of a 7 s sentence
    assert seen.index(texts[0]) < seen.index(finals[0])
    assert texts[0].end < 2.0  # the first words show within about a second of speech
    assert word_error_rate([clip("0870").text], [finals[0].text]) <= 0.1


def test_vosk_streams_partials_then_finals_with_word_times(tmp_path: Path) -> None:
    recogniser = engine("vosk-ko")
    first, rate = espeak("안녕하세요 오늘 회의를 시작하겠습니다", voice="ko", tmp=tmp_path)
    second, _ = espeak("아이의 안전이 가장 중요합니다", voice="ko", tmp=tmp_path)
    assert rate == 22_050
    from facilitator.services.asr.resample import Resampler

    resample = Resampler()
    audio = np.concatenate([resample(first, rate), resample(np.zeros(rate, np.int16), rate),
                            resample(second, rate), resample(np.zeros(rate, np.int16), rate)])
    first_end = len(resample(first, 22_050)) / 16_000  # about the first sentence's length
    stream = recogniser.open_stream()
    seen: list[Partial | Final] = []
    for offset in range(0, len(audio), 1600):
        seen += run_all(stream.feed(audio[offset:offset + 1600]))
    seen += run_all(stream.finish())

    finals = [s for s in seen if isinstance(s, Final)]
    assert 2 <= len(finals) <= 4, finals
    assert any(f.start < first_end for f in finals) and any(f.start > first_end for f in finals)
    previous_end = 0.0
    for final in finals:
        index = seen.index(final)
        assert any(isinstance(s, Partial) and s.text for s in seen[:index])  # partials first
        assert final.text.strip() and final.words
        assert final.confidence is not None and 0.0 <= final.confidence <= 1.0
        assert final.start >= previous_end - 0.01 and final.start <= final.end
        times = [t for w in final.words for t in (w.start, w.end)]
        assert times == sorted(times), final.words  # word times never go back
        assert final.start - 0.01 <= times[0] and times[-1] <= len(audio) / 16_000
        assert all(w.probability is not None and 0.0 <= w.probability <= 1.0
                   for w in final.words)
        previous_end = final.end
    # partials report the utterance growing
    grown = [s.end for s in seen if isinstance(s, Partial) and s.text and s.speaking]
    assert len(grown) >= 4


def test_the_vad_streams_exactly_as_it_scores_a_whole_file() -> None:
    audio = clip("0880").audio.astype(np.float32) / 32768
    whole = audio[: len(audio) // 512 * 512]
    path = vad_model_path(load_manifest())
    at_once = SileroVad(path).probabilities(whole)
    streamed = SileroVad(path)
    pieces = [streamed.probabilities(whole[i:i + 512 * 3]) for i in range(0, len(whole), 512 * 3)]
    assert np.allclose(np.concatenate(pieces), at_once, atol=1e-5)
    segmenter = Segmenter(SileroVad(path))
    chunks = [c for i in range(0, len(audio), 700) for c in segmenter.feed(audio[i:i + 700])]
    chunks += segmenter.finish()
    assert chunks[0].opens and chunks[-1].closes and sum(c.opens for c in chunks) == 1
    covered = sum(len(c.audio) for c in chunks)
    assert chunks[-1].end - chunks[0].start <= covered


def _feed(stream: object, audio: np.ndarray) -> list[object]:
    out: list[object] = []
    for offset in range(0, len(audio), 1600):
        out += stream.feed(audio[offset:offset + 1600])  # type: ignore[attr-defined]
    out += stream.finish()  # type: ignore[attr-defined]
    return out

