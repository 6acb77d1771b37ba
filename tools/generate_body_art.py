"""Draw ReliefMap's body art: silhouette, regions, contours and landmarks, front and back.

Run ``python tools/generate_body_art.py`` (needs the ``art`` extra: shapely) to regenerate
``assets/body/{front,back}.svg``, ``assets/body/landmarks.json``, ``assets/body/muscles.json``
(the muscle layer: each muscle's shape and fibre lines per view, side and layer) and
``data/regions.csv``.
The app only reads those files; it never needs shapely.

How it is built: an 8-head figure-drawing canon. Head, trunk, hands and feet are closed smooth
outlines (periodic Catmull-Rom splines, i.e. C1 cubic Béziers); arms and legs are limbs with a
centre line and separate lateral and medial width profiles (deltoid, vastus medialis, calf heads,
malleoli). The parts are unioned and blended with a small closing buffer. Each region is the
silhouette intersected with a cell bounded by anatomical lines (costal margin, inguinal line,
iliac crest, 12th rib, gluteal fold, knee creases), taken in priority order minus everything
already taken, so the regions tile the silhouette exactly; whatever no cell claims joins the
region it touches most. Side: the back view shows the patient's left on the viewer's left; the
front view mirrors it.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path

from shapely import affinity
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box
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


def closed_curve(points: Sequence[Pt], samples: int = 10) -> list[Pt]:
    """A smooth closed curve through ``points`` (periodic Catmull-Rom = C1 cubic Béziers)."""
    n = len(points)
    out: list[Pt] = []
    for i in range(n):
        p0, p1, p2, p3 = (points[(i + k - 1) % n] for k in range(4))
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
    return out


def shape(points: Sequence[Pt], samples: int = 10) -> Polygon:
    return Polygon(closed_curve(points, samples)).buffer(0)


def symmetric(half: Sequence[Pt]) -> list[Pt]:
    """A closed outline from its viewer's-right half (top to bottom, dx from the midline)."""
    right = [(MID + dx, y) for dx, y in half]
    left = [(MID - dx, y) for dx, y in reversed(half) if dx > 0.01]
    return right + left


def at(sign: int, dx: float, y: float) -> Pt:
    return (MID + sign * dx, y)


def ellipse(cx: float, cy: float, rx: float, ry: float, angle: float = 0.0) -> Polygon:
    ring = affinity.scale(Point(cx, cy).buffer(1.0, 64), rx, ry)
    return affinity.rotate(ring, angle, origin=(cx, cy)) if angle else ring


def band(y0: float, y1: float) -> Polygon:
    return box(-10, y0, WIDTH + 10, y1)


def side_box(sign: int, d0: float = 0.0, d1: float = WIDTH) -> Polygon:
    """Strip at distance d0..d1 from the midline, on the viewer's side ``sign``."""
    if sign < 0:
        return box(MID - d1, -10, MID - d0, HEIGHT + 10)
    return box(MID + d0, -10, MID + d1, HEIGHT + 10)


def below(sign: int, curve: Sequence[Pt], depth: float = 600) -> Polygon:
    """Everything under a curve given as (dx, y) on one side (extended flat at its ends)."""
    pts = [at(sign, dx, y) for dx, y in catmull_rom(curve, 8)]
    return Polygon([*pts, (pts[-1][0], pts[-1][1] + depth), (pts[0][0], pts[0][1] + depth)]).buffer(
        0
    )


def above(sign: int, curve: Sequence[Pt], height: float = 600) -> Polygon:
    pts = [at(sign, dx, y) for dx, y in catmull_rom(curve, 8)]
    return Polygon(
        [*pts, (pts[-1][0], pts[-1][1] - height), (pts[0][0], pts[0][1] - height)]
    ).buffer(0)


def mirror(points: Sequence[Pt]) -> list[Pt]:
    return [(2 * MID - x, y) for x, y in points]


# --------------------------------------------------------------------------------------------
# The figure: an 8-head canon (head 100 px). Chin 1 head, nipples 2, navel 3, crotch 4,
# knees ~5.75, soles 8. Shoulders 2 heads wide across the deltoids, hips ~1.7.

TOP = 16.0
Y_CHIN = TOP + HEAD  # 116
Y_C7 = 148.0
Y_ARMPIT = 208.0
Y_T7 = 226.0  # inferior angle of the scapula
Y_T12 = 284.0
Y_WAIST = 298.0
Y_NAVEL = 316.0
Y_CREST = 339.0  # iliac crest tops, level with the L4 spinous process (Tuffier's line)
Y_ASIS = 357.0
Y_TROCHANTER = 392.0  # widest point of the hips
Y_PUBIS = 399.0  # top of the pubic symphysis
Y_CROTCH = 418.0
Y_FOLD = 428.0  # gluteal fold
Y_PATELLA_TOP = 548.0
Y_KNEE = 592.0  # popliteal crease
Y_MALLEOLUS = 777.0  # lateral malleolus (the medial one sits a little higher)

SPINE = {  # spinous processes (back view): thoracic ~11 px apart, lumbar ~14
    "c7": Y_C7,
    "t3": Y_C7 + 3 * 11.2,
    "t7": Y_T7,
    "t9": Y_T7 + 2 * 11.2,
    "t12": Y_T12,
    "l1": 297.0,
    "l2": 311.0,
    "l3": 325.0,
    "l4": Y_CREST,
    "l5": 352.0,
    "s1": 363.0,
}

HEAD_HALF = [
    (0, TOP), (19, TOP + 3), (31, TOP + 14), (36.5, TOP + 32), (37, TOP + 50), (35, TOP + 68),
    (31, TOP + 82), (25, TOP + 92), (15, TOP + 99), (0, Y_CHIN + 1),
]  # fmt: skip
TRUNK_HALF = [
    (17.5, 100), (17.5, 124), (19.5, 136), (25, 145), (40, 152), (60, 157), (77, 161), (84, 167),
    (86, 182), (83, 198), (79, Y_ARMPIT), (78, 228), (74.5, 252), (69, 276), (64, Y_WAIST),
    (65, Y_NAVEL), (70.5, Y_CREST - 4), (77.5, 358), (82.5, 376), (84, Y_TROCHANTER),
    (82, 406), (74, 424), (40, 432), (0, 426),
]  # fmt: skip

# Legs, by y: centre line, lateral and medial half-widths (distance from the midline).
LEG_CENTER = profile(
    [(370, 42), (420, 42), (500, 40.5), (Y_KNEE, 37), (680, 36), (Y_MALLEOLUS, 34), (800, 34)]
)
LEG_LAT = profile(
    [
        (372, 34), (386, 40), (398, 42), (430, 41), (470, 39.5), (510, 35.5), (545, 30), (570, 25),
        (588, 22.5), (605, 22), (622, 23.5), (648, 25), (675, 23.5), (705, 19), (735, 14),
        (762, 11), (Y_MALLEOLUS - 2, 12.3), (792, 11),
    ]
)  # fmt: skip
LEG_MED = profile(
    [
        (370, 42), (418, 42), (440, 40.5), (470, 37), (505, 31.5), (532, 27), (555, 25.8),
        (574, 23.2), (590, 23), (606, 20.5), (628, 22.5), (655, 25.5), (680, 24), (708, 18),
        (738, 12.5), (758, 10.5), (Y_MALLEOLUS - 6, 12.3), (792, 11),
    ]
)  # fmt: skip
LEG_TOP, LEG_BOTTOM = 372.0, 792.0

# Arms, by y: slightly away from the body (about 11 degrees), a gentle carrying angle.
ARM_CENTER = profile([(170, 88), (200, 94.5), (250, 103), (298, 111), (350, 121.5), (414, 134)])
ARM_LAT = profile(
    [(176, 9), (192, 15.8), (222, 14.2), (250, 13.4), (276, 13.2), (296, 12.4), (314, 14.2),
     (340, 12.8), (380, 10.6), (414, 10)]
)  # fmt: skip
ARM_MED = profile(
    [(176, 8), (205, 13), (240, 14.2), (270, 13.2), (296, 11.6), (314, 13.4), (340, 12),
     (380, 9.8), (414, 9.5)]
)  # fmt: skip
ARM_TOP, ARM_BOTTOM = 176.0, 416.0
Y_WRIST = 414.0
HAND_ANGLE = math.atan2(134 - 121.5, 414 - 350)  # the hand continues the forearm


def tube(
    center: Callable[[float], float],
    lat: Callable[[float], float],
    med: Callable[[float], float],
    sign: int,
    y0: float,
    y1: float,
    step: float = 1.5,
) -> Polygon:
    """A limb between y0 and y1: centre line and lateral/medial half-widths, on side ``sign``."""
    ys = [y0 + (y1 - y0) * i / int((y1 - y0) / step) for i in range(int((y1 - y0) / step) + 1)]
    lateral = [at(sign, center(y) + lat(y), y) for y in ys]
    medial = [at(sign, center(y) - med(y), y) for y in reversed(ys)]
    return Polygon(lateral + medial).buffer(0)


def limb_x(kind: str, sign: int, u: float, y: float) -> float:
    """x of a point across a limb: u = -1 medial edge, 0 centre line, +1 lateral edge."""
    if kind == "leg":
        c, lat, med = LEG_CENTER(y), LEG_LAT(y), LEG_MED(y)
    else:
        c, lat, med = ARM_CENTER(y), ARM_LAT(y), ARM_MED(y)
    return MID + sign * (c + (u * lat if u >= 0 else u * med))


def limb_point(kind: str, sign: int, u: float, y: float) -> Pt:
    return (limb_x(kind, sign, u, y), y)


def leg_shape(sign: int) -> Polygon:
    return tube(LEG_CENTER, LEG_LAT, LEG_MED, sign, LEG_TOP, LEG_BOTTOM)


def arm_shape(sign: int) -> Polygon:
    tube_part = tube(ARM_CENTER, ARM_LAT, ARM_MED, sign, ARM_TOP, ARM_BOTTOM)
    deltoid = ellipse(MID + sign * 88, 186, 17, 21.5, angle=sign * 14)
    # Fill the dip between the trapezius and the top of the deltoid (one smooth shoulder line).
    cap = unary_union([deltoid, Point(MID + sign * 76, 166).buffer(5)]).convex_hull
    return unary_union([tube_part, deltoid, cap])


def hand_frame(sign: int) -> Callable[[float, float], Pt]:
    """Hand-local (u lateral, v down from the wrist crease) to SVG coordinates."""
    ox, oy = MID + sign * ARM_CENTER(Y_WRIST), Y_WRIST
    c, s = math.cos(HAND_ANGLE), math.sin(HAND_ANGLE)

    def to_svg(u: float, v: float) -> Pt:
        return (ox + sign * (u * c + v * s), oy + v * c - u * s)

    return to_svg


HAND_OUTLINE = [  # (u lateral = thumb side, v down); palm then fingers together, thumb apart
    (-9.6, -4), (-11.2, 8), (-12.4, 22), (-12.2, 36), (-11.4, 50), (-10.2, 62), (-8.4, 71),
    (-5.6, 76.5), (-2, 79.5), (1.5, 80), (4.6, 77.5), (7.4, 71), (9.4, 62), (10.6, 50),
    (11.2, 42), (12.6, 46.5), (15.2, 50.5), (18.2, 50.2), (19.2, 46), (18.4, 36), (16.4, 25),
    (13.8, 14), (11.4, 5), (10, -4),
]  # fmt: skip


def hand_shape(sign: int) -> Polygon:
    frame = hand_frame(sign)
    return shape([frame(u, v) for u, v in HAND_OUTLINE], 8)


FOOT_FRONT = [  # (u lateral, y): the foot seen from the front, toes slightly out
    (-11, 772), (-12, 786), (-13.8, 798), (-16, 808), (-16.4, 815), (-13.5, 821), (-8, 823.5),
    (-2, 823.5), (4.5, 822.5), (10.5, 820), (15.5, 816), (18.6, 810.5), (19, 803), (16.4, 793),
    (13, 782), (11.5, 772),
]  # fmt: skip
FOOT_BACK = [  # (u lateral, y): heel, then the sole turned toward the viewer, big toe medial
    (-10.5, 772), (-12, 786), (-13.2, 799), (-12.2, 812), (-11.2, 824), (-13, 837), (-15.4, 849),
    (-15.6, 859), (-13, 868), (-8, 874), (-2, 875.5), (4.5, 874), (10, 870.5), (14.4, 865),
    (17, 857), (17.4, 846), (15.8, 832), (14.4, 818), (14.2, 804), (13.4, 791), (11.6, 772),
]  # fmt: skip


def foot_shape(sign: int, view: str) -> Polygon:
    outline = FOOT_FRONT if view == "front" else FOOT_BACK
    cx = LEG_CENTER(Y_MALLEOLUS)
    return shape([at(sign, cx + u, y) for u, y in outline], 8)


def body_parts(view: str) -> dict[str, BaseGeometry]:
    head = shape(symmetric(HEAD_HALF), 12)
    ears = [ellipse(MID + s * 36.5, TOP + 56, 4.2, 10.5, angle=s * 8) for s in (-1, 1)]
    parts: dict[str, BaseGeometry] = {
        "head": unary_union([head, *ears]),
        "trunk": shape(symmetric(TRUNK_HALF), 12),
    }
    for sign, name in ((-1, "a"), (1, "b")):
        parts[f"arm_{name}"] = arm_shape(sign)
        parts[f"hand_{name}"] = hand_shape(sign)
        parts[f"leg_{name}"] = leg_shape(sign)
        parts[f"foot_{name}"] = foot_shape(sign, view)
    return parts


def silhouette(view: str) -> Polygon:
    parts = body_parts(view)
    body = unary_union(list(parts.values()))
    # Closing blends the joints (neck, armpits, crotch, wrists) into smooth fillets...
    closed = body.buffer(3.5, 48).buffer(-3.5, 48)
    # ...but the legs stay apart below the crotch.
    crotch_gap = Polygon(
        [(MID, Y_CROTCH - 1), (MID + 1.1, Y_CROTCH + 8), (MID + 1.1, HEIGHT), (MID - 1.1, HEIGHT),
         (MID - 1.1, Y_CROTCH + 8)]
    )  # fmt: skip
    shape_ = closed.difference(crotch_gap).buffer(0)
    if isinstance(shape_, MultiPolygon):  # drop crumbs the cuts may leave
        shape_ = max(shape_.geoms, key=lambda g: g.area)
    return shape_.simplify(0.08)


# --------------------------------------------------------------------------------------------
# Regions: cells bounded by anatomical lines, cut from the silhouette in priority order


def patient_side(view: str, sign: int) -> str:
    """Back view: viewer's left (sign -1) is the patient's left. Front view mirrors it."""
    if view == "back":
        return "left" if sign < 0 else "right"
    return "right" if sign < 0 else "left"


def leg_cell(
    sign: int,
    u0: float,
    u1: float,
    top: Callable[[float], float] | float,
    bottom: Callable[[float], float] | float,
) -> Polygon:
    """A cell across a leg from u0 to u1 (medial -1 .. lateral +1) between two lines.

    ``top``/``bottom`` are y values or curves y(u), so the cuts follow creases and bellies.
    Lateral cells reach well past the outline; medial ones stop at the midline.
    """

    def y_at(edge: Callable[[float], float] | float, u: float) -> float:
        return edge(u) if callable(edge) else edge

    def x_at(u: float, y: float) -> float:
        if u <= -1:
            return MID + sign * 0.0
        if u >= 1:
            return limb_x("leg", sign, 1, y) + sign * 30
        return limb_x("leg", sign, u, y)

    us = [u0 + (u1 - u0) * i / 16 for i in range(17)]
    upper = [(x_at(u, y_at(top, u)), y_at(top, u)) for u in us]
    y_a, y_b = y_at(top, u1), y_at(bottom, u1)
    right = [(x_at(u1, y_a + (y_b - y_a) * i / 30), y_a + (y_b - y_a) * i / 30) for i in range(31)]
    lower = [(x_at(u, y_at(bottom, u)), y_at(bottom, u)) for u in reversed(us)]
    y_c, y_d = y_at(bottom, u0), y_at(top, u0)
    left = [(x_at(u0, y_c + (y_d - y_c) * i / 30), y_c + (y_d - y_c) * i / 30) for i in range(31)]
    return Polygon(upper + right + lower + left).buffer(0)


def sag(y_mid: float, depth: float, skew: float = 0.0) -> Callable[[float], float]:
    """A gentle crease across a limb: lowest (``depth``) mid-limb, rising toward both edges."""
    return lambda u: y_mid + depth * (1 - u * u) + skew * u


def arm_cut(sign: int, y: float) -> Polygon:
    """Half-plane below a cut across the arm, square to the limb's axis at height y."""
    slope = (ARM_CENTER(y + 4) - ARM_CENTER(y - 4)) / 8  # dx/dy of the axis
    cx = MID + sign * ARM_CENTER(y)

    # Perpendicular to the axis direction (sign*slope, 1): (1, -sign*slope).
    def line(t: float) -> Pt:
        return (cx + t, y - sign * slope * t)

    a, b = line(-60), line(60)
    return Polygon([a, b, (b[0], HEIGHT + 10), (a[0], HEIGHT + 10)]).buffer(0)


def arm_cells(sign: int, view: str) -> list[tuple[str, BaseGeometry]]:
    side = patient_side(view, sign)
    limb = unary_union([arm_shape(sign), hand_shape(sign)]).buffer(3)
    cuts = {"upper_arm": 212.0, "elbow": 284.0, "forearm": 316.0, "hand": Y_WRIST + 1}
    cells: list[tuple[str, BaseGeometry]] = []
    for base in ("hand", "forearm", "elbow", "upper_arm"):
        cells.append((f"{base}_{side}", arm_cut(sign, cuts[base]).intersection(limb)))
    return cells


def shoulder_cell(sign: int, view: str) -> tuple[str, BaseGeometry]:
    """The deltoid cap: lateral to the line of the shoulder joint, down to the upper arm."""
    line = [(64, 146), (70, 160), (76, 176), (79.5, 194), (81, 214)]
    if view == "front":  # the deltopectoral groove lies a little further in
        line = [(62, 146), (69, 160), (74, 176), (78, 194), (81, 214)]
    pts = [at(sign, dx, y) for dx, y in catmull_rom(line, 8)]
    cap = Polygon([*pts, at(sign, 200, 214), at(sign, 200, 140), at(sign, line[0][0], 140)])
    return (f"shoulder_{patient_side(view, sign)}", cap.buffer(0))


def crest_line(sign: int, offset: float = 0.0) -> list[Pt]:
    """The iliac crest seen from behind: PSIS, up to its top at L4 level, down laterally."""
    pts = [(24, 357), (30, 350), (38, 344), (56, Y_CREST), (74, 343), (92, 356)]
    return [at(sign, dx, y + offset) for dx, y in catmull_rom(pts, 8)]


def crest_band(sign: int, up: float, down: float) -> Polygon:
    upper = crest_line(sign, -up)
    lower = crest_line(sign, down)
    return Polygon(upper + lower[::-1]).buffer(0)


def perineum_cell(view: str) -> Polygon:
    """The saddle area on the midline: between the upper inner thighs (front), below the
    tailbone between the lower buttocks (back). A rounded shield, pointed toward the feet."""
    if view == "front":
        half = [(0, 404), (7, 405), (11, 409), (12, 418), (10.5, 427), (7, 435), (3, 440.5),
                (0, 442)]  # fmt: skip
    else:
        half = [(0, 412.5), (7, 413.5), (11.5, 417), (12.5, 424), (10.5, 431.5), (6.5, 437.5),
                (2.5, 441), (0, 442.5)]  # fmt: skip
    return Polygon(
        catmull_rom([(MID + dx, y) for dx, y in half], 8)
        + catmull_rom([(MID - dx, y) for dx, y in reversed(half)], 8)
    ).buffer(0)


FOOT_EDGES = {  # (view, edge): the strip's inner line, outline to outline (u from ankle centre)
    ("front", "lateral"): [(13, 784.5), (6.2, 787), (8.2, 797), (9.6, 808), (10.5, 820),
                           (11, 830)],
    ("front", "medial"): [(-11, 779), (-3.8, 782), (-4.6, 790), (-5.6, 800), (-8, 810),
                          (-12.5, 818)],
    ("back", "lateral"): [(16, 807), (7.5, 810.5), (5.2, 818), (4.8, 832), (5.2, 850),
                          (6.5, 864), (14, 871)],
    ("back", "medial"): [(-14, 811), (-4, 813), (-1.2, 819), (-0.6, 830), (-1.6, 841),
                         (-6, 847), (-17, 850)],
}  # fmt: skip


def foot_cell(sign: int, view: str, edge: str) -> Polygon:
    """A strip along the foot's outer (``lateral``) or inner (``medial``: the arch) border.

    The inner line starts and ends outside the outline, so the strip has rounded ends.
    """
    cx = LEG_CENTER(Y_MALLEOLUS)
    line = [at(sign, cx + u, y) for u, y in catmull_rom(FOOT_EDGES[(view, edge)], 8)]
    outward = 40 if edge == "lateral" else -40
    far = [at(sign, cx + outward, line[-1][1]), at(sign, cx + outward, line[0][1])]
    return Polygon([*line, *far]).buffer(0)


def head_neck_cells(view: str, parts: dict[str, BaseGeometry]) -> list[tuple[str, BaseGeometry]]:
    neck = "neck_back" if view == "back" else "neck_front"
    notch = [(-34, 141), (-20, 145.5), (0, 149.5), (20, 145.5), (34, 141)]
    base = Polygon(
        [(MID + dx, y) for dx, y in catmull_rom(notch, 8)] + [(MID + 34, 60), (MID - 34, 60)]
    ).buffer(0)
    return [("head", parts["head"].buffer(0.6)), (neck, base)]


def back_cells(parts: dict[str, BaseGeometry]) -> list[tuple[str, BaseGeometry]]:
    cells = head_neck_cells("back", parts)
    for sign in (-1, 1):
        cells += arm_cells(sign, "back")
    for sign in (-1, 1):
        cells.append(shoulder_cell(sign, "back"))
    sacrum = Polygon(
        catmull_rom([(MID - 25, 357), (MID - 23.5, 367), (MID - 19, 380), (MID - 12, 392),
                     (MID - 5, 400.5), (MID, 403)], 8)
        + catmull_rom([(MID, 403), (MID + 5, 400.5), (MID + 12, 392), (MID + 19, 380),
                       (MID + 23.5, 367), (MID + 25, 357)], 8)
    ).buffer(0)  # fmt: skip
    # The saddle area below the tailbone, between the lower buttocks (above the legs' parting).
    cells.append(("perineum", perineum_cell("back")))
    cells.append(("coccyx", ellipse(MID, 407, 8, 11.5)))
    cells.append(("sacrum", sacrum))
    spine = side_box(-1, 0, 8).union(side_box(1, 0, 8))
    cells.append(("thoracic_spine", band(140, 290.5).intersection(spine)))
    cells.append(("lumbar_spine", band(290.5, 357).intersection(spine)))
    for sign in (-1, 1):
        side = patient_side("back", sign)
        rib12 = [(0, Y_T12 + 4), (20, 288), (40, 292.5), (60, 298), (80, 302), (110, 306)]
        scapula_line = [(0, 224), (40, 227), (80, 230), (110, 232)]
        erector = [(38, 286), (39.5, 310), (39, 330), (33, 357)]  # lateral edge of erector spinae
        erector_cell = Polygon(
            [at(sign, dx, y) for dx, y in catmull_rom(erector, 8)]
            + [at(sign, 0, 357), at(sign, 0, 280), at(sign, 38, 280)]
        ).buffer(0)
        above_crest = Polygon(
            [*crest_line(sign, 7), at(sign, 120, 356), at(sign, 120, 250), at(sign, 24, 250)]
        ).buffer(0)
        fold = [(0, 420), (12, 424.5), (30, 430), (48, 430.5), (66, 426), (80, 418), (96, 408)]
        diagonal = [(14, 364), (28, 374), (40, 388), (52, 403), (68, 409), (86, 412), (100, 414)]
        cells.append((f"iliac_crest_{side}", crest_band(sign, 10, 7).intersection(
            side_box(sign, 27, 200))))  # fmt: skip
        cells.append((f"greater_trochanter_{side}", ellipse(MID + sign * 84, 393, 17, 21)))
        cells.append((f"low_back_{side}", below(sign, rib12).intersection(erector_cell)))
        cells.append((f"sacroiliac_{side}", ellipse(MID + sign * 25, 365, 19, 20).intersection(
            side_box(sign, 8))))  # fmt: skip
        cells.append((f"flank_{side}", below(sign, rib12).intersection(above_crest)
                      .intersection(side_box(sign, 30))))  # fmt: skip
        cells.append((f"mid_back_{side}", below(sign, scapula_line).intersection(band(200, 320))
                      .intersection(side_box(sign, 8))))  # fmt: skip
        cells.append((f"upper_back_{side}", band(100, 240).intersection(side_box(sign, 8))))
        cells.append((f"buttock_upper_{side}", above(sign, diagonal).intersection(band(330, 420))
                      .intersection(side_box(sign, 0))))  # fmt: skip
        cells.append((f"buttock_lower_{side}", above(sign, fold).intersection(band(360, 440))
                      .intersection(side_box(sign, 0))))  # fmt: skip
        fold_u = lambda u: Y_FOLD + 4 - 6 * (u + 1) ** 2 / 4 + 2  # noqa: E731
        cells.append((f"medial_thigh_{side}", leg_cell(sign, -1, -0.55, fold_u, sag(556, 3))))
        cells.append((f"lateral_thigh_{side}", leg_cell(sign, 0.45, 1, 395, sag(556, 3))))
        cells.append((f"posterior_thigh_{side}", leg_cell(sign, -0.55, 0.45, fold_u, sag(556, 3))))
        cells.append((f"medial_knee_{side}", leg_cell(sign, -1, -0.5, sag(556, 3), sag(612, 4))))
        cells.append((f"posterior_knee_{side}", leg_cell(sign, -1, 0.45, sag(556, 3), sag(612, 4))))
        cells.append((f"lateral_knee_{side}", leg_cell(sign, 0.45, 1, sag(556, 3), sag(612, 4))))
        cells.append((f"calf_{side}", leg_cell(sign, -1, 0.4, sag(612, 4), 748)))
        cells.append((f"lateral_leg_{side}", leg_cell(sign, 0.4, 1, sag(612, 4), 748)))
        heel_top = lambda u: 789 - 2 * u * u  # noqa: E731
        cells.append((f"lateral_foot_{side}", foot_cell(sign, "back", "lateral")))
        cells.append((f"instep_{side}", foot_cell(sign, "back", "medial")))
        cells.append((f"ankle_lateral_{side}", leg_cell(sign, 0, 1, 748, heel_top)))
        cells.append((f"ankle_medial_{side}", leg_cell(sign, -1, 0, 748, heel_top)))
        cells.append((f"heel_{side}", below(sign, [(10, 789), (34, 787), (60, 789)]).intersection(
            band(780, 814)).intersection(side_box(sign, 8))))  # fmt: skip
        cells.append((f"sole_{side}", band(806, 900).intersection(side_box(sign, 8))))
    return cells


def front_cells(parts: dict[str, BaseGeometry]) -> list[tuple[str, BaseGeometry]]:
    cells = head_neck_cells("front", parts)
    for sign in (-1, 1):
        cells += arm_cells(sign, "front")
    for sign in (-1, 1):
        cells.append(shoulder_cell(sign, "front"))
    for sign in (-1, 1):
        side = patient_side("front", sign)
        half = side_box(sign, 0)
        costal = [(0, 246), (14, 254), (32, 267), (48, 280), (62, 292), (80, 300), (110, 304)]
        navel_line = [(0, Y_NAVEL), (30, Y_NAVEL - 1), (60, Y_NAVEL - 3), (90, Y_NAVEL - 4)]
        inguinal = [(0, Y_PUBIS), (12, 397), (26, 388), (42, 373), (56, Y_ASIS), (66, 350),
                    (90, 344)]  # fmt: skip
        thigh_top = [(0, Y_CROTCH + 8), (20, 428), (40, 424), (60, 418), (80, 414), (100, 412)]
        flank_edge = [(50, 276), (48, 298), (50, 320), (57, 344)]
        flank_cell = Polygon(
            [at(sign, dx, y) for dx, y in catmull_rom(flank_edge, 8)]
            + [at(sign, 200, 340), at(sign, 200, 280)]
        ).buffer(0)
        cells.append((f"greater_trochanter_{side}", ellipse(MID + sign * 84, 392, 15, 22)))
        cells.append((f"flank_{side}", below(sign, costal).intersection(flank_cell)))
        cells.append((f"chest_{side}", above(sign, costal).intersection(half)))
        cells.append((f"upper_abdomen_{side}", above(sign, navel_line).intersection(half)))
        cells.append((f"lower_abdomen_{side}", above(sign, inguinal).intersection(half)))
        if sign < 0:  # midline: once, before either groin
            cells.append(("perineum", perineum_cell("front")))
        groin = above(sign, thigh_top).intersection(side_box(sign, 0, 40))
        cells.append((f"groin_{side}", groin))
        cells.append((f"anterior_hip_{side}", above(sign, thigh_top).intersection(half)))
        knee_top, knee_bottom = sag(546, 4), sag(610, 3)
        cells.append((f"lateral_thigh_{side}", leg_cell(sign, 0.45, 1, 380, knee_top)))
        cells.append((f"medial_thigh_{side}", leg_cell(sign, -1, -0.4, 380, knee_top)))
        cells.append((f"anterior_thigh_{side}", leg_cell(sign, -0.4, 0.45, 380, knee_top)))
        cells.append((f"lateral_knee_{side}", leg_cell(sign, 0.45, 1, knee_top, knee_bottom)))
        cells.append((f"medial_knee_{side}", leg_cell(sign, -1, -0.4, knee_top, knee_bottom)))
        cells.append((f"anterior_knee_{side}", leg_cell(sign, -1, 0.45, knee_top, knee_bottom)))
        cells.append((f"lateral_leg_{side}", leg_cell(sign, 0.35, 1, knee_bottom, 750)))
        cells.append((f"shin_{side}", leg_cell(sign, -1, 0.35, knee_bottom, 750)))
        # The front of the ankle: across the crease, between the malleoli.
        ankle_top = lambda u: 766 + 4 * u * u  # noqa: E731
        crease = lambda u: 793 - 3 * u * u  # noqa: E731
        cells.append((f"lateral_foot_{side}", foot_cell(sign, "front", "lateral")))
        cells.append((f"instep_{side}", foot_cell(sign, "front", "medial")))
        cells.append((f"anterior_ankle_{side}", leg_cell(sign, -0.55, 0.55, ankle_top, crease)))
        cells.append((f"ankle_lateral_{side}", leg_cell(sign, 0, 1, 750, 787)))
        cells.append((f"ankle_medial_{side}", leg_cell(sign, -1, 0, 750, 787)))
        cells.append((f"dorsum_foot_{side}", band(780, 900).intersection(side_box(sign, 8))))
    return cells


def tile(view: str) -> tuple[Polygon, dict[str, BaseGeometry]]:
    """Cut the silhouette into regions that tile it exactly."""
    body = silhouette(view)
    parts = body_parts(view)
    limbs: dict[int, BaseGeometry] = {}
    for sign, name in ((-1, "a"), (1, "b")):
        limbs[sign] = unary_union([parts[f"arm_{name}"], parts[f"hand_{name}"]]).buffer(3)
    cells = back_cells(parts) if view == "back" else front_cells(parts)
    arm_bases = {"hand", "forearm", "elbow", "upper_arm", "shoulder"}
    taken: BaseGeometry = Polygon()
    regions: dict[str, BaseGeometry] = {}
    for region_id, cell in cells:
        base = region_id.rsplit("_", 1)[0]
        if base not in arm_bases and region_id not in ("head", "neck_front", "neck_back"):
            cell = cell.difference(limbs[-1].intersection(band(214, HEIGHT)))
            cell = cell.difference(limbs[1].intersection(band(214, HEIGHT)))
        piece = body.intersection(cell).difference(taken).buffer(0)
        if piece.is_empty:
            continue
        regions[region_id] = regions[region_id].union(piece) if region_id in regions else piece
        taken = taken.union(piece)
    # Anything left (fillets at the armpits and crotch) joins the region it touches most.
    rest = body.difference(taken).buffer(0)
    leftovers = list(rest.geoms) if hasattr(rest, "geoms") else [rest]
    for crumb in leftovers:
        if crumb.is_empty or crumb.area < 1e-6:
            continue
        grown = crumb.buffer(0.3)
        nearest = max(regions, key=lambda rid: regions[rid].intersection(grown).area)
        regions[nearest] = regions[nearest].union(crumb)
    # Keep each region one piece: small detached slivers join the neighbour they touch most.
    for region_id in list(regions):
        geom = regions[region_id]
        if isinstance(geom, MultiPolygon):
            main = max(geom.geoms, key=lambda g: g.area)
            for piece in geom.geoms:
                if piece is main or piece.area > 60:
                    continue
                grown = piece.buffer(0.3)
                others = [k for k in regions if k != region_id]
                target = max(others, key=lambda k: regions[k].intersection(grown).area)
                regions[target] = regions[target].union(piece).buffer(0)
                geom = geom.difference(piece)
            regions[region_id] = geom.buffer(0)
    return body, {k: v for k, v in regions.items() if not v.is_empty and v.area > 1}


# --------------------------------------------------------------------------------------------
# Landmarks


def landmarks(view: str) -> dict[str, Pt]:
    marks: dict[str, Pt] = {}
    if view == "back":
        for name, y in SPINE.items():
            marks[f"{name}_spinous"] = (MID, y)
        marks.update(
            {
                "s2_foramen_level": (MID, 374.0),
                "s4_foramen_level": (MID, 389.0),
                "sacral_hiatus": (MID, 398.0),
                "coccyx_tip": (MID, 410.0),
            }
        )
    else:
        marks.update({"xiphoid": (MID, 248.0), "umbilicus": (MID, Y_NAVEL), "pubic_symphysis":
                      (MID, Y_PUBIS)})  # fmt: skip
    for sign in (-1, 1):
        side = patient_side(view, sign)
        hand = hand_frame(sign)
        if view == "back":
            marks.update(
                {
                    f"scapula_inferior_angle_{side}": at(sign, 46, Y_T7),
                    f"posterior_axillary_fold_{side}": at(sign, 78, Y_ARMPIT + 2),
                    f"rib12_tip_{side}": at(sign, 60, 298),
                    f"iliac_crest_top_{side}": at(sign, 56, Y_CREST),
                    f"psis_{side}": at(sign, 21, 357),
                    f"greater_trochanter_back_{side}": at(sign, 83, Y_TROCHANTER),
                    f"ischial_tuberosity_{side}": at(sign, 26, 417),
                    f"gluteal_fold_mid_{side}": limb_point("leg", sign, -0.12, Y_FOLD),
                    f"popliteal_crease_mid_{side}": limb_point("leg", sign, 0, Y_KNEE),
                    f"fibular_head_back_{side}": limb_point("leg", sign, 0.75, 606),
                    f"calf_bellies_end_{side}": limb_point("leg", sign, 0, Y_KNEE + 8 * LEG_CUN),
                    f"lateral_malleolus_back_{side}": limb_point("leg", sign, 0.7, Y_MALLEOLUS),
                    f"medial_malleolus_back_{side}": limb_point("leg", sign, -0.7, Y_MALLEOLUS - 5),
                    f"heel_back_{side}": limb_point("leg", sign, 0, 797),
                    f"hand_dorsum_center_{side}": hand(0, 24),
                    f"metacarpal_2_3_base_{side}": hand(3, 12),
                    f"metacarpal_4_5_base_{side}": hand(-5, 12),
                    f"hand_first_web_{side}": hand(8.5, 30),
                    f"metacarpal_5_head_ulnar_{side}": hand(-9.5, 40),
                    f"shoulder_top_mid_{side}": at(sign, 46, 157),
                }
            )
        else:
            marks.update(
                {
                    f"asis_{side}": at(sign, 56, Y_ASIS),
                    f"greater_trochanter_front_{side}": at(sign, 83, Y_TROCHANTER),
                    f"inguinal_mid_{side}": at(sign, 34, 382),
                    f"patella_top_{side}": limb_point("leg", sign, 0.05, Y_PATELLA_TOP),
                    f"patella_lower_{side}": limb_point("leg", sign, 0.05, 596),
                    f"tibial_tuberosity_{side}": limb_point("leg", sign, 0.1, 612),
                    f"fibular_head_front_{side}": limb_point("leg", sign, 0.8, 606),
                    f"medial_tibial_condyle_{side}": limb_point("leg", sign, -0.62, 610),
                    f"lateral_malleolus_front_{side}": limb_point("leg", sign, 0.75, Y_MALLEOLUS),
                    f"medial_malleolus_front_{side}": limb_point(
                        "leg", sign, -0.75, Y_MALLEOLUS - 5
                    ),
                    f"ankle_crease_mid_{side}": limb_point("leg", sign, 0.05, 786),
                    f"metatarsal_1_2_junction_{side}": at(sign, LEG_CENTER(800) - 4, 801),
                    f"metatarsal_4_5_junction_{side}": at(sign, LEG_CENTER(800) + 7, 799),
                }
            )
    return {name: (round(x, 2), round(y, 2)) for name, (x, y) in marks.items()}


LEG_CUN = (Y_MALLEOLUS - Y_KNEE) / 16  # popliteal crease to lateral malleolus = 16 cun
# Greater trochanter to popliteal crease = 19 cun: the WHO thigh measure both views show (the
# trochanter and the knee crease are at the same heights front and back).
THIGH_CUN = (Y_KNEE - Y_TROCHANTER) / 19


def cun_sizes() -> dict[str, float]:
    """Bone-proportional cun per body part, from the proportions the art is drawn on.

    One body, one scale: each part has the same cun in both views, so a point placed in the
    front view and one placed in the back view are measured alike. Trunk: posterior midline to
    the medial border of the scapula = 3 cun (30 px). Thigh: greater trochanter to popliteal
    crease = 19 cun (on this figure-drawing canon the other WHO thigh measures read gluteal
    fold to popliteal crease ~15.6 cun for 14, pubic symphysis to the top of the patella
    ~14.2 cun for 18). Leg: popliteal crease to lateral malleolus = 16 cun. Foot: foreshortened
    in the front view (ankle crease to the toe webs, about 5 cun, spans ~26 px). Hand: wrist
    crease to the finger webs (~46 px) as 10 cun.
    """
    return {
        "trunk": 10.0,
        "thigh": round(THIGH_CUN, 3),
        "leg": round(LEG_CUN, 3),
        "foot": 5.2,
        "hand": 4.6,
    }


# --------------------------------------------------------------------------------------------
# Contours: the lines a person recognises their own body by (not interactive)


def contour_paths(view: str) -> list[tuple[list[Pt], float]]:
    """(polyline, opacity) pairs: creases a little stronger than muscle edges."""
    paths: list[tuple[list[Pt], float]] = []

    def d(points: Sequence[Pt], closed: bool = False) -> list[Pt]:
        pts = closed_curve(points, 8) if closed else catmull_rom(points, 8)
        return [*pts, pts[0]] if closed else pts

    def add(points: Sequence[Pt], opacity: float = 0.5, closed: bool = False) -> None:
        paths.append((d(points, closed), opacity))

    def both(half: Sequence[Pt], opacity: float = 0.5, closed: bool = False) -> None:
        """A pair of lines given as (dx, y) on the viewer's right; mirrored to the left."""
        for sign in (-1, 1):
            add([at(sign, dx, y) for dx, y in half], opacity, closed)

    def leg(points: Sequence[tuple[float, float]], opacity: float = 0.45) -> None:
        for sign in (-1, 1):
            add([limb_point("leg", sign, u, y) for u, y in points], opacity)

    def arm(points: Sequence[tuple[float, float]], opacity: float = 0.4) -> None:
        for sign in (-1, 1):
            add([limb_point("arm", sign, u, y) for u, y in points], opacity)

    # Both views: fingers, thumb crease, ear.
    for sign in (-1, 1):
        hand = hand_frame(sign)
        for u in (-5.2, -1.2, 3.2):
            add([hand(u, 52), hand(u + 0.3, 66), hand(u + 0.2, 76)], 0.45)
        add([hand(9.5, 10), hand(7.5, 24), hand(9.5, 38)], 0.3)
        add([at(sign, 36, TOP + 50), at(sign, 38.5, TOP + 56), at(sign, 37, TOP + 64)], 0.35)
    arm([(0.55, 226), (0.35, 240)], 0.3)  # deltoid insertion
    if view == "back":
        add([(MID, Y_C7), (MID, 250), (MID, SPINE["l5"])], 0.45)  # spinous processes
        for y in SPINE.values():
            add([(MID - 1.6, y), (MID + 1.6, y)], 0.35)
        add([(MID, 402), (MID, 421)], 0.6)  # gluteal cleft
        both([(30, 120), (24, 136), (26, 146), (44, 153)], 0.35)  # trapezius to the neck
        scapula = [(26, 176), (48, 170), (68, 178), (62, 196), (48, Y_T7), (38, 212), (28, 190)]
        both(scapula, 0.45, True)
        both([(34, 182), (50, 180), (66, 184)], 0.3)  # spine of the scapula
        both([(12, 236), (15.5, 280), (17, 320), (14, 348)], 0.35)  # erector spinae, medial
        both([(30, 250), (36, 290), (37, 320), (32, 348)], 0.35)  # erector spinae, lateral
        both([(62, 214), (56, 240), (52, 270)], 0.3)  # latissimus edge
        for sign in (-1, 1):
            add(crest_line(sign), 0.5)
            turns = [a * math.pi / 4 for a in range(8)]
            dimple = [at(sign, 21 + 2.2 * math.cos(t), 357 + 2.2 * math.sin(t)) for t in turns]
            add(dimple, 0.4, True)  # PSIS dimple
        both([(25, 351), (22, 372), (12, 393), (4, 401)], 0.3)  # sacrum
        both([(12.5, 425), (14, 425.5), (30, 430.5), (48, 431), (64, 427), (74, 420)], 0.6)  # fold
        both([(84, 370), (66, 380), (46, 374), (28, 366)], 0.35)  # gluteus medius / maximus
        leg([(0.4, 445), (0.1, 500), (0.0, 545), (-0.05, 572)])  # hamstring split
        leg([(-0.7, 590), (-0.3, 593), (0.1, 593.5), (0.55, 590)], 0.55)  # popliteal crease
        leg([(-0.85, 612), (-0.55, 650), (-0.15, 690)], 0.4)  # gastrocnemius, medial head
        leg([(0.8, 612), (0.5, 648), (0.1, 684)], 0.4)  # gastrocnemius, lateral head
        leg([(0.0, 700), (0.0, 770)], 0.3)  # Achilles tendon
        leg([(-0.9, 770), (-0.7, 777)], 0.35)
        leg([(0.9, 776), (0.7, 781)], 0.35)
        for sign in (-1, 1):
            cx = LEG_CENTER(Y_MALLEOLUS)
            heel_pad = [at(sign, cx - 11, 811), at(sign, cx, 808), at(sign, cx + 12, 811)]
            add(heel_pad, 0.4)
            for u in (-7.5, -2, 3.5, 9):  # toes
                add([at(sign, cx + u, 864 + abs(u) * 0.25), at(sign, cx + u * 1.05, 872)], 0.35)
        arm([(-0.2, 286), (0.1, 290), (0.3, 286)], 0.35)  # olecranon
        arm([(0.2, 214), (0.05, 240), (0.15, 270)], 0.25)  # triceps
    else:
        both([(8, 149), (30, 146.5), (52, 150), (70, 157)], 0.5)  # clavicle
        both([(16, 120), (14, 134), (8, 147)], 0.3)  # sternocleidomastoid
        both([(2, 212), (26, 222), (48, 222), (66, 206)], 0.4)  # pectoral edge
        both([(64, 168), (66, 186), (72, 205)], 0.3)  # deltopectoral groove
        add([(MID, 156), (MID, 244)], 0.35)  # sternum
        both([(3, 247), (16, 255), (34, 268), (50, 281), (62, 292)], 0.45)  # costal margin
        add([(MID, 252), (MID, Y_NAVEL - 5)], 0.3)  # linea alba
        add([(MID, Y_NAVEL + 5), (MID, 386)], 0.25)
        navel = [(MID - 2.6, Y_NAVEL), (MID, Y_NAVEL - 3), (MID + 2.6, Y_NAVEL), (MID, Y_NAVEL + 3)]
        add(navel, 0.55, True)
        both([(24, 252), (30, 290), (29, 330), (22, 372), (12, 392)], 0.35)  # rectus edge
        for y in (276, 298):
            both([(4, y), (14, y + 1), (27, y - 1)], 0.22)  # tendinous intersections
        both([(66, 350), (56, Y_ASIS), (42, 373), (26, 388), (12, 397)], 0.5)  # inguinal line
        both([(64, 300), (68, 325), (70, 340)], 0.25)  # external oblique
        leg([(0.45, 405), (0.15, 470), (0.0, 520), (-0.1, 540)])  # rectus femoris / vastus
        leg([(-0.9, 505), (-0.75, 530), (-0.5, 548), (-0.2, 552)], 0.4)  # vastus medialis
        leg([(0.95, 430), (0.85, 480), (0.7, 530)], 0.3)  # iliotibial band
        leg([(-0.2, 400), (-0.6, 450), (-0.9, 490)], 0.3)  # sartorius
        for sign in (-1, 1):  # patella
            cx = limb_x("leg", sign, 0.05, 572)
            patella = [(cx, Y_PATELLA_TOP + 2), (cx + 10, 556), (cx + 10.5, 572), (cx + 5, 588)]
            patella += [(cx, 594), (cx - 5, 588), (cx - 10.5, 572), (cx - 10, 556)]
            add(patella, 0.45, True)
        leg([(0.1, 612), (-0.15, 680), (-0.1, 745)], 0.4)  # tibial crest
        leg([(0.4, 630), (0.35, 690), (0.15, 740)], 0.25)  # tibialis anterior
        leg([(-0.9, 768), (-0.7, 773)], 0.35)
        leg([(0.9, 773), (0.7, 778)], 0.35)
        leg([(-0.55, 786), (0.0, 789), (0.55, 786)], 0.4)  # ankle crease
        for sign in (-1, 1):
            cx = LEG_CENTER(Y_MALLEOLUS)
            for u, top in ((-7.5, 812), (-1.5, 814), (4.5, 813.5), (10, 811.5), (14.5, 809)):
                add([at(sign, cx + u, top), at(sign, cx + u * 1.05, top + 7)], 0.35)  # toes
        arm([(-0.5, 276), (0.0, 284), (0.45, 280)], 0.35)  # elbow crease
        arm([(-0.3, 214), (-0.1, 245), (-0.35, 272)], 0.25)  # biceps
    # Face: the faintest hint (brow and nose), enough to show which way the figure faces.
    if view == "front":
        add([(MID - 14, TOP + 44), (MID - 6, TOP + 42.5)], 0.25)
        add([(MID + 6, TOP + 42.5), (MID + 14, TOP + 44)], 0.25)
        add([(MID - 1.5, TOP + 50), (MID - 2.5, TOP + 63), (MID + 1.5, TOP + 65)], 0.22)
        add([(MID - 6, TOP + 76), (MID, TOP + 77), (MID + 6, TOP + 76)], 0.22)
    else:
        nape = [(-30, TOP + 70), (-14, TOP + 82), (0, TOP + 84), (14, TOP + 82), (30, TOP + 70)]
        add([(MID + dx, y) for dx, y in nape], 0.25)  # hairline at the nape
    return paths


# --------------------------------------------------------------------------------------------
# Muscles: each one a loft of cross-sections (origin ... belly ... insertion), so the same
# definition gives its outline and its fibre direction (the fibres join matching points of the
# sections, like the hatching of an anatomy atlas). Drawn on the viewer's right and mirrored;
# each is cut to the silhouette and to the regions ``data/muscles.csv`` says it lies in.

Station = Sequence[Pt]  # a cross-section, as (dx from the midline, y) points on the viewer's right


def resample(points: Sequence[Pt], n: int) -> list[Pt]:
    """``n`` points evenly spaced along a polyline (smoothed first when it has 3+ points)."""
    line = LineString(catmull_rom(points, 8) if len(points) > 2 else list(points))
    return [line.interpolate(line.length * i / (n - 1)).coords[0] for i in range(n)]


def leg_station(u0: float, u1: float, y: float) -> list[Pt]:
    """A cross-section of the leg from u0 to u1 (medial -1 .. lateral +1) at height y."""
    return [(limb_x("leg", 1, u0 + (u1 - u0) * i / 4, y) - MID, y) for i in range(5)]


class Loft:
    """One part of a muscle: sections from origin to insertion. The last ``tendon`` intervals
    between sections are its tendon (drawn pale, as an atlas shows the shining tendon)."""

    def __init__(self, *stations: Station, spacing: float = 3.6, tendon: int = 0) -> None:
        self.stations = stations
        self.spacing = spacing
        self.tendon = tendon

    def tendon_part(self, sign: int) -> Polygon | None:
        """The part of the outline beyond the section where the tendon starts (None without
        a tendon): the same fibres, from that section on, so it matches the outline exactly."""
        if not self.tendon:
            return None
        fibres = self.fibres(sign)
        k = (len(self.stations) - 1 - self.tendon) * 10  # 10 samples per section interval
        cut = [fibre[k] for fibre in fibres]
        last = [at(sign, dx, y) for dx, y in resample(self.stations[-1], 24)]
        ring = [*fibres[0][k:], *last, *reversed(fibres[-1][k:]), *reversed(cut)]
        return Polygon(ring).buffer(0)

    def fibres(self, sign: int) -> list[list[Pt]]:
        widest = max(LineString(s).length if len(s) > 1 else 0 for s in self.stations)
        n = max(4, round(widest / self.spacing) + 1)
        sections = [resample(s, n) for s in self.stations]
        return [
            [at(sign, dx, y) for dx, y in catmull_rom([s[i] for s in sections], 10)]
            for i in range(n)
        ]

    def outline(self, sign: int) -> Polygon:
        """Origin section, the last fibre, the insertion section and the first fibre."""
        fibres = self.fibres(sign)
        first = [at(sign, dx, y) for dx, y in resample(self.stations[0], 24)]
        last = [at(sign, dx, y) for dx, y in resample(self.stations[-1], 24)]
        ring = [*fibres[0], *last, *reversed(fibres[-1]), *reversed(first)]
        return Polygon(ring).buffer(0)


# (muscle, view) -> layer and lofts. Layers: "superficial" (the Muscles layer) and "deep" (the
# Deep muscles layer: what lies under once the superficial ones are lifted). Within a layer the
# later entry is drawn on top.
MUSCLE_ART: list[tuple[str, str, str, list[Loft]]] = [
    # --- back, superficial ---------------------------------------------------------------
    ("iliocostalis_thoracis", "back", "superficial", [
        Loft([(33, 212), (37, 213)], [(29, 240), (45, 240)], [(31, 275), (46, 276)],
             [(31, 300), (42, 300)], spacing=3.2),
    ]),
    ("longissimus_thoracis", "back", "superficial", [
        Loft([(15, 212), (19, 212)], [(12, 250), (28, 250)], [(15, 290), (30, 290)],
             [(15, 330), (30, 330)], [(12, 358), (24, 356)], spacing=3.0),
    ]),
    ("iliocostalis_lumborum", "back", "superficial", [
        Loft([(30, 282), (41, 282)], [(30.5, 310), (41.5, 310)], [(29, 335), (39.5, 334)],
             [(24, 356), (33, 354)], spacing=3.0),
    ]),
    ("latissimus_dorsi", "back", "superficial", [
        Loft([(42, 222), (48, 250), (56, 278), (64, 300)],
             [(58, 214), (64, 238), (70, 262), (76, 282)],
             [(72, 206), (76, 218), (80, 232), (82, 244)], spacing=4.0),
    ]),
    ("gluteus_medius", "back", "superficial", [
        Loft([(26, 350), (38, 343), (56, 339), (74, 343), (90, 356)],
             [(36, 360), (50, 362), (64, 366), (78, 372), (90, 374)],
             [(62, 378), (70, 382), (78, 384), (84, 384), (90, 383)], spacing=4.0),
    ]),
    ("gluteus_maximus", "back", "superficial", [
        Loft([(24, 351), (21, 368), (15, 384), (9, 398), (3, 414)],
             [(44, 362), (43, 380), (39, 398), (34, 414), (28, 427)],
             [(64, 380), (67, 394), (68, 406), (66, 418), (62, 430)], spacing=3.8),
    ]),
    ("hamstrings", "back", "superficial", [
        Loft(leg_station(-0.4, -0.12, 432), leg_station(-0.6, -0.07, 485),
             leg_station(-0.6, -0.08, 530), leg_station(-0.49, -0.2, 566),
             leg_station(-0.48, -0.36, 604), spacing=3.2, tendon=1),
        Loft(leg_station(-0.06, 0.22, 436), leg_station(-0.02, 0.48, 490),
             leg_station(0.0, 0.5, 530), leg_station(0.2, 0.44, 566),
             leg_station(0.32, 0.44, 604), spacing=3.2, tendon=1),
    ]),
    ("adductor_magnus", "back", "superficial", [
        Loft(leg_station(-0.98, -0.6, 436), leg_station(-0.98, -0.62, 480),
             leg_station(-0.9, -0.7, 540), spacing=3.0),
    ]),
    ("soleus", "back", "superficial", [
        Loft(leg_station(-0.99, -0.86, 640), leg_station(-0.98, -0.62, 690),
             leg_station(-0.9, -0.2, 722), leg_station(-0.5, -0.05, 748), spacing=2.6,
             tendon=1),
        Loft(leg_station(0.3, 0.39, 650), leg_station(0.18, 0.39, 695),
             leg_station(0.05, 0.39, 722), leg_station(0.0, 0.3, 748), spacing=2.6,
             tendon=1),
    ]),
    ("gastrocnemius", "back", "superficial", [
        Loft(leg_station(-0.46, -0.2, 596), leg_station(-0.62, -0.18, 617),
             leg_station(-0.95, -0.17, 640), leg_station(-0.9, -0.16, 668),
             leg_station(-0.45, -0.14, 704), spacing=2.8),
        Loft(leg_station(-0.12, 0.3, 596), leg_station(-0.13, 0.38, 628),
             leg_station(-0.13, 0.36, 660), leg_station(-0.13, 0.0, 692), spacing=2.8),
    ]),
    # --- back, deep ----------------------------------------------------------------------
    ("serratus_posterior_inferior", "back", "deep", [
        Loft([(8, 262), (8, 270)], [(36, 256), (36, 265)], [(62, 248), (64, 256)], spacing=2.2),
        Loft([(8, 273), (8, 281)], [(36, 266.5), (36, 275.5)], [(64, 259), (66, 267)],
             spacing=2.2),
        Loft([(8, 283), (8, 291)], [(36, 276), (36, 284.5)], [(66, 268), (67, 276)],
             spacing=2.2),
        Loft([(8, 295), (8, 303)], [(36, 287.5), (36, 296)], [(67, 281), (67, 289)],
             spacing=2.2),
    ]),
    ("multifidus", "back", "deep", [
        Loft([(3, 286), (14, 286)], [(3, 320), (15, 320)], [(3, 352), (17, 352)],
             [(3, 372), (16, 372)], [(3, 392), (9, 392)], spacing=2.4),
    ]),
    ("quadratus_lumborum", "back", "deep", [
        Loft([(17, 291), (30, 292), (44, 295)], [(18, 316), (38, 317), (58, 322)],
             [(23, 348), (44, 340), (66, 345)], spacing=3.2),
    ]),
    ("gluteus_medius", "back", "deep", [
        Loft([(26, 350), (38, 343), (56, 339), (74, 343), (90, 356)],
             [(34, 357), (48, 355), (62, 356), (78, 360), (90, 368)],
             [(76, 378), (80, 376), (84, 375), (87, 375), (90, 376)], spacing=4.0),
    ]),
    ("gluteus_minimus", "back", "deep", [
        Loft([(36, 374), (48, 367), (64, 362), (80, 363)],
             [(54, 385), (62, 378), (72, 372), (82, 369)],
             [(85, 382), (86, 378), (87, 375), (88, 373)], spacing=3.2),
    ]),
    ("piriformis", "back", "deep", [
        Loft([(16, 372), (18, 384), (20, 398)], [(40, 378.5), (42, 389), (45, 399.5)],
             [(62, 385), (62, 392), (62, 398.5)], [(86, 384), (86, 387), (86, 390)],
             spacing=3.0, tendon=1),
    ]),
    ("obturator_internus", "back", "deep", [
        Loft([(22, 403), (24, 410), (26, 416)], [(40, 404), (40, 409), (40, 414)],
             [(84, 394), (84, 397), (84, 400)], spacing=2.6),
    ]),
    ("coccygeus", "back", "deep", [
        Loft([(4, 393), (5, 402), (4.5, 412)], [(14, 396), (14, 403), (14, 408)],
             [(24, 399.5), (24, 400.5), (24, 401.5)], spacing=2.4),
    ]),
    ("levator_ani", "back", "deep", [
        Loft([(4, 414), (5, 422), (4, 430)], [(14, 411), (15, 420), (12, 430)],
             [(26, 405), (28, 416), (22, 428)], spacing=2.6),
    ]),
    ("soleus", "back", "deep", [
        Loft(leg_station(-0.75, 0.78, 614), leg_station(-0.92, 0.92, 650),
             leg_station(-0.9, 0.9, 700), leg_station(-0.45, 0.45, 728),
             leg_station(-0.2, 0.2, 762), spacing=3.0, tendon=1),
    ]),
    # --- front, superficial --------------------------------------------------------------
    ("rectus_abdominis", "front", "superficial", [
        Loft([(1.5, 247), (24, 250)], [(1.5, 290), (25, 290)], [(1.5, 340), (23, 340)],
             [(1.5, 380), (16, 380)], [(1.5, 398), (9, 398)], spacing=3.0),
    ]),
    ("abdominal_obliques", "front", "superficial", [
        Loft([(64, 252), (70, 284), (71, 318), (70, 350)],
             [(46, 270), (50, 302), (50, 336), (44, 368)],
             [(27, 280), (28, 314), (26, 350), (22, 384)], spacing=4.0),
    ]),
    ("tensor_fasciae_latae", "front", "superficial", [
        Loft([(55, 360), (62, 356)], [(62, 384), (76, 380)], [(72, 412), (86, 408)],
             [(80, 440), (84, 440)], spacing=2.8),
    ]),
    ("pectineus", "front", "superficial", [
        Loft([(12, 400), (30, 393)], [(16, 414), (30, 410)], [(24, 432), (31, 430)],
             spacing=2.6),
    ]),
    ("adductor_longus", "front", "superficial", [
        Loft([(5, 405), (10, 403)], [(6, 428), (24, 421)], leg_station(-0.78, -0.52, 470),
             leg_station(-0.62, -0.5, 500), spacing=2.6),
    ]),
    ("rectus_femoris", "front", "superficial", [
        Loft([(50, 372), (54, 372)], [(42, 410), (54, 410)], leg_station(-0.35, 0.35, 460),
             leg_station(-0.3, 0.3, 510), leg_station(-0.15, 0.2, 545), spacing=3.0,
             tendon=1),
    ]),
    ("vastus_lateralis", "front", "superficial", [
        Loft(leg_station(0.62, 0.98, 420), leg_station(0.48, 0.99, 470),
             leg_station(0.46, 0.98, 520), leg_station(0.3, 0.8, 560), spacing=3.0),
    ]),
    ("tibialis_anterior", "front", "superficial", [
        Loft(leg_station(0.0, 0.34, 616), leg_station(-0.05, 0.33, 660),
             leg_station(-0.15, 0.2, 720), leg_station(-0.4, -0.2, 760), spacing=2.6,
             tendon=1),
    ]),
    ("long_toe_extensors", "front", "superficial", [
        Loft(leg_station(0.37, 0.6, 618), leg_station(0.37, 0.65, 670),
             leg_station(0.2, 0.45, 735), leg_station(0.0, 0.25, 765), spacing=2.4,
             tendon=1),
    ]),
    ("peroneus_longus", "front", "superficial", [
        Loft(leg_station(0.63, 0.98, 616), leg_station(0.68, 0.99, 660),
             leg_station(0.75, 0.98, 710), leg_station(0.8, 0.95, 745), spacing=2.6,
             tendon=1),
    ]),
    # --- front, deep ---------------------------------------------------------------------
    ("iliopsoas", "front", "deep", [
        Loft([(12, 292), (26, 294)], [(17, 326), (36, 328)], [(24, 370), (40, 372)],
             [(30, 410), (38, 410)], [(34, 428), (38, 428)], spacing=2.8),
        Loft([(36, 348), (48, 339), (62, 342)], [(36, 372), (46, 368), (57, 366)],
             [(35, 402), (38.5, 402), (42, 402)], spacing=3.0),
    ]),
    ("gluteus_minimus", "front", "deep", [
        Loft([(62, 356), (68, 353), (76, 358)], [(66, 372), (74, 370), (82, 374)],
             [(74, 390), (79, 390), (84, 390)], spacing=3.0),
    ]),
    ("adductor_magnus", "front", "deep", [
        Loft(leg_station(-0.98, -0.6, 436), leg_station(-0.98, -0.5, 480),
             leg_station(-0.9, -0.55, 530), spacing=3.0),
    ]),
]  # fmt: skip

MUSCLE_MIN_AREA = 8.0  # px²: anything smaller after clipping is not drawn


def muscle_lies_in(root: Path = ROOT) -> dict[str, list[str]]:
    with (root / "data" / "muscles.csv").open(encoding="utf-8") as handle:
        return {row["id"]: row["lies_in"].split() for row in csv.DictReader(handle)}


def muscle_layer(view: str, body: Polygon, regions: dict[str, BaseGeometry]) -> list[dict]:
    """The drawn muscles of ``view``: one entry per muscle, side and layer, drawing order."""
    lies_in = muscle_lies_in()
    inside = body.buffer(-0.6)
    out: list[dict] = []
    for muscle_id, art_view, layer, lofts in MUSCLE_ART:
        if art_view != view:
            continue
        if muscle_id not in lies_in:
            raise SystemExit(f"{muscle_id} is drawn but not in data/muscles.csv")
        for sign in (-1, 1):
            side = patient_side(view, sign)
            allowed = unary_union(
                [regions[r] for b in lies_in[muscle_id] for r in (f"{b}_{side}", b) if r in regions]
            ).buffer(0)
            clip = allowed.intersection(inside).intersection(side_box(sign, 0.4))
            shape_ = unary_union([loft.outline(sign) for loft in lofts]).intersection(clip)
            # Round the corners the cut leaves (an opening only ever shrinks the shape).
            shape_ = shape_.buffer(-1.2, 16).buffer(1.2, 16).intersection(clip).simplify(0.03)
            polys = [g for g in getattr(shape_, "geoms", [shape_]) if g.geom_type == "Polygon"]
            polys = [p for p in polys if p.area >= MUSCLE_MIN_AREA]
            if not polys:
                raise SystemExit(f"{muscle_id} ({view}, {side}) is cut away entirely")
            kept = unary_union(polys)
            tendon_geoms = [t for loft in lofts if (t := loft.tendon_part(sign)) is not None]
            tendons = []
            if tendon_geoms:
                tendon_shape = unary_union(tendon_geoms).intersection(kept)
                for g in getattr(tendon_shape, "geoms", [tendon_shape]):
                    if g.geom_type == "Polygon" and g.area >= 1.0:
                        tendons.append(
                            [[round(x, 2), round(y, 2)] for x, y in list(g.exterior.coords)[:-1]]
                        )
            fibres = []
            for loft in lofts:
                for fibre in loft.fibres(sign):
                    piece = LineString(fibre).intersection(kept.buffer(-0.5))
                    for line in getattr(piece, "geoms", [piece]):
                        if line.geom_type == "LineString" and line.length > 2:
                            fibres.append([[round(x, 1), round(y, 1)] for x, y in line.coords])
            out.append(
                {
                    "muscle": muscle_id,
                    "side": side,
                    "layer": layer,
                    "polygons": [
                        [[round(x, 2), round(y, 2)] for x, y in list(p.exterior.coords)[:-1]]
                        for p in polys
                    ],
                    "fibres": fibres,
                    "tendons": tendons,
                }
            )
    return out


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
    "medial_knee": "Inner knee",
    "calf": "Calf",
    "lateral_leg": "Outer lower leg",
    "shin": "Shin",
    "ankle_lateral": "Outer ankle",
    "ankle_medial": "Inner ankle",
    "heel": "Heel",
    "sole": "Sole of foot",
    "dorsum_foot": "Top of foot",
    "anterior_ankle": "Front of ankle",
    "lateral_foot": "Outer edge of foot",
    "instep": "Inner arch of foot (instep)",
    "perineum": "Saddle area (perineum)",
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
        "perineum",
    ),
    "thigh_knee": (
        "posterior_thigh",
        "lateral_thigh",
        "anterior_thigh",
        "medial_thigh",
        "posterior_knee",
        "anterior_knee",
        "lateral_knee",
        "medial_knee",
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
        "anterior_ankle",
        "lateral_foot",
        "instep",
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
        'stroke-width="0.9" stroke-linecap="round" stroke-linejoin="round">'
    )
    inside = body.buffer(-0.8)
    for points, opacity in contour_paths(view):
        clipped = LineString(points).intersection(inside)
        for line in getattr(clipped, "geoms", [clipped]):
            if line.geom_type == "LineString" and line.length > 1.5:
                d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in line.coords)
                lines.append(f'    <path d="{d}" stroke-opacity="{opacity:g}"/>')
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


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT, help="write assets/ and data/ here")
    root = parser.parse_args(argv).out
    out_dir = root / "assets" / "body"
    out_dir.mkdir(parents=True, exist_ok=True)
    views: dict[str, dict[str, BaseGeometry]] = {}
    meta: dict[str, object] = {}
    muscles: dict[str, list[dict]] = {}
    for view in ("front", "back"):
        body, regions = tile(view)
        views[view] = regions
        write_svg(view, body, regions, out_dir / f"{view}.svg")
        muscles[view] = muscle_layer(view, body, regions)
        meta[view] = {
            "viewbox": [0, 0, WIDTH, HEIGHT],
            "midline_x": MID,
            "cun_px": cun_sizes(),
            "landmarks": landmarks(view),
        }
    (out_dir / "landmarks.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    (out_dir / "muscles.json").write_text(
        json.dumps(muscles, separators=(",", ":")) + "\n", encoding="utf-8"
    )

    # Catalogue order = keyboard order: head to feet, left before right.
    def sort_key(region_id: str) -> tuple[float, int, str]:
        ys = []
        for regions in views.values():
            if region_id in regions:
                ys.append(regions[region_id].centroid.y)
        _, side = split_id(region_id)
        return (round(min(ys) / 12), {"left": 0, "midline": 1, "right": 2}[side], region_id)

    all_ids = sorted({rid for regions in views.values() for rid in regions}, key=sort_key)
    (root / "data").mkdir(parents=True, exist_ok=True)
    with (root / "data" / "regions.csv").open("w", newline="", encoding="utf-8") as handle:
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


if __name__ == "__main__":
    main()
