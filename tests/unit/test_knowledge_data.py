"""The shipped knowledge base loads, is complete, and every row carries a source."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from app.domain.knowledge_loader import KnowledgeError, data_fingerprint, load_knowledge
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


def test_shipped_data_loads_and_is_complete() -> None:
    kb = load_knowledge()
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
    }
    kinds = {exercise.kind for exercise in kb.exercises.values()}
    assert {"stretch", "stabilisation"} <= kinds


def test_every_item_cites_existing_sources() -> None:
    kb = load_knowledge()
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


def test_every_referral_row_cites_a_source() -> None:
    with (data_dir() / "referrals.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    assert all(row["sources"].split() for row in rows)


def test_pregnancy_points_are_marked_avoid() -> None:
    kb = load_knowledge()
    for code in ("LI4", "SP6", "BL60", "BL31", "BL32", "BL33", "BL34"):
        assert kb.acupoints[code].pregnancy == "avoid", code


def test_every_muscle_has_a_site_with_an_essential_zone_and_a_technique() -> None:
    kb = load_knowledge()
    for muscle in kb.muscles.values():
        assert muscle.sites
        assert muscle.technique.steps and 5 <= muscle.technique.hold_s <= 600
        for site in muscle.sites:
            assert any(zone.zone == "essential" for zone in site.referrals), site


def test_acupressure_is_presented_as_an_add_on() -> None:
    kb = load_knowledge()
    for point in kb.acupoints.values():
        assert any("exercis" in step for step in point.technique.steps), point.code


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    return folder


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "referrals.csv",
            ",iliac_crest,",
            ",iliac_cres,",
            r"referrals.csv, line \d+: unknown region",
        ),
        (
            "acupoints.csv",
            "who_2008 acumeridian",
            "who_2009 acumeridian",
            r"acupoints.csv, line 2: unknown source",
        ),
        ("exercises.csv", ",stretch,", ",stretching,", r"exercises.csv, line \d+: 'kind'"),
        ("acupoints.csv", ",caution,", ",maybe,", r"acupoints.csv, line \d+: 'pregnancy'"),
        (
            "trigger_points.csv",
            ",l3_spinous,",
            ",l3_spine,",
            r"trigger_points.csv, line \d+: unknown landmark",
        ),
        ("trigger_points.csv", "back,l3_spinous", "front,l3_spinous", r"drawn in the back view"),
        ("muscles.csv", "technique_hold_s", "hold", r"muscles.csv, line 1: missing column"),
    ],
)
def test_malformed_files_are_refused_with_file_and_line(
    data_copy: Path, file: str, old: str, new: str, message: str
) -> None:
    rewrite(data_copy / file, old, new)
    with pytest.raises(KnowledgeError, match=message):
        load_knowledge(data_copy)


def test_fingerprint_changes_with_content(data_copy: Path) -> None:
    before = data_fingerprint(data_copy)
    assert before == data_fingerprint(data_copy)
    rewrite(data_copy / "red_flags.csv", "Have you ever had cancer?", "Have you had cancer?")
    assert data_fingerprint(data_copy) != before
