"""The acupressure prescription model's own rules (app.domain.acupressure)."""

from __future__ import annotations

import pytest

from app.domain.acupressure import (
    CLASSICAL_WEIGHT,
    TRIAL_WEIGHT,
    Prescriber,
    ScreenResult,
    allow_every_point,
    evidence_weight,
)
from app.domain.knowledge import PointEvidence
from app.domain.regions import default_catalog
from app.store.knowledge_db import open_knowledge


@pytest.fixture(scope="module")
def prescriber() -> Prescriber:
    return Prescriber(open_knowledge(), default_catalog())


def test_evidence_weight_turns_ranks_into_named_weights() -> None:
    top = PointEvidence("BL23", 1, 1, False, (), "")
    assert evidence_weight(top, 8, 6) == pytest.approx(TRIAL_WEIGHT + CLASSICAL_WEIGHT) == 1.0
    last_trial = PointEvidence("BL26", 8, None, False, (), "")
    assert evidence_weight(last_trial, 8, 6) == pytest.approx(TRIAL_WEIGHT / 8)
    assert evidence_weight(None, 8, 6) == 0.0


def test_bl24_no_longer_beats_bl23_and_bl25(prescriber: Prescriber) -> None:
    codes = [p.code for p in prescriber.prescribe({"low_back_left": 0.6}, allow_every_point)]
    assert codes.index("BL23") < codes.index("BL25")
    assert "BL24" not in codes[:3]


def test_the_safety_layer_screens_points_in_pregnancy() -> None:
    from app.domain.safety import PREGNANCY_POINT_CAUTION, SafetyContext, assess

    kb = open_knowledge()
    safety = assess(kb, SafetyContext(pregnant=True))
    assert not safety.verdict("acupoint", "BL60").allowed
    flagged = safety.verdict("acupoint", "BL23")
    assert flagged.allowed and flagged.cautions == (PREGNANCY_POINT_CAUTION,)
    assert assess(kb, SafetyContext()).verdict("acupoint", "BL60").allowed
    assert allow_every_point(kb.acupoints["BL60"]) == ScreenResult()


def test_a_safety_layer_can_pass_its_own_screen(prescriber: Prescriber) -> None:
    def no_bladder(point):  # type: ignore[no-untyped-def]
        if point.meridian == "Bladder":
            return ScreenResult(allowed=False)
        return ScreenResult(cautions=("checked",))

    points = prescriber.prescribe({"low_back_left": 0.6, "lateral_thigh_left": 0.5}, no_bladder)
    assert points and all(p.channel != "Bladder" for p in points)
    assert all(p.cautions[0] == "checked" for p in points)


def test_acute_only_points_wait_for_acute_pain(prescriber: Prescriber) -> None:
    pain = {"lumbar_spine": 0.8, "low_back_left": 0.8, "low_back_right": 0.7}
    calm = {p.code for p in prescriber.prescribe(pain, allow_every_point)}
    acute = {p.code for p in prescriber.prescribe(pain, allow_every_point, acute=True)}
    assert not {"GV26", "EX_UE7"} & calm and "GV26" in acute


def test_history_adjusts_by_point_and_side(prescriber: Prescriber) -> None:
    seen: list[tuple[str, str]] = []

    def adjust(code: str, side: str, score: float) -> float:
        seen.append((code, side))
        return 0.0 if code == "BL23" else score

    points = prescriber.prescribe({"low_back_right": 0.6}, allow_every_point, adjust=adjust)
    assert ("BL23", "right") in seen
    assert points[0].code != "BL23"
