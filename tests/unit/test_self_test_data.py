"""The guided self-tests in data/: every test the issue asks for, readable and sourced."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.domain.knowledge import KnowledgeBase
from app.domain.knowledge_loader import KnowledgeError, parse_knowledge
from app.resources import data_dir

REQUIRED = {
    "thomas_modified",  # hip-flexor length
    "hamstring_90_90",  # hamstring length
    "piriformis_length",  # hip external rotators
    "ober",  # tensor fasciae latae / IT band
    "single_leg_stance",  # hip abductor control (Trendelenburg)
    "side_bridge",  # McGill side-bridge endurance
    "trunk_flexor",  # McGill flexor endurance
    "repeated_movements",  # directional preference
}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return parse_knowledge(data_dir())


def test_every_required_test_is_there_with_its_texts(kb: KnowledgeBase) -> None:
    assert set(kb.self_tests) >= REQUIRED
    for test in kb.self_tests.values():
        assert test.steps and test.how_to_read and test.can_say and test.cannot_say, test.id
        assert test.not_when, test.id  # when not to do it
        assert set(test.sources) <= set(kb.sources)
        assert test.muscles and test.landmarks  # something to draw on the body art
        assert all(r.sources for r in test.readings), test.id
        assert any(r.finding == "normal" for r in test.readings), test.id


def test_readings_point_at_engine_inputs(kb: KnowledgeBase) -> None:
    findings = {r.finding for t in kb.self_tests.values() for r in t.readings}
    assert {"short", "weak", "eases_extension", "eases_flexion", "worse"} <= findings
    for test in kb.self_tests.values():
        for reading in test.readings:
            if reading.finding in ("short", "weak"):
                assert reading.muscles, (test.id, reading.id)
    timed = [t for t in kb.self_tests.values() if t.measure == "seconds"]
    assert {t.id for t in timed} == {"side_bridge", "trunk_flexor"}
    assert all(t.target_s for t in timed)


def test_when_not_to_do_it_reaches_the_safety_layer(kb: KnowledgeBase) -> None:
    rows = [r for r in kb.restrictions if r.kind == "self_test"]
    assert {(r.item_id, r.effect) for r in rows} >= {("side_bridge", "hide"),
                                                      ("trunk_flexor", "hide")}  # fmt: skip
    assert {r.item_id for r in rows if "pregnant" in r.when} >= {"trunk_flexor",
                                                                  "repeated_movements"}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        ("self_tests.csv", ",reading,yes,,", ",guess,yes,,", r"'measure' is 'guess'"),
        ("self_test_readings.csv", "thomas_modified,thigh_up,", "thomas_modifed,thigh_up,",
         r"unknown self-test 'thomas_modifed'"),
        ("self_test_readings.csv", ",short,iliopsoas,", ",short,psoas,", r"unknown muscle 'psoas'"),
        ("self_test_readings.csv", ",eases_extension,,", ",eases_extension,multifidus,",
         r"'muscles' must be empty"),
        ("restrictions.csv", "self_test,ober,", "self_test,obr,", r"unknown self_test 'obr'"),
    ],
)  # fmt: skip
def test_malformed_rows_are_refused(
    tmp_path: Path, name: str, old: str, new: str, message: str
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=message):
        parse_knowledge(folder)
