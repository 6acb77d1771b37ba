"""Detail of a muscle, acupoint or exercise: its point-location illustration and how to do it.

The illustration draws the same SVG art as the body map, cropped to the illustration's focus,
with the domain's markers, zones and cun dimension on top. Text comes straight from the
knowledge base, sources included.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.body_geometry import load_view
from app.domain.illustration import Illustration, illustration_for
from app.domain.knowledge import KnowledgeBase
from app.domain.regions import RegionCatalog
from app.resources import assets_dir
from app.ui import illustration_style as style

ART_LABEL_BAND = 90.0  # the art draws its own L/R above this y; do not draw them twice
LABEL_BAND_PX = 24


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
        #: (view, text, box in art units) of every label drawn, so tests can check overlaps.
        self.label_boxes: list[tuple[str, str, QRectF]] = []
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        views = self.illustration.views
        slot_width = self.width() / len(views)
        for index, view in enumerate(views):
            x0, y0, x1, y1 = self.illustration.focus[view]
            source = QRectF(x0, y0, x1 - x0, y1 - y0)
            band = LABEL_BAND_PX  # the view's name and L/R sit above the art, not on it
            scale = min(
                (slot_width - 16) / source.width(), (self.height() - 16 - band) / source.height()
            )
            target = QRectF(
                index * slot_width + (slot_width - source.width() * scale) / 2,
                band + (self.height() - band - source.height() * scale) / 2,
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
            self._paint_sides(painter, view, target, labelled_art=y0 < ART_LABEL_BAND)
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
        for regions, brush, pen in (
            (art.essential, style.essential_brush(), style.zone_pen(1.6, True)),
            (art.spillover, style.spillover_brush(), style.zone_pen(1.2, False)),
            (art.highlighted, style.worked_brush(), QPen(style.WORKED_EDGE, 1.0 / scale)),
        ):
            for region in regions:
                path = self._region_path(view, region)
                painter.fillPath(path, brush)
                painter.strokePath(path, pen)
        if art.muscles:  # the trigger point's muscle, its own shape, over its zones, under the X
            from app.ui.muscle_layer import (
                FIBRE_INK,
                MUSCLE_EDGE,
                highlight_fill,
                illustration_muscle_paths,
            )

            ink = QColor(FIBRE_INK)
            ink.setAlpha(130)
            for outline, fibres in illustration_muscle_paths(art.muscles, view):
                painter.fillPath(outline, highlight_fill())
                painter.strokePath(fibres, QPen(ink, 0.7 / scale))
                painter.strokePath(outline, QPen(MUSCLE_EDGE, 1.4 / scale))
        unit = 1 / scale  # one screen pixel in art units
        focus = art.focus[view]
        # Labels go on the outer ends of the measured line: the point's beyond the point, the
        # landmark's beyond the landmark, and the distance beside the line's middle, so none
        # of them overlap however the line runs.
        dots = [m for m in art.markers if m.view == view and m.kind == "dot"]
        landmarks = [m for m in art.markers if m.view == view and m.kind not in ("x", "dot")]
        point_side, landmark_side, distance_side = "right", "left", "above"
        if dots and landmarks:
            dx, dy = dots[0].x - landmarks[0].x, dots[0].y - landmarks[0].y
            if abs(dy) > abs(dx):  # a mostly vertical line
                point_side, landmark_side = ("below", "above") if dy > 0 else ("above", "below")
                distance_side = "right" if dx <= 0 else "left"
            elif dx < 0:
                point_side, landmark_side = "left", "right"
        distances: list[tuple[QPointF, str]] = []
        for dimension in art.dimensions:
            if dimension.view != view:
                continue
            pen = QPen(style.LANDMARK_INK, 1.5 * unit, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            start, end = QPointF(*dimension.start), QPointF(*dimension.end)
            painter.drawLine(start, end)
            distances.append(((start + end) / 2, dimension.label))
        for marker in art.markers:
            if marker.view != view:
                continue
            centre = QPointF(marker.x, marker.y)
            if marker.kind == "x":
                size = 7 * unit
                for colour, width in ((style.HALO, 5.5), (style.X_INK, 2.6)):
                    pen = QPen(colour, width * unit)
                    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                    painter.setPen(pen)
                    self._cross(painter, centre, size)
            elif marker.kind == "dot":
                painter.setPen(QPen(style.HALO, 2 * unit))
                painter.setBrush(style.POINT_FILL)
                painter.drawEllipse(centre, 5 * unit, 5 * unit)
                self._label(painter, view, centre, marker.label, unit, style.POINT_FILL,
                            (point_side,), focus)  # fmt: skip
            else:
                painter.setPen(QPen(QColor("#374151"), 1.5 * unit))
                painter.setBrush(QColor("white"))
                painter.drawRect(
                    QRectF(centre.x() - 3 * unit, centre.y() - 3 * unit, 6 * unit, 6 * unit)
                )
                self._label(painter, view, centre, marker.label, unit, QColor("#374151"),
                            (landmark_side,), focus)  # fmt: skip
        # The distance goes last, where it clears the names already placed.
        for middle, text in distances:
            self._label(painter, view, middle, text, unit, QColor("#111827"),
                        (distance_side, "above", "below"), focus)  # fmt: skip

    def _paint_sides(
        self, painter: QPainter, view: str, target: QRectF, labelled_art: bool
    ) -> None:
        """View name and L/R at the edges: laterality mistakes are the commonest error (the
        whole-body art carries its own L/R, so then only the view's name is added)."""
        left, right = ("L", "R") if view == "back" else ("R", "L")
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(11)
        painter.setFont(font)
        painter.setPen(QColor("#6b5a50"))
        top = QRectF(target.left() + 4, target.top() - LABEL_BAND_PX, target.width() - 8, 20)
        if not labelled_art:
            painter.drawText(top, Qt.AlignmentFlag.AlignLeft, left)
            painter.drawText(top, Qt.AlignmentFlag.AlignRight, right)
        name = self.tr("Front") if view == "front" else self.tr("Back")
        painter.drawText(top, Qt.AlignmentFlag.AlignHCenter, name)

    @staticmethod
    def _cross(painter: QPainter, centre: QPointF, size: float) -> None:
        painter.drawLine(centre + QPointF(-size, -size), centre + QPointF(size, size))
        painter.drawLine(centre + QPointF(-size, size), centre + QPointF(size, -size))

    def _label(
        self,
        painter: QPainter,
        view: str,
        at: QPointF,
        text: str,
        unit: float,
        colour: QColor,
        sides: tuple[str, ...],
        focus: tuple[float, float, float, float],
    ) -> None:
        """Text beside ``at``, on the first of ``sides`` (left, right, above, below) where it
        clears the labels already drawn (moving further out a step at a time if needed), kept
        inside the visible art (``focus``), with a white halo."""
        if not text:
            return  # a marker named once already (the other side's twin)
        font = QFont(painter.font())
        font.setPointSizeF(max(1.0, 9 * unit))
        font.setBold(True)
        painter.setFont(font)
        shape = QPainterPath()
        shape.addText(QPointF(0, 0), font, text)
        taken = [box for label_view, _text, box in self.label_boxes if label_view == view]
        candidates = [
            self._label_path(shape, at, side, step, unit, focus)
            for side in sides
            for step in range(4)
        ]
        path = next(
            (c for c in candidates if not any(c.boundingRect().intersects(b) for b in taken)),
            candidates[0],
        )
        self.label_boxes.append((view, text, path.boundingRect()))
        painter.setPen(QPen(QColor("white"), 3 * unit))
        painter.drawPath(path)  # a white halo keeps the label readable over the art
        painter.fillPath(path, colour)

    @staticmethod
    def _label_path(
        shape: QPainterPath,
        at: QPointF,
        side: str,
        step: int,
        unit: float,
        focus: tuple[float, float, float, float],
    ) -> QPainterPath:
        """``shape`` (text drawn at the origin) moved beside ``at``: ``step`` lines further
        out above or below, or ``step`` lines higher beside it."""
        box = shape.boundingRect()  # around the baseline at y = 0: top < 0
        gap = 9 * unit
        line = box.height() + 3 * unit
        if side in ("left", "right"):
            x = at.x() - gap - box.width() if side == "left" else at.x() + gap
            baseline = at.y() - box.center().y() - step * line  # centred on the anchor
        else:
            x = at.x() - box.width() / 2
            if side == "above":
                baseline = at.y() - gap - box.bottom() - step * line
            else:
                baseline = at.y() + gap - box.top() + step * line
        x0, _y0, x1, _y1 = focus
        x = min(max(x, x0 + 4 * unit), x1 - 4 * unit - box.width())
        return shape.translated(x - box.left(), baseline)


def _list(items: tuple[str, ...] | list[str], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{escape(item)}</li>" for item in items) + f"</{tag}>"


def _section(title: str, body: str) -> str:
    return f"<h3>{escape(title)}</h3>{body}" if body else ""


TEXT_STYLE = """
<style>
h3 { color: #25303b; font-size: 11pt; margin-top: 14px; margin-bottom: 4px; }
p { margin-top: 2px; margin-bottom: 6px; }
li { margin-bottom: 3px; }
.caution { color: #9a3412; font-weight: 600; }
.avoid { color: #b42318; font-weight: 700; }
.muted { color: #6b7280; }
</style>
"""

DIALOG_STYLE = """
QDialog { background: #eef1f4; }
QFrame#card { background: #ffffff; border: 1px solid #dfe4ea; border-radius: 10px; }
QLabel#title { font-size: 16pt; font-weight: 600; color: #25303b; }
QLabel#subtitle, QLabel#legend { color: #5d6b78; }
QScrollArea { border: none; background: transparent; }
QPushButton { padding: 6px 14px; border-radius: 6px; border: 1px solid #c9d1da;
    background: #ffffff; color: #25303b; }
QPushButton:hover { background: #f1f5f9; }
QPushButton:focus { border: 2px solid #1f6fb2; }
QPushButton#primary { background: #1f6fb2; color: #ffffff; border: 1px solid #1a5f99;
    font-weight: 600; }
"""


class DetailDialog(QDialog):
    """One item of the knowledge base, explained and illustrated, with "Start session"."""

    start_session = Signal(str, str, str)  # kind, id, side

    def __init__(self, kb: KnowledgeBase, catalog: RegionCatalog, kind: str, item_id: str,
                 side: str, site_id: str | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.kb, self.catalog = kb, catalog
        self.kind, self.item_id, self.side = kind, item_id, side
        self.setStyleSheet(DIALOG_STYLE)
        title, subtitle = self._titles()
        self.setWindowTitle(title)
        heading = QLabel(title)
        heading.setObjectName("title")
        heading.setWordWrap(True)
        sub = QLabel(subtitle)
        sub.setObjectName("subtitle")
        sub.setWordWrap(True)

        self.site_box = QComboBox()
        self.site_box.setAccessibleName(self.tr("Trigger-point site"))
        if kind == "trigger_point":
            for site in kb.muscles[item_id].sites:
                self.site_box.addItem(site.description, site.site_id)
            index = max(0, self.site_box.findData(site_id)) if site_id else 0
            self.site_box.setCurrentIndex(index)
            self.site_box.currentIndexChanged.connect(lambda _i: self._show_site())
        self.site_box.setVisible(self.site_box.count() > 1)

        self.illustration = PointIllustration(self._illustration())
        legend = QLabel(style.legend_text(kind))
        legend.setObjectName("legend")
        legend.setWordWrap(True)
        picture = QFrame()
        picture.setObjectName("card")
        picture_layout = QVBoxLayout(picture)
        picture_layout.setContentsMargins(10, 10, 10, 10)
        picture_layout.addWidget(self.site_box)
        picture_layout.addWidget(self.illustration, 1)
        picture_layout.addWidget(legend)

        self.text = QLabel(self._html())
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName(self.tr("How to: {t}").format(t=title))
        self.text.setContentsMargins(16, 8, 16, 12)
        self.text.setStyleSheet("background: #ffffff;")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.text)
        text_card = QFrame()
        text_card.setObjectName("card")
        text_layout = QVBoxLayout(text_card)
        text_layout.setContentsMargins(2, 2, 2, 2)
        text_layout.addWidget(scroll)

        row = QHBoxLayout()
        row.setSpacing(14)
        row.addWidget(picture, 5)
        row.addWidget(text_card, 6)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        self.start_button = QPushButton(self.tr("Start session"))
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleName(
            self.tr("Start a guided session with {t}").format(t=title)
        )
        self.start_button.clicked.connect(
            lambda: self.start_session.emit(self.kind, self.item_id, self.side)
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(sub)
        layout.addLayout(row, 1)
        layout.addLayout(buttons)
        self.resize(1040, 700)

    # --- content -------------------------------------------------------------------------

    def _side_words(self) -> str:
        return {
            "left": self.tr("left side"),
            "right": self.tr("right side"),
            "both": self.tr("both sides"),
        }.get(self.side, "")

    def _titles(self) -> tuple[str, str]:
        kb = self.kb
        if self.kind == "trigger_point":
            muscle = kb.muscles[self.item_id]
            return muscle.label, self.tr("Trigger points · {side}").format(side=self._side_words())
        if self.kind == "acupoint":
            point = kb.acupoints[self.item_id]
            where = self._side_words() if point.bilateral else self.tr("on the midline")
            return (
                f"{point.code} {point.pinyin} ({point.english})",
                self.tr("Acupressure point · {meridian} · {where}").format(
                    meridian=point.meridian, where=where
                ),
            )
        exercise = kb.exercises[self.item_id]
        return exercise.name, self.tr("Exercise · {kind} · when: {phases}").format(
            kind=exercise.kind, phases=", ".join(exercise.phases)
        )

    def _illustration(self) -> Illustration:
        return illustration_for(
            self.kb, self.kind, self.item_id, self.side, catalog=self.catalog,
            site_id=self.site_box.currentData() if self.kind == "trigger_point" else None,
        )  # fmt: skip

    def _show_site(self) -> None:
        self.illustration.set_illustration(self._illustration())
        self.text.setText(self._html())

    def _dose(self, parts: list[tuple[str, str]], hold_s: int, reps: str, freq: str) -> str:
        """Labelled lines (tool, pressure, hold) rather than one run-on sentence."""
        lines = [(label, text[:1].upper() + text[1:]) for label, text in parts if text]
        lines.append((self.tr("Hold"), self.tr("{s} s, {reps}, {freq}").format(
            s=hold_s, reps=reps, freq=freq)))  # fmt: skip
        return "<p>" + "<br>".join(f"<b>{escape(k)}:</b> {escape(v)}" for k, v in lines) + "</p>"

    def _html(self) -> str:
        kb = self.kb
        tr = self.tr
        if self.kind == "trigger_point":
            muscle = kb.muscles[self.item_id]
            site = next(
                (s for s in muscle.sites if s.site_id == self.site_box.currentData()),
                muscle.sites[0],
            )
            t = muscle.technique
            dose = self._dose(
                [(tr("Tool"), t.tool), (tr("Pressure"), t.pressure)],
                t.hold_s, t.repetitions, t.frequency,
            )  # fmt: skip
            body = (
                _section(tr("Where to find it"), f"<p>{escape(site.description)}</p>")
                + _section(tr("How"), _list(t.steps, ordered=True))
                + _section(tr("Dose"), dose)
                + _section(tr("What keeps it going"), _list(muscle.perpetuating))
                + _section(tr("Cautions"), _list(muscle.cautions))
            )
            sources = muscle.sources + site.sources
        elif self.kind == "acupoint":
            point = kb.acupoints[self.item_id]
            t = point.technique
            avoid = tr("Avoid in pregnancy.")
            caution = tr(
                "Pregnancy: some traditions avoid this point. Use light pressure or skip it."
            )
            pregnancy = {
                "avoid": f"<p class='avoid'>⚠ {escape(avoid)}</p>",
                "caution": f"<p class='caution'>⚠ {escape(caution)}</p>",
                "ok": "",
            }[point.pregnancy]
            dose = self._dose([(tr("Pressure"), t.pressure)], t.hold_s, t.repetitions, t.frequency)
            body = (
                pregnancy
                + _section(tr("Where to find it"), f"<p>{escape(point.location)}</p>")
                + _section(tr("How"), _list(t.steps, ordered=True))
                + _section(tr("Dose"), dose)
                + _section(tr("Cautions"), _list(point.cautions))
            )
            sources = point.sources
        else:
            exercise = kb.exercises[self.item_id]
            targets = ", ".join(kb.muscles[m].label for m in exercise.targets)
            body = (
                _section(tr("Works"), f"<p>{escape(targets)}</p>")
                + _section(tr("How"), _list(exercise.steps, ordered=True))
                + _section(tr("Dose"), f"<p>{escape(exercise.dose)}</p>")
                + _section(tr("Cautions"), _list(exercise.cautions))
            )
            sources = exercise.sources
        citations = [kb.sources[s].citation for s in dict.fromkeys(sources) if s in kb.sources]
        body += _section(tr("Sources"), _list(citations))
        disclaimer = tr(
            "Information, not a diagnosis. Stop if pain sharpens or spreads; see a clinician "
            "if it persists."
        )
        return TEXT_STYLE + body + f"<p class='muted'>{escape(disclaimer)}</p>"
