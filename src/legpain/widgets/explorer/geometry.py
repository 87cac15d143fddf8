"""Drawing of the explorer's body map: SVG paths for every vocabulary region, in five views.

This is geometry only (where a shape is drawn), not clinical data: which root or nerve supplies
a region comes from ``legpain.knowledge.anatomy``. Each leg is drawn from two smooth contours (its outer
and inner edge); a region of the leg is the patch between two fractions of the width and two
heights, so every shape follows the outline of the limb.

Views: front and back of the lower body (both legs), tops of the feet, soles, and the saddle
area seen from below. The patient's right is on the viewer's left in the front view and on the
viewer's right in the back view, as on printed dermatome charts.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Sequence

Point = tuple[float, float]

WIDTH, HEIGHT = 520, 900
FRONT_X, BACK_X, LEGS_TOP = 130.0, 390.0, 58.0
ROW2_TOP = 700.0
MIDLINE = ("low back", "perineum", "perianal area")

# Outer (lateral) and inner (medial) edge of one leg: (height, distance from the midline).
_LATERAL = [(-30, 70), (0, 68), (40, 76), (80, 86), (125, 92), (175, 89), (235, 81), (295, 71),
            (335, 66), (372, 69), (405, 69), (455, 62), (500, 56), (528, 56), (548, 58), (570, 60)]
_MEDIAL = [(60, 2.5), (120, 2.5), (160, 3.0), (185, 6), (240, 13), (295, 20), (332, 22),
           (352, 20), (378, 16), (410, 17), (455, 24), (500, 30), (528, 30), (548, 28),
           (570, 26)]


def _spline(points: Sequence[tuple[float, float]]) -> Callable[[float], float]:
    """A smooth function through (t, value) points (Catmull-Rom), flat outside the range."""
    ts = [p[0] for p in points]
    vs = [p[1] for p in points]

    def value(t: float) -> float:
        if t <= ts[0]:
            return vs[0]
        if t >= ts[-1]:
            return vs[-1]
        i = max(k for k in range(len(ts) - 1) if ts[k] <= t)
        t0, t1 = ts[i], ts[i + 1]
        h = t1 - t0
        s = (t - t0) / h
        m0 = (vs[i + 1] - vs[i - 1]) / (ts[i + 1] - ts[i - 1]) * h if i > 0 else vs[i + 1] - vs[i]
        m1 = ((vs[i + 2] - vs[i]) / (ts[i + 2] - ts[i]) * h if i + 2 < len(ts)
              else vs[i + 1] - vs[i])
        s2, s3 = s * s, s * s * s
        return ((2 * s3 - 3 * s2 + 1) * vs[i] + (s3 - 2 * s2 + s) * m0
                + (-2 * s3 + 3 * s2) * vs[i + 1] + (s3 - s2) * m1)

    return value


lateral = _spline(_LATERAL)
medial = _spline(_MEDIAL)


def leg(f: float, y: float) -> Point:
    """Local point at fraction ``f`` of the width (0 outer edge, 1 inner edge), height ``y``."""
    xl, xm = lateral(y), medial(y)
    return (xl + f * (xm - xl), y)


def _range(a: float, b: float, step: float = 6.0) -> list[float]:
    n = max(2, int(math.ceil(abs(b - a) / step)) + 1)
    return [a + (b - a) * i / (n - 1) for i in range(n)]


def patch(f0: float, f1: float, y0: float | Callable[[float], float],
          y1: float | Callable[[float], float]) -> list[Point]:
    """Closed outline of the leg patch between fractions f0..f1 and heights y0..y1.

    A height bound may be a function of the fraction (e.g. the groin crease, which slopes).
    """
    ya = y0 if callable(y0) else (lambda _f, v=y0: v)
    yb = y1 if callable(y1) else (lambda _f, v=y1: v)
    out = [leg(f, ya(f)) for f in _range(f0, f1, 0.1)]
    out += [leg(f1, y) for y in _range(ya(f1), yb(f1))]
    out += [leg(f, yb(f)) for f in _range(f1, f0, 0.1)]
    out += [leg(f0, y) for y in _range(yb(f0), ya(f0))]
    return out


def ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 24) -> list[Point]:
    return [(cx + rx * math.cos(2 * math.pi * i / n), cy + ry * math.sin(2 * math.pi * i / n))
            for i in range(n)]


def _place(points: Iterable[Point], ox: float, oy: float, sign: float, scale: float = 1.0
           ) -> list[Point]:
    return [(ox + sign * x * scale, oy + y * scale) for x, y in points]


def _d(points: Sequence[Point]) -> str:
    head = f"M{points[0][0]:.1f},{points[0][1]:.1f}"
    return head + "".join(f"L{x:.1f},{y:.1f}" for x, y in points[1:]) + "Z"


# Heights of the main landmarks (local units).
GROIN_TOP, CROTCH = 98.0, 178.0
KNEE_TOP, KNEE_MID, KNEE_BOTTOM = 300.0, 332.0, 366.0
ANKLE = 538.0


def groin_crease(f: float) -> float:
    """Height of the groin crease / top of the thigh in front, from the hip (f=0) to the crotch."""
    return GROIN_TOP + (CROTCH - GROIN_TOP) * f ** 1.25


def gluteal_fold(f: float) -> float:
    """Height of the fold under the buttock, from the outer hip (f=0) to the natal cleft (f=1)."""
    return 168.0 + 26.0 * math.sin(math.pi * min(1.0, f) * 0.75) - 8.0 * f


def _front_leg() -> list[tuple[str, list[Point]]]:
    shapes = [
        ("groin", _groin()),
        ("lateral thigh", patch(0.0, 0.17, lambda f: groin_crease(f) - 4, KNEE_MID)),
        ("anterolateral thigh", patch(0.17, 0.43, groin_crease, KNEE_TOP)),
        ("anterior thigh", patch(0.43, 0.72, groin_crease, KNEE_TOP)),
        ("medial thigh", patch(0.72, 1.0, groin_crease, KNEE_TOP - 4)),
        ("anterior knee", patch(0.22, 0.70, KNEE_TOP, KNEE_BOTTOM - 6)),
        ("medial knee", patch(0.70, 1.0, KNEE_TOP - 4, KNEE_BOTTOM)),
        ("anterior leg", patch(0.26, 0.68, KNEE_BOTTOM - 6, ANKLE + 10)),
        ("lateral leg", patch(0.0, 0.26, KNEE_MID, ANKLE + 10)),
        ("medial leg", patch(0.68, 1.0, KNEE_BOTTOM, ANKLE + 10)),
        ("medial malleolus", ellipse(*leg(0.9, 522), 7.5, 9)),
        ("lateral malleolus", ellipse(*leg(0.08, 532), 7, 9)),
    ]
    # The lateral part of the knee belongs to the lateral thigh above and the lateral leg below;
    # the gap between the anterior knee and the lateral edge is filled by widening those two.
    shapes.append(("lateral thigh", patch(0.0, 0.22, KNEE_MID - 30, KNEE_MID)))
    shapes.append(("lateral leg", patch(0.0, 0.26, KNEE_MID, KNEE_BOTTOM)))
    return shapes + _front_foot()


def _groin() -> list[Point]:
    crease = [leg(f, groin_crease(f)) for f in _range(0.18, 1.0, 0.04)]
    upper = [(x - 2 - 8 * (1 - i / len(crease)), y - 17) for i, (x, y) in enumerate(crease)]
    upper[-1] = (7.0, upper[-1][1])
    return crease + [(3.5, CROTCH - 10)] + list(reversed(upper))


# The foot seen from the front points at the viewer, so it looks short and wide (local units).
_FRONT_FOOT_TOES = [(67, 592, 60, 599), (60, 592, 53, 601), (53, 591, 46, 603),
                    (46, 590, 38.5, 605), (38.5, 590, 22, 609)]  # little toe ... great toe


def _front_foot() -> list[tuple[str, list[Point]]]:
    """Foot regions in the front view, from the ankle (y=548) to the tips of the toes."""
    return [
        ("dorsum of foot", [(53, 548), (57, 570), (61, 590), (53, 591), (46, 590), (41, 590),
                            (37, 589), (29, 589), (31, 570), (34, 548)]),
        ("first web space", [(36, 589), (41, 590), (38.5, 597)]),
        ("great toe", _rounded_toe((38.5, 590), (22, 592), 609)),
        ("little toe", _rounded_toe((67, 592), (60, 592), 599)),
        ("lateral foot", [(58, 548), (63, 575), (67, 592), (61, 590), (57, 570), (53, 548)]),
        ("medial foot", [(28, 548), (26, 570), (22, 592), (29, 589), (31, 570), (34, 548)]),
    ]


def _front_foot_outline() -> list[Point]:
    pts: list[Point] = [(58, 548), (63, 575)]
    for x0, y0, x1, tip in _FRONT_FOOT_TOES:
        pts += _rounded_toe((x0, y0), (x1, y0), tip)
    return pts + [(26, 570), (28, 548)]


def _rounded_toe(a: Point, b: Point, tip_y: float) -> list[Point]:
    """A toe hanging below the segment a-b, with a rounded tip at height tip_y."""
    (ax, ay), (bx, by) = a, b
    base = max(ay, by)
    pts = []
    for i in range(13):
        t = math.pi * i / 12
        x = ax + (bx - ax) * (1 - math.cos(t)) / 2
        pts.append((x, ay + (by - ay) * i / 12 + (tip_y - base) * math.sin(t) ** 0.7))
    return pts


def _piecewise(points: Sequence[tuple[float, float]]) -> Callable[[float], float]:
    """Straight lines through (f, y) points; flat beyond the ends."""
    def value(f: float) -> float:
        if f <= points[0][0]:
            return points[0][1]
        for (f0, y0), (f1, y1) in zip(points, points[1:], strict=False):
            if f <= f1:
                return y0 + (y1 - y0) * (f - f0) / (f1 - f0)
        return points[-1][1]
    return value


# The diamond of the popliteal fossa (back of the knee): its upper and lower borders.
_FOSSA = (0.18, 0.80)
fossa_top = _piecewise([(0.18, KNEE_MID), (0.34, KNEE_TOP + 14), (0.5, KNEE_TOP + 8),
                        (0.66, KNEE_TOP + 14), (0.80, KNEE_MID)])
fossa_bottom = _piecewise([(0.18, KNEE_MID), (0.28, KNEE_BOTTOM - 8), (0.5, KNEE_BOTTOM + 4),
                           (0.72, KNEE_BOTTOM - 8), (0.80, KNEE_MID)])


def _back_leg() -> list[tuple[str, list[Point]]]:
    heel_top = 505.0
    shapes = [
        ("buttock", _buttock()),
        ("lateral thigh", patch(0.0, 0.13, 150.0, KNEE_MID)),
        ("posterolateral thigh", patch(0.13, 0.40, gluteal_fold, fossa_top)),
        ("posterior thigh", patch(0.40, 0.80, gluteal_fold, fossa_top)),
        ("medial thigh", patch(0.80, 1.0, gluteal_fold, KNEE_MID)),
        ("popliteal fossa", patch(_FOSSA[0], _FOSSA[1], fossa_top, fossa_bottom)),
        ("calf", patch(0.22, 0.78, fossa_bottom, heel_top)),
        ("lateral leg", patch(0.0, 0.22, KNEE_MID, ANKLE + 10)),
        ("medial leg", patch(0.78, 1.0, KNEE_MID, ANKLE + 10)),
        ("medial malleolus", ellipse(*leg(0.91, 522), 6.5, 9)),
        ("lateral malleolus", ellipse(*leg(0.09, 532), 6.5, 9)),
        ("heel", _heel(0.26, 0.80, heel_top)),
        ("lateral heel", _heel(0.04, 0.26, heel_top + 16)),
    ]
    # The small triangles beside the fossa belong to the thigh above and the leg below.
    shapes.append(("posterolateral thigh", patch(0.13, 0.22, fossa_top, KNEE_MID)))
    shapes.append(("calf", patch(0.13, 0.22, KNEE_MID, fossa_bottom)))
    shapes.append(("calf", patch(0.78, 0.87, KNEE_MID, fossa_bottom)))
    return shapes


def _heel(f0: float, f1: float, y0: float) -> list[Point]:
    bottom = ANKLE + 30

    def depth(f: float) -> float:
        return bottom - 16 * ((f - 0.5) / 0.5) ** 2

    return patch(f0, f1, y0, depth)


def _details() -> list[dict]:
    """Thin landmark lines (navel, kneecaps, spine, creases) that make the figure readable."""
    out = []
    for sign_f, sign_b in ((1, -1), (-1, 1)):
        knee = leg(0.46, KNEE_MID - 1)
        out.append({"view": "front", "d": _d(_place(ellipse(*knee, 11, 15), FRONT_X, LEGS_TOP,
                                                   sign_f))})
        crease = [leg(f, fossa_top(f) + 24) for f in _range(0.22, 0.78, 0.08)]
        out.append({"view": "back", "d": _d(_place(crease, BACK_X, LEGS_TOP, sign_b))[:-1]})
        achilles = [leg(0.5, 470), leg(0.5, 520)]
        out.append({"view": "back", "d": _d(_place(achilles, BACK_X, LEGS_TOP, sign_b))[:-1]})
        shin = [leg(0.55, KNEE_BOTTOM + 4), leg(0.6, 450), leg(0.64, 515)]
        out.append({"view": "front", "d": _d(_place(shin, FRONT_X, LEGS_TOP, sign_f))[:-1]})
        # The groove between the two heads of the calf muscle.
        calf_split = [leg(0.5, KNEE_BOTTOM + 10), leg(0.5, 430)]
        out.append({"view": "back", "d": _d(_place(calf_split, BACK_X, LEGS_TOP, sign_b))[:-1]})
        dimple = ellipse(16, 78, 2.2, 1.6, 12)
        out.append({"view": "back", "d": _d(_place(dimple, BACK_X, LEGS_TOP, sign_b))})
    out.append({"view": "front", "d": _d(_place(ellipse(0, 6, 2.5, 3.5), FRONT_X, LEGS_TOP, 1))})
    out.append({"view": "back", "d": _d(_place([(0, -28), (0, 96)], BACK_X, LEGS_TOP, 1))[:-1]})
    return out


def _diamond() -> list[Point]:
    top, bottom, mid = KNEE_TOP + 8, KNEE_BOTTOM + 4, KNEE_MID + 2
    return [leg(0.5, top), leg(0.66, top + 6), leg(0.80, mid), leg(0.72, bottom - 10),
            leg(0.5, bottom), leg(0.26, bottom - 10), leg(0.18, mid), leg(0.33, top + 6)]


def _buttock() -> list[Point]:
    top = [(2.5 + (lateral(86) - 2.5) * t, 100 - 16 * math.sin(math.pi * t * 0.9)) for t in
           [i / 12 for i in range(13)]]
    side = [(lateral(y), y) for y in _range(86, gluteal_fold(0.0))]
    fold = [leg(f, gluteal_fold(f)) for f in _range(0.0, 1.0, 0.04)]
    cleft = [(2.5, y) for y in _range(gluteal_fold(1.0), 100)]
    return top + side + fold + cleft


def _trunk_back() -> list[tuple[str, list[Point]]]:
    flank = [(52, 0)] + [(lateral(y), y) for y in _range(0, 84)] + [(52, 88)]
    low_back = ([(-52, 0), (52, 0), (52, 88)]
                + [(2.5 + (52 - 2.5) * (1 - t), 100 - 16 * math.sin(math.pi * (1 - t) * 0.9 * 0.6))
                   for t in [i / 8 for i in range(9)]]
                + [(-2.5 - (52 - 2.5) * t, 100 - 16 * math.sin(math.pi * t * 0.9 * 0.6))
                   for t in [i / 8 for i in range(9)]] + [(-52, 88)])
    return [("low back", low_back), ("flank", flank)]


def _trunk_front() -> list[tuple[str, list[Point]]]:
    flank = [(56, 0)] + [(lateral(y), y) for y in _range(0, 78)] + [(60, 74)]
    return [("flank", flank)]


def _silhouette(view: str) -> list[Point]:
    """Outline of one half of the lower body (trunk from the waist down, one leg)."""
    top = -30.0
    outer = [(lateral(y), y) for y in _range(top, ANKLE + 10)]
    if view == "front":
        bottom = _front_foot_outline()
        inner = [(medial(y), y) for y in _range(ANKLE + 10, CROTCH)] + [(0.0, CROTCH - 6)]
    else:
        bottom = [leg(f, ANKLE + 30 - 16 * ((f - 0.5) / 0.5) ** 2) for f in _range(0, 1, 0.05)]
        inner = [(medial(y), y) for y in _range(ANKLE + 10, 100)] + [(0.0, 100)]
    return outer + bottom + inner


def _foot_outline() -> list[Point]:
    """One foot seen from above (toes up), local: outer edge at x=0, inner edge at x=46."""
    return [(2, 42), (0, 60), (3, 85), (8, 108), (14, 122), (24, 128), (34, 126), (40, 116),
            (41, 100), (44, 78), (48, 52), (50, 30), (49, 16), (44, 4), (37, 1), (31, 6), (29, 14),
            (24, 8), (18, 12), (12, 20), (6, 26), (2, 32)]


def _foot_views() -> list[tuple[str, str, list[Point]]]:
    """Regions of the top of the foot and of the sole (foot coordinates, x: outer -> inner)."""
    dorsum_top = [
        ("top", "great toe", [(33, 8), (37, 1), (44, 4), (49, 16), (50, 30), (45, 32), (36, 30),
                              (32, 20)]),
        # The first web space with the facing sides of the first two toes (the skin of the deep
        # fibular nerve), drawn wide enough to tap.
        ("top", "first web space", [(29, 16), (32, 20), (36, 30), (37, 46), (22, 48), (20, 36),
                                     (22, 25)]),
        ("top", "little toe", [(2, 32), (6, 26), (12, 21), (14, 28), (12, 38), (3, 41)]),
        ("top", "dorsum of foot", [(14, 28), (18, 30), (22, 25), (20, 36), (22, 48), (37, 46),
                                   (36, 30), (45, 32), (42, 52), (38, 76), (35, 100), (30, 110),
                                   (16, 110), (11, 90), (10, 62), (12, 38)]),
        ("top", "lateral foot", [(3, 41), (12, 38), (10, 62), (11, 90), (16, 110), (14, 122),
                                 (8, 108), (3, 85), (0, 60), (2, 42)]),
        ("top", "medial foot", [(45, 32), (50, 30), (48, 52), (44, 78), (41, 100), (40, 116),
                                (34, 126), (30, 110), (35, 100), (38, 76), (42, 52)]),
    ]
    sole = [
        ("sole", "great toe", [(33, 8), (37, 1), (44, 4), (49, 16), (50, 28), (44, 30), (35, 26),
                               (32, 18)]),
        ("sole", "little toe", [(2, 32), (6, 26), (12, 21), (14, 28), (12, 36), (4, 38)]),
        ("sole", "sole", [(4, 38), (12, 36), (14, 28), (18, 30), (24, 28), (30, 27), (35, 26),
                          (44, 30), (50, 28), (48, 50), (40, 58), (36, 78), (36, 96), (14, 96),
                          (10, 74), (10, 56), (6, 44)]),
        ("sole", "lateral foot", [(2, 42), (4, 38), (6, 44), (10, 56), (10, 74), (12, 92),
                                  (4, 86), (0, 60)]),
        ("sole", "medial foot", [(48, 50), (44, 78), (41, 96), (36, 96), (36, 78), (40, 58)]),
        ("sole", "heel", [(16, 96), (41, 96), (40, 116), (34, 126), (24, 128), (18, 122)]),
        ("sole", "lateral heel", [(4, 86), (12, 92), (16, 96), (18, 122), (14, 122), (8, 108),
                                  (3, 85)]),
    ]
    return dorsum_top + sole


def _smooth(points: Sequence[Point], per: int = 5) -> list[Point]:
    """A closed Catmull-Rom curve through the points (for the rounded saddle-view shapes)."""
    n, out = len(points), []
    for i in range(n):
        p0, p1, p2, p3 = (points[(i + k) % n] for k in (-1, 0, 1, 2))
        for j in range(per):
            t = j / per
            t2, t3 = t * t, t * t * t
            out.append(tuple(0.5 * (2 * p1[k] + (-p0[k] + p2[k]) * t
                                    + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2
                                    + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3)
                             for k in (0, 1)))
    return out  # type: ignore[return-value]


def _saddle() -> list[tuple[str, str | None, list[Point]]]:
    """The saddle area seen from below (patient's left on the viewer's left, front at the top)."""
    def lobe(sign: float) -> list[Point]:
        return [(sign * x, y) for x, y in _smooth(
                [(6, 66), (14, 52), (30, 44), (50, 46), (66, 58), (72, 78), (66, 100), (50, 114),
                 (30, 118), (14, 110), (6, 96), (9, 82)])]

    def thigh(sign: float) -> list[Point]:
        return [(sign * x, y) for x, y in _smooth(
                [(10, 8), (30, 2), (56, 6), (72, 22), (66, 40), (50, 40), (30, 38), (14, 46),
                 (8, 30)])]

    return [
        ("medial thigh", "left", thigh(-1)), ("medial thigh", "right", thigh(1)),
        ("buttock", "left", lobe(-1)), ("buttock", "right", lobe(1)),
        ("perineum", None, _smooth([(-8, 30), (-14, 46), (-6, 66), (6, 66), (14, 46),
                                    (8, 30), (0, 26)], 3)),
        ("perianal area", None, ellipse(0, 80, 9, 12)),
    ]


@functools.cache
def body_map() -> dict:
    """The whole map: view frames and labels, a neutral silhouette, and one entry per shape.

    Each shape is ``{"region", "side" ('left'|'right'|None), "view", "d", "primary", "area"}``;
    the primary shape of a region and side is the one in the keyboard (Tab) sequence, ``area`` its
    size in square units (the front end stacks the enlarged touch targets of small shapes on top).
    Each view has a ``row`` (1: front and back, 2: feet and saddle) and ``halves``: for each leg
    the box (``x``, ``y``, ``width``, ``height``) around that leg's half of the view, midline
    included. On a narrow screen the front end draws only the examined leg's halves, enlarged,
    so that every region is a large enough touch target.
    """
    shapes: list[dict] = []
    outlines: list[dict] = []
    primary_view = _primary_views()

    def add(region: str, side: str | None, view: str, pts: Sequence[Point]) -> None:
        side = None if region in MIDLINE else side
        for shape in shapes:  # a second piece of a region in the same view joins its path
            if (shape["region"], shape["side"], shape["view"]) == (region, side, view):
                shape["d"] += " " + _d(pts)
                shape["area"] = round(shape["area"] + _area(pts), 1)
                return
        shapes.append({"region": region, "side": side, "view": view, "d": _d(pts),
                       "primary": primary_view.get(region, "front") == view,
                       "area": round(_area(pts), 1)})

    for view, cx in (("front", FRONT_X), ("back", BACK_X)):
        half = _silhouette(view)
        whole = _place(half, cx, LEGS_TOP, 1) + _place(list(reversed(half)), cx, LEGS_TOP, -1)
        outlines.append({"view": view, "d": _d(whole)})
        for side in ("left", "right"):
            # Front view: the patient's left is on the viewer's right. Back view: the opposite.
            sign = (1 if side == "left" else -1) * (1 if view == "front" else -1)
            trunk = _trunk_front() if view == "front" else _trunk_back()
            parts = trunk + (_front_leg() if view == "front" else _back_leg())
            for region, pts in parts:
                if region == "low back" and side == "right":
                    continue
                add(region, side, view, _place(pts, cx, LEGS_TOP, sign))
        if view == "front":
            add("perineum", None, "front",
                _place([(-7, 0), (7, 0), (9, 12), (0, 22), (-9, 12)], cx, LEGS_TOP + CROTCH - 18,
                       1))
        else:
            add("perianal area", None, "back",
                _place(ellipse(0, 0, 6, 8), cx, LEGS_TOP + gluteal_fold(1.0) - 6, 1))

    feet_y = ROW2_TOP + 26
    for view, cx in (("top", 86.0), ("sole", 260.0)):
        for side, sign in (("left", 1), ("right", -1)):
            # Both foot views show the patient's left foot on the viewer's left, big toes inward.
            ox = cx - 6 - 50 if side == "left" else cx + 6 + 50
            foot = [(x, y) for x, y in _foot_outline()]
            outlines.append({"view": view, "d": _d(_place(foot, ox, feet_y, sign))})
            for v, region, pts in _foot_views():
                if v == view:
                    add(region, side, view, _place(pts, ox, feet_y, sign))
    for region, side, pts in _saddle():
        add(region, side, "saddle", _place(pts, 432.0, ROW2_TOP + 36, 1))

    views = [
        {"id": "front", "title": "Front", "x": FRONT_X, "y": LEGS_TOP - 34,
         "marks": [{"text": "R", "x": FRONT_X - 100, "y": LEGS_TOP + 20},
                   {"text": "L", "x": FRONT_X + 100, "y": LEGS_TOP + 20}]},
        {"id": "back", "title": "Back", "x": BACK_X, "y": LEGS_TOP - 34,
         "marks": [{"text": "L", "x": BACK_X - 100, "y": LEGS_TOP + 20},
                   {"text": "R", "x": BACK_X + 100, "y": LEGS_TOP + 20}]},
        {"id": "top", "title": "Tops of the feet", "x": 86.0, "y": ROW2_TOP,
         "marks": [{"text": "L", "x": 20.0, "y": ROW2_TOP + 160},
                   {"text": "R", "x": 152.0, "y": ROW2_TOP + 160}]},
        {"id": "sole", "title": "Soles", "x": 260.0, "y": ROW2_TOP,
         "marks": [{"text": "L", "x": 194.0, "y": ROW2_TOP + 160},
                   {"text": "R", "x": 326.0, "y": ROW2_TOP + 160}]},
        {"id": "saddle", "title": "Saddle, from below", "x": 432.0, "y": ROW2_TOP,
         "marks": [{"text": "L", "x": 358.0, "y": ROW2_TOP + 150},
                   {"text": "R", "x": 506.0, "y": ROW2_TOP + 150},
                   {"text": "front", "x": 432.0, "y": ROW2_TOP + 26},
                   {"text": "back", "x": 432.0, "y": ROW2_TOP + 172}]},
    ]
    # The trunk fades out upwards: the figure is a cut-out of the lower body, not a torso.
    fades = [{"view": view, "x": cx - 100, "y": LEGS_TOP - 32, "width": 200, "height": 40}
             for view, cx in (("front", FRONT_X), ("back", BACK_X))]
    for view in views:
        view["row"] = 1 if view["id"] in ("front", "back") else 2
        view["halves"] = {side: _half_box(view, shapes, side) for side in ("left", "right")}
    return {"width": WIDTH, "height": HEIGHT, "views": views, "outlines": outlines,
            "details": _details(), "fades": fades, "shapes": shapes}


def _half_box(view: dict, shapes: Sequence[dict], side: str, pad: float = 4.0
              ) -> dict[str, float]:
    """The rectangle around one leg's half of a view (its shapes and the midline ones): on a
    narrow screen the front end draws only the examined leg, larger."""
    def points(shape: dict) -> list[Point]:
        numbers = [float(n) for n in
                   shape["d"].replace("M", " ").replace("L", " ").replace("Z", " ")
                   .replace(",", " ").split()]
        return list(zip(numbers[0::2], numbers[1::2], strict=True))

    mine = [p for s in shapes if s["view"] == view["id"] and s["side"] == side
            for p in points(s)]
    # Which way the leg lies from the middle of the view; a midline shape counts up to a little
    # past the middle (the low back spans both sides).
    sign = 1.0 if sum(x for x, _ in mine) / len(mine) >= view["x"] else -1.0
    middle = [p for s in shapes if s["view"] == view["id"] and s["side"] is None
              for p in points(s) if sign * (p[0] - view["x"]) >= -14]
    xs = [x for x, _ in mine + middle]
    ys = [y for _, y in mine + middle]
    for mark in view["marks"]:  # "front", "back"; not the L and R (the title names the leg)
        if mark["text"] not in ("L", "R"):
            xs.append(mark["x"])
            ys += [mark["y"] - 11, mark["y"] + 2]  # the text sits above its baseline
    x0, y0 = max(0.0, min(xs) - pad), max(0.0, min(ys) - pad)
    x1, y1 = min(float(WIDTH), max(xs) + pad), min(float(HEIGHT), max(ys) + pad)
    return {"x": round(x0, 1), "y": round(y0, 1), "width": round(x1 - x0, 1),
            "height": round(y1 - y0, 1)}


def _area(points: Sequence[Point]) -> float:
    """Area of a closed polygon (shoelace formula)."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1)
                   in zip(points, [*points[1:], points[0]], strict=True))) / 2


def _primary_views() -> dict[str, str]:
    """In which view each region's keyboard-focusable shape sits."""
    back = ("low back", "flank", "buttock", "posterior thigh", "posterolateral thigh",
            "popliteal fossa", "calf")
    top = ("dorsum of foot", "first web space", "great toe", "little toe", "lateral foot",
           "medial foot")
    sole = ("sole", "heel", "lateral heel")
    saddle = ("perineum", "perianal area")
    views = {r: "back" for r in back} | {r: "top" for r in top} | {r: "sole" for r in sole}
    views |= {r: "saddle" for r in saddle}
    return views  # every other region: the front view
