"""Detail of a muscle, acupoint or exercise: its point-location illustration and how to do it.

The illustration draws the same SVG art as the body map, cropped to the illustration's focus,
with the domain's markers, zones and cun dimension on top. Text comes straight from the
knowledge base, sources included.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.body_geometry import load_view
from app.domain.illustration import (
    Illustration,
    acupoint_illustration,
    exercise_illustration,
    trigger_point_illustration,
)
from app.domain.knowledge import KnowledgeBase
from app.domain.regions import RegionCatalog
from app.resources import assets_dir

ESSENTIAL = QColor(214, 69, 65, 150)
SPILLOVER = QColor(214, 69, 65, 150)
HIGHLIGHT = QColor(37, 99, 168, 110)
MARK = QColor("#b42318")
POINT = QColor("#2563a8")


class PointIllustration(QWidget):
    """Paints an ``Illustration``: cropped body art, zones, markers, the cun dimension."""

    def __init__(self, illustration: Illustration, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderers: dict[str, QSvgRenderer] = {}
        self.set_illustration(illustration)
        self.setMinimumSize(QSize(300, 360))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_illustration(self, illustration: Illustration) -> None:
        """Show another illustration (one SVG renderer per view, loaded once)."""
        self.illustration = illustration
        for view in illustration.views:
            if view not in self._renderers:
                self._renderers[view] = QSvgRenderer(str(assets_dir() / "body" / f"{view}.svg"))
        self.setAccessibleName(illustration.title)
        self.update()

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        views = self.illustration.views
        slot_width = self.width() / len(views)
        for index, view in enumerate(views):
            x0, y0, x1, y1 = self.illustration.focus[view]
            source = QRectF(x0, y0, x1 - x0, y1 - y0)
            scale = min((slot_width - 16) / source.width(), (self.height() - 16) / source.height())
            target = QRectF(
                index * slot_width + (slot_width - source.width() * scale) / 2,
                (self.height() - source.height() * scale) / 2,
                source.width() * scale,
                source.height() * scale,
            )
            painter.save()
            painter.setClipRect(target)
            renderer = self._renderers[view]
            renderer.setViewBox(source)
            renderer.render(painter, target)
            painter.translate(target.topLeft())
            painter.scale(scale, scale)
            painter.translate(-x0, -y0)
            self._paint_overlay(painter, view, scale)
            painter.restore()
            self._paint_sides(painter, view, target)
        painter.end()

    def _region_path(self, view: str, region_id: str) -> QPainterPath:
        path = QPainterPath()
        for polygon in load_view(view).regions.get(region_id, ()):
            path.moveTo(*polygon[0])
            for point in polygon[1:]:
                path.lineTo(*point)
            path.closeSubpath()
        return path

    def _paint_overlay(self, painter: QPainter, view: str, scale: float) -> None:
        art = self.illustration
        painter.setPen(Qt.PenStyle.NoPen)
        for region in art.essential:
            painter.fillPath(self._region_path(view, region), QBrush(ESSENTIAL))
        for region in art.spillover:
            painter.fillPath(
                self._region_path(view, region), QBrush(SPILLOVER, Qt.BrushStyle.Dense5Pattern)
            )
        for region in art.highlighted:
            painter.fillPath(self._region_path(view, region), QBrush(HIGHLIGHT))
        unit = 1 / scale  # one screen pixel in art units
        for dimension in art.dimensions:
            if dimension.view != view:
                continue
            pen = QPen(QColor("#374151"), 1.5 * unit, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            start, end = QPointF(*dimension.start), QPointF(*dimension.end)
            painter.drawLine(start, end)
            self._label(painter, (start + end) / 2 + QPointF(-30 * unit, -10 * unit),
                        dimension.label, unit, QColor("#111827"))  # fmt: skip
        for marker in art.markers:
            if marker.view != view:
                continue
            centre = QPointF(marker.x, marker.y)
            if marker.kind == "x":
                size = 7 * unit
                for colour, width in ((QColor("white"), 5.0), (MARK, 2.6)):
                    pen = QPen(colour, width * unit)
                    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                    painter.setPen(pen)
                    self._cross(painter, centre, size)
            elif marker.kind == "dot":
                painter.setPen(QPen(QColor("white"), 2 * unit))
                painter.setBrush(POINT)
                painter.drawEllipse(centre, 5 * unit, 5 * unit)
                self._label(
                    painter, centre + QPointF(10 * unit, 4 * unit), marker.label, unit, POINT
                )
            else:
                painter.setPen(QPen(QColor("#374151"), 1.5 * unit))
                painter.setBrush(QColor("white"))
                painter.drawRect(
                    QRectF(centre.x() - 3 * unit, centre.y() - 3 * unit, 6 * unit, 6 * unit)
                )
                self._label(
                    painter,
                    centre + QPointF(-10 * unit, 22 * unit),
                    marker.label,
                    unit,
                    QColor("#374151"),
                )

    def _paint_sides(self, painter: QPainter, view: str, target: QRectF) -> None:
        """View name and L/R at the edges: laterality mistakes are the commonest error."""
        left, right = ("L", "R") if view == "back" else ("R", "L")
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(11)
        painter.setFont(font)
        painter.setPen(QColor("#6b5a50"))
        top = QRectF(target.left() + 4, target.top() + 2, target.width() - 8, 20)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft, left)
        painter.drawText(top, Qt.AlignmentFlag.AlignRight, right)
        painter.drawText(top, Qt.AlignmentFlag.AlignHCenter, view.title())

    @staticmethod
    def _cross(painter: QPainter, centre: QPointF, size: float) -> None:
        painter.drawLine(centre + QPointF(-size, -size), centre + QPointF(size, size))
        painter.drawLine(centre + QPointF(-size, size), centre + QPointF(size, -size))

    @staticmethod
    def _label(painter: QPainter, at: QPointF, text: str, unit: float, colour: QColor) -> None:
        font = QFont(painter.font())
        font.setPointSizeF(max(1.0, 9 * unit))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QPen(QColor("white"), 3 * unit))
        path = QPainterPath()
        path.addText(at, font, text)
        painter.drawPath(path)  # a white halo keeps the label readable over the art
        painter.fillPath(path, colour)


def _list(items: tuple[str, ...] | list[str], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{escape(item)}</li>" for item in items) + f"</{tag}>"


class DetailDialog(QDialog):
    """One item of the knowledge base, explained and illustrated."""

    start_session = Signal(str, str, str)  # kind, id, side

    def __init__(self, kb: KnowledgeBase, catalog: RegionCatalog, kind: str, item_id: str,
                 side: str, site_id: str | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.kind, self.item_id, self.side = kind, item_id, side
        if kind == "trigger_point":
            muscle = kb.muscles[item_id]
            site = next((s for s in muscle.sites if s.site_id == site_id), muscle.sites[0])
            shown_side = side if side in ("left", "right") else "left"
            illustration = trigger_point_illustration(
                kb, catalog, item_id, site.site_id, shown_side
            )
            title = f"{muscle.label} ({side})"
            technique = muscle.technique
            html = (
                f"<h2>{escape(title)}</h2><p><b>Where:</b> {escape(site.description)}</p>"
                f"<p><b>Tool:</b> {escape(technique.tool)}. <b>Pressure:</b> "
                f"{escape(technique.pressure)}. <b>Hold:</b> {technique.hold_s} s, "
                f"{escape(technique.repetitions)}, {escape(technique.frequency)}.</p>"
                f"<p><b>How:</b></p>{_list(technique.steps, ordered=True)}"
                f"<p><b>What keeps it going:</b></p>{_list(muscle.perpetuating)}"
                f"<p><b>Cautions:</b></p>{_list(muscle.cautions)}"
            )
            sources = muscle.sources
        elif kind == "acupoint":
            point = kb.acupoints[item_id]
            illustration = acupoint_illustration(kb, item_id, side)
            title = f"{point.code} {point.pinyin} ({point.english})"
            technique = point.technique
            pregnancy = {
                "avoid": "<p style='color:#b42318'><b>Avoid in pregnancy.</b></p>",
                "caution": "<p style='color:#9a3412'><b>Some traditions avoid this point in "
                "pregnancy.</b></p>",
                "ok": "",
            }[point.pregnancy]
            html = (
                f"<h2>{escape(title)}</h2>{pregnancy}<p><b>Where:</b> {escape(point.location)}</p>"
                f"<p><b>Pressure:</b> {escape(technique.pressure)}. <b>Hold:</b> "
                f"{technique.hold_s} s, {escape(technique.repetitions)}, "
                f"{escape(technique.frequency)}.</p>"
                f"<p><b>How:</b></p>{_list(technique.steps, ordered=True)}"
                f"<p><b>Cautions:</b></p>{_list(point.cautions)}"
            )
            sources = point.sources
        else:
            exercise = kb.exercises[item_id]
            illustration = exercise_illustration(kb, catalog, item_id)
            title = exercise.name
            targets = ", ".join(kb.muscles[m].label for m in exercise.targets)
            html = (
                f"<h2>{escape(title)}</h2><p><b>Works:</b> {escape(targets)}. <b>When:</b> "
                f"{escape(', '.join(exercise.phases))}.</p>"
                f"<p><b>How:</b></p>{_list(exercise.steps, ordered=True)}"
                f"<p><b>Dose:</b> {escape(exercise.dose)}</p>"
                f"<p><b>Cautions:</b></p>{_list(exercise.cautions)}"
            )
            sources = exercise.sources
        citations = [kb.sources[s].citation for s in sources if s in kb.sources]
        html += f"<p><b>Sources:</b></p>{_list(citations)}"
        html += (
            "<p style='color:#6b7280'>Information, not a diagnosis. Stop if pain sharpens or "
            "spreads; see a clinician if it persists.</p>"
        )
        self.setWindowTitle(title)
        self.illustration = PointIllustration(illustration)
        self.text = QLabel(html)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text.setAccessibleName(title)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.text)
        row = QHBoxLayout()
        row.addWidget(self.illustration, 5)
        row.addWidget(scroll, 6)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.start_button = buttons.addButton(
            self.tr("Start session"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.start_button.clicked.connect(
            lambda: self.start_session.emit(self.kind, self.item_id, self.side)
        )
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.resize(980, 640)
