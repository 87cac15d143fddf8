"""The differential explorer: tick the features of a patient's story, see which causes of back
pain radiating to the leg fit it best, and compare two causes feature by feature.

The ranking is :func:`legpain.differential` and the comparison :func:`legpain.compare`, both from
the cited knowledge base (``data/causes.yaml``). Python ships the whole table to the front end
(:func:`legpain.differential_table`), and ``widget.js`` ranks and compares from it with the same
rule, so the widget also works in the static book without a kernel.

>>> explorer = DifferentialExplorer(features=["Older than 60", "onset_gradual"])
>>> explorer.features
['age_over_60', 'onset_gradual']
>>> explorer.ranking[0]["id"]
'lumbar_spinal_stenosis'
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import re
from typing import Any

import traitlets

from .._base import CourseWidget, known_names, widget_files

__all__ = ["DifferentialExplorer", "differential_data"]


#: The comparison the widget opens with: the pair the spinal-causes chapters teach first.
DEFAULT_PAIR = ("lumbar_spinal_stenosis", "disc_herniation")

_TEXTS = {
    "title": "Differential explorer: which cause fits the story?",
    "red_flags_text": "Red flags: when leg pain is an emergency",
    "red_flags_book": "../book/red_flags.html",
    "red_flags_lab": "../book/red_flags.md",
    "caveat": ("A teaching aid, not a diagnosis. Scores add the course's summary weights "
               "({weights}); they are not probabilities, and a cause can be present with an "
               "untypical story."),
}


def _catalogue():
    """The causes in the knowledge base, imported on first use (keeps ``import legpain`` fast)."""
    return importlib.import_module("legpain.knowledge.causes")


def _ranking():
    """The differential ranking, imported on first use."""
    return importlib.import_module("legpain.reasoning.differential")


def _readable(text: str, names: dict[str, str]) -> str:
    """Replace cause ids written in the data's prose (``vs lumbar_spinal_stenosis``) by names."""
    return re.sub(r"\b[a-z]+(?:_[a-z0-9]+)+\b",
                  lambda m: names.get(m.group(0), m.group(0)).lower()
                  if m.group(0) in names else m.group(0), text)


@functools.cache
def differential_data() -> dict[str, Any]:
    """Everything the front end needs, computed once from the knowledge base (JSON-serialisable).

    ``table`` is :func:`legpain.differential_table` unchanged; ``causes_info`` adds, for each ranked
    cause, what the comparison panel shows (distinguishing features, red flags, look-alikes).
    """
    cat = _catalogue()
    table = _ranking().differential_table()
    ranked_ids = {row["id"] for row in table["causes"]}
    names = {c.id: c.name for c in cat.causes()}
    info = []
    for c in cat.causes():
        if c.id not in ranked_ids:
            continue
        distinguishing = []
        for text in c.distinguishing_features:
            words = set(re.findall(r"[a-z0-9_]+", text))
            distinguishing.append({"text": _readable(text, names),
                                   "mentions": [i for i in names if i in words]})
        info.append({
            "id": c.id,
            "name": c.name,
            "urgency": c.urgency,
            "distinguishing": distinguishing,
            "red_flags": list(c.red_flags),
            "look_alikes": [x for x in c.look_alikes if x in ranked_ids],
            "sources": list(c.sources),
        })
    texts = dict(_TEXTS)
    weights = ", ".join(f"{level} {weight:+d}".replace("-", "\u2212")
                        for level, weight in table["weights"].items())
    texts["caveat"] = texts["caveat"].format(weights=weights)
    return {"table": table, "causes_info": info, "texts": texts}


class DifferentialExplorer(CourseWidget):
    """Tick story features; read the ranked causes (``ranking``) and a two-cause comparison.

    ``features`` takes feature ids or their plain names (see :func:`legpain.features`);
    ``compare_a`` and ``compare_b`` take cause ids or names (see :func:`legpain.causes`).
    ``ranking`` is read-only: :func:`legpain.differential` for the ticked features.
    """

    _esm, _css = widget_files(__file__)

    # Settable traits are `Any` so every bad value, of any type, raises the catalogue's
    # ValueError (naming the valid choices) from the validator below, not a bare TraitError.
    features = traitlets.Any(help="ticked story features (ids)").tag(sync=True)
    compare_a = traitlets.Any(DEFAULT_PAIR[0], help="first cause compared").tag(sync=True)
    compare_b = traitlets.Any(DEFAULT_PAIR[1], help="second cause compared").tag(sync=True)
    ranking = traitlets.List(read_only=True, help="ranked causes with reasons").tag(sync=True)

    # Data for the front end, computed in Python from the knowledge base.
    table = traitlets.Dict(read_only=True).tag(sync=True)
    causes_info = traitlets.List(read_only=True).tag(sync=True)
    texts = traitlets.Dict(read_only=True).tag(sync=True)

    _SETTINGS = ("features", "compare_a", "compare_b")

    def __init__(self, **kwargs: Any) -> None:
        self._check_settings(kwargs)
        data = differential_data()
        super().__init__()
        for name in ("table", "causes_info", "texts"):
            self.set_trait(name, data[name])
        with self.hold_trait_notifications():
            for name, value in kwargs.items():
                setattr(self, name, value)
        self._update_ranking()

    @traitlets.default("features")
    def _no_features(self) -> list[str]:
        return []

    # ---- validation: bad names raise the catalogue's ValueError ----
    def _clean(self, name: str, value: object) -> object:
        cat = _catalogue()
        if name == "features":
            return list(_ranking()._chosen(value))
        if name in ("compare_a", "compare_b"):
            found = cat.cause(value)
            valid = [row["id"] for row in self.table["causes"]]
            if found.id not in valid:
                raise ValueError(f"{found.id!r} is taught but not ranked in the differential "
                                 f"(it is a symptom, umbrella or risk factor); compare one of: "
                                 f"{', '.join(valid)}")
            return found.id
        raise ValueError(f"{name!r} cannot be set")

    @traitlets.validate(*_SETTINGS)
    def _validate(self, proposal: dict) -> object:
        return self._clean(proposal["trait"].name, proposal["value"])

    @traitlets.observe("features")
    def _features_changed(self, change: dict) -> None:
        self._update_ranking()

    def _update_ranking(self) -> None:
        self.set_trait("ranking", [
            {"id": r.id, "name": r.name, "score": r.score, "supporting": list(r.supporting),
             "against": list(r.against), "urgency": r.urgency, "must_not_miss": r.must_not_miss}
            for r in _ranking().differential(self.features)])

    def _from_browser(self, name: str, value: object) -> object:
        """Features from the browser: ids the catalogue does not know are dropped."""
        if name == "features":
            return known_names(name, value, (f.id for f in _catalogue().features()))
        return value

    def comparison(self) -> list[dict[str, Any]]:
        """The two chosen causes compared feature by feature (:func:`legpain.compare`), as dicts;
        an empty list when the same cause is chosen twice."""
        if self.compare_a == self.compare_b:
            return []
        return [dataclasses.asdict(row) for row in _ranking().compare(self.compare_a, self.compare_b)]

    def clear(self) -> None:
        """Untick every feature."""
        self.features = []
