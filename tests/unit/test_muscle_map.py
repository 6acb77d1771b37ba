"""The muscle layer: every knowledge-base muscle drawn as its own shape, inside the body and the
regions it lies in, mirrored left and right; a point on a shape finds that muscle and side."""

from __future__ import annotations

import pytest

from app.domain.body_geometry import in_silhouette, load_view, place, region_at
from app.domain.journal import TightMuscle
from app.domain.muscle_map import (
    MuscleShape,
    clear_tight,
    drawn_muscle_ids,
    is_tight,
    load_muscle_shapes,
    muscle_at,
    muscle_shapes,
    neighbour,
    toggle_tight,
    visible_point,
)
from app.domain.regions import default_catalog
from app.store.knowledge_db import open_knowledge

VIEWS = ("front", "back")


@pytest.fixture(scope="module")
def kb():
    return open_knowledge()


def all_shapes() -> list[MuscleShape]:
    return [shape for view in VIEWS for shape in load_muscle_shapes(view)]


def samples(shape: MuscleShape, step: float = 1.5) -> list[tuple[float, float]]:
    """Grid points inside the shape."""
    points = [p for polygon in shape.polygons for p in polygon]
    x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
    y0, y1 = min(p[1] for p in points), max(p[1] for p in points)
    out = []
    y = y0 + step / 2
    while y < y1:
        x = x0 + step / 2
        while x < x1:
            if shape.contains(x, y):
                out.append((x, y))
            x += step
        y += step
    return out


def shape_id(shape: MuscleShape) -> str:
    return f"{shape.view}-{shape.layer}-{shape.muscle_id}-{shape.side}"


def test_every_knowledge_base_muscle_is_drawn(kb) -> None:
    assert set(kb.muscles) == drawn_muscle_ids()
    for muscle_id in (
        "levator_ani",
        "coccygeus",
        "obturator_internus",
        "long_toe_extensors",
        "abdominal_obliques",
        "pectineus",
    ):
        assert muscle_id in drawn_muscle_ids()


def test_each_drawn_muscle_has_both_sides_on_each_view_and_layer_it_is_drawn_on() -> None:
    for view in VIEWS:
        for layer in ("superficial", "deep"):
            keys = [s.key for s in muscle_shapes(view, layer)]
            assert len(keys) == len(set(keys)), f"{view} {layer}: a muscle drawn twice"
            for muscle_id in {k[0] for k in keys}:
                assert (muscle_id, "left") in keys and (muscle_id, "right") in keys


def test_the_layers_hold_what_lies_over_what() -> None:
    back_sup = {s.muscle_id for s in muscle_shapes("back", "superficial")}
    back_deep = {s.muscle_id for s in muscle_shapes("back", "deep")}
    front_deep = {s.muscle_id for s in muscle_shapes("front", "deep")}
    assert {"gluteus_maximus", "gluteus_medius"} <= back_sup
    assert {"gluteus_minimus", "piriformis", "quadratus_lumborum", "multifidus"} <= back_deep
    assert "gluteus_maximus" not in back_deep
    assert {"iliopsoas"} <= front_deep
    # Gluteus maximus over medius: where they overlap on the superficial layer, maximus wins.
    order = [s.muscle_id for s in muscle_shapes("back", "superficial")]
    assert order.index("gluteus_maximus") > order.index("gluteus_medius")


@pytest.mark.parametrize("shape", all_shapes(), ids=shape_id)
def test_shape_lies_inside_the_body_and_its_regions(shape: MuscleShape, kb) -> None:
    catalog = default_catalog()
    allowed = {
        catalog.resolve(base, shape.side) for base in kb.muscles[shape.muscle_id].lies_in
    } - {None}
    points = samples(shape)
    assert len(points) >= 4, "a shape too small to click"
    outside_body = [p for p in points if not in_silhouette(shape.view, *p)]
    assert not outside_body
    stray = [p for p in points if region_at(shape.view, *p) not in allowed]
    assert len(stray) <= max(1, len(points) // 100), (allowed, stray[:5])
    # On the muscle's own side of the body.
    mid = load_view(shape.view).midline_x
    assert all(load_view(shape.view).side_of(x) in (shape.side, "midline") for x, _ in points)
    assert mid not in {x for x, _ in points}


@pytest.mark.parametrize("shape", [s for s in all_shapes() if s.side == "left"], ids=shape_id)
def test_left_and_right_mirror_each_other(shape: MuscleShape) -> None:
    mid = load_view(shape.view).midline_x
    twin = next(
        s for s in muscle_shapes(shape.view, shape.layer) if s.key == (shape.muscle_id, "right")
    )
    points = samples(shape)
    mirrored = [twin.contains(2 * mid - x, y) for x, y in points]
    assert sum(mirrored) >= 0.97 * len(points)
    assert abs(shape.area() - twin.area()) <= 0.03 * shape.area()


@pytest.mark.parametrize("shape", all_shapes(), ids=shape_id)
def test_a_point_on_the_shape_finds_that_muscle_and_side(shape: MuscleShape) -> None:
    x, y = visible_point(shape.view, shape.layer, shape.muscle_id, shape.side)
    hit = muscle_at(shape.view, shape.layer, x, y)
    assert hit is not None and hit.key == shape.key


def test_trigger_point_sites_sit_on_their_muscle(kb) -> None:
    misses = []
    for muscle in kb.muscles.values():
        for site in muscle.sites:
            p = site.placement
            for side in ("left", "right"):
                x, y = place(p.view, p.landmark, side, p.dx_cun, p.dy_cun)
                shapes = [
                    s
                    for s in load_muscle_shapes(p.view)
                    if s.muscle_id == muscle.id and s.side == side
                ]
                if not any(s.contains(x, y) for s in shapes):
                    misses.append((muscle.id, site.site_id, side, p.view, round(x), round(y)))
    assert not misses


def test_nothing_is_drawn_outside_the_body_or_on_the_skin_layer() -> None:
    assert muscle_at("back", "superficial", 5, 5) is None
    assert {s.layer for s in all_shapes()} == {"superficial", "deep"}


def test_a_click_toggles_tight_on_that_side() -> None:
    assert toggle_tight([], "piriformis", "left") == ((), (TightMuscle("piriformis", "left"),))
    tight = [TightMuscle("piriformis", "left")]
    assert toggle_tight(tight, "piriformis", "left") == ((TightMuscle("piriformis", "left"),), ())
    both = [TightMuscle("piriformis", "both")]
    assert is_tight(both, "piriformis", "right")
    assert toggle_tight(both, "piriformis", "right") == (
        (TightMuscle("piriformis", "both"),),
        (TightMuscle("piriformis", "left"),),
    )
    assert clear_tight([], "piriformis", "left") == ((), ())
    assert clear_tight(tight, "piriformis", "left") == toggle_tight(tight, "piriformis", "left")
    with pytest.raises(ValueError):
        toggle_tight([], "piriformis", "both")


def test_arrows_move_to_a_neighbour_in_that_direction() -> None:
    shapes = muscle_shapes("back", "superficial")
    gmax = next(s for s in shapes if s.key == ("gluteus_maximus", "left"))
    below = neighbour(shapes, gmax, 0, 1)
    above = neighbour(shapes, gmax, 0, -1)
    assert below is not None and below.centroid()[1] > gmax.centroid()[1]
    assert above is not None and above.centroid()[1] < gmax.centroid()[1]


def test_a_trigger_point_illustration_draws_its_muscle_under_the_cross(kb) -> None:
    from app.domain.illustration import illustration_for

    catalog = default_catalog()
    for muscle_id, site_id in (("gluteus_minimus", "anterior"), ("piriformis", "lateral")):
        art = illustration_for(kb, "trigger_point", muscle_id, "left", catalog=catalog,
                               site_id=site_id)  # fmt: skip
        assert art.muscles and all(m[1] == muscle_id and m[2] == "left" for m in art.muscles)
        (marker,) = art.markers
        view, _m, side, layer = art.muscles[0]
        shape = next(s for s in muscle_shapes(view, layer) if s.key == (muscle_id, side))
        assert shape.contains(marker.x, marker.y)
    # Piriformis lies under gluteus maximus: its illustration draws the deep shape.
    art = illustration_for(kb, "trigger_point", "piriformis", "both", catalog=catalog)
    assert {m[3] for m in art.muscles} == {"deep"} and len(art.muscles) == 2


def test_tendons_are_part_of_their_muscle() -> None:
    with_tendons = {s.muscle_id for s in all_shapes() if s.tendons}
    assert {"hamstrings", "tibialis_anterior", "soleus"} <= with_tendons
    for shape in all_shapes():
        for tendon in shape.tendons:
            xs = [p[0] for p in tendon]
            ys = [p[1] for p in tendon]
            cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
            inside = [p for p in tendon if shape.contains(*p)]
            assert shape.contains(cx, cy) or len(inside) >= len(tendon) // 2, shape_id(shape)
