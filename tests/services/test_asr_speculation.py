"""Once a speaker pauses, Whisper decodes what they said while the pause runs on, greedily: if the
pause ends the utterance, that decode is the line, so it comes sooner; then the beam decodes the
same audio, its encoding kept (the encoder is most of a decode), and revises the line."""

from __future__ import annotations

from typing import Any

import numpy as np

from facilitator.services.asr import Final, Partial, VadSettings
from facilitator.services.asr.engine import DecodeJob
from facilitator.services.asr.wer import word_error_rate

from .test_asr_common import clip, engine, silence

PIECE = 1600  # 100 ms


class CountingDecodes:
    """The real engine, counting how many utterance decodes it is asked for."""

    def __init__(self, **settings: Any) -> None:
        self.engine = engine(**settings)
        self.decodes = 0
        self.seconds: list[float] = []  # the length of the audio each decode was given
        original = self.engine.decode  # type: ignore[attr-defined]

        def decode(*args: Any, **kwargs: Any) -> Final | None:
            self.decodes += 1
            self.seconds.append(len(args[0]) / 16_000)
            result: Final | None = original(*args, **kwargs)
            return result

        self.engine.decode = decode  # type: ignore[attr-defined]


def encodings(counting: CountingDecodes) -> int:
    """How many times the model's encoder has run (the expensive part of a decode)."""
    return int(counting.engine.encoder_cache.misses)  # type: ignore[attr-defined]


def lines(finals: list[Final]) -> list[Final]:
    return [f for f in finals if not f.revision]


def live(counting: CountingDecodes, audio: np.ndarray) -> tuple[list[Final], list[str], int]:
    """Fed as the pipeline does: after each piece, the idle worker asks for a partial job.
    Returns the finals, the partial texts, and the sample at which the first final came."""
    stream = counting.engine.open_stream()
    finals: list[Final] = []
    partials: list[str] = []
    first_final_at = -1
    for offset in range(0, len(audio), PIECE):
        for item in stream.feed(audio[offset:offset + PIECE]):
            result = item.run() if isinstance(item, DecodeJob) else item
            if isinstance(result, Final):
                finals.append(result)
                if first_final_at < 0:
                    first_final_at = offset + PIECE
        job = stream.partial_job()
        if job is not None:
            result = job.run()
            if isinstance(result, Partial) and result.text:
                partials.append(result.text)
    return finals, partials, first_final_at


def test_the_decode_made_during_the_pause_is_the_line_then_the_beam_revises_it_encoding_once(
        ) -> None:
    sentence = clip("0880")
    counting = CountingDecodes()
    counting.engine.encoder_cache.clear()  # type: ignore[attr-defined]  # shared by tests
    encoded = encodings(counting)
    finals, partials, first_final_at = live(counting, np.concatenate([sentence.audio,
                                                                      silence(1.5)]))
    line, revision = finals
    assert not line.revision and revision.revision and line.key == revision.key
    assert "young man" in line.text and "young man" in revision.text
    assert partials == [line.text], "the text shows while the pause runs on"
    # the line comes as the pause closes the utterance (1 s after the last speech)
    assert first_final_at <= len(sentence.audio) + 16_000
    assert counting.decodes == 2, "a greedy decode, then the beam's"
    assert encodings(counting) - encoded == 1, "the beam's decode encoded the audio again"
    assert revision.words and revision.end <= line.end  # word times: where speech ended


def test_speech_after_a_short_pause_is_decoded_whole() -> None:
    first, second = clip("0880"), clip("0930")
    counting = CountingDecodes()
    # the clip ends in about 0.3 s of quiet: with 400 ms more, the pause passes 600 ms (a
    # decode starts) but not 1 s (the utterance goes on)
    audio = np.concatenate([first.audio, silence(0.4), second.audio, silence(1.5)])
    finals, _, _ = live(counting, audio)
    assert len(lines(finals)) == 1, [f.text for f in finals]
    # one decode during the short pause; the whole, greedy, during the closing pause; the beam's
    assert counting.decodes == 3
    both = first.text + " " + second.text
    for final in finals:
        assert word_error_rate([both], [final.text]) <= 0.2, final.text


def test_each_pause_decodes_only_what_was_said_since_the_last_so_a_monologue_costs_one_pass(
        ) -> None:
    """A speaker who pauses often (each pause long enough to decode, too short to end the
    utterance): each decode during a pause takes only what followed the last one, and the line
    is their texts together; the beam then decodes the whole utterance once and revises it."""
    parts = [clip("0880"), clip("0930"), clip("0890")]  # each ends in ~0.3 s of quiet
    gap = silence(0.4)  # with it, each pause passes 600 ms (a decode) but not 1 s
    audio = np.concatenate([parts[0].audio, gap, parts[1].audio, gap, parts[2].audio,
                            silence(1.5)])
    counting = CountingDecodes(vad=VadSettings(soft_max_s=20.0, max_utterance_s=28.0))
    finals, partials, _ = live(counting, audio)
    line, revision = finals
    assert not line.revision and revision.revision and line.key == revision.key
    *during, beam = counting.seconds
    assert len(during) == 3, counting.seconds  # one greedy pass per pause
    said = [len(p.audio) / 16_000 + 0.4 for p in parts]
    for seconds, part in zip(during, said, strict=True):  # never what came before again
        assert seconds < part + 0.5, (counting.seconds, said)
    assert beam > sum(said) - 0.5, "the beam's decode is of the whole utterance"
    everything = " ".join(p.text for p in parts)
    assert word_error_rate([everything], [line.text]) <= 0.3, line.text
    assert word_error_rate([everything], [revision.text]) <= 0.2, revision.text
    assert partials[0] in line.text and partials[-1] == line.text  # captions grew to the line


def test_switched_off_the_final_waits_for_the_pause_and_decodes_once() -> None:
    sentence = clip("0880")
    audio = np.concatenate([sentence.audio, silence(1.5)])
    on = CountingDecodes()
    off = CountingDecodes(speculate_ms=0)
    finals_on, _, on_at = live(on, audio)
    finals_off, partials_off, off_at = live(off, audio)
    assert off.decodes == 1 and partials_off == [] and len(finals_off) == 1
    assert on_at <= off_at  # the line came no later with the decode during the pause
    revised = finals_on[-1]  # the beam's text and word times are what switched off gives
    assert revised.revision and revised.text == finals_off[0].text
    assert (revised.start, revised.end) == (finals_off[0].start, finals_off[0].end)


def test_the_beam_alone_during_the_pause_is_the_final_text_with_nothing_to_revise() -> None:
    sentence = clip("0880")
    counting = CountingDecodes(speculate_beam_size=5)
    finals, _, _ = live(counting, np.concatenate([sentence.audio, silence(1.5)]))
    assert len(finals) == 1 and not finals[0].revision and counting.decodes == 1
    assert finals[0].words


def test_a_long_utterance_shows_its_words_while_it_goes_on_then_one_final_replaces_them() -> None:
    parts = [clip("0880"), clip("0930"), clip("0890")]  # each ends in ~0.3 s of quiet
    audio = np.concatenate([p.audio for p in parts] + [silence(1.5)])
    counting = CountingDecodes(vad=VadSettings(soft_max_s=20.0, max_utterance_s=28.0),
                               provisional_s=4.0)
    finals, partials, first_final_at = live(counting, audio)
    assert len(lines(finals)) == 1, [f.text for f in finals]  # one utterance, decoded whole
    everything = " ".join(p.text for p in parts)
    assert word_error_rate([everything], [finals[-1].text]) <= 0.2, finals[-1].text
    provisional = [p for p in partials if p not in (f.text for f in finals)]
    assert provisional, "no words were shown before the utterance ended"
    # the words of the first sentence were on screen long before the final came
    assert "young man" in provisional[0], provisional[0]
    assert first_final_at > len(parts[0].audio) + len(parts[1].audio)


def test_without_provisional_decodes_a_long_utterance_shows_no_words_until_it_ends() -> None:
    parts = [clip("0880"), clip("0930"), clip("0890")]
    audio = np.concatenate([p.audio for p in parts] + [silence(1.5)])
    counting = CountingDecodes(vad=VadSettings(soft_max_s=20.0, max_utterance_s=28.0),
                               provisional_s=0.0, speculate_ms=0, fast_final_s=0.0)
    finals, partials, _ = live(counting, audio)
    assert len(finals) == 1 and partials == []


def test_a_long_line_comes_at_once_from_the_fast_pass_then_the_whole_decode_revises_it() -> None:
    parts = [clip("0880"), clip("0930"), clip("0890")]
    audio = np.concatenate([p.audio for p in parts] + [silence(1.5)])
    counting = CountingDecodes(vad=VadSettings(soft_max_s=20.0, max_utterance_s=28.0),
                               provisional_s=4.0, speculate_ms=0, fast_final_s=6.0)
    stream = counting.engine.open_stream()
    outputs = []
    for offset in range(0, len(audio), PIECE):
        outputs += stream.feed(audio[offset:offset + PIECE])
        job = stream.partial_job()
        if job is not None:
            job.run()  # the provisional decodes, as the idle worker runs them
    jobs = [o for o in outputs if isinstance(o, DecodeJob)]
    assert [j.refinement for j in jobs] == [False, True]  # the fast line, then the better one
    before = counting.decodes
    fast = jobs[0].run()
    assert isinstance(fast, Final) and not fast.revision
    assert counting.decodes <= before + 1  # at most the stretch after the provisional texts
    better = jobs[1].run()
    assert isinstance(better, Final) and better.revision and better.key == fast.key
    everything = " ".join(p.text for p in parts)
    assert word_error_rate([everything], [fast.text]) <= 0.3, fast.text
    assert word_error_rate([everything], [better.text]) <= 0.2, better.text


def test_a_recording_transcribed_as_live_reads_as_its_lines_do_after_revision() -> None:
    """`transcribe(live=True)` (benchmarks: what a meeting's lines read) gives the texts the
    file mode gives, though it decodes during pauses and shows greedy lines first."""
    from facilitator.services.asr.engine import transcribe

    first, second = clip("0880"), clip("0930")
    audio = np.concatenate([first.audio, silence(0.7), second.audio, silence(1.5)])
    counting = CountingDecodes()
    as_file = transcribe(counting.engine, audio)
    file_decodes = counting.decodes
    as_live = transcribe(counting.engine, audio, live=True)
    assert [f.text for f in as_live] == [f.text for f in as_file]
    assert counting.decodes - file_decodes > file_decodes, "no decode during the pauses"
