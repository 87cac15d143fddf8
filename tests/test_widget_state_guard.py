"""One guard for every change a browser sends: outputs stay read-only, None and junk are ignored."""

from __future__ import annotations

import pytest
import traitlets

from legpain.widgets.claudication import ClaudicationComparer
from legpain.widgets.compression import CompressionModel
from legpain.widgets.differential import DifferentialExplorer
from legpain.widgets.evidence import EvidenceExplorer
from legpain.widgets.explorer import LegPainExplorer
from legpain.widgets.pain_cycle import PainCycle
from legpain.widgets.quiz import Quiz
from legpain.widgets.spine import LumbarSpine
from legpain.widgets.test_accuracy import TestAccuracy
from legpain.widgets.triage import RedFlagTriage

MAKERS = {
    "claudication": ClaudicationComparer, "compression": CompressionModel,
    "differential": DifferentialExplorer, "evidence": EvidenceExplorer,
    "explorer": LegPainExplorer, "pain_cycle": PainCycle, "quiz": lambda: Quiz("how-to-use"),
    "spine": LumbarSpine, "test_accuracy": TestAccuracy, "triage": RedFlagTriage,
}
OWN = {"_esm", "_css", "_anywidget_id", "_dom_classes", "layout", "tabbable", "tooltip",
       "comm", "keys", "log"}


def synced(widget) -> list[str]:
    return [n for n in widget.keys if not n.startswith("_") and n not in OWN]


@pytest.fixture(params=sorted(MAKERS))
def widget(request):
    return MAKERS[request.param]()


def test_the_browser_cannot_overwrite_an_output(widget):
    for name in synced(widget):
        trait = widget.traits()[name]
        if not trait.read_only:
            continue
        before = getattr(widget, name)
        widget.set_state({name: {"junk": True} if isinstance(before, dict) else "junk"})
        assert getattr(widget, name) == before, name


def test_none_from_the_browser_never_replaces_a_value(widget):
    for name in synced(widget):
        before = getattr(widget, name)
        if before is None or widget.traits()[name].read_only:
            continue
        widget.set_state({name: None})
        assert getattr(widget, name) == before, name


@pytest.mark.parametrize("junk", ["junk", 12345, ["junk"], {"a": 1}, -1.5])
def test_junk_from_the_browser_is_ignored_and_the_widget_keeps_working(widget, junk):
    for name in synced(widget):
        if widget.traits()[name].read_only:
            continue
        widget.set_state({name: junk})  # never raises
    # still a working widget: its state serialises
    assert widget.get_state()


def test_the_reviewed_case_test_accuracy_junk_test_is_ignored():
    widget = TestAccuracy(pretest=0.4, test="SLR")
    before = (widget.test, widget.posttest)
    widget.set_state({"test": "junk"})
    assert (widget.test, widget.posttest) == before
    widget.set_state({"posttest": 0.99, "pretest": 0.5})  # the output is refused, the input kept
    assert widget.pretest == 0.5 and widget.posttest != 0.99


def test_a_good_change_still_applies():
    widget = TestAccuracy(pretest=0.4)
    widget.set_state({"result": "negative"})
    assert widget.result == "negative"
    with pytest.raises(traitlets.TraitError):
        widget.result = "maybe"  # Python callers still get the error; only the browser is guarded


def _classes():
    import legpain.widgets

    return {name: getattr(legpain.widgets, name) for name in legpain.widgets.WIDGETS}


def test_one_guard_for_every_widget_only_the_explorer_adds_its_batch_step():
    """Widgets tidy browser values in ``_from_browser``; only the explorer, which receives a whole
    consistent state at once and cleans it after, extends set_state (and calls the guard)."""
    own = sorted(name for name, cls in _classes().items() if "set_state" in vars(cls))
    assert own == ["LegPainExplorer"]


@pytest.mark.parametrize("name", sorted(_classes()))
def test_the_browser_cannot_replace_a_widgets_code_or_styles(name):
    import legpain.widgets

    widget = Quiz("how-to-use") if name == "Quiz" else getattr(legpain.widgets, name)()
    sent = []
    widget.send_state = lambda key=None: sent.append(key)
    esm, css = widget._esm, widget._css
    widget.set_state({"_esm": "export default {}", "_css": "* { display: none }"})
    assert (widget._esm, widget._css) == (esm, css)
    assert {"_esm", "_css"} <= set(sent)


@pytest.mark.parametrize("name", sorted(n for n, c in _classes().items() if c._SETTINGS))
def test_an_unknown_keyword_names_the_valid_settings(name):
    cls = _classes()[name]
    with pytest.raises(TypeError, match=f"{name} has no setting 'colour'; valid: "
                                        f"{', '.join(cls._SETTINGS)}"):
        cls(colour="red")
