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
    """An HTML table with a text fallback (``text/plain``) that nbval can compare.

    ``folded=True`` puts a long reference table behind a click (``<details>``, summary "caption
    (n rows)"), so it does not bury a chapter on a phone; the text form stays the same.
    """

    def __init__(self, rows: Sequence[Mapping[str, Any]], columns: Mapping[str, str],
                 caption: str | None = None, folded: bool = False):
        if folded and not (caption and caption.strip()):
            raise ValueError("a folded table needs a caption: it is the line a reader clicks to open it")
        self.columns = dict(columns)
        self.rows = [[_cell(row.get(key)) for key in self.columns] for row in rows]
        self.caption = caption
        self.folded = folded

    def _repr_html_(self) -> str:
        head = "".join(f'<th scope="col">{html.escape(label)}</th>' for label in self.columns.values())
        body = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                       for row in self.rows)
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        table = (f'<table class="legpain-table">{caption}<thead><tr>{head}</tr></thead>'
                 f"<tbody>{body}</tbody></table>")
        if not self.folded:
            return table
        count = f"{len(self.rows)} row" + ("" if len(self.rows) == 1 else "s")
        return (f'<details class="legpain-table-fold"><summary>{html.escape(self.caption or "")} '
                f"({count})</summary>{table}</details>")

    def __repr__(self) -> str:
        lines = [" | ".join(self.columns.values())]
        lines += [" | ".join(row) for row in self.rows]
        return "\n".join(([self.caption] if self.caption else []) + lines)


def show_table(rows: Iterable[Mapping[str, Any] | Any], columns: Mapping[str, str],
               caption: str | None = None, folded: bool = False) -> Table:
    """A table of ``rows`` (mappings, or objects whose attributes are the column keys).

    ``folded=True`` (which needs a ``caption``) shows only "caption (n rows)" until clicked.
    """
    as_dicts = []
    for row in rows:
        if isinstance(row, Mapping):
            as_dicts.append(row)
        else:
            as_dicts.append({key: getattr(row, key, None) for key in columns})
    return Table(as_dicts, columns, caption, folded)


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


#: the handout's warning signs, in a patient's order; each must have this level alone in triage()
HANDOUT_SIGNS: dict[str, tuple[str, ...]] = {
    "emergency": ("saddle anaesthesia", "new urinary retention or hesitancy",
                  "loss of bladder sensation", "urinary incontinence", "faecal incontinence",
                  "sexual dysfunction", "bilateral leg symptoms"),
    "urgent": ("new limb weakness", "progressive weakness", "difficulty walking", "fever",
               "unexplained weight loss"),
}


class Handout:
    """A one-screen, printable box of HTML (class ``legpain-handout``) with a plain-text fallback."""

    def __init__(self, title: str, html_body: str, text: str):
        self.title, self._html, self._text = title, html_body, text

    def _repr_html_(self) -> str:
        return self._html

    def __repr__(self) -> str:
        return self._text


def patient_handout(signs: Mapping[str, Iterable[str]] | None = None) -> Handout:
    """"What to tell a patient this week": stay active, what usually happens, when to come back.

    The recovery figures come from ``prognosis.yaml``, the levels' words from ``red_flags.yaml``
    (``level_wording()``) and each warning sign's plain description from the vocabulary; a sign
    whose level alone in ``triage()`` is not the level it is listed under raises ``ValueError``,
    so the handout can never soften a red flag.
    """
    from ..knowledge import prognosis as pg
    from ..knowledge.loading import load_yaml
    from ..knowledge.vocabulary import terms
    from ..reasoning.triage_rules import level_wording, triage

    esc = html.escape
    chosen = {level: tuple(items) for level, items in (signs or HANDOUT_SIGNS).items()}
    # a description up to its first semicolon: what follows is a note for clinicians
    described = {t.name: t.description.split(";")[0] for t in terms("red flag")}
    for level, items in chosen.items():
        for sign in items:
            found = triage([sign]).level
            if found != level:
                raise ValueError(f"red flag {sign!r} alone is {found!r} in triage(), not {level!r}")
    wording = level_wording()
    keep = [("Keep moving and carry on with your usual day, work included, as far as the pain "
             "allows. Staying in bed does not make you better faster.",
             ["nice2016ng59", "dahm2010bedrest", "malmivaara1995bedrest"]),
            ("A heat wrap or a hot-water bottle can ease back pain a little for a few days.",
             ["french2006heat", "qaseem2017acp"]),
            ("Paracetamol on its own does not help back pain. An anti-inflammatory tablet such as "
             "ibuprofen may help a little; ask a pharmacist whether it is safe for you.",
             ["nice2016ng59", "qaseem2017acp"])]
    expect = []
    for condition, series_id, lead in (
            ("acute_lbp", "henschke_pain_median", "A new bout of low back pain"),
            ("acute_lbp", "henschke_complete", "A new bout of low back pain"),
            ("sciatica_primary", "atlas_improved", "Pain down the leg (sciatica), seen by a family doctor")):
        series = next(s for s in pg.condition(condition).series if s.id == series_id)
        for point in series.points:
            sentence = pg.sentence(series, point)  # "Of 10 people like this, ..." after a colon
            expect.append((f"{lead}: {sentence[:1].lower()}{sentence[1:]}", [series.source]))
    levels = [(level, [described[s] for s in chosen.get(level, ())]) for level in wording]

    def cites(keys: list[str]) -> str:
        return f' <span class="legpain-handout-cite">({esc(sources_text(keys))})</span>'

    title = "Back pain, with or without pain down the leg: what to expect this week"
    parts = [f'<section class="legpain-handout" aria-label="{esc(title)}">',
             f'<p class="legpain-handout-title"><strong>{esc(title)}</strong></p>',
             '<p class="legpain-handout-head">Keep going</p><ul>',
             *(f"<li>{esc(t)}{cites(k)}</li>" for t, k in keep), "</ul>",
             '<p class="legpain-handout-head">What usually happens</p><ul>',
             *(f"<li>{esc(t)}{cites(k)}</li>" for t, k in expect), "</ul>",
             '<p class="legpain-handout-head">When to get help</p>']
    text = [title, "Keep going:", *(f"- {t} ({sources_text(k)})" for t, k in keep),
            "What usually happens:", *(f"- {t} ({sources_text(k)})" for t, k in expect),
            "When to get help:"]
    for level, items in levels:
        w = wording[level]
        head = f"{w['label']} ({w['timing']})"
        lead = "if you notice any of these: " + "; ".join(items) + "." if items else ""
        parts.append(f'<div class="legpain-handout-level legpain-handout-{level}">'
                     f"<p><strong>{esc(head)}</strong> {esc(lead)}</p><p>{esc(w['action'])}</p></div>")
        text.append(f"- {head}: {lead} {w['action']}".replace("  ", " "))
    levels_sources = list(dict.fromkeys(k for entry in load_yaml("red_flags.yaml")["levels"]
                                        for k in entry["sources"]))
    foot = ("The full list of warning signs is on the course's red flags page. Educational "
            "material from an open course: not medical advice.")
    parts += [f'<p class="legpain-handout-foot">{esc(foot)}{cites(levels_sources)}</p>', "</section>"]
    text.append(f"{foot} ({sources_text(levels_sources)})")
    return Handout(title, "".join(parts), "\n".join(text))
