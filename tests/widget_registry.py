"""Every course widget, once, for the tests that hold all widgets to the same contract.

A new widget is covered by the contract (tests/test_widget_contract_browser.py, the light/dark
readability of tests/test_widget_palette_browser.py and the two-instance checks of
tests/test_widget_instances_browser.py) by adding one line here; a test fails while a widget
exported by ``legpain.widgets`` is missing from this list.
"""

from __future__ import annotations

from legpain.widgets import (
    CaseLibrary,
    ClaudicationComparer,
    CompressionModel,
    DeficitDrill,
    DifferentialExplorer,
    EvidenceExplorer,
    GeneratedCases,
    LegPainExplorer,
    LumbarSpine,
    PainCycle,
    PainSorter,
    PrognosisChart,
    Quiz,
    RedFlagTriage,
    ReviewDeck,
    TestAccuracy,
)

# name (the widget's folder) -> (a factory making one instance in a state that shows much of its
# text, the class of the widget's root element)
WIDGETS = {
    "cases": (lambda: CaseLibrary(), "lpc"),
    "claudication": (lambda: ClaudicationComparer(), "lpcl"),
    "compression": (lambda: CompressionModel(pressure=200, onset="rapid", minutes=60), "lpcm"),
    "deficit_drill": (lambda: DeficitDrill(lesion="L5", numbness=["dorsum of foot", "sole"],
                                           weakness=["ankle dorsiflexion", "hip abduction"],
                                           reflexes=["achilles"], checked=True), "lpdd"),
    "differential": (lambda: DifferentialExplorer(), "ldx"),
    "evidence": (lambda: EvidenceExplorer("sciatica"), "lpev"),
    "generated_cases": (lambda: GeneratedCases(seed=160, lesion_answer="deep fibular",
                                               level_answer="urgent", checked=True), "lpgc"),
    "explorer": (lambda: LegPainExplorer(numbness=["dorsum of foot", "great toe"],
                                         weakness=["great toe extension"]), "lpx"),
    "pain_cycle": (lambda: PainCycle(gain=0.9, drive=0.6), "lpp"),
    "pain_sorter": (lambda: PainSorter(seed=7, checked=True, answers={
        "electric-strip": "radicular_pain", "gnawing-thigh": "radicular_pain"}), "lpps"),
    "prognosis": (lambda: PrognosisChart("acute_lbp", show_table=True), "lppg"),
    "quiz": (lambda: Quiz("red-flags"), "lpq"),
    "review_deck": (lambda: ReviewDeck(today="2026-03-02"), "lprd"),
    "spine": (lambda: LumbarSpine(), "lps"),
    "test_accuracy": (lambda: TestAccuracy(pretest=0.6, test="SLR", result="positive"), "lpta"),
    "triage": (lambda: RedFlagTriage(), "lpt"),
}
