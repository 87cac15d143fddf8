"""The pain sorter: sort short symptom descriptions into the four kinds of leg pain (chapter 02b).

The descriptions, their classes, the feedback and the sources are data
(``legpain/knowledge/data/pain_types.yaml``, loaded by :mod:`legpain.knowledge.pain_types`). The
front end shows them in a seeded shuffled order (``displayOrder``, the same algorithm as
:func:`legpain.widgets.quiz.display_order`), one drop-down list of classes per description; the
student presses Check and reads, for each description, whether it was right and why, with its
source. Everything needed to mark an answer ships in the widget's state, so it works in the static
book without a kernel. A student's choices stay in their own browser (localStorage) and, in
JupyterLab, in the ``answers`` trait.
"""

from __future__ import annotations

from typing import Any

import traitlets

from ...knowledge.pain_types import pain_classes, pain_items
from ...knowledge.sources import sources_text
from .._base import CourseWidget, widget_files
from ..quiz import display_order

#: the scope of the shuffle (displayOrder(count, seed, SCOPE)); the same in widget.js
SCOPE = "pain-sorter"


def sorter_data() -> dict[str, Any]:
    """What the front end needs: the classes and the items, each item with its right class,
    feedback and readable sources."""
    return {
        "classes": [{"id": c.id, "label": c.label, "features": c.features} for c in pain_classes()],
        "items": [{"id": i.id, "text": i.text, "answer": i.pain_class, "feedback": i.feedback,
                   "sources": sources_text(i.sources)} for i in pain_items()],
    }


def pain_classes_table() -> list[dict[str, str]]:
    """The four kinds of pain as table rows (kind, cause, what it feels like, sources)."""
    return [{"kind": c.label, "mechanism": c.mechanism, "features": c.features,
             "sources": sources_text(c.sources)} for c in pain_classes()]


class PainSorter(CourseWidget):
    """Sort symptom descriptions into nociceptive, somatic referred, radicular pain and
    radiculopathy. ``PainSorter()`` shows it; ``answers`` holds the choices, :meth:`score` marks
    them."""

    _esm, _css = widget_files(__file__)

    data = traitlets.Dict().tag(sync=True)
    #: item id -> chosen class id, as the student last left them
    answers = traitlets.Dict().tag(sync=True)
    #: True once the student pressed Check (until they change an answer or try again)
    checked = traitlets.Bool(False).tag(sync=True)
    #: 0: a new order on every page load; any other value fixes the order (tests, screenshots)
    seed = traitlets.Int(0, min=0, max=0xFFFFFFFF).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(data=sorter_data(), **kwargs)

    @traitlets.validate("answers")
    def _valid_answers(self, proposal: traitlets.Bunch) -> dict[str, str]:
        """Keep only known items with known classes; bad state from the browser is dropped."""
        data = self.data or sorter_data()
        items = {i["id"] for i in data["items"]}
        classes = {c["id"] for c in data["classes"]}
        return {k: v for k, v in dict(proposal["value"]).items()
                if k in items and isinstance(v, str) and v in classes}

    def order(self) -> list[str]:
        """Item ids in the order the front end shows them for this widget's (non-zero) seed."""
        items = self.data["items"]
        return [items[i]["id"] for i in display_order(len(items), self.seed, SCOPE)]

    def score(self) -> tuple[int, int]:
        """(descriptions sorted right, number of descriptions) for the current answers."""
        items = self.data["items"]
        return sum(self.answers.get(i["id"]) == i["answer"] for i in items), len(items)
