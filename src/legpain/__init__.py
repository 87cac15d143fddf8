"""legpain — the knowledge base, reasoning functions and widgets of the course
"Why back pain radiates to the leg".

The reasoning API (all pure functions over the cited knowledge base in ``legpain/data``)::

    from legpain import localize, affected_roots, disc_levels, triage, claudication
    from legpain import post_test_probability, differential

Names are loaded on first use, so ``import legpain`` stays fast and imports no plotting library.
Educational use only: nothing here diagnoses a real person.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS: dict[str, str] = {}
for _module, _names in {
    "vocabulary": ("canonical", "canonical_all", "canonical_reflexes", "names", "terms",
                   "reflex_states"),
    "localization": ("localize", "evidence_table", "candidates", "Candidate", "MAP_SOURCES"),
    "spine": ("affected_roots", "disc_levels", "disc_table", "transitional_facts", "lumbar_facts",
              "counting_convention"),
    "anatomy": ("roots", "root", "nerves", "nerve", "dermatome_maps"),
    "triage_rules": ("triage", "Triage", "triage_table", "red_flags", "level_wording",
                     "level_summary"),
    "claudication_rules": ("claudication", "ClaudicationResult", "claudication_table"),
    "diagnostics": ("post_test_probability", "likelihood_ratios", "exam_tests", "exam_test",
                    "tests_table"),
    "cause_catalogue": ("causes", "cause", "features", "differential", "differential_table",
                        "compare"),
    "treatment_evidence": ("conditions", "interventions", "intervention", "evidence",
                           "evidence_chart_data", "claims", "claim", "claims_where"),
}.items():
    for _name in _names:
        _EXPORTS[_name] = _module
del _module, _names, _name

__all__ = sorted(_EXPORTS)
# A public name never equals a module name here (e.g. `localize` lives in `localization`): once a
# submodule is imported, Python binds the package attribute of its name to the module.
assert not set(_EXPORTS) & set(_EXPORTS.values())



def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'legpain' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


