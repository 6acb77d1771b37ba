"""The body art's geometry as plain data: region polygons, landmarks and cun sizes per view.

Everything drawn on the body (the map, point illustrations, heat maps) places things through
this module, so a point placed once is placed the same everywhere. It reads the generated SVG
(regions are plain ``M x,y L ... Z`` polygons) and ``landmarks.json``; no Qt, no shapely.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from app.domain.landmarks import LANDMARKS, landmark_key

Point = tuple[float, float]
Polygon = tuple[Point, ...]

_SVG_NS = "{http://www.w3.org/2000/svg}"
_SUBPATH = re.compile(r"M([^Z]*)Z")
_PAIR = re.compile(r"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")


@dataclass(frozen=True, slots=True)
class BodyView:
    """One drawn view. Coordinates are the SVG's viewBox units."""

    name: str
    viewbox: tuple[float, float, float, float]
    midline_x: float
    regions: dict[str, tuple[Polygon, ...]]
    silhouette: tuple[Polygon, ...]
    landmarks: dict[str, Point]
    cun_px: dict[str, float]

    def lateral_sign(self, side: str) -> int:
        """+1 if the patient's ``side`` lies toward larger x in this view, else -1.

        The back view shows the patient's left on the viewer's left; the front view mirrors it.
        """
        if side not in ("left", "right"):
            raise ValueError(f"side must be left or right, not {side!r}")
        toward_viewer_left = (side == "left") == (self.name == "back")
        return -1 if toward_viewer_left else 1

    def side_of(self, x: float) -> str:
        """Which patient side a point at ``x`` is on (midline counts as neither: 'midline')."""
        if abs(x - self.midline_x) < 1e-6:
            return "midline"
        on_viewer_left = x < self.midline_x
        if self.name == "back":
            return "left" if on_viewer_left else "right"
        return "right" if on_viewer_left else "left"


def parse_polygons(d: str) -> tuple[Polygon, ...]:
    """Polygons from a path made only of absolute M/L/Z commands (the art's contract)."""
    polygons = []
    for body in _SUBPATH.findall(d):
        points = tuple((float(x), float(y)) for x, y in _PAIR.findall(body))
        if len(points) >= 3:
            polygons.append(points)
    return tuple(polygons)


def point_in_polygon(x: float, y: float, polygon: Polygon) -> bool:
    """Even-odd ray casting; exact enough for sampling and hit tests."""
    inside = False
    n = len(polygon)
    j = n - 1
    for i in range(n):
        xi, yi = polygon[i]
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def polygon_area(polygon: Polygon) -> float:
    area = 0.0
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        area += x0 * y1 - x1 * y0
    return abs(area) / 2


def polygon_centroid(polygon: Polygon) -> Point:
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        xs, ys = zip(*polygon, strict=True)
        return (sum(xs) / len(xs), sum(ys) / len(ys))
    return (cx / (3 * a), cy / (3 * a))


def _body_dir() -> Path:
    from app.resources import assets_dir

    return assets_dir() / "body"


@cache
def _view_meta(view: str) -> dict[str, Any]:
    """The view's entry in ``landmarks.json``: viewBox, midline, landmarks, cun sizes."""
    if view not in ("front", "back"):
        raise ValueError(f"unknown view {view!r}")
    text = (_body_dir() / "landmarks.json").read_text(encoding="utf-8")
    meta: dict[str, Any] = json.loads(text)[view]
    return meta


def view_box(view: str) -> tuple[float, float, float, float]:
    """The view's viewBox as ``landmarks.json`` records it, without parsing the SVG."""
    x, y, width, height = (float(v) for v in _view_meta(view)["viewbox"])
    return (x, y, width, height)


@cache
def load_view(view: str) -> BodyView:
    """The geometry of ``front`` or ``back`` (read once per process)."""
    import xml.etree.ElementTree as ET  # only here: importing it costs start-up a few ms

    meta = _view_meta(view)
    folder = _body_dir()
    root = ET.parse(folder / f"{view}.svg").getroot()
    regions: dict[str, tuple[Polygon, ...]] = {}
    silhouette: tuple[Polygon, ...] = ()
    for group in root.iter(f"{_SVG_NS}g"):
        if group.get("id") == "regions":
            for element in group.iter(f"{_SVG_NS}path"):
                regions[element.get("id", "")] = parse_polygons(element.get("d", ""))
        elif group.get("id") == "silhouette":
            for element in group.iter(f"{_SVG_NS}path"):
                silhouette += parse_polygons(element.get("d", ""))
    return BodyView(
        name=view,
        viewbox=view_box(view),
        midline_x=float(meta["midline_x"]),
        regions=regions,
        silhouette=silhouette,
        landmarks={name: (float(x), float(y)) for name, (x, y) in meta["landmarks"].items()},
        cun_px={segment: float(size) for segment, size in meta["cun_px"].items()},
    )


@cache
def _boxed_regions(view: str) -> tuple[tuple[str, tuple[tuple[Polygon, Box], ...]], ...]:
    """Each region's polygons with their bounding boxes, in drawing order: a point outside a
    box needs no ray casting (the engine places ~170 trigger points when it starts)."""
    return tuple(
        (region_id, tuple((polygon, _box(polygon)) for polygon in polygons))
        for region_id, polygons in load_view(view).regions.items()
    )


Box = tuple[float, float, float, float]


def _box(polygon: Polygon) -> Box:
    xs = [point[0] for point in polygon]
    ys = [point[1] for point in polygon]
    return (min(xs), min(ys), max(xs), max(ys))


def region_at(view: str, x: float, y: float) -> str | None:
    """The region drawn at (x, y) in ``view``, or None outside the body."""
    for region_id, polygons in _boxed_regions(view):
        for polygon, (x0, y0, x1, y1) in polygons:
            if x0 <= x <= x1 and y0 <= y <= y1 and point_in_polygon(x, y, polygon):
                return region_id
    return None


def in_silhouette(view: str, x: float, y: float) -> bool:
    return any(point_in_polygon(x, y, polygon) for polygon in load_view(view).silhouette)


def region_centroid(view: str, region_id: str) -> Point:
    """Area-weighted centre of the region's largest piece (a good place for a label or click)."""
    polygons = load_view(view).regions[region_id]
    largest = max(polygons, key=polygon_area)
    return polygon_centroid(largest)


def region_bounds(view: str, region_id: str) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of a region in ``view``."""
    points = [p for polygon in load_view(view).regions[region_id] for p in polygon]
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def place(view: str, landmark: str, side: str | None, dx_cun: float, dy_cun: float) -> Point:
    """Where a point lies: a landmark plus cun offsets (dx lateral toward ``side``, dy down).

    Paired landmarks need ``side``; for a midline landmark, ``side`` says which way lateral is
    (None only with dx_cun == 0).
    """
    geometry = load_view(view)
    landmark_view, segment, paired = LANDMARKS[landmark]
    if landmark_view != view:
        raise ValueError(f"landmark {landmark} is drawn in the {landmark_view} view")
    x, y = geometry.landmarks[landmark_key(landmark, side if paired else None)]
    cun = geometry.cun_px[segment]
    if dx_cun:
        if side not in ("left", "right"):
            raise ValueError("a lateral offset needs a side")
        x += geometry.lateral_sign(side) * dx_cun * cun
    return (x, y + dy_cun * cun)
