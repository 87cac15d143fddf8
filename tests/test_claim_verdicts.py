"""The source article's claims get one verdict each, and it comes from the knowledge base.

A verdict typed into a chapter's prose can drift from `claims.yaml` (it did: chapter 03 called a
claim "unsupported" that the data rated "partly"). So chapters render verdicts from the data, and
this test fails on any verdict typed into a notebook's markdown.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from legpain import claims

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
VERDICT = r"(?:partly(?: correct)?|correct|wrong|unsupported)"
#: a table cell holding nothing but a bold verdict, e.g. "| **Partly correct** |"
TABLE_CELL = re.compile(rf"\|\s*\*\*{VERDICT}[^|*]*\*\*\s*\|", re.IGNORECASE)
#: prose such as "Our verdict on that section: **partly correct.**"
PROSE = re.compile(rf"verdict[^.\n]{{0,60}}\*\*{VERDICT}\b", re.IGNORECASE)


def _markdown(path: Path) -> list[tuple[int, str]]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [(i, "".join(c["source"])) for i, c in enumerate(cells) if c["cell_type"] == "markdown"]


def typed_verdicts(text: str) -> list[str]:
    return [m.group(0) for m in (*TABLE_CELL.finditer(text), *PROSE.finditer(text))]


def test_the_detector_finds_typed_verdicts_and_ignores_plain_prose():
    assert typed_verdicts("| quote | **Partly correct** | evidence |")
    assert typed_verdicts("| quote | **unsupported** | evidence |")
    assert typed_verdicts("Our verdict on that untitled section: **partly correct.** Sharp pain")
    assert not typed_verdicts("4. **Correct** the source article's claims about stenosis.")
    assert not typed_verdicts("Its vicious circle is unsupported by the muscle studies.")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_chapter_types_a_verdict_of_its_own(path):
    found = [(i, hit) for i, text in _markdown(path) for hit in typed_verdicts(text)]
    assert not found, (f"{path.name}: verdicts typed into markdown (render them from claims.yaml "
                       f"with claim()/claim_verdicts instead): {found}")


def test_every_claim_has_exactly_one_verdict():
    seen: dict[str, str] = {}
    for c in claims():
        assert c.id not in seen, f"claim {c.id!r} is listed twice"
        seen[c.id] = c.verdict
    assert set(seen.values()) <= {"correct", "partly", "wrong", "unsupported"}


def test_the_garbled_claims_are_not_rated_fully_correct():
    by_id = {c.id: c for c in claims()}
    assert by_id["inflamed_roots_numbness"].verdict == "partly"
    sciatic = by_id["sciatic_nerve_largest"]
    assert sciatic.verdict == "partly"
    assert "L4, L5, S1, S2 and S3" in sciatic.correction
