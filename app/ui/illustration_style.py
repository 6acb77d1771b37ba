"""How point-location overlays look, shared by the body map and the detail illustration.

The referral zone and the exercise highlight use hues the pain scale (YlOrRd) never produces,
so a suggestion drawn over marked pain stays distinguishable from the pain itself: teal for
where a trigger point refers, green for muscles an exercise works, near-black for the X.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QPen

ZONE = QColor("#0f766e")  # teal: a trigger point's referral zone
ESSENTIAL_FILL = QColor(20, 140, 130, 150)
SPILLOVER_FILL = QColor(15, 118, 110, 190)
WORKED_FILL = QColor(47, 133, 90, 120)  # green: muscles an exercise works
WORKED_EDGE = QColor("#2f855a")
X_INK = QColor("#111827")  # the conventional trigger-point X
POINT_FILL = QColor("#1d4ed8")  # an acupoint
LANDMARK_INK = QColor("#374151")
HALO = QColor("white")


def essential_brush() -> QBrush:
    """Solid: where the muscle's pain usually goes."""
    return QBrush(ESSENTIAL_FILL)


def spillover_brush() -> QBrush:
    """Stippled: where it sometimes spreads."""
    return QBrush(SPILLOVER_FILL, Qt.BrushStyle.Dense6Pattern)


def worked_brush() -> QBrush:
    return QBrush(WORKED_FILL)


def zone_pen(width: float, essential: bool) -> QPen:
    """The zone's edge: solid for the essential zone, dashed for spillover."""
    pen = QPen(ZONE, width, Qt.PenStyle.SolidLine if essential else Qt.PenStyle.DashLine)
    pen.setCosmetic(True)
    return pen


def legend_text(kind: str) -> str:
    """One line saying how to read the overlay of this kind of item."""
    tr = QCoreApplication.translate
    if kind == "trigger_point":
        return tr("Illustration", "✕ trigger point on its muscle   solid teal: where its pain "
                  "usually goes   dotted: where it sometimes spreads")  # fmt: skip
    if kind == "acupoint":
        return tr("Illustration", "● the point   □ the landmark it is measured from")
    return tr("Illustration", "Green: the muscles this exercise works")
