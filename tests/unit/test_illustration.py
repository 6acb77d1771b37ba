"""Every knowledge-base item has an illustration whose points lie on the body, on the right side."""

from __future__ import annotations

import pytest

from app.domain.body_geometry import in_silhouette, load_view
from app.domain.illustration import (
    MAX_MEASURED_CUN,
    acupoint_illustration,
    exercise_illustration,
    illustration_for,
    trigger_point_illustration,
)
from app.domain.regions import default_catalog
from app.store.knowledge_db import open_knowledge

KB = open_knowledge()
CATALOG = default_catalog()


def check_markers(illustration, side: str) -> None:  # type: ignore[no-untyped-def]
    assert illustration.markers
    for marker in illustration.markers:
        assert marker.view in illustration.views
        assert in_silhouette(marker.view, marker.x, marker.y), (illustration.title, marker)
        x0, y0, x1, y1 = illustration.focus[marker.view]
        assert x0 <= marker.x <= x1 and y0 <= marker.y <= y1
        if side in ("left", "right") and marker.kind != "landmark":
            geometry = load_view(marker.view)
            found = geometry.side_of(marker.x)
            assert found in (side, "midline") or abs(marker.x - geometry.midline_x) < 12, (
                illustration.title,
                found,
            )


SITES = [
    (m.id, s.site_id, side)
    for m in KB.muscles.values()
    for s in m.sites
    for side in ("left", "right")
]


@pytest.mark.parametrize(("muscle", "site", "side"), SITES)
def test_every_trigger_point_site(muscle: str, site: str, side: str) -> None:
    illustration = trigger_point_illustration(KB, CATALOG, muscle, site, side)
    check_markers(illustration, side)
    assert illustration.essential, "a trigger point always shows its essential zone"
    assert not illustration.essential & illustration.spillover
    for region in illustration.essential | illustration.spillover:
        assert region in CATALOG
        if CATALOG.get(region).side in ("left", "right"):
            zone_laterality = {z.laterality for s in KB.muscles[muscle].sites for z in s.referrals}
            assert CATALOG.get(region).side == side or "both" in zone_laterality


POINTS = [
    (p.code, side)
    for p in KB.acupoints.values()
    for side in (("left", "right") if p.bilateral else ("midline",))
]


@pytest.mark.parametrize(("code", "side"), POINTS)
def test_every_acupoint(code: str, side: str) -> None:
    illustration = acupoint_illustration(KB, code, side)
    check_markers(illustration, side)
    placement = KB.acupoints[code].placement
    distance = (placement.dx_cun**2 + placement.dy_cun**2) ** 0.5
    if distance > MAX_MEASURED_CUN:  # GV26 on the lip, placed from the xiphoid: no ruler
        assert not illustration.dimensions
    elif placement.dx_cun or placement.dy_cun:
        (dimension,) = illustration.dimensions
        assert "cun" in dimension.label


@pytest.mark.parametrize("exercise", list(KB.exercises))
def test_every_exercise_highlights_its_muscles(exercise: str) -> None:
    illustration = exercise_illustration(KB, CATALOG, exercise)
    assert illustration.highlighted and illustration.highlighted <= set(CATALOG.ids())


def test_bl23_dimension_is_one_and_a_half_cun_from_l2() -> None:
    illustration = acupoint_illustration(KB, "BL23", "left")
    assert [m.kind for m in illustration.markers] == ["dot", "landmark"]
    assert illustration.dimensions[0].label == "1.5 cun out, 0.3 cun down"


@pytest.mark.parametrize(("muscle", "site"), sorted({(m, s) for m, s, _side in SITES}))
def test_both_sides_draw_a_site_on_each_side(muscle: str, site: str) -> None:
    """When both sides hurt, the X is drawn left and right, each on its own side."""
    illustration = illustration_for(KB, "trigger_point", muscle, "both", site_id=site)
    assert len(illustration.markers) == 2
    for marker in illustration.markers:
        assert in_silhouette(marker.view, marker.x, marker.y)
    found = {load_view(m.view).side_of(m.x) for m in illustration.markers}
    assert found == {"left", "right"} or "midline" in found, (muscle, site, found)
    regions = illustration.essential | illustration.spillover
    assert {CATALOG.get(r).side for r in regions} >= {"left", "right"} or all(
        CATALOG.get(r).side == "midline" for r in regions
    )


@pytest.mark.parametrize("code", sorted(p.code for p in KB.acupoints.values() if p.bilateral))
def test_both_sides_of_a_paired_point(code: str) -> None:
    illustration = illustration_for(KB, "acupoint", code, "both")
    dots = [m for m in illustration.markers if m.kind == "dot"]
    assert sorted(load_view(d.view).side_of(d.x) for d in dots) == ["left", "right"]
    x0, y0, x1, y1 = illustration.focus[dots[0].view]
    assert all(x0 <= d.x <= x1 and y0 <= d.y <= y1 for d in dots)


def test_illustration_for_dispatches_by_kind() -> None:
    assert illustration_for(KB, "acupoint", "BL23", "left").markers[0].kind == "dot"
    tp = illustration_for(KB, "trigger_point", "quadratus_lumborum", "right")
    assert (
        tp.markers[0].kind == "x"
        and load_view(tp.markers[0].view).side_of(tp.markers[0].x) == "right"
    )
    assert illustration_for(KB, "exercise", "bird_dog", "none").highlighted
    unknown_site = illustration_for(KB, "trigger_point", "piriformis", "left", site_id="nope")
    assert unknown_site.markers  # falls back to the muscle's first site
    with pytest.raises(ValueError, match="unknown kind"):
        illustration_for(KB, "massage", "x", "left")


def test_two_views_share_one_vertical_range() -> None:
    """Front and back drawn side by side line up (same top and bottom)."""
    for muscle in KB.muscles.values():
        for site in muscle.sites:
            focus = trigger_point_illustration(KB, CATALOG, muscle.id, site.site_id, "left").focus
            if len(focus) == 2:
                assert focus["front"][1::2] == focus["back"][1::2], muscle.id
