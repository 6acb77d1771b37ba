"""The illustrated body map: vector art with one interactive item per drawn region on top.

The art (``assets/body/<view>.svg``) is drawn by ``QSvgRenderer`` so it stays sharp at any zoom
and on high-DPI screens. Region shapes come from ``app.domain.body_geometry`` (the same geometry
every other drawing uses) and become transparent ``RegionItem``s (``app.ui.body_regions``, built
after the first paint) that light up when hovered, focused or marked. A mark change repaints
only the items of that region.

Mouse: hover names a region, click marks it, drag pans, wheel zooms under the cursor (a
trackpad's two-finger scroll pans unless Ctrl is held), pinch zooms. Keyboard: Tab/Shift+Tab
walk the regions in catalogue order, Space/Enter marks, Up/Down (Left/Right) change intensity,
Delete clears, +/−/0 zoom.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import (
    QEvent,
    QPoint,
    QPointF,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QGestureEvent,
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QPinchGesture,
    QStyleOptionGraphicsItem,
    QWidget,
)

from app.ui.theme import CANVAS, INK, MUSCLE_OUTLINE

if TYPE_CHECKING:  # hints only: the first paint should not pay for importing these
    from PySide6.QtCore import QVariantAnimation

    from app.domain.illustration import Illustration
    from app.domain.journal import PainMark
    from app.domain.regions import RegionCatalog
    from app.ui.body_regions import RegionItem

MIN_ZOOM = 1.0  # relative to "whole body fits the view"
MAX_ZOOM = 8.0
WHEEL_STEP = 1.25  # zoom factor per wheel notch / key press
ZOOM_ANIMATION_MS = 140
GAP_FRACTION = 0.18  # space between the two figures, relative to one view's width

Polygon = Sequence[tuple[float, float]]


class ViewArt(NamedTuple):
    """One drawn view: its caption, SVG file, and where its region polygons come from.

    ``load_regions`` returns the polygons in the SVG's viewBox units (the map takes the viewBox
    from the SVG itself). It is called only when the regions are built: parsing them is the
    slowest part of making the map, and the first frame (the art alone) does not need them.
    (A NamedTuple, not a dataclass: the first frame then needs no dataclasses at all.)
    """

    name: str
    caption: str
    svg_path: Path
    load_regions: Callable[[], Mapping[str, tuple[Polygon, ...]]]


def _shipped_regions(name: str) -> Mapping[str, tuple[Polygon, ...]]:
    from app.domain.body_geometry import load_view

    return load_view(name).regions


def load_view_art(names: Iterable[str] = ("front", "back")) -> list[ViewArt]:
    """The shipped art for ``names``, with region shapes from the shared body geometry."""
    from app.resources import assets_dir

    captions = {"front": "Front", "back": "Back"}
    return [
        ViewArt(
            name=name,
            caption=captions.get(name, name.title()),
            svg_path=assets_dir() / "body" / f"{name}.svg",
            load_regions=partial(_shipped_regions, name),
        )
        for name in names
    ]


#: Scene units around a region's path kept inside its bounding rect, for cosmetic strokes.
REGION_HALO = 6.0


def cosmetic_pen(color: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    """A pen whose width is in screen pixels, so strokes stay crisp and even at any zoom."""
    pen = QPen(color, width, style)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


class BodyArtItem(QGraphicsObject):
    """The SVG illustration of one view, drawn in its own viewBox coordinates."""

    def __init__(self, renderer: QSvgRenderer, viewbox: QRectF) -> None:
        super().__init__()
        self._renderer = renderer
        self._rect = viewbox
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def cache_repaints(self) -> None:
        """Repaint the art from a device-resolution cache from now on: hover and marks stay
        cheap, and the cache is re-rendered from the vectors whenever the zoom changes (always
        sharp). Not from the start: the first paint is quicker drawn straight to the window."""
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        self._renderer.render(painter, self._rect)


class MuscleOutlineItem(QGraphicsPathItem):
    """The dashed outline of where a selected muscle lies (union of its regions)."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        pen = cosmetic_pen(MUSCLE_OUTLINE, 2.4, Qt.PenStyle.DashLine)
        pen.setDashPattern([4.0, 2.5])
        self.setPen(pen)
        tint = QColor(MUSCLE_OUTLINE)
        tint.setAlpha(38)
        self.setBrush(tint)  # not QBrush(tint): that loads QGradient's enums, ~2 ms at start-up

    def boundingRect(self) -> QRectF:
        halo = REGION_HALO
        return self.path().boundingRect().adjusted(-halo, -halo, halo, halo)


class BodyMapView(QGraphicsView):
    """Front and back side by side; emits region ids, knows nothing about the journal."""

    #: The pointer entered a region ("" when it left every region).
    region_hovered = Signal(str)
    #: Click, or Space/Enter on the focused region: mark it or open its mark for editing.
    region_activated = Signal(str)
    #: Up/Down (or Right/Left) on the focused region: change its intensity by +1 / −1.
    intensity_step_requested = Signal(str, int)
    #: Delete/Backspace on the focused region.
    clear_requested = Signal(str)
    #: Keyboard focus moved to a region ("" when it left the regions).
    region_focused = Signal(str)
    zoom_changed = Signal(float)

    def __init__(
        self,
        catalog: RegionCatalog | None,
        arts: Sequence[ViewArt],
        parent: QWidget | None = None,
        *,
        defer_regions: bool = False,
    ) -> None:
        """``catalog``: None for the shipped one, read when the regions are built.

        ``defer_regions``: draw the art now and make the region items in ``build_regions()``
        (start-up calls it right after the first paint; anything that needs a region calls it
        first, so a click that comes earlier still lands on its region)."""
        super().__init__(parent)
        # A viewport made here, not by Qt: PySide's first wrap of the C++-made one costs ~7 ms
        # (it resolves dozens of lazily loaded types), all of it before the first paint.
        self.setViewport(QWidget())
        self._given_catalog = catalog
        self._arts = list(arts)
        self._region_items: dict[str, list[RegionItem]] | None = None
        self._region_order: list[str] = []
        self._hovered = ""
        self._focus_index = -1
        self._press_pos: QPoint | None = None
        self._panning = False
        self._zoom = 1.0
        self._fit_scale = 1.0
        self._zoom_anchor = QPointF()
        self._zoom_anchor_scene = QPointF()
        self._outline_items: list[MuscleOutlineItem] = []
        self._renderers: list[QSvgRenderer] = []
        self._art_items: list[BodyArtItem] = []
        self._marks: dict[str, PainMark] = {}
        self._content_rect = QRectF()

        self._zoom_animation: QVariantAnimation | None = None

        scene = QGraphicsScene(self)
        scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.setScene(scene)
        self._build(self._arts)
        if not defer_regions:
            self.build_regions()

        self.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setBackgroundBrush(CANVAS)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.setAccessibleName(self.tr("Body map"))
        self.viewport().setAccessibleName(self.tr("Body map drawing"))
        self.setAccessibleDescription(
            self.tr(
                "Front and back of the body. Tab moves between regions, Space marks pain, "
                "Up and Down change its intensity, plus and minus zoom."
            )
        )

    # --- building --------------------------------------------------------------------------

    def _build(self, arts: Sequence[ViewArt]) -> None:
        scene = self.scene()
        self._view_offsets: dict[str, float] = {}
        self._overlay_items: list[QGraphicsItem] = []
        x_offset = 0.0
        caption_font = QFont(self.font())
        caption_font.setPointSizeF(max(caption_font.pointSizeF(), 9.0) * 1.6)
        caption_font.setWeight(QFont.Weight.DemiBold)
        self._renderers = [QSvgRenderer(str(art.svg_path), self) for art in arts]
        viewboxes = [renderer.viewBoxF() for renderer in self._renderers]
        top = min((viewbox.y() for viewbox in viewboxes), default=0.0)
        for art, renderer, viewbox in zip(arts, self._renderers, viewboxes, strict=True):
            vx, vw = viewbox.x(), viewbox.width()
            body = BodyArtItem(renderer, viewbox)
            body.setPos(x_offset - vx, 0.0)
            body.setZValue(0)
            scene.addItem(body)
            self._art_items.append(body)

            caption = QGraphicsSimpleTextItem(self.tr(art.caption))
            caption.setFont(caption_font)
            caption.setBrush(INK)
            # Captions are read at the overview zoom; scale them with the art's size.
            scale = vw / 260.0
            caption.setScale(scale)
            width = caption.boundingRect().width() * scale
            height = caption.boundingRect().height() * scale
            caption.setPos(x_offset + (vw - width) / 2, top - height * 1.5)
            scene.addItem(caption)

            self._view_offsets[art.name] = x_offset - vx
            outline = MuscleOutlineItem()
            outline.setPos(x_offset - vx, 0.0)
            outline.setData(0, art.name)
            scene.addItem(outline)
            self._outline_items.append(outline)
            x_offset += vw * (1 + GAP_FRACTION)
        self._fit_content()

    def _fit_content(self) -> None:
        """The scene rect: everything drawn, plus a margin."""
        bounds = self.scene().itemsBoundingRect()
        margin = bounds.width() * 0.03
        self._content_rect = bounds.adjusted(-margin, -margin, margin, margin)
        self.scene().setSceneRect(self._content_rect)

    @property
    def _animation(self) -> QVariantAnimation:
        """The zoom animation, made on first use: its classes cost start-up about a ms."""
        if self._zoom_animation is None:
            from PySide6.QtCore import QEasingCurve, QVariantAnimation

            self._zoom_animation = QVariantAnimation(self)
            self._zoom_animation.setDuration(ZOOM_ANIMATION_MS)
            self._zoom_animation.setEasingCurve(QEasingCurve.Type.OutCubic)
            self._zoom_animation.valueChanged.connect(self._on_zoom_animated)
        return self._zoom_animation

    @property
    def _catalog(self) -> RegionCatalog:
        if self._given_catalog is None:
            from app.domain.regions import default_catalog

            self._given_catalog = default_catalog()
        return self._given_catalog

    @property
    def regions_built(self) -> bool:
        return self._region_items is not None

    def build_regions(self) -> None:
        """One transparent item per drawn region, over the art, and the art's repaint cache
        (neither is needed for the first paint); does nothing the second time."""
        if self._region_items is not None:
            return
        for art_item in self._art_items:
            art_item.cache_repaints()
        scene = self.scene()
        before = scene.itemsBoundingRect()
        items: dict[str, list[RegionItem]] = {}
        for art in self._arts:
            offset = self._view_offsets[art.name]
            from app.ui.body_regions import RegionItem, polygons_to_path

            for region_id, polygons in art.load_regions().items():
                if region_id not in self._catalog:
                    continue
                item = RegionItem(
                    self._catalog.get(region_id), art.name, polygons_to_path(polygons)
                )
                item.setPos(offset, 0.0)
                item.setZValue(1)
                scene.addItem(item)
                items.setdefault(region_id, []).append(item)
        self._region_items = items
        self._region_order = [region_id for region_id in self._catalog.ids() if region_id in items]
        if scene.itemsBoundingRect() != before:  # regions reach past the art: keep them in view
            self._fit_content()
            self._apply_fit()

    @property
    def _items(self) -> dict[str, list[RegionItem]]:
        """Region items by id (built on first use if start-up deferred them)."""
        if self._region_items is None:
            self.build_regions()
        assert self._region_items is not None
        return self._region_items

    @property
    def _order(self) -> list[str]:
        """Drawn region ids in keyboard (catalogue) order."""
        if self._region_items is None:
            self.build_regions()
        return self._region_order

    # --- public state ----------------------------------------------------------------------

    def region_ids(self) -> list[str]:
        """Drawn regions in keyboard (catalogue) order."""
        return list(self._order)

    def region_items(self, region_id: str) -> list[RegionItem]:
        return list(self._items.get(region_id, ()))

    def region_center(self, region_id: str, view_name: str | None = None) -> QPoint:
        """Viewport position of a point inside the region (for tests and tooling)."""
        for item in self._items[region_id]:
            if view_name is None or item.view_name == view_name:
                # The best interior point can round onto a neighbour in a thin region at small
                # zoom: take the first candidate whose viewport pixel really hits this region.
                candidates = _interior_points(item.path())
                for point in candidates:
                    pos = self.mapFromScene(item.mapToScene(point))
                    if self.region_at(pos) == region_id:
                        return pos
                return self.mapFromScene(item.mapToScene(candidates[0]))
        raise KeyError(f"{region_id} is not drawn in {view_name}")

    def set_mark(self, region_id: str, mark: PainMark | None) -> None:
        """Show ``mark`` (None: unmarked) on the region's items only."""
        if mark is None:
            self._marks.pop(region_id, None)
        else:
            self._marks[region_id] = mark
        for item in self._items.get(region_id, ()):
            item.set_state(mark=mark)
        if self.focused_region() == region_id:
            self._announce(region_id)

    def set_all_marks(self, marks: Iterable[PainMark]) -> None:
        new = {mark.region_id: mark for mark in marks}
        for region_id in set(self._marks) | set(new):
            self.set_mark(region_id, new.get(region_id))

    def hovered_region(self) -> str:
        return self._hovered

    def focused_region(self) -> str:
        if self._focus_index < 0:
            return ""  # (before asking for _order, which would build deferred regions)
        return self._order[self._focus_index] if self._focus_index < len(self._order) else ""

    def focus_region(self, region_id: str) -> None:
        """Put the keyboard focus ring on ``region_id`` ("" removes it)."""
        index = self._order.index(region_id) if region_id in self._items else -1
        if index == self._focus_index:
            return
        previous = self.focused_region()
        for item in self._items.get(previous, ()):
            item.set_state(focused=False)
        self._focus_index = index
        for item in self._items.get(region_id, ()):
            item.set_state(focused=True)
        if region_id:
            self._ensure_visible(region_id)
            self._announce(region_id)
        self.region_focused.emit(region_id)

    def outline_regions(self, region_ids: Iterable[str]) -> None:
        """Draw the dashed muscle outline around these regions (empty: hide it)."""
        wanted = set(region_ids)
        for outline in self._outline_items:
            view_name = outline.data(0)
            path = QPainterPath()
            for region_id in wanted:
                for item in self._items.get(region_id, ()):
                    if item.view_name == view_name:
                        path = path.united(item.path())
            outline.setPath(path.simplified())
            outline.setVisible(not path.isEmpty())

    def show_overlay(self, illustration: Illustration) -> None:
        """Draw a suggestion on the map (``app.ui.body_regions.overlay_items`` says how)."""
        from app.ui.body_regions import overlay_items

        self.clear_overlay()
        for item, z in overlay_items(illustration, self._items, self._view_offsets):
            self._add_overlay(item, z)

    def _add_overlay(self, item: QGraphicsPathItem, z: float) -> None:
        """Overlay items never take clicks: marking pain works through them."""
        item.setZValue(z)
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        item.setAcceptHoverEvents(False)
        self.scene().addItem(item)
        self._overlay_items.append(item)

    def clear_overlay(self) -> None:
        for item in self._overlay_items:
            self.scene().removeItem(item)
        self._overlay_items.clear()

    def overlay_item_count(self) -> int:
        return len(self._overlay_items)

    def outlined_region_count(self) -> int:
        return sum(1 for outline in self._outline_items if outline.isVisible())

    # --- accessibility ---------------------------------------------------------------------

    def describe(self, region_id: str) -> str:
        label = self._catalog.get(region_id).label
        mark = self._marks.get(region_id)
        if mark is None:
            return self.tr("{region}: not marked").format(region=label)
        qualities = ", ".join(self.tr(q) for q in mark.sorted_qualities())
        text = self.tr("{region}: pain {intensity} of 10").format(
            region=label, intensity=mark.intensity
        )
        return f"{text} ({qualities})" if qualities else text

    def _announce(self, region_id: str) -> None:
        """Tell assistive technology which region has focus and how it is marked."""
        description = self.describe(region_id)
        self.setAccessibleDescription(description)
        self.setStatusTip(description)
        from PySide6.QtGui import QAccessible, QAccessibleEvent  # first use only: not at start

        if QAccessible.isActive():
            QAccessible.updateAccessibility(
                QAccessibleEvent(self, QAccessible.Event.DescriptionChanged)
            )

    # --- zoom ------------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        """1.0 = the whole body fits; up to MAX_ZOOM."""
        return self._zoom

    def zoom_in(self) -> None:
        self.zoom_by(WHEEL_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / WHEEL_STEP)

    def reset_zoom(self) -> None:
        self._animation.stop()
        self._zoom = 1.0
        self._apply_fit()
        self.zoom_changed.emit(self._zoom)

    def zoom_by(self, factor: float, anchor: QPointF | None = None, animate: bool = True) -> None:
        """Zoom by ``factor`` keeping the scene point under ``anchor`` (viewport px) still."""
        start = self._zoom
        if self._animation.state() == self._animation.State.Running:
            start_target = float(self._animation.endValue())
            self._animation.stop()
        else:
            start_target = start
        target = max(MIN_ZOOM, min(MAX_ZOOM, start_target * factor))
        center = QPointF(self.viewport().rect().center())
        self._set_anchor(anchor if anchor is not None else center)
        if not animate:
            self._set_zoom(target)
            return
        self._animation.setStartValue(start)
        self._animation.setEndValue(target)
        self._animation.start()

    def _on_zoom_animated(self, value: object) -> None:
        self._set_zoom(float(value))  # type: ignore[arg-type]

    def _set_anchor(self, viewport_pos: QPointF) -> None:
        """Remember the viewport point, and the scene point under it, that zooming keeps."""
        self._zoom_anchor = QPointF(viewport_pos)
        inverse, _ok = self.viewportTransform().inverted()
        self._zoom_anchor_scene = inverse.map(QPointF(viewport_pos))

    def _set_zoom(self, zoom: float) -> None:
        if abs(zoom - self._zoom) < 1e-6:
            return
        self._zoom = zoom
        scale = self._fit_scale * zoom
        self.setTransform(QTransform.fromScale(scale, scale))
        # Scroll so the remembered scene point is back under the anchor. Working from the
        # scene point fixed at the start keeps rounding from accumulating over the animation.
        landed = self.viewportTransform().map(self._zoom_anchor_scene)
        horizontal, vertical = self.horizontalScrollBar(), self.verticalScrollBar()
        horizontal.setValue(horizontal.value() + round(landed.x() - self._zoom_anchor.x()))
        vertical.setValue(vertical.value() + round(landed.y() - self._zoom_anchor.y()))
        self.zoom_changed.emit(zoom)

    def _apply_fit(self) -> None:
        """Fit the body to the viewport; the scene rect takes the viewport's shape so that
        zooming in always has room to scroll, and the point under the pointer stays put."""
        content = self._content_rect
        # The size without scroll bars: their appearing when zoomed must not change the fit.
        viewport = self.maximumViewportSize()
        if content.isEmpty() or viewport.isEmpty():
            return
        self._fit_scale = min(
            viewport.width() / content.width(), viewport.height() / content.height()
        )
        width = viewport.width() / self._fit_scale
        height = viewport.height() / self._fit_scale
        rect = QRectF(0, 0, width, height)
        rect.moveCenter(content.center())
        self.setSceneRect(rect)
        scale = self._fit_scale * self._zoom
        self.setTransform(QTransform.fromScale(scale, scale))
        if self._zoom == 1.0:
            self.centerOn(rect.center())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_fit()

    def _ensure_visible(self, region_id: str) -> None:
        items = self._items.get(region_id)
        if items and self._zoom > 1.0:
            self.ensureVisible(items[0].sceneBoundingRect(), 40, 40)

    # --- events ----------------------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.NativeGesture:
            gesture = event
            assert isinstance(gesture, QNativeGestureEvent)
            if gesture.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
                self._animation.stop()
                self._set_anchor(gesture.position())
                self._set_zoom(max(MIN_ZOOM, min(MAX_ZOOM, self._zoom * (1 + gesture.value()))))
                return True
            if gesture.gestureType() == Qt.NativeGestureType.SmartZoomNativeGesture:
                self.reset_zoom()
                return True
        if event.type() == QEvent.Type.Gesture:
            assert isinstance(event, QGestureEvent)
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                self._animation.stop()
                self._set_anchor(
                    self.viewport().mapFromGlobal(pinch.centerPoint().toPoint()).toPointF()
                )
                new_zoom = self._zoom * pinch.scaleFactor()
                self._set_zoom(max(MIN_ZOOM, min(MAX_ZOOM, new_zoom)))
                event.accept(pinch)
                return True
        if event.type() == QEvent.Type.Leave:
            self._set_hovered("")
        return super().viewportEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if not ctrl and not event.pixelDelta().isNull():
            super().wheelEvent(event)  # trackpad scrolling pans; Ctrl (or pinch) zooms
            return
        steps = event.angleDelta().y() / 120 or event.pixelDelta().y() / 50
        if steps:
            self.zoom_by(WHEEL_STEP**steps, event.position())
        event.accept()

    def region_at(self, pos: QPoint) -> str:
        if self._region_items is None:
            self.build_regions()
        from app.ui.body_regions import RegionItem

        for item in self.items(pos):
            if isinstance(item, RegionItem):
                return item.region.id
        return ""

    def _set_hovered(self, region_id: str) -> None:
        if region_id == self._hovered:
            return
        for item in self._items.get(self._hovered, ()):
            item.set_state(hovered=False)
        self._hovered = region_id
        for item in self._items.get(region_id, ()):
            item.set_state(hovered=True)
        self.region_hovered.emit(region_id)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton):
            self._press_pos = event.position().toPoint()
            self._panning = event.button() == Qt.MouseButton.MiddleButton
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._press_pos is not None:
            delta = pos - self._press_pos
            if not self._panning and delta.manhattanLength() >= _drag_distance():
                self._panning = True
                self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            if self._panning:
                self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
                self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
                self._press_pos = pos
                event.accept()
                return
        region_id = self.region_at(pos)
        self._set_hovered(region_id)
        cursor = Qt.CursorShape.PointingHandCursor if region_id else Qt.CursorShape.ArrowCursor
        self.viewport().setCursor(cursor)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press_pos is None:
            super().mouseReleaseEvent(event)
            return
        was_panning = self._panning
        self._press_pos = None
        self._panning = False
        self.viewport().unsetCursor()
        if not was_panning and event.button() == Qt.MouseButton.LeftButton:
            region_id = self.region_at(event.position().toPoint())
            if region_id:
                self.setFocus(Qt.FocusReason.MouseFocusReason)
                self.focus_region(region_id)
                self.region_activated.emit(region_id)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        # A double click is two clicks on the same region: the second one just re-selects it.
        self.mousePressEvent(event)

    def focusInEvent(self, event: QEvent) -> None:
        super().focusInEvent(event)  # type: ignore[arg-type]
        reason = event.reason()  # type: ignore[attr-defined]
        tabbed = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
        if reason not in tabbed or self.focused_region() or not self._order:
            return  # (only Tab and Shift+Tab need the regions: the window's focus at start not)
        if reason == Qt.FocusReason.TabFocusReason:
            self.focus_region(self._order[0])
        elif reason == Qt.FocusReason.BacktabFocusReason:
            self.focus_region(self._order[-1])

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab walks the regions in catalogue order, then leaves the map."""
        if self.hasFocus() and self._order:
            index = self._focus_index + (1 if next else -1)
            if self._focus_index == -1 and not next:
                index = len(self._order) - 1
            if 0 <= index < len(self._order):
                self.focus_region(self._order[index])
                return True
            self.focus_region("")
        return super().focusNextPrevChild(next)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        region_id = self.focused_region()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_0 and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.reset_zoom()
        elif region_id and key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.region_activated.emit(region_id)
        elif region_id and key in (Qt.Key.Key_Up, Qt.Key.Key_Right):
            self.intensity_step_requested.emit(region_id, 1)
        elif region_id and key in (Qt.Key.Key_Down, Qt.Key.Key_Left):
            self.intensity_step_requested.emit(region_id, -1)
        elif region_id and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear_requested.emit(region_id)
        elif region_id and key == Qt.Key.Key_Escape:
            self.focus_region("")
        else:
            super().keyPressEvent(event)
            return
        event.accept()


def _drag_distance() -> int:
    from PySide6.QtWidgets import QApplication

    return QApplication.startDragDistance()


def _interior_points(path: QPainterPath) -> list[QPointF]:
    """Points inside ``path``, deepest first (the centroid first when it is inside)."""
    center = path.boundingRect().center()
    rect = path.boundingRect()
    scored: list[tuple[float, QPointF]] = []
    if path.contains(center):
        scored.append((100.0, center))
    steps = 16
    for i in range(1, steps):
        for j in range(1, steps):
            point = QPointF(
                rect.left() + rect.width() * i / steps, rect.top() + rect.height() * j / steps
            )
            if not path.contains(point):
                continue
            # Prefer points far from the edge: check a small cross around the point.
            score = sum(
                path.contains(point + QPointF(dx, dy))
                for dx, dy in ((3, 0), (-3, 0), (0, 3), (0, -3), (6, 0), (-6, 0), (0, 6), (0, -6))
            ) - ((point - center).manhattanLength() / (rect.width() + rect.height()))
            scored.append((score, point))
    scored.sort(key=lambda item: -item[0])
    return [point for _score, point in scored] or [center]
