"""Readable labels for the knowledge base's citation keys ("Lee et al. 2008", "NICE 2016"),
read from the course bibliography (``data/references/*.bib``)."""

from __future__ import annotations

from collections.abc import Iterable

from .loading import bibliography


def source_label(key: str) -> str:
    """A short readable label for one citation key: "Lee et al. 2008", "Katz and Harris 2008",
    "NICE 2016": the label the book prints (tests/test_notebook_markup.py holds them equal)."""
    entry = bibliography().get(key)
    if entry is None:
        valid = ", ".join(sorted(bibliography())[:5])
        raise ValueError(f"unknown citation key {key!r}; keys look like: {valid}, ...")
    if entry.get("shortauthor"):  # an organisation's short name, as the book's citations use it
        return f"{entry['shortauthor']} {entry.get('year', 'n.d.')}"
    authors = entry.get("author") or entry.get("editor") or entry.get("organization") or key
    names = [a.strip() for a in authors.split(" and ") if a.strip()]
    first = names[0].split(",")[0].strip() if names else key
    if len(names) > 2 or "others" in authors:
        who = f"{first} et al."
    elif len(names) == 2:
        who = f"{first} and {names[1].split(',')[0].strip()}"
    else:
        who = first
    return f"{who} {entry.get('year', 'n.d.')}"


def sources_text(keys: Iterable[str]) -> str:
    """Labels for several keys, separated by semicolons."""
    return "; ".join(source_label(key) for key in keys)
