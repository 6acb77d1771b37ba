"""The muscle layer of the body map as plain data: each muscle's drawn shape per view and side.

``tools/generate_body_art.py`` draws every knowledge-base muscle as its own anatomical shape
(with fibre lines for the hatching) into ``assets/body/muscles.json``, cut to the silhouette and
to the regions ``data/muscles.csv`` says the muscle lies in. Two layers: ``superficial`` (the
map's "Muscles" layer) and ``deep`` (what lies under once those are lifted: gluteus medius in
full, minimus, piriformis, quadratus lumborum, iliopsoas, multifidus...). No Qt here: the map,
the tests and any other drawing share this.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from app.domain.body_geometry import (
    Point,
    Polygon,
    _body_dir,
    point_in_polygon,
    polygon_area,
    polygon_centroid,
)
from app.domain.journal import TightMuscle

#: The map's layers, in the switch's order: the skin (regions) and the two muscle layers.
LAYERS = ("skin", "muscles", "deep")
#: Which drawn muscle layer each muscle layer of the map shows.
LAYER_DEPTH = {"muscles": "superficial", "deep": "deep"}


@dataclass(frozen=True, slots=True)
class MuscleShape:
    """One muscle drawn on one side of one view, on one layer (``superficial`` or ``deep``)."""

    muscle_id: str
    side: str
    view: str
    layer: str
    polygons: tuple[Polygon, ...]
    fibres: tuple[tuple[Point, ...], ...]
    #: The parts of the shape that are tendon (drawn pale; still this muscle for a click).
    tendons: tuple[Polygon, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.muscle_id, self.side)

    def contains(self, x: float, y: float) -> bool:
        return any(point_in_polygon(x, y, polygon) for polygon in self.polygons)

    def area(self) -> float:
        return sum(polygon_area(polygon) for polygon in self.polygons)

    def centroid(self) -> Point:
        """Centre of the largest piece (where a label, a click or a focus jump lands)."""
        largest = max(self.polygons, key=polygon_area)
        x, y = polygon_centroid(largest)
        if point_in_polygon(x, y, largest):
            return (x, y)
        # A bent shape: the vertex-average of the piece's middle third is inside more often.
        xs = sorted(p[0] for p in largest)
        ys = sorted(p[1] for p in largest)
        return (xs[len(xs) // 2], ys[len(ys) // 2])


@cache
def load_muscle_shapes(view: str) -> tuple[MuscleShape, ...]:
    """Every muscle drawn in ``view`` (both layers), in drawing order (later is on top)."""
    if view not in ("front", "back"):
        raise ValueError(f"unknown view {view!r}")
    data = json.loads((_body_dir() / "muscles.json").read_text(encoding="utf-8"))
    return tuple(
        MuscleShape(
            muscle_id=entry["muscle"],
            side=entry["side"],
            view=view,
            layer=entry["layer"],
            polygons=tuple(tuple((x, y) for x, y in polygon) for polygon in entry["polygons"]),
            fibres=tuple(tuple((x, y) for x, y in fibre) for fibre in entry["fibres"]),
            tendons=tuple(
                tuple((x, y) for x, y in polygon) for polygon in entry.get("tendons", ())
            ),
        )
        for entry in data[view]
    )


def muscle_shapes(view: str, layer: str) -> tuple[MuscleShape, ...]:
    """The shapes on one drawn layer (``superficial``/``deep``) of ``view``, drawing order."""
    return tuple(shape for shape in load_muscle_shapes(view) if shape.layer == layer)


def drawn_muscle_ids() -> set[str]:
    return {shape.muscle_id for view in ("front", "back") for shape in load_muscle_shapes(view)}


def muscle_at(view: str, layer: str, x: float, y: float) -> MuscleShape | None:
    """The muscle drawn on top at (x, y) on ``layer`` of ``view``, or None."""
    for shape in reversed(muscle_shapes(view, layer)):
        if shape.contains(x, y):
            return shape
    return None


def shape_for(view: str, muscle_id: str, side: str) -> list[MuscleShape]:
    """The shapes of ``muscle_id`` on ``side`` in ``view`` (one per layer it is drawn on)."""
    return [s for s in load_muscle_shapes(view) if s.muscle_id == muscle_id and s.side == side]


def shape_at_site(view: str, muscle_id: str, side: str, x: float, y: float) -> MuscleShape | None:
    """The shape of ``muscle_id`` that holds a trigger point at (x, y): the superficial one when
    the point is on it, else the deep one; None if the muscle is not drawn in ``view``."""
    shapes = sorted(shape_for(view, muscle_id, side), key=lambda s: s.layer != "superficial")
    for shape in shapes:
        if shape.contains(x, y):
            return shape
    return max(shapes, key=MuscleShape.area, default=None)


def is_tight(tight: Iterable[TightMuscle], muscle_id: str, side: str) -> bool:
    """Whether ``muscle_id`` is marked tight on ``side`` (a muscle tight on "both" counts)."""
    return any(t.muscle_id == muscle_id and t.side in (side, "both") for t in tight)


def toggle_tight(
    tight: Sequence[TightMuscle], muscle_id: str, side: str
) -> tuple[tuple[TightMuscle, ...], tuple[TightMuscle, ...]]:
    """What a click on the muscle's shape on ``side`` changes: (to remove, to add).

    Not tight there: mark it tight on that side. Tight there: clear it. Tight on "both":
    clearing one side leaves it tight on the other.
    """
    if side not in ("left", "right"):
        raise ValueError(f"a drawn muscle is on the left or the right, not {side!r}")
    if TightMuscle(muscle_id, side) in tight:
        return ((TightMuscle(muscle_id, side),), ())
    if TightMuscle(muscle_id, "both") in tight:
        other = "left" if side == "right" else "right"
        return ((TightMuscle(muscle_id, "both"),), (TightMuscle(muscle_id, other),))
    return ((), (TightMuscle(muscle_id, side),))


def clear_tight(
    tight: Sequence[TightMuscle], muscle_id: str, side: str
) -> tuple[tuple[TightMuscle, ...], tuple[TightMuscle, ...]]:
    """What Delete on the muscle's shape on ``side`` changes (nothing if it is not tight)."""
    if not is_tight(tight, muscle_id, side):
        return ((), ())
    return toggle_tight(tight, muscle_id, side)


def neighbour(
    shapes: Sequence[MuscleShape], current: MuscleShape, dx: int, dy: int
) -> MuscleShape | None:
    """The nearest shape from ``current`` in the direction (dx, dy) (arrow keys), or None."""
    cx, cy = current.centroid()
    best: tuple[float, MuscleShape] | None = None
    for shape in shapes:
        if shape is current:
            continue
        x, y = shape.centroid()
        along = (x - cx) * dx + (y - cy) * dy
        if along <= 1e-6:
            continue
        across = abs((x - cx) * dy - (y - cy) * dx)
        score = along + 2.0 * across  # straight ahead beats diagonal
        if best is None or score < best[0]:
            best = (score, shape)
    return best[1] if best else None


@cache
def visible_point(view: str, layer: str, muscle_id: str, side: str) -> Point:
    """A point well inside the part of the shape nothing else on its layer covers (where a
    click lands on this muscle; used by keyboard focus, tests and the click benchmark)."""
    shape = next(s for s in muscle_shapes(view, layer) if s.key == (muscle_id, side))
    points = [p for polygon in shape.polygons for p in polygon]
    x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
    y0, y1 = min(p[1] for p in points), max(p[1] for p in points)

    def mine(x: float, y: float) -> bool:
        hit = muscle_at(view, layer, x, y)
        return hit is not None and hit.key == shape.key

    best: tuple[float, Point] | None = None
    steps = 14
    for i in range(1, steps):
        for j in range(1, steps):
            x, y = x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * j / steps
            if not mine(x, y):
                continue
            score = sum(
                mine(x + ddx, y + ddy)
                for ddx, ddy in ((2, 0), (-2, 0), (0, 2), (0, -2), (4, 0), (-4, 0), (0, 4), (0, -4))
            )
            if best is None or score > best[0]:
                best = (score, (x, y))
    if best is None:
        raise ValueError(f"{muscle_id} ({side}) is hidden on the {layer} layer of {view}")
    return best[1]
