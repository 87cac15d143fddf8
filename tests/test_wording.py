"""One wording per triage level, everywhere: emergency = now, urgent = today, routine = usual care.

A scan of every notebook (markdown, code and the text of saved outputs), every book page, every
quiz and case, and every data file: an emergency condition (cauda equina syndrome, spinal epidural
abscess or spinal infection with a deficit, a ruptured or symptomatic aortic aneurysm, metastatic
spinal cord compression) must never be described with a softer timing ("same day", "today",
"within 24 hours", "within a few days", "tomorrow", "soon") in the same sentence. And the
red-flags page, chapter 08's table and ``triage()`` must give the same level for every rule.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from legpain.reasoning.triage_rules import LEVELS, level_wording, triage, triage_table
from legpain_authoring import pages

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "legpain" / "knowledge" / "data"

EMERGENCY = re.compile(
    r"cauda equina|epidural abscess|spinal infection with (?:a |any )?(?:new )?"
    r"(?:deficit|neurolog|nerve|weakness)|(?:ruptured|rupturing|leaking|symptomatic|burst)\W+"
    r"(?:\w+\W+){0,3}?aneurysm|aneurysm\W+(?:\w+\W+){0,6}?(?:rupture|burst|leak|symptomatic)"
    r"|metastatic spinal cord compression|\bMSCC\b|spinal cord compression"
    r"|saddle\W+(?:anaesthesia|anesthesia|numbness|area)|\bsaddle anaesthesia\b",
    re.IGNORECASE)
SOFTER = re.compile(r"same[- ]day|\btoday\b|within 24 hours|within a (?:few )?days?|within days"
                    r"|\btomorrow\b|\bsoon\b", re.IGNORECASE)
#: "within a few days" no longer exists as a level: an urgent answer is "today".
OLD_LEVEL = re.compile(r"(?:urgent|see a doctor|be seen|assessment|imaging)\W+(?:\w+\W+){0,6}?"
                       r"(?:within (?:a few )?days|tomorrow)", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """Split prose (Markdown, YAML strings, outputs) into sentences; list items, table cells,
    headings and admonition fences end a sentence too."""
    out = []
    for block in re.split(r"\n\s*\n|\n\s*(?:[-*+]|\d+\.)\s+|\n\s*#+\s|\n:::|\||<br>|</?t[dh]>|"
                          r"</?li>|</?p>", text):
        block = re.sub(r"\s+", " ", html.unescape(block))
        out += [s for s in re.split(r"(?<=[.!?;])\s+", block) if s.strip()]
    return out


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def course_texts():
    """(where, text) for every text a student can read."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for index, cell in enumerate(notebook["cells"]):
            where = f"{path.name} cell {cell.get('id', index)}"
            yield where, "".join(cell["source"])
            for output in cell.get("outputs", []):
                if "text" in output:
                    yield where + " output", "".join(output["text"])
                for mime, data in output.get("data", {}).items():
                    if mime.startswith("text/") or mime.endswith("json"):
                        text = data if isinstance(data, str) else (
                            "".join(data) if isinstance(data, list) else json.dumps(data))
                        yield f"{where} output {mime}", text
        # the saved widget state (quizzes, cases, the triage table) is what the book shows
        for text in _strings(notebook.get("metadata", {}).get("widgets", {})):
            yield f"{path.name} saved widget state", text
    for path in sorted((ROOT / "book").rglob("*.md")):
        if "_build" not in path.parts:
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    for path in sorted(DATA.rglob("*.yaml")):
        raw = path.read_text(encoding="utf-8")
        try:
            items = list(_strings(yaml.safe_load(raw)))
        except yaml.YAMLError:  # a broken file is reported by the data tests; scan its text
            items = [raw]
        for text in items:
            yield str(path.relative_to(ROOT)), text


def softened(text: str) -> list[str]:
    return [s for s in sentences(text) if EMERGENCY.search(s) and SOFTER.search(s)]


@pytest.mark.parametrize("sentence", [
    "Saddle numbness can mean cauda equina syndrome - an emergency needing same-day hospital "
    "assessment.",
    "Suspected cauda equina syndrome needs assessment within 24 hours.",
    "A symptomatic abdominal aortic aneurysm should be seen today.",
    "Possible metastatic spinal cord compression: see a doctor within a few days.",
    "A spinal epidural abscess needs an MRI soon.",
    "Go to the emergency department tomorrow if you think it is cauda equina syndrome.",
    "Numbness of the saddle area means the same-day emergency assessment described below.",
])
def test_the_scan_catches_an_emergency_with_a_softer_timing(sentence):
    assert softened(sentence)


@pytest.mark.parametrize("sentence", [
    "Suspected cauda equina syndrome is an emergency: go to an emergency department now.",
    "A history of cancer alone is urgent: see a doctor today.",
    "See a doctor today. Cauda equina signs make it an emergency.",
])
def test_the_scan_leaves_consistent_wording_alone(sentence):
    assert not softened(sentence)


def test_no_emergency_condition_is_described_with_a_softer_timing_anywhere():
    found = [f"{where}: {sentence[:160]}" for where, text in course_texts()
             for sentence in softened(text)]
    assert not found, ("emergency conditions described with a softer timing (emergency = now):\n"
                       + "\n".join(found))


def test_within_a_few_days_is_no_longer_a_triage_level_anywhere():
    found = [f"{where}: {match.group(0)}" for where, text in course_texts()
             for match in OLD_LEVEL.finditer(text)]
    assert not found, "urgent means today, not within days:\n" + "\n".join(found)


# --------------------------------------------------- the page, chapter 08 and triage() agree


def _minimal_signs(rule: dict) -> list[str]:
    signs = list(rule["all_of"])
    if rule["any_of"]:
        signs.append(rule["any_of"][0])
    if rule["at_least"]:
        signs += rule["at_least"]["of"][: rule["at_least"]["n"]]
    return signs


@pytest.mark.parametrize("rule", triage_table()["rules"], ids=lambda rule: rule["id"])
def test_triage_never_gives_less_than_a_rule_says(rule):
    result = triage(_minimal_signs(rule))
    assert rule["id"] in result.rules
    assert LEVELS.index(result.level) <= LEVELS.index(rule["level"])
    if rule["level"] != "routine":
        assert rule["action"].startswith(level_wording()[rule["level"]]["action"])


def _level_cell(level: str) -> str:
    wording = level_wording()[level]
    return f"{wording['label']} ({wording['timing']})"


def test_red_flags_page_shows_every_rule_at_its_level_in_the_one_wording():
    page = (ROOT / "book" / "red_flags.md").read_text(encoding="utf-8")
    assert "generated/red_flags_table.md" in page
    table = (ROOT / "book" / "generated" / "red_flags_table.md").read_text(encoding="utf-8")
    assert table == pages.red_flags_table(), "run `python -m legpain_authoring.pages book/generated`"
    rows = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[1].startswith("**"):
            rows[cells[0]] = cells[1].strip("*")
    for rule in triage_table()["rules"]:
        assert rows.get(rule["description"]) == _level_cell(rule["level"]), rule["id"]
    for level in LEVELS:
        assert level_wording()[level]["action"] in table
    assert "emergency = now" in page.lower() and "urgent = today" in page.lower()


def test_chapter_08_table_shows_every_rule_at_its_level_in_the_one_wording():
    notebook = json.loads((ROOT / "notebooks" / "08_red_flags.ipynb").read_text(encoding="utf-8"))
    cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"
             and "triage_table()[\"rules\"]" in "".join(cell["source"])
             and "show_table" in "".join(cell["source"])]
    assert len(cells) == 1, "chapter 08 shows the rules table from triage_table() once"
    outputs = [out["data"]["text/html"] for out in cells[0].get("outputs", [])
               if "text/html" in out.get("data", {})]
    assert outputs, "re-execute chapter 08: its rules table has no saved output"
    rendered = "".join(outputs) if isinstance(outputs[0], str) else "".join(outputs[0])
    rows = re.findall(r"<tr>(.*?)</tr>", rendered)
    shown = {}
    for row in rows:
        cells_text = [html.unescape(cell) for cell in re.findall(r"<td>(.*?)</td>", row)]
        if len(cells_text) >= 2:
            shown[cells_text[1]] = cells_text[0]
    for rule in triage_table()["rules"]:
        assert shown.get(rule["description"]) == _level_cell(rule["level"]), rule["id"]


def test_the_triage_widget_ships_the_same_table_and_wording():
    from legpain.widgets.triage import triage_data

    data = triage_data()
    assert data["table"] == triage_table()
    assert {level["id"]: level["action"] for level in data["table"]["levels"]} == {
        level: wording["action"] for level, wording in level_wording().items()}
