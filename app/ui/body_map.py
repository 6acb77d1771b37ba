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
    from app.ui.muscle_layer import MuscleItem

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
    #: The layer shown changed: "skin", "muscles" or "deep".
    layer_changed = Signal(str)
    #: The pointer entered a muscle on a muscle layer (muscle id, side; "", "" when it left).
    muscle_hovered = Signal(str, str)
    #: Click, or Space/Enter on the focused muscle: toggle it tight on that side.
    muscle_activated = Signal(str, str)
    #: Delete/Backspace on the focused muscle: it is not tight on that side.
    muscle_clear_requested = Signal(str, str)
    #: Keyboard focus moved to a muscle ("", "" when it left the muscles).
    muscle_focused = Signal(str, str)

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
        self._layer = "skin"
        self._muscle_items: list[MuscleItem] | None = None
        self._muscle_labels: dict[str, str] = {}
        self._tight: tuple[tuple[str, str], ...] = ()
        self._highlighted_muscle: tuple[str, str] = ("", "")
        self._hovered_muscle: MuscleItem | None = None
        self._focused_muscle: MuscleItem | None = None
        self._typed = ""
        self._typed_at = 0.0

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

    # --- muscle layers ---------------------------------------------------------------------

    @property
    def layer(self) -> str:
        """ "skin" (regions: mark pain), "muscles" or "deep" (muscles: mark them tight)."""
        return self._layer

    def set_layer(self, layer: str) -> None:
        """Show the skin or a muscle layer; pain marks stay, translucent, over the muscles."""
        from app.domain.muscle_map import LAYERS

        if layer not in LAYERS:
            raise ValueError(f"unknown layer {layer!r}")
        if layer == self._layer:
            return
        if layer != "skin":
            self.build_muscles()
        self._set_hovered("")
        self._set_hovered_muscle(None)
        self.focus_region("")
        self.focus_muscle(None)
        self._layer = layer
        opacity = 1.0 if layer == "skin" else 0.45
        for items in self._items.values():
            for item in items:
                item.setOpacity(opacity)
        for outline in self._outline_items:  # a muscle layer outlines the muscle itself
            outline.setOpacity(1.0 if layer == "skin" else 0.0)
        self._refresh_muscle_modes()
        descriptions = {
            "skin": self.tr("Skin: Tab moves between regions, Space marks pain."),
            "muscles": self.tr(
                "Muscles: type a muscle's name or Tab to it, arrows go to its neighbours, "
                "Space marks it tight on that side, Delete clears it."
            ),
            "deep": self.tr(
                "Deep muscles: type a muscle's name or Tab to it, arrows go to its neighbours, "
                "Space marks it tight on that side, Delete clears it."
            ),
        }
        self.setAccessibleDescription(descriptions[layer])
        self.layer_changed.emit(layer)

    def set_muscle_labels(self, labels: Mapping[str, str]) -> None:
        """Muscle names for hover, tool tips and the screen reader (id -> label)."""
        self._muscle_labels = dict(labels)
        for item in self._muscle_items or ():
            item.label = self._muscle_label(item.muscle_id)
            item.setToolTip(item.label)

    def _muscle_label(self, muscle_id: str) -> str:
        return self._muscle_labels.get(muscle_id) or muscle_id.replace("_", " ").capitalize()

    @property
    def muscles_built(self) -> bool:
        return self._muscle_items is not None

    def build_muscles(self) -> None:
        """One item per drawn muscle shape (both layers), hidden until a layer shows it."""
        if self._muscle_items is not None:
            return
        from app.domain.muscle_map import load_muscle_shapes
        from app.ui.muscle_layer import MUSCLE_Z, MuscleItem

        items: list[MuscleItem] = []
        for art in self._arts:
            if art.name not in ("front", "back"):
                continue
            offset = self._view_offsets[art.name]
            for index, shape in enumerate(load_muscle_shapes(art.name)):
                item = MuscleItem(shape, self._muscle_label(shape.muscle_id))
                item.setPos(offset, 0.0)
                item.setZValue(MUSCLE_Z + index * 1e-4)
                self.scene().addItem(item)
                items.append(item)
        self._muscle_items = items
        self._refresh_muscle_modes()

    def muscle_items(
        self, muscle_id: str | None = None, side: str | None = None
    ) -> list[MuscleItem]:
        self.build_muscles()
        assert self._muscle_items is not None
        return [
            item
            for item in self._muscle_items
            if (muscle_id is None or item.muscle_id == muscle_id)
            and (side is None or item.side == side)
        ]

    def _muscle_order(self) -> list[MuscleItem]:
        """The shown muscles in keyboard order: front then back, head to feet, left first."""
        from app.domain.muscle_map import LAYER_DEPTH

        depth = LAYER_DEPTH.get(self._layer)
        shown = [item for item in self._muscle_items or () if item.layer == depth]
        views = [art.name for art in self._arts]

        def key(item: MuscleItem) -> tuple[int, float, int]:
            _x, y = item.shape_data.centroid()
            return (views.index(item.view_name), round(y / 12), 0 if item.side == "left" else 1)

        return sorted(shown, key=key)

    def muscle_item_at(self, pos: QPoint) -> MuscleItem | None:
        """The muscle under a viewport point on the layer shown (None on the skin layer)."""
        if self._layer == "skin" or self._muscle_items is None:
            return None
        from app.ui.muscle_layer import MuscleItem

        for item in self.items(pos):
            # (items() tests each item's shape(): the muscle's own outline.)
            if isinstance(item, MuscleItem) and item.mode == "shown" and item.isVisible():
                return item
        return None

    def muscle_center(self, muscle_id: str, side: str, view_name: str, layer: str) -> QPoint:
        """Viewport position where a click lands on this muscle (``layer``: superficial or
        deep; for tests and tooling)."""
        from app.domain.muscle_map import visible_point

        x, y = visible_point(view_name, layer, muscle_id, side)
        return self.mapFromScene(QPointF(x + self._view_offsets[view_name], y))

    def set_tight_muscles(self, tight: Iterable[object]) -> None:
        """Draw these muscles as tight (TightMuscle objects; side "both" means both sides)."""
        keys: set[tuple[str, str]] = set()
        for muscle in tight:
            muscle_id, side = muscle.muscle_id, muscle.side  # type: ignore[attr-defined]
            for one in ("left", "right") if side == "both" else (side,):
                keys.add((muscle_id, one))
        self._tight = tuple(sorted(keys))
        if keys:
            self.build_muscles()
        self._refresh_muscle_modes()
        if self._focused_muscle is not None:
            self._announce_muscle(self._focused_muscle)

    def tight_muscle_keys(self) -> set[tuple[str, str]]:
        return set(self._tight)

    def highlight_muscle(self, muscle_id: str, side: str) -> None:
        """Outline a muscle's own shape (side "both": both sides; "" clears)."""
        self._highlighted_muscle = (muscle_id, side)
        if muscle_id:
            self.build_muscles()
        self._refresh_muscle_modes()

    def _refresh_muscle_modes(self) -> None:
        """Which items are shown, ghosted (tight or highlighted, drawn on another layer) or
        hidden; each item repaints only if its state changed."""
        if self._muscle_items is None:
            return
        from app.domain.muscle_map import LAYER_DEPTH

        depth = LAYER_DEPTH.get(self._layer)
        tight = set(self._tight)
        on_layer = {(i.view_name, i.key) for i in self._muscle_items if i.layer == depth}
        largest: dict[tuple[str, tuple[str, str]], MuscleItem] = {}
        for item in self._muscle_items:
            slot = (item.view_name, item.key)
            if slot not in largest or item.shape_data.area() > largest[slot].shape_data.area():
                largest[slot] = item
        h_id, h_side = self._highlighted_muscle
        for item in self._muscle_items:
            slot = (item.view_name, item.key)
            if item.layer == depth:
                mode = "shown"
            elif slot not in on_layer and largest[slot] is item:
                mode = "ghost"
            else:
                mode = "hidden"
            highlighted = bool(h_id) and item.muscle_id == h_id and h_side in (item.side, "both")
            item.set_state(mode=mode, tight=item.key in tight, highlighted=highlighted)

    def hovered_muscle(self) -> tuple[str, str]:
        item = self._hovered_muscle
        return (item.muscle_id, item.side) if item is not None else ("", "")

    def focused_muscle(self) -> tuple[str, str]:
        item = self._focused_muscle
        return (item.muscle_id, item.side) if item is not None else ("", "")

    def _set_hovered_muscle(self, item: MuscleItem | None) -> None:
        if item is self._hovered_muscle:
            return
        if self._hovered_muscle is not None:
            self._hovered_muscle.set_state(hovered=False)
        self._hovered_muscle = item
        if item is not None:
            item.set_state(hovered=True)
            self.muscle_hovered.emit(item.muscle_id, item.side)
        else:
            self.muscle_hovered.emit("", "")

    def focus_muscle(self, item: MuscleItem | None) -> None:
        """Put the keyboard focus ring on a muscle item (None removes it)."""
        if item is self._focused_muscle:
            return
        if self._focused_muscle is not None:
            self._focused_muscle.set_state(focused=False)
        self._focused_muscle = item
        if item is None:
            self.muscle_focused.emit("", "")
            return
        item.set_state(focused=True)
        if self._zoom > 1.0:
            self.ensureVisible(item.sceneBoundingRect(), 40, 40)
        self._announce_muscle(item)
        self.muscle_focused.emit(item.muscle_id, item.side)

    def focus_muscle_named(self, muscle_id: str, side: str) -> bool:
        """Focus the shown item of ``muscle_id`` on ``side`` (False if this layer lacks it)."""
        for item in self._muscle_order():
            if item.key == (muscle_id, side):
                self.focus_muscle(item)
                return True
        return False

    def describe_muscle(self, muscle_id: str, side: str) -> str:
        label = self._muscle_label(muscle_id)
        sides = {"left": self.tr("left"), "right": self.tr("right")}
        if (muscle_id, side) in self._tight:
            text = self.tr("{muscle} ({side}): marked tight")
        else:
            text = self.tr("{muscle} ({side}): not marked tight")
        return text.format(muscle=label, side=sides.get(side, side))

    def _announce_muscle(self, item: MuscleItem) -> None:
        description = self.describe_muscle(item.muscle_id, item.side)
        self.setAccessibleDescription(description)
        self.setStatusTip(description)
        from PySide6.QtGui import QAccessible, QAccessibleEvent

        if QAccessible.isActive():
            QAccessible.updateAccessibility(
                QAccessibleEvent(self, QAccessible.Event.DescriptionChanged)
            )

    def _muscle_key(self, event: QKeyEvent) -> bool:
        """Keys on a muscle layer: Space/Enter toggles tight, Delete clears, arrows go to the
        neighbour that way, typing a name finds the muscle. True if the key was used."""
        from time import monotonic

        from app.domain.muscle_map import neighbour

        key = event.key()
        item = self._focused_muscle
        typing = bool(self._typed) and monotonic() - self._typed_at < 1.0
        # "gluteus m…": a space while typing a name that goes on is part of it, not a mark.
        if key == Qt.Key.Key_Space and typing and self._name_goes_on(self._typed + " "):
            self._typed += " "
            self._typed_at = monotonic()
            return True
        if item is not None and key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.muscle_activated.emit(item.muscle_id, item.side)
            return True
        if item is not None and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.muscle_clear_requested.emit(item.muscle_id, item.side)
            return True
        if item is not None and key == Qt.Key.Key_Escape:
            self.focus_muscle(None)
            return True
        arrows = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        if key in arrows:
            order = self._muscle_order()
            if item is None:
                if order:
                    self.focus_muscle(order[0])
                return True
            same_view = [i for i in order if i.view_name == item.view_name]
            dx, dy = arrows[Qt.Key(key)]
            found = neighbour([i.shape_data for i in same_view], item.shape_data, dx, dy)
            if found is not None:
                self.focus_muscle(next(i for i in same_view if i.shape_data is found))
            return True
        text = event.text()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        if text and text.isprintable() and text.strip() and not modifiers:
            now = monotonic()
            self._typed = (self._typed if now - self._typed_at < 1.0 else "") + text.casefold()
            self._typed_at = now
            self._find_typed()
            return True
        return False

    def _name_goes_on(self, typed: str) -> bool:
        """Whether some shown muscle's name (or a word of it onward) starts with ``typed``."""
        for item in self._muscle_order():
            words = item.label.casefold().split()
            if any(" ".join(words[i:]).startswith(typed) for i in range(len(words))):
                return True
        return False

    def _find_typed(self) -> None:
        """Focus the next muscle (after the focused one) whose name or a word of it starts
        with what was typed."""
        order = self._muscle_order()
        if not order:
            return
        typed = self._typed

        def matches(item: MuscleItem) -> bool:
            label = item.label.casefold()
            words = label.split()
            return label.startswith(typed) or any(
                " ".join(words[i:]).startswith(typed) for i in range(len(words))
            )

        start = order.index(self._focused_muscle) if self._focused_muscle in order else -1
        # A single letter typed again moves on; a longer word stays on a muscle that still fits.
        first = start + 1 if len(typed) == 1 or start < 0 else start
        for step in range(len(order)):
            candidate = order[(first + step) % len(order)]
            if matches(candidate):
                self.focus_muscle(candidate)
                return

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
        # A hair under the viewport's size: rounding up a float must not bring scroll bars.
        width = (viewport.width() - 0.05) / self._fit_scale
        height = (viewport.height() - 0.05) / self._fit_scale
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
            self._set_hovered_muscle(None)
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
        if self._layer != "skin":
            muscle = self.muscle_item_at(pos)
            self._set_hovered_muscle(muscle)
            cursor = Qt.CursorShape.PointingHandCursor if muscle else Qt.CursorShape.ArrowCursor
            self.viewport().setCursor(cursor)
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
        clicked = not was_panning and event.button() == Qt.MouseButton.LeftButton
        if clicked and self._layer != "skin":
            muscle = self.muscle_item_at(event.position().toPoint())
            if muscle is not None:
                self.setFocus(Qt.FocusReason.MouseFocusReason)
                self.focus_muscle(muscle)
                self.muscle_activated.emit(muscle.muscle_id, muscle.side)
        elif clicked:
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
        if reason in tabbed and self._layer != "skin":
            if self._focused_muscle is None and self._muscle_order():
                order = self._muscle_order()
                forward = reason == Qt.FocusReason.TabFocusReason
                self.focus_muscle(order[0] if forward else order[-1])
            return
        if reason not in tabbed or self.focused_region() or not self._order:
            return  # (only Tab and Shift+Tab need the regions: the window's focus at start not)
        if reason == Qt.FocusReason.TabFocusReason:
            self.focus_region(self._order[0])
        elif reason == Qt.FocusReason.BacktabFocusReason:
            self.focus_region(self._order[-1])

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab walks the regions in catalogue order (on a muscle layer: its muscles, head to
        feet), then leaves the map."""
        if self.hasFocus() and self._layer != "skin":
            order = self._muscle_order()
            index = order.index(self._focused_muscle) if self._focused_muscle in order else -1
            index = index + (1 if next else -1) if index >= 0 else (0 if next else len(order) - 1)
            if 0 <= index < len(order):
                self.focus_muscle(order[index])
                return True
            self.focus_muscle(None)
            return super().focusNextPrevChild(next)
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
        if self._layer != "skin" and self._muscle_key(event):
            event.accept()
            return
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
