"""The shipped knowledge base loads, is complete, is placed where its words say, and every row
carries a source; malformed files are refused with their file, line and value."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from app.domain.body_geometry import place, region_at
from app.domain.knowledge import KnowledgeBase
from app.domain.knowledge_loader import KnowledgeError, parse_knowledge
from app.domain.regions import RegionCatalog
from app.domain.vocabulary import SYMPTOM_FLAGS
from app.resources import data_dir

DESIGN_MUSCLES = (
    "quadratus_lumborum",
    "iliopsoas",
    "multifidus",
    "longissimus_thoracis",
    "iliocostalis_lumborum",
    "iliocostalis_thoracis",
    "gluteus_maximus",
    "gluteus_medius",
    "gluteus_minimus",
    "piriformis",
    "tensor_fasciae_latae",
    "hamstrings",
    "rectus_abdominis",
    "adductor_longus",
    "adductor_magnus",
    "rectus_femoris",
    "vastus_lateralis",
    "soleus",
    "gastrocnemius",
    "peroneus_longus",
    "tibialis_anterior",
    "serratus_posterior_inferior",
    "latissimus_dorsi",
)

#: The fixed region catalogue (issue 3 brief): paired bases and midline ids.
PAIRED_BASES = (
    "shoulder upper_arm elbow forearm hand upper_back mid_back low_back flank iliac_crest "
    "sacroiliac buttock_upper buttock_lower greater_trochanter groin anterior_hip posterior_thigh "
    "lateral_thigh anterior_thigh medial_thigh posterior_knee anterior_knee lateral_knee calf "
    "lateral_leg shin ankle_lateral ankle_medial heel sole dorsum_foot chest upper_abdomen "
    "lower_abdomen medial_knee anterior_ankle lateral_foot instep"
).split()
MIDLINE = "head neck_front neck_back thoracic_spine lumbar_spine sacrum coccyx perineum".split()
BASES = frozenset(PAIRED_BASES) | frozenset(MIDLINE)

PREGNANCY_AVOID = ("LI4", "SP6", "BL60", "BL67", "GB21", "BL31", "BL32", "BL33", "BL34")

#: Where each acupoint's words put it (region base); checked against the art on both sides.
ACUPOINT_REGIONS = {
    "BL23": "low_back",
    "BL24": "low_back",
    "BL25": "low_back",
    "BL26": "low_back",
    "BL28": "sacrum",
    "BL31": "sacrum",
    "BL32": "sacrum",
    "BL33": "sacrum",
    "BL34": "sacrum",
    "BL36": "buttock_lower",
    "BL37": "posterior_thigh",
    "BL40": "posterior_knee",
    "BL52": "low_back",
    "BL54": "buttock_lower",
    "BL57": "calf",
    "BL58": "lateral_leg",
    "BL60": "ankle_lateral",
    "BL62": "ankle_lateral",
    "BL67": "lateral_foot",  # the outer side of the little toe: the foot's outer edge
    "GV3": "lumbar_spine",
    "GV4": "lumbar_spine",
    "GB21": "upper_back",
    "GB30": "buttock_upper",
    "GB31": "lateral_thigh",
    "GB34": "lateral_leg",
    "GB39": "lateral_leg",
    "GB41": "dorsum_foot",
    "SI3": "hand",
    "LI4": "hand",
    "SP6": "shin",
    "KI3": "ankle_medial",
    "ST36": "lateral_leg",
    "LR3": "dorsum_foot",
    "EX_B2": "lumbar_spine",
    "EX_B7": "iliac_crest",
    "EX_UE7": "hand",
    "GV26": "head",  # the philtrum, between nose and upper lip
    "GV2": "coccyx",  # the sacral hiatus, at the top of the tailbone
    "GV1": "perineum",  # just below the tailbone tip
}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return parse_knowledge(data_dir())


def _base(region_id: str) -> str:
    for suffix in ("_left", "_right"):
        if region_id.endswith(suffix):
            return region_id[: -len(suffix)]
    return region_id


# --- completeness ------------------------------------------------------------------------------


def test_region_catalogue_is_exactly_the_fixed_list() -> None:
    catalog = RegionCatalog.from_csv(data_dir() / "regions.csv")
    expected = {f"{base}_{side}" for base in PAIRED_BASES for side in ("left", "right")}
    expected |= set(MIDLINE)
    assert len(expected) == 84
    assert set(catalog.ids()) == expected


def test_shipped_data_loads_and_is_complete(kb: KnowledgeBase) -> None:
    assert set(DESIGN_MUSCLES) <= set(kb.muscles)
    assert len(kb.acupoints) >= 30
    assert len(kb.exercises) >= 20
    assert set(kb.red_flags) == set(SYMPTOM_FLAGS)
    assert {flag.id for flag in kb.red_flags.values() if flag.urgency == "urgent"} == {
        "saddle_numbness",
        "bladder_bowel_change",
        "progressive_leg_weakness",
        "fever",
        "major_trauma",
        "sexual_dysfunction",
        "gait_change",
        "pulsating_abdominal_pain",
        "loin_pain_urinary",
        "pregnancy_contractions",
        "pregnancy_bleeding",
    }
    assert {f.id for f in kb.red_flags.values() if f.asked_when == "pregnant"} == {
        "pregnancy_contractions",
        "pregnancy_bleeding",
    }
    kinds = {exercise.kind for exercise in kb.exercises.values()}
    assert {"stretch", "stabilisation"} <= kinds


def test_every_region_named_in_the_data_is_in_the_fixed_catalogue(kb: KnowledgeBase) -> None:
    named = {zone.region for m in kb.muscles.values() for s in m.sites for zone in s.referrals}
    named |= {base for m in kb.muscles.values() for base in m.lies_in}
    named |= {base for point in kb.acupoints.values() for base in point.used_for}
    assert named <= BASES, named - BASES


def test_every_item_cites_existing_sources(kb: KnowledgeBase) -> None:
    items = [
        *kb.muscles.values(),
        *(site for muscle in kb.muscles.values() for site in muscle.sites),
        *kb.acupoints.values(),
        *kb.exercises.values(),
        *kb.red_flags.values(),
    ]
    for item in items:
        assert item.sources, item
        assert set(item.sources) <= set(kb.sources), item
    assert all(source.citation for source in kb.sources.values())


def test_every_referral_row_cites_a_known_source(kb: KnowledgeBase) -> None:
    with (data_dir() / "referrals.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert row["sources"].split(), row
        assert set(row["sources"].split()) <= set(kb.sources), row


def test_every_source_is_cited_somewhere(kb: KnowledgeBase) -> None:
    cited = {s for muscle in kb.muscles.values() for s in muscle.sources}
    cited |= {s for m in kb.muscles.values() for site in m.sites for s in site.sources}
    for items in (kb.acupoints, kb.exercises, kb.red_flags, kb.point_evidence, kb.self_tests):
        cited |= {s for item in items.values() for s in item.sources}
    cited |= {s for row in kb.restrictions for s in row.sources}
    cited |= {s for test in kb.self_tests.values() for r in test.readings for s in r.sources}
    for name in ("referrals.csv", "channels.csv"):
        with (data_dir() / name).open(encoding="utf-8") as handle:
            cited |= {s for row in csv.DictReader(handle) for s in row["sources"].split()}
    assert set(kb.sources) == cited, set(kb.sources) - cited


def test_unsourced_teaching_is_marked_general(kb: KnowledgeBase) -> None:
    """Rows resting only on the general exercise page must say so ([general])."""
    for exercise in kb.exercises.values():
        if set(exercise.sources) == {"physiopedia_ex"}:
            assert "[general]" in exercise.notes, exercise.id


# --- muscles and trigger points ----------------------------------------------------------------


def test_every_muscle_has_a_site_with_an_essential_zone_and_a_technique(kb: KnowledgeBase) -> None:
    for muscle in kb.muscles.values():
        assert muscle.sites, muscle.id
        assert muscle.perpetuating and muscle.cautions, muscle.id
        technique = muscle.technique
        assert technique.tool and technique.pressure and technique.repetitions, muscle.id
        assert technique.frequency and len(technique.steps) >= 3, muscle.id
        assert 5 <= technique.hold_s <= 600
        for site in muscle.sites:
            assert any(zone.zone == "essential" for zone in site.referrals), site


def test_self_massage_is_presented_as_an_add_on_to_exercise(kb: KnowledgeBase) -> None:
    for muscle in kb.muscles.values():
        assert any("exercises" in step for step in muscle.technique.steps), muscle.id


@pytest.mark.parametrize(
    ("muscle", "words"),
    [
        ("quadratus_lumborum", ("kidney", "inch")),
        ("multifidus", ("inch",)),
        ("longissimus_thoracis", ("inch",)),
        ("iliocostalis_lumborum", ("kidney", "inch")),
        ("iliopsoas", ("groin", "femoral")),
        ("adductor_longus", ("groin",)),
        ("hamstrings", ("back of the knee",)),
        ("gastrocnemius", ("back of the knee", "varicose")),
        ("piriformis", ("sciatic nerve",)),
    ],
)
def test_dangerous_pressure_sites_are_named(
    kb: KnowledgeBase, muscle: str, words: tuple[str, ...]
) -> None:
    cautions = " ".join(kb.muscles[muscle].cautions)
    for word in words:
        assert word in cautions, (muscle, word)


@pytest.mark.parametrize("side", ["left", "right"])
def test_trigger_point_sites_lie_in_their_muscle(kb: KnowledgeBase, side: str) -> None:
    for muscle in kb.muscles.values():
        for site in muscle.sites:
            p = site.placement
            region = region_at(p.view, *place(p.view, p.landmark, side, p.dx_cun, p.dy_cun))
            assert region is not None, (muscle.id, site.site_id)
            assert _base(region) in muscle.lies_in, (muscle.id, site.site_id, region)
            assert region == _base(region) or region.endswith(f"_{side}"), (site, region)


def test_classic_referral_facts_are_encoded(kb: KnowledgeBase) -> None:
    def zones(muscle: str, kind: str) -> set[str]:
        return {
            zone.region
            for site in kb.muscles[muscle].sites
            for zone in site.referrals
            if zone.zone == kind
        }

    assert {"iliac_crest", "flank", "sacroiliac", "greater_trochanter"} <= zones(
        "quadratus_lumborum", "essential"
    )
    assert {"lateral_thigh", "posterior_thigh", "buttock_lower"} <= zones(
        "gluteus_minimus", "essential"
    )
    assert "posterior_thigh" in zones("piriformis", "spillover")
    assert "heel" in zones("soleus", "essential")
    assert "coccyx" in zones("gluteus_maximus", "essential")
    lower = next(s for s in kb.muscles["rectus_abdominis"].sites if s.site_id == "lower")
    assert {(z.region, z.laterality) for z in lower.referrals} >= {("low_back", "both")}


# --- acupoints ---------------------------------------------------------------------------------


def test_pregnancy_points_are_marked_avoid(kb: KnowledgeBase) -> None:
    for code in PREGNANCY_AVOID:
        assert kb.acupoints[code].pregnancy == "avoid", code
        assert any("pregnan" in c.lower() for c in kb.acupoints[code].cautions), code


def test_required_acupoints_are_present(kb: KnowledgeBase) -> None:
    assert set(ACUPOINT_REGIONS) <= set(kb.acupoints)


@pytest.mark.parametrize("side", ["left", "right"])
def test_acupoints_are_placed_where_their_words_say(kb: KnowledgeBase, side: str) -> None:
    for code, expected in ACUPOINT_REGIONS.items():
        p = kb.acupoints[code].placement
        region = region_at(p.view, *place(p.view, p.landmark, side, p.dx_cun, p.dy_cun))
        assert region is not None and _base(region) == expected, (code, region)
        if kb.acupoints[code].bilateral:
            assert region.endswith(f"_{side}") or region in MIDLINE, (code, region)


def test_acupressure_technique_and_cautions(kb: KnowledgeBase) -> None:
    for point in kb.acupoints.values():
        steps = " ".join(point.technique.steps)
        cautions = " ".join(point.cautions)
        assert 60 <= point.technique.hold_s <= 180, point.code  # 1-3 minutes
        assert "exercis" in steps and "sharpens" in steps, point.code
        assert ("other side" in steps) == point.bilateral, point.code
        for word in ("broken skin", "bruises", "varicose veins", "swelling", "meal"):
            assert word in cautions, (point.code, word)
    assert "varicose" in kb.acupoints["BL40"].cautions[1]
    assert kb.acupoints["BL40"].technique.hold_s <= 60  # gentle and short over the vessels


# --- exercises and red flags -------------------------------------------------------------------


def test_every_muscle_has_an_exercise_and_every_phase_is_served(kb: KnowledgeBase) -> None:
    targeted = {muscle for exercise in kb.exercises.values() for muscle in exercise.targets}
    assert targeted == set(kb.muscles), set(kb.muscles) - targeted
    for phase in ("acute", "subacute", "chronic"):
        assert any(phase in exercise.phases for exercise in kb.exercises.values()), phase
    for exercise in kb.exercises.values():
        assert len(exercise.steps) >= 3 and exercise.dose and exercise.cautions, exercise.id


def test_loaded_flexion_is_kept_out_of_the_acute_phase(kb: KnowledgeBase) -> None:
    curl_up = kb.exercises["mcgill_curl_up"]
    assert "acute" not in curl_up.phases
    assert any("acute disc flare" in caution for caution in curl_up.cautions)


def test_red_flags_are_plain_questions_with_advice(kb: KnowledgeBase) -> None:
    for flag in kb.red_flags.values():
        assert flag.question.endswith("?"), flag.id
        assert "doctor" in flag.advice or "emergency" in flag.advice, flag.id
    for flag_id in ("saddle_numbness", "bladder_bowel_change"):
        assert "emergency" in kb.red_flags[flag_id].advice


# --- malformed files ---------------------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    return folder


def rewrite(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` with ``new``; return the line number the change landed on."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    start = text.index(old) + len(old) - len(old.lstrip("\n"))
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.count("\n", 0, start) + 1


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "referrals.csv",
            "quadratus_lumborum,superficial,iliac_crest,",
            "quadratus_lumborum,superficial,iliac_cres,",
            r"unknown region 'iliac_cres' \(did you mean iliac_crest",
        ),
        (
            "acupoints.csv",
            "who_2008 acumeridian",
            "who_2009 acumeridian",
            r"unknown source 'who_2009' in 'sources'",
        ),
        ("exercises.csv", ",stretch,", ",stretching,", r"'kind' is 'stretching'"),
        ("acupoints.csv", ",caution,", ",maybe,", r"'pregnancy' is 'maybe'"),
        ("exercises.csv", ",subacute chronic,", ",later,", r"'phase' is 'later'"),
        ("trigger_points.csv", ",l3_spinous,", ",l3_spine,", r"unknown landmark 'l3_spine'"),
        ("trigger_points.csv", "back,l3_spinous", "front,l3_spinous", r"drawn in the back view"),
        ("trigger_points.csv", "l3_spinous,4.6,", "l3_spinous,four,", r"'dx_cun' is 'four'"),
        ("trigger_points.csv", "l3_spinous,4.6,", "l3_spinous,0,", r"sits on the midline"),
        (
            "referrals.csv",
            ",lumbar_spine,essential,midline,",
            ",lumbar_spine,essential,same,",
            r"laterality 'same' does not fit region 'lumbar_spine'",
        ),
        (
            "referrals.csv",
            "superficial,flank,",
            "superficial,iliac_crest,",
            r"already refers to 'iliac_crest'",
        ),
        (
            "exercises.csv",
            "hamstrings gastrocnemius",
            "hamstring gastrocnemius",
            r"unknown muscle 'hamstring' in 'targets' \(did you mean hamstrings",
        ),
        ("exercises.csv", "\npiriformis_stretch,", "\nknee_to_chest,", r"duplicate exercise"),
        ("acupoints.csv", "\nBL24,", "\nBL23,", r"duplicate acupoint 'BL23'"),
        ("acupoints.csv", "l4_spinous,0,0.5,no,", "l4_spinous,0,0.5,yes,", r"on the midline"),
        ("red_flags.csv", "\nfever,", "\nfevers,", r"unknown symptom flag 'fevers'"),
        ("muscles.csv", "technique_hold_s", "hold", r"missing column\(s\) technique_hold_s"),
    ],
)
def test_malformed_files_are_refused_with_file_line_and_value(
    data_copy: Path, file: str, old: str, new: str, message: str
) -> None:
    line = rewrite(data_copy / file, old, new)
    with pytest.raises(KnowledgeError, match=message) as caught:
        parse_knowledge(data_copy)
    assert str(caught.value).startswith(f"{file}, line {line}: "), str(caught.value)


def test_a_row_with_too_many_cells_is_refused(data_copy: Path) -> None:
    path = data_copy / "red_flags.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("night_pain,always,Is it?,soon,See a doctor.,nhs_ces,,extra\n")
    last = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(KnowledgeError, match=rf"red_flags.csv, line {last}: wrong number"):
        parse_knowledge(data_copy)


def test_a_missing_file_is_named(data_copy: Path) -> None:
    (data_copy / "exercises.csv").unlink()
    with pytest.raises(KnowledgeError, match=r"exercises.csv: file is missing"):
        parse_knowledge(data_copy)


def test_a_missing_red_flag_is_named(data_copy: Path) -> None:
    path = data_copy / "red_flags.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("fever,")))
    with pytest.raises(KnowledgeError, match=r"red_flags.csv: missing flags fever"):
        parse_knowledge(data_copy)


def test_knowledge_errors_are_value_errors() -> None:
    assert issubclass(KnowledgeError, ValueError)
