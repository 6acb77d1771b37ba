"""Every knowledge-base item's point-location illustration renders (and its points were
checked on the body and on the right side in tests/unit/test_illustration.py)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from app.domain.illustration import (
    acupoint_illustration,
    exercise_illustration,
    trigger_point_illustration,
)
from app.domain.regions import default_catalog
from app.store.knowledge_db import open_knowledge
from app.ui.detail_view import PointIllustration


def test_every_illustration_renders_with_its_marks(qtbot) -> None:  # type: ignore[no-untyped-def]
    kb, catalog = open_knowledge(), default_catalog()
    illustrations = [
        trigger_point_illustration(kb, catalog, m.id, s.site_id, side)
        for m in kb.muscles.values() for s in m.sites for side in ("left", "right")
    ] + [
        acupoint_illustration(kb, p.code, side)
        for p in kb.acupoints.values() for side in (("left", "right") if p.bilateral else ("midline",))
    ] + [exercise_illustration(kb, catalog, e) for e in kb.exercises]  # fmt: skip
    widget = PointIllustration(illustrations[0])
    qtbot.addWidget(widget)
    widget.resize(240, 300)
    for illustration in illustrations:
        widget.illustration = illustration
        widget._renderers = {
            view: widget._renderers.get(view) or PointIllustration(illustration)._renderers[view]
            for view in illustration.views
        }
        image = widget.grab().toImage()
        assert not image.isNull()
        colours = {
            image.pixelColor(x, y).name() for x in range(0, 240, 6) for y in range(0, 300, 6)
        }
        assert len(colours) > 3, illustration.title  # art and marks, not a blank square
        assert QColor("white").name() in colours


def test_acupoint_labels_never_overlap(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The point's name, its landmark and the distance in cun are readable side by side, for
    every acupoint on each side, at the detail view's size."""
    kb = open_knowledge()
    checked = 0
    for point in kb.acupoints.values():
        for side in ("left", "right") if point.bilateral else ("midline",):
            widget = PointIllustration(acupoint_illustration(kb, point.code, side))
            qtbot.addWidget(widget)
            widget.resize(430, 500)
            widget.grab()
            boxes = widget.label_boxes
            assert boxes, point.code
            for index, (view, text, box) in enumerate(boxes):
                for other_view, other_text, other in boxes[index + 1 :]:
                    if view == other_view:
                        assert not box.intersects(other), (point.code, side, text, other_text)
            checked += 1
    assert checked >= len(kb.acupoints)
