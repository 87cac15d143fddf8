"""The course's widgets and rich tables, for notebooks: ``from legpain.widgets import Quiz``.

Each widget lives in its own folder (Python class, ``widget.js``, ``widget.css``) and is built on
the shared contract in ``_base.py`` and the shared front end in ``_shared/``. Names are imported on
first use, so importing one widget does not load the others.
"""

from __future__ import annotations

import importlib
from typing import Any

#: public name -> module (below this package) that defines it
_EXPORTS: dict[str, str] = {
    "CaseLibrary": "cases", "ClaudicationComparer": "claudication",
    "CompressionModel": "compression", "DifferentialExplorer": "differential",
    "EvidenceExplorer": "evidence", "reading": "evidence", "GeneratedCases": "generated_cases",
    "DeficitDrill": "deficit_drill", "drill_answer": "deficit_drill", "drill_score": "deficit_drill",
    "LegPainExplorer": "explorer",
    "PainCycle": "pain_cycle", "PainSorter": "pain_sorter", "pain_classes_table": "pain_sorter",
    "PrognosisChart": "prognosis",
    "Quiz": "quiz", "LumbarSpine": "spine",
    "TestAccuracy": "test_accuracy", "RedFlagTriage": "triage",
    "ReviewDeck": "review_deck", "review_cards": "review_deck", "review_schedule": "review_deck",
    "Table": "display", "show_table": "display", "cause_card": "display", "CauseCard": "display",
    "claim_verdicts": "display", "readable_text": "display", "patient_handout": "display",
}

#: every widget class, for tests and tools that go over all of them
WIDGETS = tuple(name for name, module in _EXPORTS.items() if name[0].isupper()
                and module != "display")

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'legpain.widgets' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
