"""legpain — the knowledge base, reasoning functions and widgets of the course
"Why back pain radiates to the leg".

The package is split by role, and each layer imports only the ones before it::

    legpain.knowledge   the cited data (``knowledge/data``) and its loaders: roots, nerves,
                        vocabulary, causes, physiology, treatment evidence, sources
    legpain.reasoning   pure functions over the knowledge: localisation, triage, claudication,
                        test accuracy, the differential, disc levels, the worked cases
    legpain.widgets     the notebooks' interactive widgets and rich tables

Notebooks import from ``legpain`` (this façade) and ``legpain.widgets`` only::

    from legpain import localize, affected_roots, disc_levels, triage, claudication
    from legpain import post_test_probability, differential

Names are loaded on first use, so ``import legpain`` stays fast and imports no plotting library.
The tools that write the book's generated pages and re-execute the notebooks live outside the
runtime package, in ``legpain_authoring``.
Educational use only: nothing here diagnoses a real person.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name -> module (below this package) that defines it
_EXPORTS: dict[str, str] = {}
for _module, _names in {
    "knowledge.vocabulary": ("canonical", "canonical_all", "canonical_reflexes", "names", "terms",
                             "reflex_states"),
    "knowledge.anatomy": ("roots", "root", "nerves", "nerve", "dermatome_maps"),
    "knowledge.plexus": ("plexuses", "plexus", "plexus_of", "plexus_table"),
    "knowledge.causes": ("causes", "cause", "features", "feature", "source_article"),
    "knowledge.treatment_evidence": ("conditions", "interventions", "intervention", "evidence",
                                     "evidence_chart_data", "claims", "claim", "claims_where"),
    "knowledge.sources": ("source_label", "sources_text"),
    "knowledge.risk_factors": ("risk_factors", "risk_factor"),
    "reasoning.localization": ("localize", "evidence_table", "candidates", "Candidate",
                               "MAP_SOURCES"),
    "reasoning.spine": ("affected_roots", "disc_levels", "disc_table", "transitional_facts",
                        "lumbar_facts", "counting_convention"),
    "reasoning.triage_rules": ("triage", "Triage", "triage_table", "red_flags", "level_wording",
                               "level_summary"),
    "reasoning.claudication_rules": ("claudication", "ClaudicationResult", "claudication_table"),
    "reasoning.diagnostics": ("post_test_probability", "likelihood_ratios", "exam_tests",
                              "exam_test", "tests_table"),
    "reasoning.differential": ("differential", "differential_table", "compare", "emergency_alert"),
    "reasoning.cases": ("case", "case_table"),
    "reasoning.generated_cases": ("generate_case", "GeneratedCase", "lesion_priors"),
}.items():
    for _name in _names:
        _EXPORTS[_name] = _module
del _module, _names, _name

#: knowledge modules a notebook uses as a namespace (``from legpain import physiology``)
_NAMESPACES = {"anatomy": "knowledge.anatomy", "physiology": "knowledge.physiology",
               "vocabulary": "knowledge.vocabulary"}

__all__ = sorted([*_EXPORTS, *_NAMESPACES])
assert not set(_EXPORTS) & set(_NAMESPACES)


def __getattr__(name: str) -> Any:
    if name in _NAMESPACES:
        value = importlib.import_module(f".{_NAMESPACES[name]}", __name__)
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    elif name in ("knowledge", "reasoning", "widgets"):
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'legpain' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS) | set(_NAMESPACES))
