"""What the body map draws over its art: the region items, and a suggestion's illustration.

Kept apart from ``app.ui.body_map`` because none of it is needed for the map's first paint:
the regions are built right after it, the overlays when a suggestion is shown, and start-up
then neither compiles nor imports this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from app.ui.body_map import REGION_HALO, Polygon, cosmetic_pen
from app.ui.theme import ACCENT, intensity_color

if TYPE_CHECKING:
    from app.domain.illustration import Illustration
    from app.domain.journal import PainMark
    from app.domain.regions import Region


def polygons_to_path(polygons: Iterable[Polygon]) -> QPainterPath:
    """One path with a closed subpath per polygon (a region may be drawn in several pieces)."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for polygon in polygons:
        points = list(polygon)
        if len(points) < 3:
            continue
        path.moveTo(*points[0])
        for x, y in points[1:]:
            path.lineTo(x, y)
        path.closeSubpath()
    return path


class RegionItem(QGraphicsPathItem):
    """One drawn region: transparent until hovered, focused or marked."""

    HALO = REGION_HALO

    def __init__(self, region: Region, view_name: str, path: QPainterPath) -> None:
        super().__init__(path)
        self.region = region
        self.view_name = view_name
        self.mark: PainMark | None = None
        self.hovered = False
        self.focused = False
        self.setToolTip(region.label)
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setAcceptHoverEvents(False)  # the view does hover (one item at a time, cheaply)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # the view handles clicks
        self._bounds = path.boundingRect().adjusted(-self.HALO, -self.HALO, self.HALO, self.HALO)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def set_state(
        self,
        *,
        mark: PainMark | bool | None = False,
        hovered: bool | None = None,
        focused: bool | None = None,
    ) -> None:
        """Change what is shown and repaint this item only (``False`` keeps the mark)."""
        changed = False
        if mark is not False and mark != self.mark:
            self.mark = mark  # type: ignore[assignment]
            changed = True
        if hovered is not None and hovered != self.hovered:
            self.hovered = hovered
            changed = True
        if focused is not None and focused != self.focused:
            self.focused = focused
            changed = True
        if changed:
            self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        path = self.path()
        if self.mark is not None:
            fill = QColor(intensity_color(self.mark.intensity))
            fill.setAlpha(215)
            painter.fillPath(path, fill)
            painter.strokePath(path, cosmetic_pen(fill.darker(135), 1.0))
        if self.hovered:
            tint = QColor(ACCENT)
            tint.setAlpha(45 if self.mark is not None else 60)
            painter.fillPath(path, tint)
            painter.strokePath(path, cosmetic_pen(ACCENT, 1.6))
        if self.focused:
            # A two-tone ring: visible on pale skin, on dark red marks and on the background.
            painter.strokePath(path, cosmetic_pen(QColor("#ffffff"), 5.0))
            painter.strokePath(path, cosmetic_pen(ACCENT.darker(115), 2.6))


def overlay_items(
    illustration: Illustration,
    region_items: Mapping[str, Sequence[QGraphicsPathItem]],
    view_offsets: Mapping[str, float],
) -> list[tuple[QGraphicsPathItem, float]]:
    """The items drawing a suggestion on the map, each with its z value: referral zones shaded
    (essential solid, spillover stippled, in a hue the pain scale never uses), the trigger
    point's X or the acupoint's dot, its landmark and cun line; an exercise's muscles in green.
    """
    from app.ui import illustration_style as style

    items: list[tuple[QGraphicsPathItem, float]] = []
    if illustration.muscles:  # a trigger point's muscle, its own shape, over its zones, under X
        from app.ui.muscle_layer import (
            FIBRE_INK,
            MUSCLE_EDGE,
            highlight_fill,
            illustration_muscle_paths,
        )

        for view, offset in view_offsets.items():
            for outline, fibres in illustration_muscle_paths(illustration.muscles, view):
                body = QGraphicsPathItem(outline)
                body.setBrush(highlight_fill())
                body.setPen(cosmetic_pen(MUSCLE_EDGE, 1.4))
                lines = QGraphicsPathItem(fibres)
                ink = QColor(FIBRE_INK)
                ink.setAlpha(130)
                lines.setPen(cosmetic_pen(ink, 0.7))
                for item in (body, lines):
                    item.setPos(offset, 0.0)
                    items.append((item, 3.5))
    fills = (
        (illustration.essential, style.essential_brush(), style.zone_pen(1.6, True)),
        (illustration.spillover, style.spillover_brush(), style.zone_pen(1.2, False)),
        (illustration.highlighted, style.worked_brush(), QPen(style.WORKED_EDGE, 1.0)),
    )
    for regions, brush, pen in fills:
        for region_id in regions:
            for item in region_items.get(region_id, ()):
                shade = QGraphicsPathItem(item.path())
                shade.setPos(item.pos())
                shade.setBrush(brush)
                shade.setPen(pen)
                items.append((shade, 3))
    for dimension in illustration.dimensions:
        offset = view_offsets.get(dimension.view)
        if offset is None:
            continue
        path = QPainterPath(QPointF(*dimension.start))
        path.lineTo(QPointF(*dimension.end))
        line = QGraphicsPathItem(path)
        line.setPos(offset, 0.0)
        line.setPen(QPen(style.LANDMARK_INK, 1.2, Qt.PenStyle.DashLine))
        line.setToolTip(dimension.label)
        items.append((line, 4))
    for marker in illustration.markers:
        offset = view_offsets.get(marker.view)
        if offset is None:
            continue
        path = QPainterPath()
        x, y = marker.x, marker.y
        if marker.kind == "x":
            size = 6.5
            path.moveTo(x - size, y - size)
            path.lineTo(x + size, y + size)
            path.moveTo(x - size, y + size)
            path.lineTo(x + size, y - size)
            layers = ((QPen(style.HALO, 5.5), None), (QPen(style.X_INK, 2.6), None))
        elif marker.kind == "dot":
            path.addEllipse(QPointF(x, y), 4.0, 4.0)
            layers = ((QPen(style.HALO, 1.6), style.POINT_FILL),)
        else:
            path.addRect(QRectF(x - 3, y - 3, 6, 6))
            layers = ((QPen(style.LANDMARK_INK, 1.2), style.HALO),)
        for pen, fill in layers:
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            item = QGraphicsPathItem(path)
            item.setPos(offset, 0.0)
            item.setPen(pen)
            if fill is not None:
                item.setBrush(fill)
            item.setToolTip(marker.label)
            items.append((item, 5))
    return items
