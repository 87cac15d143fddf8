"""Page-level additions of the book's own extension: reading time under each chapter title."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
from legpain_pages import WORDS_PER_MINUTE, reading_minutes  # noqa: E402


def test_reading_time_counts_prose_and_tables_but_not_code_or_scripts():
    prose = "<p>" + "word " * (WORDS_PER_MINUTE * 3) + "</p>"
    assert reading_minutes(prose) == 3
    padded = prose + "<pre>" + "code " * 10_000 + "</pre><script>" + "x " * 10_000 + "</script>"
    assert reading_minutes(padded) == 3
    assert reading_minutes("<p>short</p>") == 1


@pytest.mark.book
def test_every_chapter_page_says_how_long_it_takes_to_read(built_book):
    for page in sorted((built_book / "notebooks").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        found = re.search(r'class="legpain-reading-time">About (\d+) minutes? to read', html)
        assert found, f"{page.name}: no reading time"
        assert html.index("legpain-reading-time") > html.index("</h1>"), page.name
        assert 1 <= int(found.group(1)) <= 90


def test_the_intro_map_draws_the_l4_l5_s1_dermatomes_from_the_data():
    from legpain.knowledge import anatomy
    from legpain_authoring.pages import INTRO_MAP_ROOTS, intro_body_map

    svg = intro_body_map()
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title" in svg and "<desc" in svg
    for root_id in INTRO_MAP_ROOTS:
        assert f"{root_id} dermatome</text>" in svg, "a text legend, not colour alone"
        assert anatomy.root(root_id).dermatome_for("lee2008").regions
        assert svg.count(f"url(#intro-{root_id})") > 2, f"{root_id} regions are drawn"


@pytest.mark.book
def test_the_intro_page_opens_with_the_body_map_and_where_to_start(built_book):
    html = (built_book / "book" / "intro.html").read_text(encoding="utf-8")
    figure = html.index("intro_body_map.svg")
    assert figure < html.index("Educational use only"), "the map is on the first screen"
    assert "Where to start" in html and "red_flags.html" in html[:html.index("Educational use")]
