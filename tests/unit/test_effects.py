"""What helped: mean change per technique, its 95% interval, and honesty about too few."""

from __future__ import annotations

import math
import statistics
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.effects import MIN_SESSIONS, t95, technique_effects
from app.domain.sessions import TreatmentSession


def session(
    item: str, before: int, after: int, kind: str = "acupoint", side: str = "left"
) -> TreatmentSession:
    return TreatmentSession(datetime(2026, 1, 1), kind, item, side, before, after, 60)


def test_no_sessions_no_effects() -> None:
    assert technique_effects([]) == []


def test_hand_computed_interval_and_too_few() -> None:
    sessions = [session("GB30", 6, 4), session("GB30", 5, 3), session("GB30", 7, 4),
                session("GB30", 6, 5), session("GB30", 6, 3), session("BL40", 5, 5)]  # fmt: skip
    gb30, bl40 = technique_effects(sessions)
    # Changes -2, -2, -3, -1, -3: mean -2.2, sd sqrt(0.7), t(4) = 2.776.
    assert gb30.item_id == "GB30" and gb30.n == MIN_SESSIONS and gb30.enough
    assert gb30.mean_change == pytest.approx(-2.2)
    half = 2.776 * math.sqrt(0.7) / math.sqrt(5)
    assert gb30.ci_low == pytest.approx(-2.2 - half) and gb30.ci_high == pytest.approx(-2.2 + half)
    assert gb30.note == "based on 5 sessions"
    assert not bl40.enough and bl40.ci_low is None and bl40.ci_high is None
    assert bl40.min_sessions == MIN_SESSIONS == 5
    assert bl40.note == "based on 1 session: too few to say (need 5)"


def test_most_helpful_first_and_trusted_estimates_before_thin_ones() -> None:
    sessions = [session("BL40", 5, 5) for _ in range(5)]
    sessions += [session("piriformis", 6, 3, kind="trigger_point") for _ in range(6)]
    sessions += [session("GB30", 8, 2) for _ in range(2)]  # big drop, but only twice
    order = [(e.item_id, e.enough) for e in technique_effects(sessions)]
    assert order == [("piriformis", True), ("BL40", True), ("GB30", False)]


def test_same_item_different_kinds_are_kept_apart_and_sides_pooled() -> None:
    sessions = [session("piriformis", 6, 4, kind="trigger_point", side="left"),
                session("piriformis", 6, 5, kind="trigger_point", side="right"),
                session("piriformis", 6, 6, kind="exercise", side="both")]  # fmt: skip
    effects = {(e.kind, e.item_id): e for e in technique_effects(sessions)}
    assert effects[("trigger_point", "piriformis")].n == 2
    assert effects[("trigger_point", "piriformis")].mean_change == -1.5
    assert effects[("exercise", "piriformis")].mean_change == 0


def test_identical_changes_give_a_zero_width_interval() -> None:
    (effect,) = technique_effects([session("GB30", 5, 4)] * 3)
    assert effect.ci_low == effect.ci_high == -1.0


def test_t_quantiles_are_exact_in_the_table_and_conservative_between_rows() -> None:
    assert t95(1) == 12.706 and t95(4) == 2.776 and t95(30) == 2.042
    assert t95(35) == t95(30)  # 2.030 is the truth: the wider 2.042 is used
    assert t95(1000) == 1.98 > 1.96
    assert all(t95(df) >= t95(df + 1) for df in range(1, 200))
    with pytest.raises(ValueError):
        t95(0)


@given(st.lists(st.tuples(st.integers(0, 10), st.integers(0, 10)), min_size=2, max_size=40))
def test_interval_surrounds_the_mean(pairs: list[tuple[int, int]]) -> None:
    (effect,) = technique_effects([session("GB30", b, a) for b, a in pairs])
    changes = [a - b for b, a in pairs]
    assert effect.n == len(pairs) and effect.enough == (len(pairs) >= MIN_SESSIONS)
    assert effect.mean_change == pytest.approx(statistics.fmean(changes))
    assert effect.ci_low is not None and effect.ci_high is not None
    assert effect.ci_low <= effect.mean_change <= effect.ci_high
    assert effect.ci_high - effect.ci_low == pytest.approx(
        2 * t95(len(pairs) - 1) * statistics.stdev(changes) / math.sqrt(len(pairs))
    )
