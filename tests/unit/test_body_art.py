"""The body art and the region catalogue agree, and the regions tile each view exactly."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from app.domain.body_geometry import (
    Polygon,
    in_silhouette,
    load_view,
    place,
    polygon_area,
    polygon_centroid,
    region_at,
    region_bounds,
    region_centroid,
    view_box,
)
from app.domain.landmarks import LANDMARKS, SEGMENTS
from app.domain.regions import default_catalog
from app.resources import assets_dir

VIEWS = ("front", "back")
DESIGN_BASES = (
    "upper_back",
    "mid_back",
    "low_back",
    "flank",
    "iliac_crest",
    "sacroiliac",
    "buttock_upper",
    "buttock_lower",
    "greater_trochanter",
    "groin",
    "anterior_hip",
    "posterior_thigh",
    "lateral_thigh",
    "anterior_thigh",
    "medial_thigh",
    "posterior_knee",
    "anterior_knee",
    "calf",
    "lateral_leg",
    "shin",
    "ankle_lateral",
    "ankle_medial",
    "heel",
    "sole",
    "dorsum_foot",
    "lower_abdomen",
    "upper_abdomen",
    "chest",
)
DESIGN_MIDLINE = ("thoracic_spine", "lumbar_spine", "sacrum", "coccyx")
#: Regions added for issue 12 (rules and data are written against these ids) and their views.
ISSUE_12_REGIONS = {
    "perineum": ("front", "back"),
    "medial_knee": ("front", "back"),
    "anterior_ankle": ("front",),
    "lateral_foot": ("front", "back"),
    "instep": ("front", "back"),
}
GRID_STEP = 2.5
BOUNDARY_TOLERANCE = 0.6


def row_intervals(polygons: tuple[Polygon, ...], y: float) -> list[tuple[float, float]]:
    """Where a horizontal line at y is inside the polygons (even-odd per polygon)."""
    spans = []
    for polygon in polygons:
        crossings = []
        for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
            if (y0 > y) != (y1 > y):
                crossings.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
        crossings.sort()
        spans.extend(zip(crossings[::2], crossings[1::2], strict=True))
    return spans


def count_containing(spans_by_region: dict[str, list[tuple[float, float]]], x: float) -> int:
    return sum(any(a <= x <= b for a, b in spans) for spans in spans_by_region.values())


def near_boundary(spans: list[tuple[float, float]], x: float) -> bool:
    return any(abs(x - a) < BOUNDARY_TOLERANCE or abs(x - b) < BOUNDARY_TOLERANCE for a, b in spans)


@pytest.mark.parametrize("view", VIEWS)
def test_svg_ids_are_exactly_the_catalogue_regions_of_that_view(view: str) -> None:
    catalog_ids = {region.id for region in default_catalog().in_view(view)}
    assert set(load_view(view).regions) == catalog_ids


def test_catalogue_covers_the_design_vocabulary_and_the_whole_body() -> None:
    catalog = default_catalog()
    assert len(catalog) >= 70
    for base in DESIGN_BASES:
        assert f"{base}_left" in catalog and f"{base}_right" in catalog, base
    for region_id in DESIGN_MIDLINE:
        assert catalog.get(region_id).side == "midline"
    areas = {region.area for region in catalog}
    assert areas == {
        "head_neck",
        "arm",
        "back",
        "hip_buttock",
        "thigh_knee",
        "leg_foot",
        "trunk_front",
    }


@pytest.mark.parametrize("view", VIEWS)
def test_regions_tile_the_silhouette_without_gaps_or_overlaps(view: str) -> None:
    geometry = load_view(view)
    x0, y0, width, height = geometry.viewbox
    checked = 0
    y = y0 + GRID_STEP / 2
    while y < y0 + height:
        body = row_intervals(geometry.silhouette, y)
        regions = {rid: row_intervals(polys, y) for rid, polys in geometry.regions.items()}
        regions = {rid: spans for rid, spans in regions.items() if spans}
        edges = [span for spans in regions.values() for span in spans] + body
        x = x0 + GRID_STEP / 2
        while x < x0 + width:
            if not near_boundary(edges, x):
                inside_body = any(a <= x <= b for a, b in body)
                hits = count_containing(regions, x)
                assert hits == (1 if inside_body else 0), (view, x, y, hits, inside_body)
                checked += inside_body
            x += GRID_STEP
        y += GRID_STEP
    assert checked > 5000  # the grid really sampled the body


@pytest.mark.parametrize("view", VIEWS)
def test_left_regions_mirror_right_regions(view: str) -> None:
    geometry = load_view(view)
    for region_id, polygons in geometry.regions.items():
        if not region_id.endswith("_left"):
            continue
        mirror_id = region_id.removesuffix("_left") + "_right"
        assert mirror_id in geometry.regions, mirror_id
        left_area = sum(polygon_area(p) for p in polygons)
        right_area = sum(polygon_area(p) for p in geometry.regions[mirror_id])
        assert abs(left_area - right_area) <= 0.03 * max(left_area, right_area), region_id
        lx, ly = polygon_centroid(max(polygons, key=polygon_area))
        rx, ry = polygon_centroid(max(geometry.regions[mirror_id], key=polygon_area))
        assert abs((lx + rx) / 2 - geometry.midline_x) < 3, region_id
        assert abs(ly - ry) < 3, region_id


def test_every_paired_region_is_in_the_catalogue_with_its_mirror() -> None:
    catalog = default_catalog()
    for region in catalog:
        if region.side != "midline":
            mirror = catalog.get(region.mirror_id)
            assert mirror.views == region.views


@pytest.mark.parametrize("view", VIEWS)
def test_laterality_back_shows_left_on_viewers_left_front_mirrors(view: str) -> None:
    geometry = load_view(view)
    lx, _ = polygon_centroid(max(geometry.regions["shoulder_left"], key=polygon_area))
    on_viewer_left = lx < geometry.midline_x
    assert on_viewer_left == (view == "back")
    assert geometry.side_of(lx) == "left"


def test_every_landmark_exists_in_its_view_inside_the_body() -> None:
    for name, (view, _segment, paired) in LANDMARKS.items():
        geometry = load_view(view)
        keys = [f"{name}_left", f"{name}_right"] if paired else [name]
        for key in keys:
            assert key in geometry.landmarks, key
            x, y = geometry.landmarks[key]
            assert in_silhouette(view, x, y), key
            if paired:
                assert geometry.side_of(x) == key.rsplit("_", 1)[1], key


def test_place_moves_lateral_toward_the_side_and_down() -> None:
    back = load_view("back")
    l2 = back.landmarks["l2_spinous"]
    bl23_left = place("back", "l2_spinous", "left", 1.5, 0)
    bl23_right = place("back", "l2_spinous", "right", 1.5, 0)
    assert bl23_left[0] < l2[0] < bl23_right[0]
    assert bl23_left[1] == bl23_right[1] == l2[1]
    assert region_at("back", *bl23_left) == "low_back_left"
    assert region_at("back", *bl23_right) == "low_back_right"
    bl40 = place("back", "popliteal_crease_mid", "left", 0, 0)
    bl57 = place("back", "popliteal_crease_mid", "left", 0, 8)
    assert bl57[1] > bl40[1]
    assert region_at("back", *bl57) == "calf_left"
    front_left = place("front", "asis", "left", 0, 0)
    assert front_left[0] > load_view("front").midline_x
    with pytest.raises(ValueError, match="back view"):
        place("front", "l2_spinous", "left", 1, 0)


def test_tuffier_line_iliac_crest_tops_level_with_l4() -> None:
    back = load_view("back")
    l4_y = back.landmarks["l4_spinous"][1]
    assert back.landmarks["iliac_crest_top_left"][1] == pytest.approx(l4_y, abs=2)


# --- the SVG contract and the drawing itself ----------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"
POLYGON_PATH = re.compile(r"^(M-?\d+\.\d\d,-?\d+\.\d\d( L-?\d+\.\d\d,-?\d+\.\d\d)+ Z ?)+$")


def svg_root(view: str) -> ET.Element:
    return ET.parse(assets_dir() / "body" / f"{view}.svg").getroot()


@pytest.mark.parametrize("view", VIEWS)
def test_svg_follows_the_contract_the_gui_relies_on(view: str) -> None:
    root = svg_root(view)
    assert root.get("viewBox") == "0 0 {} {}".format(root.get("width"), root.get("height"))
    assert root.get("viewBox") == svg_root("front").get("viewBox")
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g")}
    assert {"silhouette", "regions", "contours", "labels"} <= set(groups)
    assert groups["contours"].get("pointer-events") == "none"
    for path in groups["regions"].iter(f"{SVG}path"):
        assert path.get("class") == "region", path.get("id")
        assert POLYGON_PATH.match(path.get("d", "")), path.get("id")  # absolute M/L/Z only


@pytest.mark.parametrize("view", VIEWS)
def test_l_and_r_labels_sit_on_the_patients_sides(view: str) -> None:
    root = svg_root(view)
    labels = {t.text: float(t.get("x", "nan")) for t in root.iter(f"{SVG}text")}
    midline = load_view(view).midline_x
    assert (labels["L"] < midline) == (view == "back")
    assert (labels["R"] < midline) == (view == "front")


@pytest.mark.parametrize("view", VIEWS)
def test_every_region_is_big_enough_to_click(view: str) -> None:
    for region_id, polygons in load_view(view).regions.items():
        x0, y0, x1, y1 = region_bounds(view, region_id)
        assert x1 - x0 >= 12 and y1 - y0 >= 12, region_id
        assert sum(polygon_area(p) for p in polygons) >= 144, region_id


def widest_span(view: str, y0: float, y1: float) -> float:
    """Widest extent of the silhouette over rows y0..y1 (trunk only: the arms are left out)."""
    geometry = load_view(view)
    best = 0.0
    y = y0
    while y <= y1:
        spans = row_intervals(geometry.silhouette, y)
        trunk = [s for s in spans if s[0] <= geometry.midline_x <= s[1]]
        if trunk:
            best = max(best, trunk[0][1] - trunk[0][0])
        y += 1
    return best


def test_figure_drawing_proportions() -> None:
    front = load_view("front")
    _, head_top, _, head_bottom = region_bounds("front", "head")
    head = head_bottom - head_top
    all_points = [p for polygon in front.silhouette for p in polygon]
    height = max(y for _, y in all_points) - min(y for _, y in all_points)
    assert 7.5 <= height / head <= 8.3
    shoulders = max(
        region_bounds("front", "shoulder_left")[2] - region_bounds("front", "shoulder_right")[0],
        0,
    )
    assert 1.8 <= shoulders / head <= 2.3
    hips = widest_span(
        "front", front.landmarks["asis_left"][1], front.landmarks["pubic_symphysis"][1]
    )
    assert 1.5 <= hips / head <= 1.8


def test_greater_trochanter_is_at_the_widest_point_of_the_hips() -> None:
    back = load_view("back")
    for side in ("left", "right"):
        x, y = back.landmarks[f"greater_trochanter_back_{side}"]
        half_width = widest_span("back", y - 25, y + 25) / 2
        assert abs(abs(x - back.midline_x) - half_width) < 4, side
        # GB30 lies a third of the way from the trochanter to the sacral hiatus: in the buttock.
        hx, hy = back.landmarks["sacral_hiatus"]
        third = (x + (hx - x) / 3, y + (hy - y) / 3)
        assert region_at("back", *third) == f"buttock_upper_{side}"
    spine = [back.landmarks[k][1] for k in ("s4_foramen_level", "sacral_hiatus", "coccyx_tip")]
    assert spine == sorted(spine)


@pytest.mark.parametrize("view", VIEWS)
def test_arms_hang_clear_of_the_trunk(view: str) -> None:
    geometry = load_view(view)
    for base in ("forearm", "elbow"):
        _, y = region_centroid(view, f"{base}_left")
        spans = sorted(row_intervals(geometry.silhouette, y))
        assert len(spans) == 3, (base, spans)  # arm, trunk, arm
        assert spans[1][0] - spans[0][1] > 10 and spans[2][0] - spans[1][1] > 10, base


@pytest.mark.parametrize("view", VIEWS)
def test_view_box_without_the_svg_parse_is_the_svgs_own(view):
    """The map's first frame sizes the art from view_box(); it must be the SVG's viewBox."""
    root = ET.parse(assets_dir() / "body" / f"{view}.svg").getroot()
    svg_box = tuple(float(v) for v in root.get("viewBox", "").split())

    assert view_box(view) == svg_box == load_view(view).viewbox


# --- regions added for issue 12 -------------------------------------------------------------------


def _ids(base: str) -> list[str]:
    return [base] if base == "perineum" else [f"{base}_left", f"{base}_right"]


@pytest.mark.parametrize("base", sorted(ISSUE_12_REGIONS))
def test_issue_12_regions_are_drawn_on_their_views_with_labels(base: str) -> None:
    catalog = default_catalog()
    for region_id in _ids(base):
        region = catalog.get(region_id)
        assert region.views == ISSUE_12_REGIONS[base], region_id
        assert region.label and "_" not in region.label, region_id
        for view in VIEWS:
            drawn = region_id in load_view(view).regions
            assert drawn == (view in region.views), (view, region_id)
    if base != "perineum":
        assert catalog.get(f"{base}_left").label.endswith("(left)")
        assert catalog.get(f"{base}_right").label.endswith("(right)")


@pytest.mark.parametrize("view", VIEWS)
def test_perineum_is_the_saddle_area_on_the_midline(view: str) -> None:
    geometry = load_view(view)
    x, y = region_centroid(view, "perineum")
    assert abs(x - geometry.midline_x) < 0.5
    x0, y0, x1, y1 = region_bounds(view, "perineum")
    assert x1 - x0 >= 18 and y1 - y0 >= 18  # easy to click
    assert region_at(view, geometry.midline_x, y0 + 3) == "perineum"  # above the legs' parting
    assert region_at(view, geometry.midline_x - 5, y) == region_at(view, x + 5, y) == "perineum"
    if view == "front":  # below the pubic symphysis, between the upper inner thighs
        assert y0 > geometry.landmarks["pubic_symphysis"][1]
        assert region_at(view, *geometry.landmarks["pubic_symphysis"]) != "perineum"
    else:  # below the tailbone, between the lower buttocks
        assert y0 > geometry.landmarks["coccyx_tip"][1]
        assert region_at(view, *geometry.landmarks["coccyx_tip"]) == "coccyx"
        for side in ("left", "right"):
            bx, _ = region_centroid(view, f"buttock_lower_{side}")
            assert abs(bx - geometry.midline_x) > x1 - geometry.midline_x
    assert y1 < region_bounds(view, "medial_thigh_left")[3]


@pytest.mark.parametrize("view", VIEWS)
def test_inner_and_outer_edges_sit_on_the_right_sides_of_knee_and_foot(view: str) -> None:
    geometry = load_view(view)
    mid = geometry.midline_x
    for side in ("left", "right"):
        inner_knee, _ = region_centroid(view, f"medial_knee_{side}")
        outer_knee, _ = region_centroid(view, f"lateral_knee_{side}")
        assert abs(inner_knee - mid) < abs(outer_knee - mid)
        assert geometry.side_of(inner_knee) == side
        instep, _ = region_centroid(view, f"instep_{side}")
        outer_foot, _ = region_centroid(view, f"lateral_foot_{side}")
        assert abs(instep - mid) < abs(outer_foot - mid)
        assert geometry.side_of(instep) == side == geometry.side_of(outer_foot)
        assert (
            region_centroid(view, f"instep_{side}")[1]
            > region_bounds(view, f"ankle_medial_{side}")[1]
        )
    if view == "front":
        for side in ("left", "right"):
            # The ankle crease is the front of the ankle; the malleoli keep their own regions.
            assert region_at(view, *geometry.landmarks[f"ankle_crease_mid_{side}"]) == (
                f"anterior_ankle_{side}"
            )
            for bone, region in (("lateral", "ankle_lateral"), ("medial", "ankle_medial")):
                point = geometry.landmarks[f"{bone}_malleolus_front_{side}"]
                assert region_at(view, *point) == f"{region}_{side}"
            for junction in ("metatarsal_1_2_junction", "metatarsal_4_5_junction"):
                point = geometry.landmarks[f"{junction}_{side}"]
                assert region_at(view, *point) == f"dorsum_foot_{side}"


# --- one body, one cun scale ----------------------------------------------------------------------


def test_each_body_part_has_one_cun_scale_in_both_views() -> None:
    front, back = load_view("front"), load_view("back")
    assert set(front.cun_px) == set(back.cun_px) == set(SEGMENTS)
    for segment in SEGMENTS:
        assert front.cun_px[segment] == back.cun_px[segment], segment


def test_thigh_cun_is_the_trochanter_to_knee_crease_measure_in_both_views() -> None:
    """Greater trochanter to popliteal crease = 19 cun (WHO), and both views agree on it."""
    front, back = load_view("front"), load_view("back")
    crease_y = back.landmarks["popliteal_crease_mid_left"][1]
    for view, key in (
        (front, "greater_trochanter_front_left"),
        (back, "greater_trochanter_back_left"),
    ):
        assert (crease_y - view.landmarks[key][1]) / view.cun_px["thigh"] == pytest.approx(
            19, abs=0.1
        )
    # Measured from either view's landmarks, the same distance comes out the same in cun:
    # 7 cun above the knee crease (back) is where GB31's height lies from the patella (front).
    gb31_y = place("front", "patella_top", "left", 0, -2.7)[1]
    assert (crease_y - gb31_y) / back.cun_px["thigh"] == pytest.approx(7, abs=0.3)
