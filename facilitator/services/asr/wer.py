"""Word error rate, for tests and benchmarks: edit distance over normalised words.

Normalisation makes the recogniser's written form comparable with a plain transcript: lower
case, no punctuation, hyphenated words split ("ill-disposed" = "ill disposed"), and the few
abbreviations Whisper writes ("Mr." = "mister").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_SPOKEN = {"mr": "mister", "mrs": "missus", "dr": "doctor", "st": "saint"}


def normalise(text: str) -> list[str]:
    words = re.sub(r"[^a-z0-9' ]+", " ", text.lower().replace("-", " ")).split()
    return [_SPOKEN.get(w.strip("'"), w.strip("'")) for w in words if w.strip("'")]


def edit_distance(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Substitutions + deletions + insertions (Levenshtein over words)."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, start=1):
        current = [i] + [0] * len(hypothesis)
        for j, hyp in enumerate(hypothesis, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (ref != hyp))
        previous = current
    return previous[-1]


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(errors, reference words)."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    return edit_distance(ref, hyp), len(ref)


def word_error_rate(references: Sequence[str], hypotheses: Sequence[str]) -> float:
    """Corpus WER: all errors over all reference words."""
    if len(references) != len(hypotheses):
        raise ValueError("one hypothesis per reference")
    errors = words = 0
    for reference, hypothesis in zip(references, hypotheses, strict=True):
        e, n = word_errors(reference, hypothesis)
        errors += e
        words += n
    return errors / words if words else 0.0
