"""Independent clinical-safety cases for the reasoning API, written by an outside reviewer.

Each case was written from a published source (named in ``source``, with the section and the
wording that sets the expected answer), not from the course's own tests or case library, and
entered through the accepted vocabulary, often through its aliases. Triage cases state the
*least* urgent level the strictest current source allows (``at_least``): an answer softer than
that is a safety failure; a few benign cases also state the *most* urgent level that makes sense
(``at_most``). Localisation cases state the root or nerve expected first, or, where the sources
genuinely allow a tie, the one expected among the top two.

A case the course currently gets wrong stays in this file, marked ``xfail(strict=True)`` with
the reason, so that fixing the course turns it into an unexpected pass that must be unmarked.
Educational use only: these are teaching cases, not advice about a real person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

import legpain

RANK = {"routine": 0, "urgent": 1, "emergency": 2}


@dataclass(frozen=True)
class TriageCase:
    id: str
    signs: tuple[str, ...]
    at_least: str
    source: str
    at_most: str = "emergency"


@dataclass(frozen=True)
class LocalizationCase:
    id: str
    findings: dict[str, Any]
    expected: str
    source: str
    within: int = 1          # 1: expected first; 2: expected among the top two (a genuine tie)
    not_first: tuple[str, ...] = field(default=())


# --- sources, one label each ---------------------------------------------------------------
BMJBP_CES = ("BMJ Best Practice, Cauda equina syndrome, Diagnosis approach, Key recommendations: "
             "'Suspect cauda equina syndrome (CES) if a patient presents with leg pain and/or back "
             "pain together with recent onset (<14 days), or deterioration, of any of the following "
             "red-flag symptoms: disturbance of bladder or bowel function ... altered sensation "
             "around the perianal, perineal, or genital (\"saddle\") areas; motor weakness or other "
             "neurological deficits affecting both legs; sexual dysfunction. If suspected CES "
             "presents in the community, make an immediate referral to hospital, to be seen within "
             "a few hours or sooner if possible.'")
GIRFT_CES_BNSSG = ("GIRFT National Suspected Cauda Equina Syndrome Pathway (2023), as summarised in "
                   "Physiotherapy (CSP journal, March 2024): 'low back with any of the following "
                   "symptoms: new onset bilateral leg pain, loss of sensation in the "
                   "genital/perianal/perineal regions, loss of bowel and bladder control and loss of "
                   "sexual function ... immediate referral to a hospital Emergency Department is "
                   "mandatory'; and BNSSG Remedy 'Back pain/ Spinal pathway' (page checked 2020): "
                   "'Send patients to A&E with suspected cauda equina syndrome. A patient "
                   "presenting with back pain and/or sciatic pain with: saddle anaesthesia ... new "
                   "difficulty or inability to initiate micturition ... change in sexual function; "
                   "altered bowel or bladder sensation ... lax anal sphincter; bilateral or "
                   "progressive neurological deficit in the lower limbs; bilateral sciatica'")
BASS_CES = ("BASS 2018 CES standards as quoted by Cornwall RMS Adult Low Back Pain Guidelines "
            "('Refer to Emergency Department'): 'New (within 2 weeks) loss of sensation of rectal "
            "fullness'; 'New (within 2 weeks) sexual dysfunction'; 'Sudden onset bilateral "
            "radicular leg pain (sciatica)'")
NG234 = ("NICE NG234 (2023) Spinal metastases and MSCC, as summarised in BMJ 2023;383:p1973 "
         "(Hawkins et al.): 'Immediately contact the MSCC coordinator if a person with a past or "
         "current diagnosis of cancer presents with the symptoms or signs of cord compression'; "
         "the symptoms listed by CG75 (which NG234 replaced) and by NHS Lothian's MSCC pathway "
         "include 'radicular pain, any limb weakness, difficulty in walking, sensory loss or "
         "bladder or bowel dysfunction ... view them as an oncological emergency' / 'New spinal "
         "nerve root pain ... Any new difficulty walking ... Reduced power/altered sensation in "
         "limbs ... Bowel/bladder disturbance'")
CG75_PAIN = ("NICE CG75 (2008, replaced by NG234), key priorities: 'Contact the MSCC coordinator "
             "urgently (within 24 hours) to discuss the care of patients with cancer and any of the "
             "following symptoms suggestive of spinal metastases: ... localised spinal tenderness; "
             "nocturnal spinal pain preventing sleep' (NG234's own wording for pain without "
             "neurology could not be confirmed)")
INFECTION_SAME_DAY = ("Community red flags for lower back pain / radicular pain (September 2023): "
                      "'Emergency Spinal Referral (Immediate or Same Day to local spinal surgical "
                      "service) ... Suspected spinal infection'; BNSSG Remedy back pain pathway: "
                      "'Suspected spinal infection eg unwell with unexplained fever ... Send to A&E "
                      "if any progressive neurological dysfunction or systemically unwell'")
SEA_NEURO = ("MSD Manual Professional, Spinal epidural abscess: 'Because rapid treatment is "
             "necessary to prevent or minimize neurologic deficits ... Clinicians should consider "
             "doing MRI immediately if patients have unexplained back pain, even without neurologic "
             "findings, particularly if they have ... risk factors (eg, IV drug use ...)'; with a "
             "new deficit, BNSSG Remedy: 'Send to A&E if any progressive neurological dysfunction'")
AAA = ("BNSSG Remedy, Abdominal aortic aneurysm: 'All patients with suspected symptomatic AAA "
       "should be discussed immediately via the on call vascular team'; 'Aneurysm rupture must be "
       "suspected in patients >50 years old presenting with sudden onset back pain/ or collapse. If "
       "in any doubt then 999'; RACGP AFP 2013;42(6): 'Symptomatic and ruptured aneurysms require "
       "emergency assessment and treatment'; NICE NG156 1.1: 'Think about the possibility of "
       "ruptured AAA in people with new abdominal and/or back pain, cardiovascular collapse ...'")
TRAUMA = ("BNSSG Remedy back pain pathway: 'Consider admission or discussion with on-call teams "
          "(Orthopaedics/ Neurosurgery/ Neurology): Severe low back pain following significant "
          "trauma'; Gloucestershire G-care red flags: 'sudden onset of back pain associated with "
          "major trauma or minor trauma in people with osteoporosis or in those taking "
          "corticosteroids; structural deformity of the spine'")
PRIORITY_2WK = ("Community red flags for lower back pain / radicular pain (September 2023): "
                "'Priority Spine Referral (to be seen within 2 weeks ...): ... Known osteoporosis, "
                "with new severe spinal pain; Age <15, or >60 years with first ever episode of "
                "axial back pain' (not an emergency)")
CKS_2018_CES = ("NICE CKS Sciatica red flags as updated with the MPS in 2018 (reported by Fletchers "
                "Solicitors 5 Sep 2018 and reproduced by NHS Lothian RefHelp 'Serious lumbar spine "
                "conditions'): 'Bilateral sciatica; Severe or progressive bilateral neurological "
                "deficit of the legs, such as major motor weakness with knee extension, ankle "
                "eversion, or foot dorsiflexion ... Loss of sensation of rectal fullness ... "
                "Laxity of the anal sphincter'")
LOTHIAN_FOOT_DROP = ("NHS Lothian RefHelp, Primary care lumbar spine red flags: 'Acute foot drop - "
                     "Discuss with On call Neurosurgical registrar'; 'Deteriorating lumbar "
                     "radiculopathy with motor deficit grade 3 or less (Oxford scale) - Discuss with "
                     "On call Neurosurgical registrar'")
NG59_NONE = ("NICE NG59 (2016) Low back pain and sciatica: non-specific low back pain without red "
             "flags is managed in usual care (self-management, exercise; no routine imaging)")

LEE = ("Lee, McPhee & Stringer 2008, Clin Anat 21:363-373, evidence-based dermatome map: L4 medial "
       "leg, L5 lateral leg and dorsum of foot, S1 lateral foot, sole and back of the leg")
ISNCSCI = ("ISNCSCI 2011 (Kirshblum et al., J Spinal Cord Med 34:535-546) key muscles: L2 hip "
           "flexors, L3 knee extensors, L4 ankle dorsiflexors, L5 long toe extensors, S1 ankle "
           "plantar flexors; key sensory points L3 medial femoral condyle, L4 medial malleolus, L5 "
           "dorsum of foot at 3rd MTP joint, S1 lateral heel")
REFLEXES = ("standard reflex table (e.g. MRCP PACES neurology notes, learnhaem 'Foot drop'): knee "
            "jerk L3/4, ankle jerk S1/2; both preserved in common fibular and L5 lesions")
FOOT_DROP = ("foot-drop localisation (deductmd 'L5 radiculopathy vs common peroneal nerve palsy'; "
             "medicowesome; Spinal Surgeon Sydney 'Foot drop'): common peroneal palsy weakens "
             "dorsiflexion, eversion and EHL with sensory loss over lateral leg and dorsum of foot "
             "but 'Inversion is PRESERVED: tibialis posterior is supplied by the tibial nerve'; L5 "
             "radiculopathy also weakens inversion and hip abduction (gluteus medius)")
DEEP_FIB = ("neupsykey 'Unilateral foot drop': 'a patient with a deep peroneal neuropathy would have "
            "a foot drop without ankle eversion weakness or obvious sensory loss. The only sensory "
            "fibers carried by the deep peroneal nerve convey sensation between the great and second "
            "toe'")
MERALGIA = ("Medscape 'Meralgia paresthetica' clinical: 'numbness of the anterolateral thigh ... "
            "Motor strength in the involved leg should be normal'; the lateral femoral cutaneous "
            "nerve is purely sensory")
FEMORAL = ("Staal, van Gijn & Spaans, Mononeuropathies (femoral nerve): 'Atrophy and weakness of "
           "quadriceps muscles ... Decreased or absent knee jerk. Sensory loss over anterior aspect "
           "of thigh and medial side of lower leg'; hip adduction is obturator-supplied (L2-L4), so "
           "normal adduction argues against an L3/L4 root lesion")
SCIATIC = ("medicowesome 'Differentiating peroneal neuropathy, sciatic nerve injury and L5 "
           "radiculopathy': 'If plantar flexion and inversion is weak: Check hip movements ... If no "
           "weakness at hip joint: Sciatic nerve compression'; 'Sciatic nerve injury presentation: "
           "Weakness affecting most of the lower leg musculature, including the hamstrings'")
TIBIAL = ("learnhaem MRCP PACES 'Foot drop': 'Ankle plantarflexion (S1/S2, tibial nerve) ... Foot "
          "inversion (L5, tibial nerve)'; tibial nerve sensation to the sole (plantar nerves) and "
          "heel; S1 shares plantar flexion and the ankle jerk, so a tie with S1 is allowed")
UMN = ("neupsykey 'Unilateral foot drop' (corticospinal lesion: weakness of hip flexion ... with "
       "spasticity and hyperreflexia); BNSSG Remedy: 'Upper motor neurone signs (hyper-reflexia, "
       "clonus, positive Babinski)'")


TRIAGE_CASES: list[Any] = [
    # cauda equina: each red flag alone, through aliases, with the pain that brings people in
    TriageCase("ces-perineal-numbness-with-sciatica", ("perineal numbness", "new sciatica"),
               "emergency", BMJBP_CES),
    TriageCase("ces-cannot-pass-urine", ("cannot pass urine",), "emergency", BMJBP_CES),
    TriageCase("ces-bladder-sensation-with-leg-pain",
               ("cannot feel bladder filling", "new radiating leg pain"), "emergency", BMJBP_CES),
    TriageCase("ces-bowel-incontinence", ("bowel incontinence",), "emergency", BMJBP_CES),
    TriageCase("ces-erectile-dysfunction-with-sciatica", ("erectile dysfunction", "new sciatica"),
               "emergency", BMJBP_CES + " | " + BASS_CES),
    TriageCase("ces-bilateral-sciatica", ("bilateral sciatica",), "emergency",
               GIRFT_CES_BNSSG + " | " + BASS_CES),
    TriageCase("ces-lax-anal-tone", ("lax anal tone",), "emergency",
               CKS_2018_CES + " | " + GIRFT_CES_BNSSG),
    TriageCase("ces-rectal-sensation", ("reduced rectal sensation",), "emergency",
               BASS_CES + " | " + GIRFT_CES_BNSSG),
    # A unilateral worsening deficit: national sources (CKS 2018 update, GIRFT-aligned NHS
    # Lothian) make it a CES red flag only when BILATERAL; alone it is same-day advice (Lothian:
    # 'Acute foot drop ... Discuss with On call Neurosurgical registrar'). BNSSG's local wording
    # 'Bilateral or progressive neurological deficit' would make it an emergency: see the report.
    TriageCase("progressive-deficit-one-leg", ("progressive neurological deficit",), "urgent",
               CKS_2018_CES + " | " + LOTHIAN_FOOT_DROP),
    TriageCase("acute-foot-drop", ("new weakness",), "urgent", LOTHIAN_FOOT_DROP),
    TriageCase("ces-progressive-deficit-both-legs", ("worsening weakness", "bilateral radiculopathy"),
               "emergency", CKS_2018_CES + " | " + BMJBP_CES),
    TriageCase("ces-both-legs-numb", ("both legs", "new numbness"), "emergency", BMJBP_CES),
    TriageCase("ces-mixed-with-fever",
               ("saddle numbness", "urinary hesitancy", "both legs", "fever"), "emergency",
               BMJBP_CES),
    # metastatic spinal cord compression: cancer history with any new neurology
    TriageCase("mscc-cancer-new-leg-weakness", ("cancer history", "new leg weakness"),
               "emergency", NG234),
    TriageCase("mscc-cancer-new-sciatica", ("previous cancer", "new sciatica"), "emergency",
               NG234),
    TriageCase("mscc-cancer-unsteady-walking", ("history of cancer", "unsteady walking"),
               "emergency", NG234),
    TriageCase("mscc-cancer-new-numbness", ("cancer history", "new numbness in the leg"),
               "emergency", NG234),
    TriageCase("mscc-cancer-bladder-incontinence", ("previous cancer", "bladder incontinence"),
               "emergency", NG234 + " | " + BMJBP_CES),
    TriageCase("mscc-cancer-pain-only", ("previous cancer", "pain at night", "point tenderness"),
               "urgent", CG75_PAIN),
    # spinal infection
    TriageCase("infection-ivdu-fever", ("ivdu", "pyrexia"), "urgent", INFECTION_SAME_DAY),
    TriageCase("infection-immunosuppressed-fever", ("immunosuppressed", "high temperature"),
               "urgent", INFECTION_SAME_DAY),
    TriageCase("infection-ivdu-fever-worsening-weakness",
               ("iv drug use", "fever", "worsening weakness"), "emergency", SEA_NEURO),
    TriageCase("infection-hiv-fever-new-weakness", ("hiv", "fever", "new leg weakness"),
               "emergency", SEA_NEURO),
    # abdominal aortic aneurysm presenting as back pain
    TriageCase("aaa-elderly-pulsatile-mass", ("older than 50", "pulsatile abdominal mass"),
               "emergency", AAA),
    TriageCase("aaa-pulsation-and-collapse", ("abdominal pulsation", "collapse"), "emergency",
               AAA),
    TriageCase("aaa-over-50-fainting", ("over 50", "fainting"), "emergency", AAA),
    # fracture
    TriageCase("fracture-fall-from-height", ("fall from height",), "urgent", TRAUMA),
    TriageCase("fracture-steroids-trauma-deformity", ("steroid use", "step deformity", "trauma"),
               "urgent", TRAUMA),
    TriageCase("fracture-osteoporosis-deformity-new-weakness",
               ("osteoporosis", "deformity", "new leg weakness", "older than 50"), "urgent",
               TRAUMA + " | " + LOTHIAN_FOOT_DROP),
    # benign bounds: nothing softer than usual care, nothing absurdly hot
    TriageCase("benign-no-flags", (), "routine", NG59_NONE, at_most="routine"),
    TriageCase("benign-age-alone", ("over 50",), "routine", PRIORITY_2WK, at_most="urgent"),
    TriageCase("benign-osteoporosis-alone", ("osteoporosis",), "routine", PRIORITY_2WK,
               at_most="urgent"),
]


LOCALIZATION_CASES: list[Any] = [
    LocalizationCase("L4-medial-leg-dorsiflexion-knee-jerk",
                     dict(numbness=["inner lower leg", "inner ankle"],
                          weakness=["ankle dorsiflexion"], reflexes={"knee jerk": "reduced"},
                          normal_strength=["great toe extension", "plantar flexion"]),
                     "L4", LEE + " | " + ISNCSCI + " | " + REFLEXES),
    LocalizationCase("L5-classic-with-aliases",
                     dict(pain=["buttock", "outer thigh", "outer lower leg"],
                          numbness=["foot dorsum", "first webspace"],
                          weakness=["ehl", "inversion", "hip abduction"],
                          reflexes={"ankle jerk": "normal", "knee jerk": "normal"}),
                     "L5", LEE + " | " + ISNCSCI + " | " + FOOT_DROP),
    LocalizationCase("S1-lateral-foot-plantarflexion-ankle-jerk",
                     dict(pain=["back of thigh", "calf"],
                          numbness=["outer edge of foot", "little toe", "sole"],
                          weakness=["toe walking"], reflexes={"achilles": "absent"},
                          normal_strength=["heel walking", "big toe extension"]),
                     "S1", LEE + " | " + ISNCSCI + " | " + REFLEXES),
    LocalizationCase("S1-pain-only-reduced-ankle-jerk",
                     dict(pain=["buttocks", "posterior thigh", "back of lower leg",
                                "lateral foot"],
                          reflexes={"ankle jerk": "reduced", "knee jerk": "normal"}),
                     "S1", LEE + " | " + REFLEXES),
    LocalizationCase("common-fibular-foot-drop-inversion-spared",
                     dict(numbness=["top of foot", "lateral leg"],
                          weakness=["foot lift", "eversion", "big toe extension"],
                          normal_strength=["inversion", "hip abduction", "plantar flexion"],
                          reflexes={"ankle jerk": "normal", "knee jerk": "normal"}),
                     "common fibular", FOOT_DROP + " | " + REFLEXES),
    LocalizationCase("L5-foot-drop-inversion-weak",
                     dict(numbness=["top of foot", "lateral leg"],
                          weakness=["foot lift", "eversion", "big toe extension", "inversion",
                                    "hip abduction"],
                          normal_strength=["plantar flexion"],
                          reflexes={"ankle jerk": "normal", "knee jerk": "normal"}),
                     "L5", FOOT_DROP),
    LocalizationCase("deep-fibular-web-space-only",
                     dict(numbness=["web space between first and second toes"],
                          weakness=["dorsiflexion", "hallux extension"],
                          normal_strength=["eversion", "inversion", "hip abduction"],
                          normal_sensation=["lateral leg", "dorsum of foot"]),
                     "deep fibular", DEEP_FIB + " | " + FOOT_DROP),
    LocalizationCase("meralgia-lateral-thigh-pure-sensory",
                     dict(pain=["lateral thigh"], numbness=["side of thigh"],
                          normal_strength=["hip flexion", "knee extension", "hip adduction"],
                          reflexes={"patellar": "normal"}),
                     "lateral femoral cutaneous", MERALGIA),
    LocalizationCase("femoral-quadriceps-adduction-spared",
                     dict(numbness=["front of thigh", "medial leg"],
                          weakness=["straightening the knee"], reflexes={"knee jerk": "absent"},
                          normal_strength=["hip adduction", "ankle dorsiflexion"]),
                     "femoral", FEMORAL + " | " + ISNCSCI),
    LocalizationCase("L3-thigh-knee-with-adduction",
                     dict(pain=["groin", "front of thigh"], numbness=["front of knee"],
                          weakness=["knee extension", "hip adduction"],
                          reflexes={"quadriceps reflex": "reduced"},
                          normal_strength=["ankle dorsiflexion"]),
                     "L3", LEE + " | " + ISNCSCI + " | " + FEMORAL, within=2),
    LocalizationCase("saphenous-or-L4-pure-medial-leg-numbness",
                     dict(numbness=["medial leg", "medial malleolus"],
                          normal_strength=["knee extension", "ankle dorsiflexion"],
                          reflexes={"knee jerk": "normal"}),
                     "saphenous", LEE + " | " + FEMORAL + " (saphenous = the femoral nerve's "
                     "sensory branch to the medial leg)", within=2),
    LocalizationCase("sural-or-S1-lateral-ankle-strip",
                     dict(numbness=["outer ankle", "outer foot"],
                          normal_strength=["plantar flexion", "eversion"],
                          normal_sensation=["sole", "calf"], reflexes={"achilles": "normal"}),
                     "sural", LEE + " | sural nerve: purely sensory, lateral ankle and lateral "
                     "border of the foot (standard peripheral-nerve texts)", within=2),
    LocalizationCase("cauda-equina-saddle-both-legs",
                     dict(numbness=["saddle area", "around the anus", "sole"],
                          weakness=["plantar flexion"], reflexes={"ankle jerk": "absent"},
                          both_legs=True),
                     "cauda equina", BMJBP_CES),
    LocalizationCase("upper-motor-neuron-brisk-reflexes",
                     dict(weakness=["hip flexion", "knee flexion", "ankle dorsiflexion"],
                          reflexes={"knee jerk": "brisk", "ankle jerk": "brisk"}),
                     "upper motor neuron", UMN),
    LocalizationCase("L5-pain-only-no-deficit",
                     dict(pain=["outer lower leg", "top of foot", "big toe"]),
                     "L5", LEE),
    LocalizationCase("L2-groin-hip-flexion",
                     dict(pain=["groin", "front of thigh"], weakness=["raising the thigh"],
                          normal_strength=["knee extension", "ankle dorsiflexion"],
                          reflexes={"knee jerk": "normal"}),
                     "L2", ISNCSCI + " | " + LEE),
    LocalizationCase("sciatic-gluteal-muscles-spared",
                     dict(numbness=["sole", "dorsum of foot", "lateral leg"],
                          weakness=["knee flexion", "dorsiflexion", "plantar flexion", "eversion",
                                    "inversion"],
                          normal_strength=["hip abduction", "hip extension"],
                          reflexes={"achilles": "reduced", "knee jerk": "normal"}),
                     "sciatic", SCIATIC),
    LocalizationCase("tibial-or-S1-sole-plantarflexion-inversion",
                     dict(numbness=["sole", "heel"],
                          weakness=["plantar flexion", "curling the toes", "inversion"],
                          normal_strength=["hip extension", "hip abduction", "dorsiflexion",
                                           "eversion"],
                          normal_sensation=["dorsum of foot", "lateral leg"],
                          reflexes={"achilles": "reduced"}),
                     "tibial", TIBIAL, within=2),
    LocalizationCase("S1-not-L5-when-toe-extension-normal",
                     dict(numbness=["lateral heel", "outer foot"],
                          weakness=["plantarflexion", "hip extension"],
                          normal_strength=["great toe extension", "ankle inversion"],
                          normal_sensation=["top of foot", "first web space"],
                          reflexes={"achilles tendon reflex": "reduced"}),
                     "S1", ISNCSCI + " | " + LEE + " | " + REFLEXES, not_first=("L5",)),
]


NADEAU = ("Nadeau et al. 2013, Can J Surg 56(6):372-377, doi:10.1503/cjs.016512: 'patients with a "
          "positive shopping cart sign whose symptoms were located above the knees, triggered with "
          "standing alone and relieved with sitting had a strong likelihood of neurogenic "
          "claudication (PLR 13). Patients with symptoms in the calf that were relieved with "
          "standing alone had a strong likelihood of vascular claudication (PLR 20.0)'")

CLAUDICATION_CASES = [
    pytest.param(("pain in the calf", "relieved by stopping"), "vascular", NADEAU,
                 id="claudication-calf-relieved-by-stopping"),
    pytest.param(("leaning on a trolley", "pain above the knee", "pain on standing",
                  "relieved by sitting"), "neurogenic", NADEAU,
                 id="claudication-nadeau-neurogenic-constellation"),
]


def _describe_level(level: str) -> str:
    return f"{level} ({legpain.level_wording()[level]['timing']})"


@pytest.mark.parametrize("case", TRIAGE_CASES, ids=lambda c: getattr(c, "id", str(c)))
def test_independent_triage_case(case: TriageCase) -> None:
    result = legpain.triage(list(case.signs))
    assert RANK[result.level] >= RANK[case.at_least], (
        f"{case.id}: course says {_describe_level(result.level)} for {list(case.signs)}, "
        f"but the source requires at least {_describe_level(case.at_least)}.\n"
        f"Source: {case.source}\nCourse reasons: {result.reasons}")
    assert RANK[result.level] <= RANK[case.at_most], (
        f"{case.id}: course says {result.level}, more than the {case.at_most} the source "
        f"supports.\nSource: {case.source}")


@pytest.mark.parametrize("case", LOCALIZATION_CASES, ids=lambda c: getattr(c, "id", str(c)))
def test_independent_localization_case(case: LocalizationCase) -> None:
    ranked = legpain.localize(**case.findings)
    top = [candidate.id for candidate in ranked[:case.within]]
    shown = [(c.id, round(c.probability, 3)) for c in ranked[:4]]
    assert case.expected in top, (
        f"{case.id}: expected {case.expected!r} "
        f"{'first' if case.within == 1 else f'in the top {case.within}'}, course ranks {shown}.\n"
        f"Source: {case.source}")
    assert ranked[0].id not in case.not_first, (
        f"{case.id}: {ranked[0].id} should not come first; course ranks {shown}")


def test_every_case_names_a_source() -> None:
    for case in [*TRIAGE_CASES, *LOCALIZATION_CASES]:
        assert len(case.source) > 30, case.id
    assert len(TRIAGE_CASES) >= 25 and len(LOCALIZATION_CASES) >= 15


@pytest.mark.parametrize(("features", "kind", "source"), CLAUDICATION_CASES)
def test_independent_claudication_case(features: tuple[str, ...], kind: str, source: str) -> None:
    result = legpain.claudication(list(features))
    assert result.kind == kind, (f"course says {result.kind} ({result.confidence}) for "
                                 f"{list(features)}; source: {source}")
