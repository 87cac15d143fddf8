"""Test accuracy: from a pre-test probability, a test and its result to a post-test probability.

The student sets a pre-test probability (a slider), picks an examination test and the source of
its accuracy figures (selects) and a result (radio buttons), and sees the post-test probability
as a Fagan-style nomogram and as a natural-frequency picture of 100 people. The widget's
JavaScript computes exactly what :func:`legpain.post_test_probability` computes (a browser test
checks this on many random inputs), from the likelihood ratios the package ships in ``table``.
"""

from __future__ import annotations

from typing import Any

import traitlets

from ...knowledge.sources import sources_text
from ...reasoning.diagnostics import _estimate, _resolve, post_test_probability, tests_table
from .._base import CourseWidget, widget_files

RESULTS = ("positive", "negative")


def accuracy_table() -> dict[str, Any]:
    """The tests with usable accuracy figures, as JSON for the front end.

    Each estimate gets a ``key``: the citation key that makes
    ``post_test_probability(..., source=key)`` pick exactly this estimate.
    """
    usable, words_only = [], []
    for test in tests_table()["tests"]:
        if not test["estimates"]:
            words_only.append({"name": test["name"], "note": test["accuracy_note"],
                               "sources": sources_text(test["sources"])})
            continue
        estimates = []
        for estimate in test["estimates"]:
            key = next(k for k in estimate["sources"]
                       if _estimate(test, k)["label"] == estimate["label"])
            sens, spec = estimate["sensitivity"], estimate["specificity"]
            estimates.append({
                "key": key, "label": estimate["label"], "population": estimate["population"],
                "reference_standard": estimate["reference_standard"],
                "lr_positive": estimate["lr_positive"], "lr_negative": estimate["lr_negative"],
                "sensitivity": sens["value"] if sens else None,
                "specificity": spec["value"] if spec else None,
                "sources": sources_text(estimate["sources"]),
            })
        usable.append({"id": test["id"], "name": test["name"],
                       "target_condition": test["target_condition"],
                       "positive_when": test["positive_when"], "estimates": estimates})
    return {"tests": usable, "words_only": words_only}


class TestAccuracy(CourseWidget):
    """Pre-test probability + test + result -> post-test probability, drawn two ways.

    ``TestAccuracy(pretest=0.3, test="SLR", result="negative")``; ``posttest`` holds the answer
    (computed by :func:`legpain.post_test_probability`).
    """

    __test__ = False  # not a pytest test class despite its name

    _esm, _css = widget_files(__file__)

    table = traitlets.Dict().tag(sync=True)
    pretest = traitlets.Float(0.3).tag(sync=True)
    test = traitlets.Unicode("straight leg raise").tag(sync=True)
    #: citation key of the estimate in use ("" = the test's default estimate)
    source = traitlets.Unicode("").tag(sync=True)
    result = traitlets.Unicode("positive").tag(sync=True)
    posttest = traitlets.Float(0.0, read_only=True).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(table=accuracy_table(), **kwargs)
        self._update()

    def _estimates(self, test_id: str) -> list[dict[str, Any]]:
        return next(t["estimates"] for t in self.table["tests"] if t["id"] == test_id)

    @traitlets.validate("test")
    def _valid_test(self, proposal: traitlets.Bunch) -> str:
        """Any name or alias (``"SLR"``) becomes the test's id; unknown names raise ValueError."""
        info = _resolve(proposal["value"])
        if not info["estimates"]:
            _estimate(info, None)  # raises the ValueError that explains why
        return info["id"]

    @traitlets.validate("pretest")
    def _valid_pretest(self, proposal: traitlets.Bunch) -> float:
        value = proposal["value"]
        if not 0 < value < 1:
            raise traitlets.TraitError(f"pretest probability must lie strictly between 0 and 1 "
                                       f"(e.g. 0.3 for 30%), got {value!r}")
        return value

    @traitlets.validate("result")
    def _valid_result(self, proposal: traitlets.Bunch) -> str:
        if proposal["value"] not in RESULTS:
            raise traitlets.TraitError(f"result must be one of {RESULTS}, got "
                                       f"{proposal['value']!r}")
        return proposal["value"]

    @traitlets.observe("pretest", "test", "source", "result")
    def _changed(self, change: traitlets.Bunch) -> None:
        self._update()

    def _update(self) -> None:
        keys = [e["key"] for e in self._estimates(self.test)]
        if self.source not in keys:
            # a source of another test (or junk from the front end) falls back to the default
            with self.hold_trait_notifications():
                self.source = keys[0]
        estimate = next(e for e in self._estimates(self.test) if e["key"] == self.source)
        if self.result == "negative" and estimate["lr_negative"] is None:
            self.result = "positive"
        value = post_test_probability(self.pretest, self.test, self.result == "positive",
                                      source=self.source)
        self.set_trait("posttest", value)
