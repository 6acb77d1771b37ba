"""Draw ReliefMap's body art: silhouette, regions, contours and landmarks, front and back.

Run ``python tools/draw_body.py`` (needs the ``art`` extra: shapely) to regenerate
``assets/body/{front,back}.svg``, ``assets/body/landmarks.json`` and ``data/regions.csv``.
The app only reads those files; it never needs shapely.

How it is built: the body is a union of smooth "tubes" (a centre line with a width profile,
interpolated with Catmull-Rom splines) on an 8-head canon, blended with a closing buffer. Each
region is the silhouette intersected with a cell (a band, strip or curve-bounded polygon), taken
in priority order and minus everything already taken, so the regions tile the silhouette exactly.
Whatever a cell misses joins its nearest neighbour. Side: the back view shows the patient's
left on the viewer's left; the front view mirrors it.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path

from shapely import affinity
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT = 420.0, 900.0
MID = WIDTH / 2
HEAD = 100.0  # one head unit, in px

Pt = tuple[float, float]

# --------------------------------------------------------------------------------------------
# Smooth curves


def catmull_rom(points: Sequence[Pt], samples: int = 10) -> list[Pt]:
    """A smooth curve through ``points`` (centripetal-enough for our gentle shapes)."""
    if len(points) < 3:
        return list(points)
    padded = [points[0], *points, points[-1]]
    out: list[Pt] = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        for step in range(samples):
            t = step / samples
            t2, t3 = t * t, t * t * t
            out.append(
                tuple(
                    0.5
                    * (
                        2 * p1[k]
                        + (-p0[k] + p2[k]) * t
                        + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2
                        + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3
                    )
                    for k in range(2)
                )  # type: ignore[arg-type]
            )
    out.append(points[-1])
    return out


def profile(knots: Sequence[Pt]) -> Callable[[float], float]:
    """A smooth function y -> value through (y, value) knots (linear between spline samples)."""
    curve = catmull_rom(knots, 12)

    def value(y: float) -> float:
        if y <= curve[0][0]:
            return curve[0][1]
        for (y0, v0), (y1, v1) in itertools.pairwise(curve):
            if y0 <= y <= y1:
                return v0 if y1 == y0 else v0 + (v1 - v0) * (y - y0) / (y1 - y0)
        return curve[-1][1]

    return value


def tube(
    center: Callable[[float], float],
    half_width: Callable[[float], float],
    y0: float,
    y1: float,
    step: float = 2.0,
) -> Polygon:
    """A vertical-ish limb or trunk: centre x(y) and half-width w(y) from y0 to y1."""
    ys = [y0 + i * step for i in range(int((y1 - y0) / step) + 1)]
    left = [(center(y) - half_width(y), y) for y in ys]
    right = [(center(y) + half_width(y), y) for y in reversed(ys)]
    return Polygon(left + right).buffer(0)


def limb(joints: Sequence[tuple[float, float, float]]) -> Polygon:
    """A tapered limb through (x, y, radius) joints: union of hulls of consecutive circles."""
    smooth = catmull_rom([(x, y) for x, y, _ in joints], 8)
    radii = profile([(y, r) for _, y, r in joints])
    circles = [Point(x, y).buffer(radii(y), 32) for x, y in smooth]
    pieces = [unary_union([a, b]).convex_hull for a, b in itertools.pairwise(circles)]
    return unary_union(pieces)


def ellipse(cx: float, cy: float, rx: float, ry: float, angle: float = 0.0) -> Polygon:
    shape = affinity.scale(Point(cx, cy).buffer(1.0, 64), rx, ry)
    return affinity.rotate(shape, angle, origin=(cx, cy)) if angle else shape


def band(y0: float, y1: float) -> Polygon:
    return box(-10, y0, WIDTH + 10, y1)


def side_box(sign: int, d0: float = 0.0, d1: float = WIDTH) -> Polygon:
    """Half-plane strip at distance d0..d1 from the midline, on the viewer's side ``sign``."""
    if sign < 0:
        return box(MID - d1, -10, MID - d0, HEIGHT + 10)
    return box(MID + d0, -10, MID + d1, HEIGHT + 10)


def between_curves(upper: Sequence[Pt], lower: Sequence[Pt]) -> Polygon:
    """The area between two left-to-right curves."""
    return Polygon(list(upper) + list(reversed(lower))).buffer(0)


def mirror(points: Sequence[Pt]) -> list[Pt]:
    return [(2 * MID - x, y) for x, y in points]


# --------------------------------------------------------------------------------------------
# The figure (8-head canon: chin 1, nipples 2, navel 3, crotch 4, knees ~5.7, feet 8)

TOP = 20.0
Y_CHIN = TOP + HEAD  # 120
Y_SHOULDER = 160.0
Y_ARMPIT = 212.0
Y_WAIST = 305.0
Y_CREST = 354.0  # iliac crest tops, level with L4 (Tuffier's line)
Y_TROCHANTER = 408.0
Y_CROTCH = 440.0
Y_FOLD = 458.0  # gluteal fold
Y_KNEE = 592.0  # popliteal crease / patella apex
Y_ANKLE = 778.0  # malleoli
Y_SOLE_FRONT = 836.0

TORSO_HALF = profile(
    [
        (132, 30),
        (142, 44),
        (152, 70),
        (164, 86),
        (180, 90),
        (205, 84),
        (240, 75),
        (275, 67),
        (Y_WAIST, 63),
        (335, 68),
        (Y_CREST, 75),
        (385, 82),
        (Y_TROCHANTER, 84),
        (425, 82),
        (445, 74),
    ]
)
LEG_CENTER = profile([(395, 44), (440, 45), (520, 42), (Y_KNEE, 38), (680, 38), (Y_ANKLE, 38)])
LEG_HALF = profile(
    [
        (395, 42),
        (430, 42),
        (470, 39),
        (520, 34),
        (565, 27),
        (Y_KNEE, 23),
        (615, 24),
        (650, 26),
        (680, 24),
        (720, 17),
        (755, 12.5),
        (Y_ANKLE, 12),
        (790, 12.5),
    ]
)
ARM_JOINTS = [  # (distance from midline, y, radius)
    (84, 172, 21),
    (95, 215, 17),
    (103, 260, 15),
    (110, 318, 12.5),
    (116, 345, 13.5),
    (122, 385, 11),
    (126, 420, 8.5),
]


def leg_shape(sign: int) -> Polygon:
    return tube(lambda y: MID + sign * LEG_CENTER(y), LEG_HALF, 392, 792)


def arm_shape(sign: int) -> Polygon:
    return limb([(MID + sign * d, y, r) for d, y, r in ARM_JOINTS])


def hand_shape(sign: int) -> Polygon:
    palm = ellipse(MID + sign * 128, 446, 11.5, 24, angle=-sign * 4)
    fingers = ellipse(MID + sign * 130, 472, 9, 22, angle=-sign * 4)
    thumb = ellipse(MID + sign * 138, 448, 4.5, 15, angle=sign * 18)
    return unary_union([palm, fingers, thumb]).buffer(1.5).buffer(-1.5)


def foot_shape(sign: int, view: str) -> Polygon:
    cx = MID + sign * LEG_CENTER(Y_ANKLE)
    if view == "front":
        instep = ellipse(cx + sign * 3, 806, 13.5, 22, angle=-sign * 8)
        toes = ellipse(cx + sign * 6, 826, 14, 11, angle=-sign * 8)
        return unary_union([instep, toes])
    heel = ellipse(cx, 798, 12.5, 14)
    sole = ellipse(cx + sign * 2, 832, 14, 34, angle=-sign * 5)
    return unary_union([heel, sole])


def body_parts(view: str) -> dict[str, BaseGeometry]:
    head = ellipse(MID, TOP + 50, 37, 50)
    neck = tube(lambda y: MID, profile([(100, 19), (125, 21), (150, 26)]), 100, 150)
    torso = tube(lambda y: MID, TORSO_HALF, 132, 445)
    parts: dict[str, BaseGeometry] = {"head": head, "neck": neck, "torso": torso}
    for sign, name in ((-1, "a"), (1, "b")):
        parts[f"arm_{name}"] = arm_shape(sign)
        parts[f"hand_{name}"] = hand_shape(sign)
        parts[f"leg_{name}"] = leg_shape(sign)
        parts[f"foot_{name}"] = foot_shape(sign, view)
    return parts


def silhouette(view: str) -> Polygon:
    parts = body_parts(view)
    body = unary_union(list(parts.values()))
    # Closing blends the joints (armpits, neck, crotch) into smooth fillets.
    closed = body.buffer(5, 48).buffer(-5, 48)
    # ...but keep the gaps between arm and trunk and between the legs open below the crotch.
    gaps = []
    for sign in (-1, 1):
        arm = parts["arm_a" if sign < 0 else "arm_b"]
        gap = tube(lambda y, s=sign: MID + s * (TORSO_HALF(y) + 4), lambda y: 3.0, 228, 398)
        gaps.append(gap.difference(arm.buffer(1)))
    crotch_gap = box(MID - 1.2, Y_CROTCH + 6, MID + 1.2, HEIGHT)
    shape = closed.difference(unary_union([*gaps, crotch_gap])).buffer(0)
    if isinstance(shape, MultiPolygon):  # drop crumbs the cuts may leave
        shape = max(shape.geoms, key=lambda g: g.area)
    return shape.simplify(0.15)


# --------------------------------------------------------------------------------------------
# Regions


def patient_side(view: str, sign: int) -> str:
    """Back view: viewer's left (sign -1) is the patient's left. Front view mirrors it."""
    if view == "back":
        return "left" if sign < 0 else "right"
    return "right" if sign < 0 else "left"


def leg_strip(sign: int, u0: float, u1: float, y0: float, y1: float) -> Polygon:
    """Cells across a leg: u = -1 medial edge .. +1 lateral edge (widened past the outline)."""

    def edge(u: float) -> Callable[[float], float]:
        return lambda y: MID + sign * (LEG_CENTER(y) + u * LEG_HALF(y))

    ys = [y0 + (y1 - y0) * i / 40 for i in range(41)]
    # The medial edge stops at the midline (never reaching the other leg); the lateral edge
    # runs well past the outline.
    a = [((edge(u0)(y) if u0 > -1 else MID), y) for y in ys]
    b = [(edge(u1 if u1 < 1 else 3)(y), y) for y in reversed(ys)]
    return Polygon(a + b).buffer(0)


def arm_cells(sign: int) -> list[tuple[str, BaseGeometry]]:
    near = side_box(sign, 60)
    return [
        ("hand", band(424, 520).intersection(near)),
        ("forearm", band(342, 424).intersection(near)),
        ("elbow", band(304, 342).intersection(near)),
        ("upper_arm", band(208, 304).intersection(near)),
    ]


def crest_curve(sign: int, offset: float) -> list[Pt]:
    pts = [(20, 368), (40, 357), (56, Y_CREST), (72, 358), (88, 372)]
    return [(MID + sign * d, y + offset) for d, y in catmull_rom(pts, 6)]


def upper_cells(view: str, head_bottom: float, neck_bottom: float, shoulder_from: float
                ) -> list[tuple[str, BaseGeometry]]:  # fmt: skip
    """Head, neck, arms and shoulders: drawn alike in both views, only the side differs."""
    neck = "neck_back" if view == "back" else "neck_front"
    cells: list[tuple[str, BaseGeometry]] = [("head", band(-10, head_bottom))]
    neck_band = band(104, neck_bottom)
    cells.append(
        (neck, neck_band.intersection(side_box(-1, 0, 34)).union(
            neck_band.intersection(side_box(1, 0, 34))))
    )  # fmt: skip
    for sign in (-1, 1):
        side = patient_side(view, sign)
        for base, cell in arm_cells(sign):
            cells.append((f"{base}_{side}", cell))
        arm = arm_shape(sign).buffer(4)
        shoulder = side_box(sign, shoulder_from).union(arm.intersection(band(150, 208)))
        cells.append((f"shoulder_{side}", band(104, 208).intersection(shoulder)))
    return cells


def back_cells() -> list[tuple[str, BaseGeometry]]:
    cells = upper_cells("back", 104, 150, 62)
    spine = side_box(-1, 0, 8.5).union(side_box(1, 0, 8.5))
    cells.append(("thoracic_spine", band(140, 298).intersection(spine)))
    cells.append(("lumbar_spine", band(298, 372).intersection(spine)))
    sacrum = Polygon(
        catmull_rom([(MID - 24, 372), (MID - 19, 398), (MID - 9, 424), (MID, 430)], 6)
        + catmull_rom([(MID, 430), (MID + 9, 424), (MID + 19, 398), (MID + 24, 372)], 6)
    )
    cells.append(("sacrum", sacrum))
    cells.append(("coccyx", ellipse(MID, 438, 7, 10)))
    for sign in (-1, 1):
        side = patient_side("back", sign)
        lateral = side_box(sign, 8.5)
        cells.append(
            (f"greater_trochanter_{side}", band(386, 434).intersection(side_box(sign, 66)))
        )
        crest = between_curves(crest_curve(sign, -7), crest_curve(sign, 7))
        if sign > 0:
            crest = between_curves(crest_curve(sign, 7)[::-1], crest_curve(sign, -7)[::-1])
        cells.append((f"iliac_crest_{side}", crest.intersection(side_box(sign, 24, 90))))
        cells.append((f"upper_back_{side}", band(104, 228).intersection(lateral)))
        cells.append((f"mid_back_{side}", band(228, 296).intersection(lateral)))
        cells.append((f"low_back_{side}", band(296, 380).intersection(side_box(sign, 8.5, 42))))
        cells.append((f"flank_{side}", band(296, 372).intersection(side_box(sign, 42))))
        cells.append((f"sacroiliac_{side}", band(360, 412).intersection(side_box(sign, 8.5, 42))))
        cells.append((f"buttock_upper_{side}", band(355, 414).intersection(lateral)))
        fold = [
            (MID + sign * d, y)
            for d, y in catmull_rom(
                [(0, 446), (20, 452), (45, Y_FOLD + 2), (70, Y_FOLD - 2), (95, 446)], 6
            )
        ]
        upper = [(x, 414) for x, _ in fold]
        lower_cell = Polygon(upper + fold[::-1]).buffer(0)
        cells.append(
            (
                f"buttock_lower_{side}",
                lower_cell.union(band(414, 440).intersection(side_box(sign, 0, 66))),
            )
        )
        cells.append((f"lateral_thigh_{side}", leg_strip(sign, 0.42, 1, 430, 570)))
        cells.append((f"medial_thigh_{side}", leg_strip(sign, -1, -0.5, 440, 566)))
        cells.append((f"posterior_thigh_{side}", leg_strip(sign, -0.5, 0.42, 440, 566)))
        cells.append((f"lateral_knee_{side}", leg_strip(sign, 0.42, 1, 566, 614)))
        cells.append((f"posterior_knee_{side}", leg_strip(sign, -1, 0.42, 566, 614)))
        cells.append((f"lateral_leg_{side}", leg_strip(sign, 0.38, 1, 614, 762)))
        cells.append((f"calf_{side}", leg_strip(sign, -1, 0.38, 614, 762)))
        cells.append((f"ankle_lateral_{side}", leg_strip(sign, 0, 1, 762, 790)))
        cells.append((f"ankle_medial_{side}", leg_strip(sign, -1, 0, 762, 790)))
        cells.append((f"heel_{side}", band(790, 808).intersection(side_box(sign, 10))))
        cells.append((f"sole_{side}", band(808, 900).intersection(side_box(sign, 10))))
    return cells


def front_cells() -> list[tuple[str, BaseGeometry]]:
    cells = upper_cells("front", 110, 148, 64)
    for sign in (-1, 1):
        side = patient_side("front", sign)
        half = side_box(sign, 0)
        inguinal = [
            (MID + sign * d, y)
            for d, y in catmull_rom([(-2, 428), (18, 418), (40, 400), (62, 380), (90, 372)], 6)
        ]
        above = Polygon(
            [(MID - sign * 2, 320)] + [(x, y) for x, y in inguinal] + [(MID + sign * 90, 320)]
        ).buffer(0)
        cells.append(
            (f"greater_trochanter_{side}", band(384, 440).intersection(side_box(sign, 68)))
        )
        cells.append((f"flank_{side}", band(284, 384).intersection(side_box(sign, 54))))
        cells.append((f"chest_{side}", band(104, 262).intersection(half)))
        cells.append((f"upper_abdomen_{side}", band(262, 322).intersection(half)))
        cells.append(
            (f"lower_abdomen_{side}", band(322, 430).intersection(above).intersection(half))
        )
        cells.append((f"groin_{side}", band(380, 452).intersection(side_box(sign, 0, 38))))
        cells.append((f"anterior_hip_{side}", band(370, 440).intersection(side_box(sign, 38, 68))))
        cells.append((f"lateral_thigh_{side}", leg_strip(sign, 0.45, 1, 436, 570)))
        cells.append((f"medial_thigh_{side}", leg_strip(sign, -1, -0.45, 444, 566)))
        cells.append((f"anterior_thigh_{side}", leg_strip(sign, -0.45, 0.45, 436, 566)))
        cells.append((f"lateral_knee_{side}", leg_strip(sign, 0.45, 1, 566, 614)))
        cells.append((f"anterior_knee_{side}", leg_strip(sign, -1, 0.45, 566, 614)))
        cells.append((f"lateral_leg_{side}", leg_strip(sign, 0.35, 1, 614, 764)))
        cells.append((f"shin_{side}", leg_strip(sign, -1, 0.35, 614, 764)))
        cells.append((f"ankle_lateral_{side}", leg_strip(sign, 0, 1, 764, 792)))
        cells.append((f"ankle_medial_{side}", leg_strip(sign, -1, 0, 764, 792)))
        cells.append((f"dorsum_foot_{side}", band(792, 900).intersection(side_box(sign, 10))))
    return cells


def tile(view: str) -> tuple[Polygon, dict[str, BaseGeometry]]:
    """Cut the silhouette into regions that tile it exactly."""
    body = silhouette(view)
    parts = body_parts(view)
    limbs: dict[int, BaseGeometry] = {}
    for sign, name in ((-1, "a"), (1, "b")):
        limbs[sign] = unary_union([parts[f"arm_{name}"], parts[f"hand_{name}"]]).buffer(3)
    cells = back_cells() if view == "back" else front_cells()
    arm_bases = {"hand", "forearm", "elbow", "upper_arm"}
    taken: BaseGeometry = Polygon()
    regions: dict[str, BaseGeometry] = {}
    for region_id, cell in cells:
        base, _, side = region_id.rpartition("_")
        if base in arm_bases:
            sign = -1 if patient_side(view, -1) == side else 1
            cell = cell.intersection(limbs[sign])
        elif region_id.startswith("shoulder_"):
            pass
        else:
            cell = (
                cell.difference(limbs[-1]).difference(limbs[1])
                if not (region_id.startswith(("head", "neck")))
                else cell
            )
        piece = body.intersection(cell).difference(taken).buffer(0)
        if piece.is_empty:
            continue
        regions[region_id] = regions[region_id].union(piece) if region_id in regions else piece
        taken = taken.union(piece)
    # Anything left (fillets at the armpits, crotch, fingertips) joins its nearest region.
    rest = body.difference(taken).buffer(0)
    leftovers = list(rest.geoms) if hasattr(rest, "geoms") else [rest]
    for crumb in leftovers:
        if crumb.is_empty or crumb.area < 1e-6:
            continue
        nearest = min(regions, key=lambda rid: regions[rid].distance(crumb.representative_point()))
        regions[nearest] = regions[nearest].union(crumb)
    # Keep each region one piece where it should be: drop slivers into neighbours.
    for region_id in list(regions):
        geom = regions[region_id]
        if isinstance(geom, MultiPolygon):
            main = max(geom.geoms, key=lambda g: g.area)
            for piece in geom.geoms:
                if piece is main or piece.area > 40:
                    continue
                others = {k: v for k, v in regions.items() if k != region_id}
                target = min(others, key=lambda k: others[k].distance(piece))
                regions[target] = regions[target].union(piece)
                geom = geom.difference(piece)
            regions[region_id] = geom.buffer(0)
    return body, {k: v for k, v in regions.items() if not v.is_empty and v.area > 1}


# --------------------------------------------------------------------------------------------
# Landmarks


def leg_point(sign: int, u: float, y: float) -> Pt:
    return (MID + sign * (LEG_CENTER(y) + u * LEG_HALF(y)), y)


def landmarks(view: str) -> dict[str, Pt]:
    marks: dict[str, Pt] = {}
    if view == "back":
        for name, y in (
            ("c7", 150),
            ("t3", 178),
            ("t7", 230),
            ("t9", 256),
            ("t12", 296),
            ("l1", 311),
            ("l2", 325),
            ("l3", 340),
            ("l4", Y_CREST),
            ("l5", 366),
            ("s1", 378),
        ):
            marks[f"{name}_spinous"] = (MID, y)
        marks.update(
            {
                "s2_foramen_level": (MID, 392),
                "s4_foramen_level": (MID, 414),
                "sacral_hiatus": (MID, 422),
                "coccyx_tip": (MID, 440),
            }
        )
    else:
        marks.update(
            {"xiphoid": (MID, 258), "umbilicus": (MID, 322), "pubic_symphysis": (MID, 426)}
        )
    for sign in (-1, 1):
        side = patient_side(view, sign)

        def at(d: float, y: float, s: int = sign) -> Pt:
            return (MID + s * d, y)

        hand_x = MID + sign * 128
        if view == "back":
            marks.update(
                {
                    f"scapula_inferior_angle_{side}": at(48, 228),
                    f"posterior_axillary_fold_{side}": at(80, 208),
                    f"rib12_tip_{side}": at(60, 300),
                    f"iliac_crest_top_{side}": at(56, Y_CREST),
                    f"psis_{side}": at(21, 374),
                    f"greater_trochanter_back_{side}": at(81, Y_TROCHANTER),
                    f"ischial_tuberosity_{side}": at(27, 448),
                    f"gluteal_fold_mid_{side}": leg_point(sign, -0.05, Y_FOLD + 1),
                    f"popliteal_crease_mid_{side}": leg_point(sign, 0, Y_KNEE),
                    f"fibular_head_back_{side}": leg_point(sign, 0.72, 606),
                    f"calf_bellies_end_{side}": leg_point(sign, 0, Y_KNEE + 8 * 11.625),
                    f"lateral_malleolus_back_{side}": leg_point(sign, 0.72, Y_ANKLE + 2),
                    f"medial_malleolus_back_{side}": leg_point(sign, -0.72, Y_ANKLE - 2),
                    f"heel_back_{side}": leg_point(sign, 0, 798),
                    f"hand_dorsum_center_{side}": (hand_x, 448),
                    f"metacarpal_2_3_base_{side}": (hand_x + sign * 2.5, 436),
                    f"metacarpal_4_5_base_{side}": (hand_x - sign * 4.5, 436),
                    f"hand_first_web_{side}": (hand_x + sign * 8, 452),
                    f"metacarpal_5_head_ulnar_{side}": (hand_x - sign * 6.5, 454),
                    f"shoulder_top_mid_{side}": at(52, 146),
                }
            )
        else:
            marks.update(
                {
                    f"asis_{side}": at(58, 378),
                    f"greater_trochanter_front_{side}": at(81, Y_TROCHANTER),
                    f"inguinal_mid_{side}": at(34, 408),
                    f"patella_top_{side}": leg_point(sign, 0, 560),
                    f"patella_lower_{side}": leg_point(sign, 0, Y_KNEE),
                    f"tibial_tuberosity_{side}": leg_point(sign, 0.05, 606),
                    f"fibular_head_front_{side}": leg_point(sign, 0.78, 604),
                    f"medial_tibial_condyle_{side}": leg_point(sign, -0.62, 608),
                    f"lateral_malleolus_front_{side}": leg_point(sign, 0.8, Y_ANKLE + 2),
                    f"medial_malleolus_front_{side}": leg_point(sign, -0.8, Y_ANKLE - 2),
                    f"ankle_crease_mid_{side}": leg_point(sign, 0, 786),
                    f"metatarsal_1_2_junction_{side}": leg_point(sign, -0.25, 810),
                    f"metatarsal_4_5_junction_{side}": leg_point(sign, 0.55, 812),
                }
            )
    return {name: (round(x, 2), round(y, 2)) for name, (x, y) in marks.items()}


def cun_sizes(view: str) -> dict[str, float]:
    """Bone-proportional cun, from the proportions the art is drawn on."""
    leg = (Y_ANKLE - Y_KNEE) / 16  # popliteal crease to lateral malleolus = 16 cun
    thigh = (Y_KNEE - Y_FOLD) / 14 if view == "back" else (560 - 426) / 18
    return {"trunk": 10.0, "thigh": round(thigh, 3), "leg": round(leg, 3), "foot": 6.0, "hand": 4.5}


# --------------------------------------------------------------------------------------------
# Contours: the lines a person recognises their own body by (not interactive)


def contour_paths(view: str) -> list[str]:
    paths: list[str] = []

    def curve(points: Sequence[Pt], samples: int = 8) -> str:
        pts = catmull_rom(points, samples)
        return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts)

    def both(points: Sequence[Pt]) -> None:
        paths.append(curve(points))
        paths.append(curve(mirror(points)))

    if view == "back":
        paths.append(curve([(MID, 152), (MID, 250), (MID, 372)]))  # spine
        paths.append(curve([(MID, 432), (MID, 446)]))  # gluteal cleft
        both(
            [
                (MID - 18, 176),
                (MID - 40, 170),
                (MID - 62, 178),
                (MID - 50, 210),
                (MID - 46, 228),
                (MID - 26, 196),
                (MID - 18, 176),
            ]
        )  # scapula
        both([(MID - 12, 240), (MID - 16, 300), (MID - 14, 350)])  # paraspinal edge
        both(crest_curve(-1, 0))
        both(
            [(MID - 4, 446), (MID - 30, Y_FOLD + 2), (MID - 62, Y_FOLD - 2), (MID - 82, 446)]
        )  # gluteal fold
        both([(MID - 84, 392), (MID - 60, 402), (MID - 30, 394)])  # gluteal mass
        for sign in (-1, 1):
            c = MID + sign * LEG_CENTER(Y_KNEE)
            paths.append(curve([(c - 14, Y_KNEE + 2), (c, Y_KNEE - 1), (c + 14, Y_KNEE + 2)]))
            paths.append(
                curve(
                    [
                        leg_point(sign, -0.6, 620),
                        leg_point(sign, -0.3, 660),
                        leg_point(sign, -0.05, 690),
                    ]
                )
            )  # calf heads
            paths.append(
                curve(
                    [
                        leg_point(sign, 0.6, 620),
                        leg_point(sign, 0.3, 660),
                        leg_point(sign, 0.05, 690),
                    ]
                )
            )
            paths.append(curve([leg_point(sign, 0, 700), leg_point(sign, 0, 775)]))  # tendon
            paths.append(
                curve(
                    [
                        leg_point(sign, 0.35, 470),
                        leg_point(sign, 0.05, 540),
                        leg_point(sign, 0.0, 570),
                    ]
                )
            )  # hamstrings split
    else:
        both([(MID - 8, 150), (MID - 40, 152), (MID - 68, 160)])  # clavicle
        both([(MID - 4, 232), (MID - 30, 240), (MID - 62, 224)])  # pectoral edge
        both([(MID - 4, 262), (MID - 34, 276), (MID - 58, 300)])  # rib margin
        paths.append(curve([(MID, 176), (MID, 258)]))  # sternum
        paths.append(curve([(MID, 262), (MID, 318)]))  # linea alba
        paths.append(curve([(MID, 327), (MID, 405)]))
        paths.append(
            curve([(MID - 3, 322), (MID, 318), (MID + 3, 322), (MID, 325), (MID - 3, 322)], 4)
        )  # navel
        both([(MID - 28, 282), (MID - 32, 330), (MID - 26, 392)])  # rectus edge
        both([(MID - 90, 372), (MID - 62, 380), (MID - 40, 400), (MID - 18, 418)])  # inguinal
        for sign in (-1, 1):
            c = MID + sign * LEG_CENTER(575)
            paths.append(
                "M"
                + " L".join(
                    f"{x:.1f},{y:.1f}" for x, y in ellipse(c, 575, 10, 13).exterior.coords[::4]
                )
                + " Z"
            )  # patella
            paths.append(
                curve(
                    [
                        leg_point(sign, 0.2, 470),
                        leg_point(sign, 0.0, 520),
                        leg_point(sign, -0.1, 555),
                    ]
                )
            )  # quadriceps
            paths.append(
                curve(
                    [
                        leg_point(sign, 0.05, 612),
                        leg_point(sign, -0.15, 700),
                        leg_point(sign, -0.1, 770),
                    ]
                )
            )  # tibia crest
    return paths


# --------------------------------------------------------------------------------------------
# Output


def polygon_path(geom: BaseGeometry) -> str:
    polys = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    parts = []
    for poly in polys:
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        coords = list(poly.exterior.coords)[:-1]
        parts.append("M" + " L".join(f"{x:.2f},{y:.2f}" for x, y in coords) + " Z")
    return " ".join(parts)


REGION_LABELS = {
    "head": "Head",
    "neck_front": "Front of neck",
    "neck_back": "Back of neck",
    "shoulder": "Shoulder",
    "upper_arm": "Upper arm",
    "elbow": "Elbow",
    "forearm": "Forearm",
    "hand": "Hand",
    "upper_back": "Upper back",
    "mid_back": "Middle back",
    "low_back": "Lower back",
    "flank": "Side of waist (flank)",
    "iliac_crest": "Top of hip bone",
    "sacroiliac": "Sacroiliac joint area",
    "thoracic_spine": "Upper and middle spine",
    "lumbar_spine": "Lower spine",
    "sacrum": "Sacrum",
    "coccyx": "Tailbone",
    "buttock_upper": "Upper buttock",
    "buttock_lower": "Lower buttock",
    "greater_trochanter": "Outer hip",
    "groin": "Groin",
    "anterior_hip": "Front of hip",
    "posterior_thigh": "Back of thigh",
    "lateral_thigh": "Outer thigh",
    "anterior_thigh": "Front of thigh",
    "medial_thigh": "Inner thigh",
    "posterior_knee": "Back of knee",
    "anterior_knee": "Front of knee",
    "lateral_knee": "Outer knee",
    "calf": "Calf",
    "lateral_leg": "Outer lower leg",
    "shin": "Shin",
    "ankle_lateral": "Outer ankle",
    "ankle_medial": "Inner ankle",
    "heel": "Heel",
    "sole": "Sole of foot",
    "dorsum_foot": "Top of foot",
    "chest": "Chest",
    "upper_abdomen": "Upper belly",
    "lower_abdomen": "Lower belly",
}
AREAS = {
    "head_neck": ("head", "neck_front", "neck_back"),
    "arm": ("shoulder", "upper_arm", "elbow", "forearm", "hand"),
    "back": (
        "upper_back",
        "mid_back",
        "low_back",
        "flank",
        "iliac_crest",
        "sacroiliac",
        "thoracic_spine",
        "lumbar_spine",
        "sacrum",
        "coccyx",
    ),
    "hip_buttock": (
        "buttock_upper",
        "buttock_lower",
        "greater_trochanter",
        "groin",
        "anterior_hip",
    ),
    "thigh_knee": (
        "posterior_thigh",
        "lateral_thigh",
        "anterior_thigh",
        "medial_thigh",
        "posterior_knee",
        "anterior_knee",
        "lateral_knee",
    ),
    "leg_foot": (
        "calf",
        "lateral_leg",
        "shin",
        "ankle_lateral",
        "ankle_medial",
        "heel",
        "sole",
        "dorsum_foot",
    ),
    "trunk_front": ("chest", "upper_abdomen", "lower_abdomen"),
}


def split_id(region_id: str) -> tuple[str, str]:
    for side in ("left", "right"):
        if region_id.endswith("_" + side):
            return region_id[: -len(side) - 1], side
    return region_id, "midline"


def write_svg(view: str, body: Polygon, regions: dict[str, BaseGeometry], path: Path) -> None:
    caption = "Back" if view == "back" else "Front"
    left_x, right_x = (40, WIDTH - 40) if view == "back" else (WIDTH - 40, 40)
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" '
        f'width="{WIDTH:g}" height="{HEIGHT:g}">',
        f"  <title>ReliefMap body, {caption.lower()} view</title>",
        '  <g id="silhouette">',
        f'    <path d="{polygon_path(body)}" fill="#f3dccb" stroke="#a9826c" '
        'stroke-width="1.2" stroke-linejoin="round"/>',
        "  </g>",
        '  <g id="regions" fill="none" stroke="#c9a892" stroke-width="0.6" '
        'stroke-opacity="0.6" stroke-linejoin="round">',
    ]
    for region_id, geom in regions.items():
        lines.append(f'    <path id="{region_id}" class="region" d="{polygon_path(geom)}"/>')
    lines.append("  </g>")
    lines.append(
        '  <g id="contours" pointer-events="none" fill="none" stroke="#b08470" '
        'stroke-width="1" stroke-opacity="0.55" stroke-linecap="round">'
    )
    for d in contour_paths(view):
        lines.append(f'    <path d="{d}"/>')
    lines.append("  </g>")
    lines.append(
        '  <g id="labels" font-family="DejaVu Sans, Arial, sans-serif" '
        'fill="#6b5a50" text-anchor="middle">'
    )
    lines.append(f'    <text x="{left_x}" y="70" font-size="30" font-weight="bold">L</text>')
    lines.append(f'    <text x="{right_x}" y="70" font-size="30" font-weight="bold">R</text>')
    lines.append("  </g>")
    lines.append("</svg>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    out_dir = ROOT / "assets" / "body"
    out_dir.mkdir(parents=True, exist_ok=True)
    views: dict[str, dict[str, BaseGeometry]] = {}
    meta: dict[str, object] = {}
    for view in ("front", "back"):
        body, regions = tile(view)
        views[view] = regions
        write_svg(view, body, regions, out_dir / f"{view}.svg")
        meta[view] = {
            "viewbox": [0, 0, WIDTH, HEIGHT],
            "midline_x": MID,
            "cun_px": cun_sizes(view),
            "landmarks": landmarks(view),
        }
    (out_dir / "landmarks.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")

    # Catalogue order = keyboard order: head to feet, left before right.
    def sort_key(region_id: str) -> tuple[float, int, str]:
        ys = []
        for regions in views.values():
            if region_id in regions:
                ys.append(regions[region_id].centroid.y)
        _, side = split_id(region_id)
        return (round(min(ys) / 12), {"left": 0, "midline": 1, "right": 2}[side], region_id)

    all_ids = sorted({rid for regions in views.values() for rid in regions}, key=sort_key)
    with (ROOT / "data" / "regions.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "label", "side", "views", "area"])
        for region_id in all_ids:
            base, side = split_id(region_id)
            area = next(name for name, bases in AREAS.items() if base in bases)
            label = REGION_LABELS[base] + ("" if side == "midline" else f" ({side})")
            in_views = " ".join(v for v in ("front", "back") if region_id in views[v])
            writer.writerow([region_id, label, side, in_views, area])
    for view, regions in views.items():
        small = sorted(regions, key=lambda r: regions[r].area)[:3]
        print(
            view,
            len(regions),
            "regions; smallest:",
            ", ".join(f"{r} {regions[r].area:.0f}px²" for r in small),
        )
    print(f"{len(all_ids)} regions in the catalogue")
    _ = math


if __name__ == "__main__":
    main()
