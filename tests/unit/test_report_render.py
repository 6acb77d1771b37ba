"""The report's pain drawing gets left and right right, on both views (laterality mistakes are
the commonest error in pain drawings): checked on the drawn page, not on the data."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest

from app.domain.journal import CheckIn, PainMark
from app.domain.regions import default_catalog
from app.domain.report import ReportPeriod, build_report
from app.render.report import PAPERS, report_pages
from app.store.knowledge_db import open_knowledge

TODAY = date(2026, 3, 31)


def page_one(*marks: PainMark, paper: str = "a4"):  # type: ignore[no-untyped-def]
    check_in = CheckIn(datetime(2026, 3, 20, 9), 5, marks)
    report = build_report([check_in], [], [], [], ReportPeriod(date(2026, 3, 1), TODAY),
                          open_knowledge(), default_catalog(), TODAY)  # fmt: skip
    return report_pages(report, paper, ())[0]


def drawing_axes(figure):  # type: ignore[no-untyped-def]
    """The front and back axes of the pain drawing, by their titles."""
    views = {
        axes.get_title(): axes for axes in figure.axes if axes.get_title() in ("Front", "Back")
    }
    assert set(views) == {"Front", "Back"}
    return views


def coloured_centres(axes) -> list[float]:  # type: ignore[no-untyped-def]
    """x of the centre of every coloured (marked) polygon, in art units."""
    (collection,) = axes.collections
    values = np.ma.masked_invalid(collection.get_array())
    return [
        float(np.mean(path.vertices[:, 0]))
        for path, value in zip(collection.get_paths(), values, strict=True)
        if value is not np.ma.masked
    ]


@pytest.mark.parametrize("paper", list(PAPERS))
def test_l_and_r_labels_face_the_right_way_on_each_view(paper: str) -> None:
    views = drawing_axes(page_one(PainMark("calf_left", 6), paper=paper))
    for view, (first, second) in (("Front", ("R", "L")), ("Back", ("L", "R"))):
        texts = {t.get_text(): t.get_position()[0] for t in views[view].texts}
        assert texts[first] < texts[second], view


def test_left_sided_pain_is_on_the_viewers_right_in_front_and_left_behind() -> None:
    # Shoulder and forearm are drawn in both views; the calf only from behind, the chest only
    # in front.
    marks = [PainMark(r, 5) for r in ("shoulder_left", "forearm_left", "calf_left", "chest_left")]
    views = drawing_axes(page_one(*marks))
    middle = 210  # the art's vertical midline (viewBox 0..420)
    front, back = coloured_centres(views["Front"]), coloured_centres(views["Back"])
    assert len(front) >= 3 and len(back) >= 3
    assert all(x > middle for x in front)  # facing us: the person's left is on our right
    assert all(x < middle for x in back)  # from behind: their left is on our left


def test_unmarked_regions_stay_uncoloured() -> None:
    views = drawing_axes(page_one(PainMark("calf_right", 6)))
    counts = {
        view: np.ma.masked_invalid(axes.collections[0].get_array()).count()
        for view, axes in views.items()
    }
    assert counts == {"Front": 0, "Back": 1}  # the calf is drawn in the back view only
