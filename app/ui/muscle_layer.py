"""The body map's muscle layer: one item per drawn muscle shape, with atlas-style fibre lines.

Shapes come from ``app.domain.muscle_map`` (generated art). An item is drawn in one of three
modes: ``shown`` (its layer is the map's layer: muscle red with fibre hatching), ``ghost`` (another
layer is shown, but the muscle is tight or highlighted: only its tight hatching or dashed outline)
and hidden. Tight muscles are dark blue with white diagonal hatching and a heavy outline: told
apart from red muscle and from the yellow-red pain scale by pattern and lightness, not hue alone.
Built on first use (switching to a muscle layer, or a tight muscle to show), never at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from app.domain.muscle_map import MuscleShape
from app.ui.body_map import REGION_HALO, cosmetic_pen
from app.ui.body_regions import polygons_to_path
from app.ui.theme import ACCENT, MUSCLE_OUTLINE

MUSCLE_FILL = QColor("#c8695c")  # fresh muscle, as atlases colour it
MUSCLE_DEEP_FILL = QColor("#b5574c")  # the deep layer a shade darker
MUSCLE_EDGE = QColor("#6e2a22")
FIBRE_INK = QColor("#6e2a22")
TENDON_FILL = QColor(244, 236, 226, 235)  # the pale sheen of tendon
TIGHT_FILL = QColor("#1b3f8b")  # dark blue: far from the pain scale and from muscle red
TIGHT_EDGE = QColor("#0b1f4d")
TIGHT_HATCH = QColor("#ffffff")

#: z values: over the skin art (0), under the regions' pain marks (1).
MUSCLE_Z = 0.5


def fibre_path(fibres: Sequence[Sequence[tuple[float, float]]]) -> QPainterPath:
    path = QPainterPath()
    for fibre in fibres:
        if len(fibre) < 2:
            continue
        path.moveTo(*fibre[0])
        for x, y in fibre[1:]:
            path.lineTo(x, y)
    return path


def shade_edges(painter: QPainter, path: QPainterPath) -> None:
    """Darken a muscle toward its edges, as an atlas shades a rounded belly."""
    painter.save()
    painter.setClipPath(path, Qt.ClipOperation.IntersectClip)
    for width, alpha in ((10.0, 40), (5.0, 55)):
        shade = QColor(MUSCLE_EDGE)
        shade.setAlpha(alpha)
        painter.strokePath(path, cosmetic_pen(shade, width))
    painter.restore()


class MuscleItem(QGraphicsPathItem):
    """One muscle on one side of one view, on one layer."""

    def __init__(self, shape: MuscleShape, label: str) -> None:
        super().__init__(polygons_to_path(shape.polygons))
        self.shape_data = shape
        self.muscle_id = shape.muscle_id
        self.side = shape.side
        self.view_name = shape.view
        self.layer = shape.layer
        self.label = label
        self.mode = "hidden"
        self.tight = False
        self.hovered = False
        self.focused = False
        self.highlighted = False
        self._fibres = fibre_path(shape.fibres)
        self._tendons = polygons_to_path(shape.tendons)
        self._bounds = (
            self.path()
            .boundingRect()
            .adjusted(-REGION_HALO, -REGION_HALO, REGION_HALO, REGION_HALO)
        )
        self.setToolTip(label)
        self.setAcceptHoverEvents(False)  # the view does hover and clicks
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setVisible(False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.muscle_id, self.side)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return self.path()

    def contains(self, point: QPointF) -> bool:
        return self.path().contains(point)

    def set_state(
        self,
        *,
        mode: str | None = None,
        tight: bool | None = None,
        hovered: bool | None = None,
        focused: bool | None = None,
        highlighted: bool | None = None,
    ) -> None:
        """Change what is shown and repaint this item only."""
        changed = False
        for name, value in (
            ("mode", mode),
            ("tight", tight),
            ("hovered", hovered),
            ("focused", focused),
            ("highlighted", highlighted),
        ):
            if value is not None and getattr(self, name) != value:
                setattr(self, name, value)
                changed = True
        if not changed:
            return
        visible = self.mode == "shown" or (
            self.mode == "ghost" and (self.tight or self.highlighted)
        )
        self.setVisible(visible)
        if visible:
            self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        path = self.path()
        if self.mode == "shown":
            if self.tight:
                painter.fillPath(path, TIGHT_FILL)
                painter.fillPath(path, QBrush(TIGHT_HATCH, Qt.BrushStyle.BDiagPattern))
                painter.strokePath(self._fibres, cosmetic_pen(QColor(255, 255, 255, 90), 0.6))
                painter.strokePath(path, cosmetic_pen(TIGHT_EDGE, 2.2))
            else:
                fill = MUSCLE_DEEP_FILL if self.layer == "deep" else MUSCLE_FILL
                painter.fillPath(path, fill)
                # A lighter belly: the shape reads as rounded flesh, not a flat patch.
                sheen = QColor(255, 236, 228, 40)
                painter.fillPath(path, sheen)
                painter.fillPath(self._tendons, TENDON_FILL)
                ink = QColor(FIBRE_INK)
                ink.setAlpha(120)
                painter.strokePath(self._fibres, cosmetic_pen(ink, 0.7))
                shade_edges(painter, path)
                painter.strokePath(path, cosmetic_pen(MUSCLE_EDGE, 1.1))
        elif self.tight:  # ghost of a tight muscle on another layer
            tint = QColor(TIGHT_FILL)
            tint.setAlpha(70)
            painter.fillPath(path, tint)
            painter.fillPath(path, QBrush(TIGHT_FILL, Qt.BrushStyle.BDiagPattern))
            pen = cosmetic_pen(TIGHT_EDGE, 1.8, Qt.PenStyle.DashLine)
            pen.setDashPattern([3.0, 2.0])
            painter.strokePath(path, pen)
        if self.highlighted:
            pen = cosmetic_pen(MUSCLE_OUTLINE, 2.6, Qt.PenStyle.DashLine)
            pen.setDashPattern([4.0, 2.5])
            painter.strokePath(path, pen)
        if self.hovered:
            tint = QColor(ACCENT)
            tint.setAlpha(55)
            painter.fillPath(path, tint)
            painter.strokePath(path, cosmetic_pen(ACCENT, 1.8))
        if self.focused:
            painter.strokePath(path, cosmetic_pen(QColor("#ffffff"), 5.0))
            painter.strokePath(path, cosmetic_pen(ACCENT.darker(115), 2.6))


def illustration_muscle_paths(
    illustration_muscles: Sequence[tuple[str, str, str, str]], view: str
) -> list[tuple[QPainterPath, QPainterPath]]:
    """(outline, fibres) of each trigger-point muscle an illustration draws in ``view``."""
    from app.domain.muscle_map import load_muscle_shapes

    wanted = {(m, s, layer) for v, m, s, layer in illustration_muscles if v == view}
    return [
        (polygons_to_path(shape.polygons), fibre_path(shape.fibres))
        for shape in load_muscle_shapes(view)
        if (shape.muscle_id, shape.side, shape.layer) in wanted
    ]


def highlight_fill() -> QColor:
    """The muscle under a trigger point's X: muscle red, a little translucent."""
    fill = QColor(MUSCLE_FILL)
    fill.setAlpha(190)
    return fill
