"""Small display helpers for the notebooks: tables and source labels from the knowledge base.

Notebooks stay short: ``show_table(rows, {"id": "Root", ...})`` renders an accessible HTML table
that looks the same in JupyterLab and in the static book, and ``sources_text(keys)`` turns citation
keys into readable labels ("Lee et al. 2008") for output cells, where MyST citations cannot be used.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ._data import bibliography


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


def source_label(key: str) -> str:
    """A short readable label for one citation key: "Lee et al. 2008", "NICE 2016"."""
    entry = bibliography().get(key)
    if entry is None:
        valid = ", ".join(sorted(bibliography())[:5])
        raise ValueError(f"unknown citation key {key!r}; keys look like: {valid}, ...")
    authors = entry.get("author") or entry.get("editor") or entry.get("organization") or key
    names = [a.strip() for a in authors.split(" and ") if a.strip()]
    first = names[0].split(",")[0].strip() if names else key
    if len(names) > 2 or "others" in authors:
        who = f"{first} et al."
    elif len(names) == 2:
        who = f"{first} & {names[1].split(',')[0].strip()}"
    else:
        who = first
    return f"{who} {entry.get('year', 'n.d.')}"


def sources_text(keys: Iterable[str]) -> str:
    """Labels for several keys, separated by semicolons."""
    return "; ".join(source_label(key) for key in keys)
