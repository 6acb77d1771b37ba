"""What a guided session of one suggested item times: its title, steps, side and hold.

These are rules about the advice (which side, for how long), so they live here and not in the
window: a trigger point or acupoint is held as long as its technique says; an exercise as long
as one hold of its dose ("Hold 20-30 s, 3 times each side": 20 s, the gentle end, repeated as
the dose says); an acupoint that is not paired has no side; and an item suggested on both
sides is timed on both, one after the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.knowledge import KnowledgeBase
from app.domain.suggest import Suggestions

#: A dose without a hold time ("10 slow repetitions") is timed for one minute per side.
DEFAULT_EXERCISE_HOLD_S = 60

_HOLD = re.compile(r"\bhold\s+(\d+)(?:\s*-\s*\d+)?\s*(s|sec|seconds|min|minutes)\b", re.I)
_MINUTES = re.compile(r"^\s*(\d+)(?:\s*-\s*\d+)?\s*(min|minutes)\b", re.I)


@dataclass(frozen=True, slots=True)
class SessionPlan:
    kind: str
    item_id: str
    title: str
    side: str  # "left", "right", "both" or "none"
    hold_s: int
    steps: tuple[str, ...]


def exercise_hold_s(dose: str) -> int:
    """Seconds of one hold of an exercise's dose: the lower figure of "Hold 20-30 s", or of
    "5-10 min" when the dose is a time; else :data:`DEFAULT_EXERCISE_HOLD_S`."""
    match = _HOLD.search(dose) or _MINUTES.search(dose)
    if match is None:
        return DEFAULT_EXERCISE_HOLD_S
    value = int(match.group(1))
    return value * 60 if match.group(2).lower().startswith("min") else value


def suggested_sides(suggestions: Suggestions | None, kind: str, item_id: str) -> set[str]:
    """The sides the suggestions list this item on."""
    if suggestions is None:
        return set()
    if kind == "trigger_point":
        return {t.side for t in suggestions.trigger_points if t.muscle_id == item_id}
    if kind == "acupoint":
        return {a.side for a in suggestions.acupoints if a.code == item_id}
    return set()


def session_plan(
    kb: KnowledgeBase, kind: str, item_id: str, side: str, suggestions: Suggestions | None = None
) -> SessionPlan:
    """The session for ``item_id`` chosen on ``side`` (KeyError for an unknown item)."""
    if kind == "trigger_point":
        muscle = kb.muscles[item_id]
        title, steps, hold = muscle.label, muscle.technique.steps, muscle.technique.hold_s
    elif kind == "acupoint":
        point = kb.acupoints[item_id]
        title, steps, hold = (
            f"{point.code} {point.pinyin}",
            point.technique.steps,
            point.technique.hold_s,
        )
        side = side if point.bilateral else "none"
    elif kind == "exercise":
        exercise = kb.exercises[item_id]
        title, steps, hold = exercise.name, exercise.steps, exercise_hold_s(exercise.dose)
    else:
        raise ValueError(f"unknown session kind {kind!r}")
    if side in ("left", "right") and {"left", "right"} <= suggested_sides(
        suggestions, kind, item_id
    ):
        side = "both"
    return SessionPlan(kind, item_id, title, side, hold, tuple(steps))
