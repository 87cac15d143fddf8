"""Clinical safety suite for the red-flag triage: cases written from the cited guidelines.

Each case names its source (a citation key in the course bibliography) and what that source says,
in the course's own words. The triage must never under-call one of these: the level must be the
one the strictest current guideline asks for, and the action must be that level's one wording
(emergency = now, urgent = today, routine = usual care), read from ``red_flags.yaml``.
"""

from __future__ import annotations

import pytest

from legpain.knowledge.loading import bibliography
from legpain.reasoning.triage_rules import LEVELS, level_wording, triage

CES = "girft2023ces"  # national pathway: any suspected CES sign -> emergency department now
SBNS = "sbns2018ces"  # SBNS/BASS standards: the same signs, incl. bilateral leg pain, urgent MRI
NG234 = "nice2023ng234"  # NICE NG234 (2023): cancer + neurology -> contact MSCC service at once
CG75 = "nice2008cg75"  # NICE CG75: spinal pain suggesting metastases -> contact within 24 hours
SEA = "bmjbp2024epiduralabscess"  # BMJ Best Practice: triad in ~1 in 10; pain -> deficit -> paralysis
AAA = "bmjbp2024aaa"  # BMJ Best Practice: suspected ruptured or symptomatic AAA -> immediate imaging
ROBINSON = "robinson2013aneurysms"  # symptomatic and ruptured aneurysms need emergency assessment
NG156 = "nice2020ng156"  # NICE NG156: think of rupture with back pain and collapse
FINUCANE = "finucane2020redflags"  # international red-flag framework (fracture, cancer, infection)
CKS = "nhscksndsciatica"  # NICE CKS sciatica red flags: progressive deficit needs same-day review
VERHAGEN = "verhagen2016redflags"  # red flags across guidelines: trauma, steroids, cancer history
NG59 = "nice2016ng59"  # NICE NG59: most back pain and sciatica is managed without urgency

CASES = [
    # --- cauda equina syndrome: each sign alone is an emergency (GIRFT pathway, SBNS standards)
    ("ces-saddle-anaesthesia", CES, "saddle numbness alone = suspected CES",
     ["saddle anaesthesia"], "emergency", "cauda equina syndrome"),
    ("ces-retention", CES, "new difficulty passing urine = suspected CES",
     ["new urinary retention or hesitancy"], "emergency", "cauda equina syndrome"),
    ("ces-faecal-incontinence", CES, "new loss of bowel control = suspected CES",
     ["faecal incontinence"], "emergency", "cauda equina syndrome"),
    ("ces-anal-tone", SBNS, "reduced anal tone on examination = suspected CES",
     ["reduced anal tone"], "emergency", "cauda equina syndrome"),
    ("ces-bladder-sensation", CES, "loss of bladder filling or urine-passing sensation",
     ["loss of bladder sensation"], "emergency", "cauda equina syndrome"),
    ("ces-urinary-incontinence", CES, "new loss of bladder control",
     ["urinary incontinence"], "emergency", "cauda equina syndrome"),
    ("ces-rectal-sensation", SBNS, "loss of the feeling of rectal fullness",
     ["loss of rectal sensation"], "emergency", "cauda equina syndrome"),
    ("ces-sexual-dysfunction", CES, "new loss of sexual function is a CES sign",
     ["sexual dysfunction"], "emergency", "cauda equina syndrome"),
    ("ces-bilateral-leg-symptoms", SBNS, "back pain with new pain in both legs raises CES",
     ["bilateral leg symptoms"], "emergency", "cauda equina syndrome"),
    ("ces-bilateral-progressive", SBNS, "worsening weakness in both legs",
     ["bilateral leg symptoms", "progressive weakness"], "emergency", "cauda equina syndrome"),
    # --- metastatic spinal cord compression: cancer + any new neurology (NICE NG234)
    ("mscc-new-radicular-pain", NG234, "cancer + new root pain -> contact MSCC service at once",
     ["history of cancer", "new radicular pain"], "emergency", "metastatic spinal cord compression"),
    ("mscc-new-limb-weakness", NG234, "cancer + any limb weakness -> oncological emergency",
     ["history of cancer", "new limb weakness"], "emergency", "metastatic spinal cord compression"),
    ("mscc-new-sensory-loss", NG234, "cancer + sensory loss -> oncological emergency",
     ["history of cancer", "new sensory loss"], "emergency", "metastatic spinal cord compression"),
    ("mscc-difficulty-walking", NG234, "cancer + difficulty walking -> oncological emergency",
     ["history of cancer", "difficulty walking"], "emergency", "metastatic spinal cord compression"),
    ("mscc-progressive-weakness", NG234, "cancer + worsening weakness",
     ["history of cancer", "progressive weakness"], "emergency",
     "metastatic spinal cord compression"),
    ("mscc-bladder", CG75, "cancer + bladder or bowel dysfunction -> contact immediately",
     ["history of cancer", "urinary incontinence"], "emergency",
     "metastatic spinal cord compression"),
    # --- spinal infection: any infection risk + any new deficit, with or without fever (BMJ BP)
    ("sea-fever-progressive-weakness", SEA, "fever + worsening weakness: deficit stage of SEA",
     ["fever", "progressive weakness"], "emergency", "spinal infection (epidural abscess)"),
    ("sea-fever-new-sensory-loss", SEA, "fever + new numbness",
     ["fever", "new sensory loss"], "emergency", "spinal infection (epidural abscess)"),
    ("sea-ivdu-new-weakness-no-fever", SEA, "fever often absent; IVDU + new weakness",
     ["injection drug use", "new limb weakness"], "emergency",
     "spinal infection (epidural abscess)"),
    ("sea-ivdu-difficulty-walking-no-fever", SEA, "IVDU + trouble walking, no fever",
     ["injection drug use", "difficulty walking"], "emergency",
     "spinal infection (epidural abscess)"),
    ("sea-immunosuppressed-sensory-loss-no-fever", SEA, "immunosuppression + new numbness",
     ["immunosuppression", "new sensory loss"], "emergency",
     "spinal infection (epidural abscess)"),
    ("sea-immunosuppressed-bilateral", SEA, "immunosuppression + both legs",
     ["immunosuppression", "bilateral leg symptoms"], "emergency",
     "spinal infection (epidural abscess)"),
    ("sea-fever-ivdu-weakness", SEA, "the classic triad (rare): fever, risk, deficit",
     ["fever", "injection drug use", "progressive weakness"], "emergency",
     "spinal infection (epidural abscess)"),
    # --- aneurysm: symptomatic or ruptured AAA is an emergency (Robinson 2013, BMJ BP, NG156)
    ("aaa-pulsatile-mass-alone", ROBINSON, "pulsatile mass with back pain = symptomatic AAA",
     ["pulsatile abdominal mass"], "emergency", "symptomatic abdominal aortic aneurysm"),
    ("aaa-pulsatile-mass-bmj", AAA, "suspected symptomatic AAA -> immediate imaging, vascular",
     ["pulsatile abdominal mass", "age over 50"], "emergency",
     "symptomatic abdominal aortic aneurysm"),
    ("aaa-collapse", NG156, "back pain + collapse -> think of rupture",
     ["hypotension or collapse"], "emergency", "ruptured abdominal aortic aneurysm"),
    ("aaa-triad", NG156, "pulsatile mass + collapse = ruptured AAA",
     ["pulsatile abdominal mass", "hypotension or collapse"], "emergency",
     "ruptured abdominal aortic aneurysm"),
    # --- trauma (international framework; guideline red flags for fracture)
    ("trauma-major", FINUCANE, "major trauma -> possible unstable fracture",
     ["major trauma"], "emergency", "spinal fracture"),
    ("trauma-older-steroids", VERHAGEN, "major trauma in an older person on steroids",
     ["major trauma", "osteoporosis or long-term steroids", "age over 50"], "emergency",
     "spinal fracture"),
    # --- urgent = today
    ("cancer-history-alone", CG75, "cancer + spinal pain suggesting metastases -> within 24 h",
     ["history of cancer"], "urgent", "spinal malignancy"),
    ("cancer-night-pain", NG234, "cancer + night pain preventing sleep, no neurology",
     ["history of cancer", "night pain"], "urgent", "spinal malignancy"),
    ("ivdu-spinal-tenderness", SEA, "IVDU + tender spine: early SEA possible without fever",
     ["injection drug use", "spinal tenderness"], "urgent", "spinal infection"),
    ("immunosuppressed-spinal-tenderness", SEA, "immunosuppression + tender spine",
     ["immunosuppression", "spinal tenderness"], "urgent", "spinal infection"),
    ("ivdu-fever", SEA, "IVDU + fever, no deficit",
     ["injection drug use", "fever"], "urgent", "spinal infection"),
    ("fever-alone", FINUCANE, "fever with back pain -> assess for infection",
     ["fever"], "urgent", "spinal infection"),
    ("progressive-weakness-one-leg", CKS, "progressive deficit in one leg -> same-day review",
     ["progressive weakness"], "urgent", "severe or progressive nerve root compression"),
    ("steroids-over-50", VERHAGEN, "long-term steroids + age over 50 -> possible fracture",
     ["osteoporosis or long-term steroids", "age over 50"], "urgent",
     "osteoporotic vertebral fracture"),
    ("weight-loss", VERHAGEN, "unexplained weight loss is a malignancy red flag",
     ["unexplained weight loss"], "urgent", "spinal malignancy"),
    # --- routine (usual care, watch for red flags)
    ("night-pain-alone", VERHAGEN, "night pain alone is common and rarely serious",
     ["night pain"], "routine", None),
    ("age-over-50-alone", FINUCANE, "age alone is not a reason for alarm",
     ["age over 50"], "routine", None),
    ("new-sciatica-alone", NG59, "new sciatica without other flags: usual care",
     ["new radicular pain"], "routine", None),
    ("ivdu-alone", FINUCANE, "a risk factor without any sign",
     ["injection drug use"], "routine", None),
    ("no-red-flag", NG59, "no red flag: routine, kept under review", [], "routine", None),
]


@pytest.mark.parametrize(("case_id", "source", "says", "signs", "level", "condition"), CASES,
                         ids=[case[0] for case in CASES])
def test_guideline_case(case_id, source, says, signs, level, condition):
    assert source in bibliography(), f"{case_id}: cite a defined key, not {source!r}"
    result = triage(signs)
    assert result.level == level, f"{case_id} ({source}: {says}) came out {result.level}"
    assert result.action.startswith(level_wording()[level]["action"]), case_id
    if condition is not None:
        assert condition in result.conditions, f"{case_id}: {result.conditions}"
    timing = level_wording()[level]["timing"]
    assert timing in {"now", "today", "usual care"}
    if level == "emergency":
        assert "now" in result.action
    elif level == "urgent":
        assert "today" in result.action and "few days" not in result.action


def test_the_suite_covers_every_emergency_route_and_every_level():
    assert {case[4] for case in CASES} == set(LEVELS)
    assert len(CASES) >= 20
    emergency_conditions = {case[5] for case in CASES if case[4] == "emergency"}
    assert {"cauda equina syndrome", "metastatic spinal cord compression",
            "spinal infection (epidural abscess)", "symptomatic abdominal aortic aneurysm",
            "ruptured abdominal aortic aneurysm", "spinal fracture"} <= emergency_conditions


DEFICITS = ["progressive weakness", "new limb weakness", "new sensory loss", "difficulty walking",
            "bilateral leg symptoms"]
NEUROLOGY = ["new radicular pain", *DEFICITS, "saddle anaesthesia",
             "new urinary retention or hesitancy", "faecal incontinence", "reduced anal tone",
             "loss of bladder sensation", "urinary incontinence", "loss of rectal sensation",
             "sexual dysfunction"]


@pytest.mark.parametrize("risk", ["fever", "injection drug use", "immunosuppression"])
@pytest.mark.parametrize("deficit", DEFICITS)
def test_any_infection_risk_with_any_new_deficit_is_an_emergency(risk, deficit):
    # BMJ Best Practice (epidural abscess): fever is often absent and a deficit can progress to
    # paralysis; the course follows the strictest reading.
    result = triage([risk, deficit])
    assert result.level == "emergency"
    assert any("infection" in condition for condition in result.conditions)


@pytest.mark.parametrize("sign", NEUROLOGY)
def test_cancer_with_any_new_neurological_sign_is_metastatic_cord_compression_now(sign):
    # NICE NG234: contact the MSCC service immediately; MRI of the whole spine
    result = triage(["history of cancer", sign])
    assert result.level == "emergency"
    assert result.conditions[0] in {"metastatic spinal cord compression",
                                    "cauda equina syndrome"}
    assert "metastatic spinal cord compression" in result.conditions
