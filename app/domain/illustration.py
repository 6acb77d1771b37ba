"""What a point-location illustration shows, computed without Qt.

Every item of the knowledge base gets one: a trigger point's site (the conventional X) with its
referral zone (essential solid, spillover stippled), an acupoint with its landmark and the cun
distance between them, or the regions an exercise works. Placement goes through
``body_geometry.place`` so the illustration, the map and the report agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.body_geometry import Point, load_view, place
from app.domain.knowledge import KnowledgeBase, Placement
from app.domain.landmarks import LANDMARKS, landmark_key
from app.domain.regions import RegionCatalog, default_catalog

FOCUS_HALF_WIDTH = 110.0
FOCUS_HALF_HEIGHT = 135.0
#: Beyond this many cun a landmark is no practical measure (GV26 on the lip is placed from the
#: xiphoid because the face has no landmark): the point is drawn alone, its words locate it.
MAX_MEASURED_CUN = 10.0


@dataclass(frozen=True, slots=True)
class Marker:
    view: str
    x: float
    y: float
    kind: str  # "x" trigger point, "dot" acupoint, "landmark"
    label: str


@dataclass(frozen=True, slots=True)
class Dimension:
    """A measured line between a landmark and a point, labelled in cun."""

    view: str
    start: Point
    end: Point
    label: str


@dataclass(frozen=True, slots=True)
class Illustration:
    title: str
    views: tuple[str, ...]  # which body views to draw, in order
    focus: dict[str, tuple[float, float, float, float]]  # view -> (x0, y0, x1, y1) to show
    markers: tuple[Marker, ...] = ()
    essential: frozenset[str] = frozenset()
    spillover: frozenset[str] = frozenset()
    highlighted: frozenset[str] = frozenset()
    dimensions: tuple[Dimension, ...] = field(default_factory=tuple)
    #: A trigger point's muscle, drawn under its X: (view, muscle id, side, drawn layer).
    muscles: tuple[tuple[str, str, str, str], ...] = ()


def _whole(view: str) -> tuple[float, float, float, float]:
    x0, y0, width, height = load_view(view).viewbox
    return (x0, y0, x0 + width, y0 + height)


def _around(view: str, x: float, y: float) -> tuple[float, float, float, float]:
    """A window around a point, kept inside the drawing."""
    x0, y0, x1, y1 = _whole(view)
    left = min(max(x0, x - FOCUS_HALF_WIDTH), x1 - 2 * FOCUS_HALF_WIDTH)
    top = min(max(y0, y - FOCUS_HALF_HEIGHT), y1 - 2 * FOCUS_HALF_HEIGHT)
    return (left, top, left + 2 * FOCUS_HALF_WIDTH, top + 2 * FOCUS_HALF_HEIGHT)


def _enclosing(view: str, points: list[Point]) -> tuple[float, float, float, float]:
    """The area around the site and its zones, with a margin, never smaller than the
    acupoint window (so a small zone still shows enough body to recognise)."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    margin = 30.0
    x0, y0, x1, y1 = min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w = max((x1 - x0) / 2, FOCUS_HALF_WIDTH)
    half_h = max((y1 - y0) / 2, FOCUS_HALF_HEIGHT)
    vx0, vy0, vx1, vy1 = _whole(view)
    return (max(vx0, cx - half_w), max(vy0, cy - half_h), min(vx1, cx + half_w),
            min(vy1, cy + half_h))  # fmt: skip


def _place(placement: Placement, side: str) -> Point:
    return place(placement.view, placement.landmark, side, placement.dx_cun, placement.dy_cun)


def _sides(side: str) -> tuple[str, ...]:
    """The patient sides to draw: ``both`` draws left and right, anything else one side."""
    if side == "both":
        return ("left", "right")
    return (side,) if side in ("left", "right") else ("left",)


def _same_height(
    focus: dict[str, tuple[float, float, float, float]],
) -> dict[str, tuple[float, float, float, float]]:
    """Give side-by-side views one vertical range, so front and back line up when drawn."""
    if len(focus) < 2:
        return focus
    top = min(f[1] for f in focus.values())
    bottom = max(f[3] for f in focus.values())
    return {view: (x0, top, x1, bottom) for view, (x0, _y0, x1, _y1) in focus.items()}


def trigger_point_illustration(
    kb: KnowledgeBase, catalog: RegionCatalog, muscle_id: str, site_id: str, side: str
) -> Illustration:
    """The site as an X on ``side`` (left, right or both), its referral zone shaded; every view
    the site or a zone is drawn in."""
    muscle = kb.muscles[muscle_id]
    site = next(s for s in muscle.sites if s.site_id == site_id)
    sides = _sides(side)
    essential: set[str] = set()
    spillover: set[str] = set()
    for zone in site.referrals:
        for each in ("left", "right") if zone.laterality == "both" else sides:
            region = catalog.resolve(zone.region, each)
            if region is not None:
                (essential if zone.zone == "essential" else spillover).add(region)
    sites = [_place(site.placement, each) for each in sides]
    focus = {}
    for view in ("front", "back"):
        points = list(sites) if site.placement.view == view else []
        geometry = load_view(view)
        for region in essential | spillover:
            for polygon in geometry.regions.get(region, ()):
                points.extend(polygon)
        if points:
            focus[view] = _enclosing(view, points)
    shown = "both sides" if len(sides) == 2 else sides[0]
    from app.domain.muscle_map import shape_at_site

    drawn = []
    for each, (x, y) in zip(sides, sites, strict=True):
        shape = shape_at_site(site.placement.view, muscle_id, each, x, y)
        if shape is not None:
            drawn.append((shape.view, shape.muscle_id, shape.side, shape.layer))
    return Illustration(
        title=f"{muscle.label} ({shown}): {site.description}",
        muscles=tuple(drawn),
        views=tuple(focus),
        focus=_same_height(focus),
        markers=tuple(Marker(site.placement.view, x, y, "x", muscle.label) for x, y in sites),
        essential=frozenset(essential),
        spillover=frozenset(spillover - essential),
    )


def acupoint_illustration(kb: KnowledgeBase, code: str, side: str) -> Illustration:
    """The point's view, zoomed: the point, its landmark and the cun distance between them
    (on both sides for ``both``; a midline point is drawn once)."""
    point = kb.acupoints[code]
    placement = point.placement
    sides = _sides(side) if point.bilateral else ("left",)
    paired = LANDMARKS[placement.landmark][2]
    geometry = load_view(placement.view)
    markers: list[Marker] = []
    dimensions: list[Dimension] = []
    spots: list[Point] = []
    distance = (placement.dx_cun**2 + placement.dy_cun**2) ** 0.5
    for each in sides:
        x, y = _place(placement, each)
        lx, ly = geometry.landmarks[landmark_key(placement.landmark, each if paired else None)]
        markers.append(Marker(placement.view, x, y, "dot", code))
        spots.append((x, y))
        if 0.05 < distance <= MAX_MEASURED_CUN:
            if paired or not any(m.kind == "landmark" for m in markers):
                landmark_name = placement.landmark.replace("_", " ")
                markers.append(Marker(placement.view, lx, ly, "landmark", landmark_name))
            dimensions.append(Dimension(placement.view, (lx, ly), (x, y), _cun_label(placement)))
            spots.append((lx, ly))
    if len(sides) == 1:
        cx = sum(p[0] for p in spots) / len(spots)
        cy = sum(p[1] for p in spots) / len(spots)
        focus = _around(placement.view, cx, cy)
    else:
        focus = _enclosing(placement.view, spots)
    shown = "midline" if not point.bilateral else ("both sides" if len(sides) == 2 else sides[0])
    return Illustration(
        title=f"{code} {point.pinyin} ({shown})",
        views=(placement.view,),
        focus={placement.view: focus},
        markers=tuple(markers),
        dimensions=tuple(dimensions),
    )


def exercise_illustration(
    kb: KnowledgeBase, catalog: RegionCatalog, exercise_id: str
) -> Illustration:
    """The regions where the exercise's target muscles lie, highlighted, in each view that
    draws them, framed around them."""
    exercise = kb.exercises[exercise_id]
    regions: set[str] = set()
    for muscle_id in exercise.targets:
        for base in kb.muscles[muscle_id].lies_in:
            for side in ("left", "right"):
                region = catalog.resolve(base, side)
                if region is not None:
                    regions.add(region)
    focus = {}
    for view in ("front", "back"):
        geometry = load_view(view)
        points = [p for region in regions for polygon in geometry.regions.get(region, ())
                  for p in polygon]  # fmt: skip
        if points:
            focus[view] = _enclosing(view, points)
    return Illustration(
        title=exercise.name,
        views=tuple(focus),
        focus=_same_height(focus),
        highlighted=frozenset(regions),
    )


def illustration_for(
    kb: KnowledgeBase,
    kind: str,
    item_id: str,
    side: str,
    *,
    catalog: RegionCatalog | None = None,
    site_id: str | None = None,
) -> Illustration:
    """The illustration of any knowledge-base item: ``kind`` is trigger_point, acupoint or
    exercise (as in suggestions); a muscle without ``site_id`` shows its first site."""
    if kind == "trigger_point":
        muscle = kb.muscles[item_id]
        known = {s.site_id for s in muscle.sites}
        site = site_id if site_id in known else muscle.sites[0].site_id
        return trigger_point_illustration(kb, catalog or default_catalog(), item_id, site, side)
    if kind == "acupoint":
        return acupoint_illustration(kb, item_id, side)
    if kind == "exercise":
        return exercise_illustration(kb, catalog or default_catalog(), item_id)
    raise ValueError(f"unknown kind of item: {kind!r}")


def _cun_label(placement: Placement) -> str:
    """How far from the landmark, in the words a person measures with: across and down."""
    parts = []
    if placement.dx_cun:
        direction = "out" if placement.dx_cun > 0 else "in"
        parts.append(f"{abs(placement.dx_cun):g} cun {direction}")
    if placement.dy_cun:
        direction = "down" if placement.dy_cun > 0 else "up"
        parts.append(f"{abs(placement.dy_cun):g} cun {direction}")
    return ", ".join(parts)
