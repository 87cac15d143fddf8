"""Chapter 02 teaches the order of symptoms as a loose tendency, and never derives it from fibre size.

A reviewer found the chapter arguing "pressure blocks large fibres first, so numbness comes before
weakness and reflex loss"; but the largest fibres are the motor fibres and the reflex (muscle
spindle) fibres, so that logic runs the other way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "notebooks" / "02_nerve_root_compression.ipynb"


def _markdown() -> str:
    cells = json.loads(CHAPTER.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s.strip()]


def test_no_sentence_derives_numbness_before_weakness_from_fibre_size():
    for sentence in _sentences(_markdown()):
        lower = sentence.lower()
        if "large" in lower and "fibre" in lower and "weakness" in lower:
            assert not re.search(r"which is why|so (?:tingling|numbness)|that is why", lower) \
                or "not" in lower, sentence


def test_the_chapter_says_which_fibres_are_largest_and_that_the_order_is_a_tendency():
    text = " ".join(_markdown().split()).lower()
    assert "the largest fibres of all are the ones that drive the muscles" in text
    assert "stretch-reflex" in text
    assert "a tendency, never as a rule" in text or "a tendency, not a rule" in text
    # the alternative explanation it gives is cited: several roots per leg muscle
    assert "two or three neighbouring roots" in text
