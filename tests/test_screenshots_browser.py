"""`python3 course.py screenshots`: every page as a phone and a laptop show it, in both colour modes,
saved screen by screen (src/legpain_authoring/screenshots.py), from the built book, offline."""

from __future__ import annotations

import struct

import pytest
from conftest import scratch_folder

from legpain_authoring import screenshots

pytestmark = pytest.mark.browser


def png_size(path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", header[16:24])


def test_a_page_is_saved_screen_by_screen_at_both_widths_and_modes(built_book, browser):
    out = scratch_folder("screenshots-")
    report = screenshots.shoot_book(built_book, out, ["appendix_a_running_the_notebooks"],
                                    browser=browser)
    assert report.problems == [], "no console error and no request to another host"
    folder = out / "appendix_a_running_the_notebooks"
    for width in screenshots.WIDTHS:
        for mode in screenshots.MODES:
            screens = sorted(folder.glob(f"{width}-{mode}-*.png"))
            assert len(screens) >= 2, (width, mode)  # the page is longer than one screen
            for path in screens[:-1]:
                assert png_size(path) == (width, screenshots.HEIGHTS[width])
    dark = (folder / "375-dark-01.png").read_bytes()
    assert dark != (folder / "375-light-01.png").read_bytes(), "the dark mode really is different"
    sheet = (folder / "index.html").read_text(encoding="utf-8")
    assert sheet.count("<img") == len(report.saved) and "375 px, dark" in sheet


def test_an_unknown_page_or_mode_is_refused_naming_the_choices(built_book):
    with pytest.raises(ValueError, match="not a page of _toc.yml: 99_nothing.*08_red_flags"):
        screenshots.shoot_book(built_book, scratch_folder("screenshots-"), ["99_nothing"])
    with pytest.raises(ValueError, match=r"unknown colour mode.*\['light', 'dark'\]"):
        screenshots.shoot_book(built_book, scratch_folder("screenshots-"), ["08_red_flags"],
                               modes=["sepia"])
