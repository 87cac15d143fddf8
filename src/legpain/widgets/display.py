"""Small display helpers for the notebooks: tables and source labels from the knowledge base.

Notebooks stay short: ``show_table(rows, {"id": "Root", ...})`` renders an accessible HTML table
that looks the same in JupyterLab and in the static book, and ``sources_text(keys)`` turns citation
keys into readable labels ("Lee et al. 2008") for output cells, where MyST citations cannot be used.
``cause_card("disc_herniation")`` and ``claim_verdicts("lumbago_cold_cause")`` are the chapters'
tables of a cause entry and of the source article's claims, each row with its sources.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..knowledge.sources import sources_text


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(_cell(v) for v in value) or "—"
    return str(value)


class Table:
    """An HTML table with a text fallback (``text/plain``) that nbval can compare."""

    def __init__(self, rows: Sequence[Mapping[str, Any]], columns: Mapping[str, str],
                 caption: str | None = None):
        self.columns = dict(columns)
        self.rows = [[_cell(row.get(key)) for key in self.columns] for row in rows]
        self.caption = caption

    def _repr_html_(self) -> str:
        head = "".join(f'<th scope="col">{html.escape(label)}</th>' for label in self.columns.values())
        body = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                       for row in self.rows)
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (f'<table class="legpain-table">{caption}<thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table>")

    def __repr__(self) -> str:
        lines = [" | ".join(self.columns.values())]
        lines += [" | ".join(row) for row in self.rows]
        return "\n".join(([self.caption] if self.caption else []) + lines)


def show_table(rows: Iterable[Mapping[str, Any] | Any], columns: Mapping[str, str],
               caption: str | None = None) -> Table:
    """A table of ``rows`` (mappings, or objects whose attributes are the column keys)."""
    as_dicts = []
    for row in rows:
        if isinstance(row, Mapping):
            as_dicts.append(row)
        else:
            as_dicts.append({key: getattr(row, key, None) for key in columns})
    return Table(as_dicts, columns, caption)


#: The rows of a cause card: field of a cause entry -> its label, in display order.
CARD_LABELS: dict[str, str] = {
    "mechanism": "What it is; why the leg hurts",
    "who": "Who gets it",
    "typical_features": "Typical story and examination",
    "distinguishing_features": "What sets it apart",
    "red_flags": "Red flags",
    "investigations": "Investigations",
    "first_steps": "First steps",
    "outlook": "Outlook",
}

#: The fields a whole cause card shows unfolded; the others are one click away.
CARD_IN_VIEW = ("mechanism", "distinguishing_features", "red_flags")

_SNAKE_ID = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


def readable_text(value: str | Iterable[str] | None) -> str:
    """One line of knowledge-base text: list items joined by " • ", cause ids as cause names."""
    from ..knowledge.causes import causes

    items = [value] if isinstance(value, str) else list(value or ())
    names = {c.id: c.name for c in causes()}
    named = [_SNAKE_ID.sub(lambda m: names.get(m[0], m[0]), item) for item in items if item]
    return " • ".join(named) or "none listed"


class CauseCard(Table):
    """A cause entry as a readable card: a title, one short section per field, and one folded
    "Sources" list at the end (the text form stays a table, which nbval compares).
    """

    def __init__(self, title: str, sections: Sequence[tuple[str, list[str], str]],
                 folded: Iterable[str] = ()):
        rows = [{"field": label, "text": " • ".join(items) or "none listed", "sources": sources}
                for label, items, sources in sections]
        super().__init__(rows, {"field": "Topic", "text": title, "sources": "Sources"})
        self.title = title
        self.sections = list(sections)
        self.folded = set(folded)  # labels shown under "More about ...", folded

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = [f'<article class="legpain-card" aria-label="{esc(self.title)}">',
                 f'<p class="legpain-card-title"><strong>{esc(self.title)}</strong></p>']

        def entries(sections) -> str:
            out = []
            for label, items, _ in sections:
                if len(items) > 1:
                    body = "<ul>" + "".join(f"<li>{esc(item)}</li>" for item in items) + "</ul>"
                else:
                    body = esc(items[0]) if items else "none listed"
                out.append(f"<dt>{esc(label)}</dt><dd>{body}</dd>")
            return "<dl>" + "".join(out) + "</dl>"

        shown = [s for s in self.sections if s[0] not in self.folded]
        more = [s for s in self.sections if s[0] in self.folded]
        parts.append(entries(shown))
        if more:
            topics = ", ".join(label[0].lower() + label[1:] for label, _, _ in more)
            parts.append(f'<details class="legpain-card-more"><summary>More about {esc(self.title)}: '
                         f'{esc(topics)}</summary>{entries(more)}</details>')
        cited = [(label, sources) for label, _, sources in self.sections if sources]
        if cited:
            parts.append('<details class="legpain-card-sources"><summary>Sources</summary><ul>'
                         + "".join(f"<li>{esc(label)}: {esc(sources)}</li>" for label, sources in cited)
                         + "</ul></details>")
        parts.append("</article>")
        return "".join(parts)


def _items(value: str | Iterable[str] | None) -> list[str]:
    items = [value] if isinstance(value, str) else list(value or ())
    return [readable_text(item) for item in items if item]


def cause_card(cause_id: str, fields: Iterable[str] | None = None,
               labels: Mapping[str, str] | None = None) -> CauseCard:
    """What the knowledge base says about a cause, field by field, with each field's sources.

    ``fields`` picks and orders the rows (default: every field of ``CARD_LABELS``); ``labels``
    renames some of them. Unknown causes or fields raise ``ValueError`` naming the valid ones.
    """
    from ..knowledge.causes import cause

    c = cause(cause_id)
    names = {**CARD_LABELS, **(labels or {})}
    chosen = list(CARD_LABELS if fields is None else fields)
    unknown = [f for f in chosen if f not in names]
    if unknown:
        raise ValueError(f"unknown card field(s) {', '.join(map(repr, unknown))}; "
                         f"valid fields: {', '.join(CARD_LABELS)}")
    # A whole card (five fields or more) keeps what tells a cause apart in view (what it is, what
    # sets it apart, its red flags) and folds the rest, so a chapter of cards stays readable on a
    # phone; a card of a few chosen fields shows them all, in the order asked.
    whole = len(chosen) >= 5
    first = [f for f in CARD_IN_VIEW if f in chosen] + [f for f in chosen if f not in CARD_IN_VIEW]
    order = first if whole else chosen
    folded = {names[f] for f in order if f not in CARD_IN_VIEW} if whole else ()
    return CauseCard(c.name, [(names[f], _items(getattr(c, f)), sources_text(c.sources_for(f)))
                              for f in order], folded)


def claim_verdicts(*claim_ids: str) -> Table:
    """The source article's words on some claims, the course's verdict and the evidence.

    Unknown claim ids raise ``ValueError`` naming the valid ones.
    """
    from ..knowledge.treatment_evidence import claim

    rows = [{"quote": f"“{c.quote}”" if c.quote else "(says nothing)", "verdict": c.verdict,
             "correction": c.correction, "sources": sources_text(c.sources)}
            for c in map(claim, claim_ids)]
    return Table(rows, {"quote": "The article says", "verdict": "Verdict",
                        "correction": "What the evidence says", "sources": "Sources"})
