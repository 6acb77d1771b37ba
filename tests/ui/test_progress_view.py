"""The Progress window on the demo journal: every chart draws data from the journal."""

from __future__ import annotations

from datetime import date

import pytest
from matplotlib.collections import PathCollection, PolyCollection

from app.domain.demo import generate_demo_journal
from app.store.demo import write_demo_journal
from app.ui.progress_view import ChartCard, ProgressView
from app.ui.questionnaire_dialog import QuestionnaireDialog

TODAY = date(2026, 11, 24)


@pytest.fixture
def demo_view(qtbot, open_store):  # type: ignore[no-untyped-def]
    store = open_store()
    write_demo_journal(store, generate_demo_journal(end=TODAY))
    view = ProgressView(store, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.range_box.setCurrentText("all")
    view.show()
    return view


def test_each_chart_draws_the_journal(demo_view) -> None:  # type: ignore[no-untyped-def]
    store = demo_view.store
    data = demo_view.data
    assert len(data.check_ins) == store.count_check_ins()
    pain = demo_view.cards["pain"].figure.axes[0]
    scatter = next(c for c in pain.collections if isinstance(c, PathCollection))
    assert len(scatter.get_offsets()) == store.count_check_ins()
    assert any(line.get_label() == "7-day average" for line in pain.get_lines())
    assert len(data.episodes) >= 2  # the acute episode and the relapse, shown as bands
    extent = demo_view.cards["extent"].figure.axes[0]
    assert extent.get_lines()[0].get_xdata().size > 0
    heat_axes = demo_view.cards["heat"].figure.axes
    coloured = heat_axes[1].collections[0].get_array()
    assert isinstance(heat_axes[1].collections[0], PolyCollection)
    assert (coloured.count() if hasattr(coloured, "count") else len(coloured)) > 0
    effects = demo_view.cards["effects"].figure.axes[0]
    labels = [tick.get_text() for tick in effects.get_yticklabels()]
    assert "Piriformis" in labels and any("too few" in t.get_text() for t in effects.texts)
    outcomes = demo_view.cards["outcomes"].figure.axes
    assert len(outcomes) == 3 and all(axes.get_lines() for axes in outcomes)
    caption = demo_view.cards["outcomes"].caption.text()
    assert "Oswestry" in caption and "since the first" in caption and "improvement" in caption


def test_range_changes_the_data(demo_view) -> None:  # type: ignore[no-untyped-def]
    everything = len(demo_view.data.check_ins)
    demo_view.range_box.setCurrentText("week")
    assert 0 < len(demo_view.data.check_ins) < everything


def test_demo_is_labelled(demo_view) -> None:  # type: ignore[no-untyped-def]
    assert demo_view.demo_label.isVisibleTo(demo_view)


def test_save_png_and_svg(demo_view, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for suffix in ("png", "svg"):
        target = tmp_path / f"chart.{suffix}"
        monkeypatch.setattr(
            ChartCard, "ask_save_path", staticmethod(lambda *a, t=target: (str(t), ""))
        )
        demo_view.cards["pain"].save_button.click()
        assert target.stat().st_size > 1000
    assert (tmp_path / "chart.svg").read_text().lstrip().startswith("<?xml")


def test_clicking_a_point_opens_that_check_in(qtbot, demo_view) -> None:  # type: ignore[no-untyped-def]
    from matplotlib.backend_bases import MouseEvent

    card = demo_view.cards["pain"]
    card.canvas.draw()
    axes = card.figure.axes[0]
    first = demo_view.data.check_ins[-1]
    x, y = axes.transData.transform((axes.convert_xunits(first.taken_at), first.overall_pain))
    chosen: list[int] = []
    demo_view.check_in_chosen.connect(chosen.append)
    card.canvas.callbacks.process(
        "button_press_event", MouseEvent("button_press_event", card.canvas, x, y, 1)
    )
    assert chosen and chosen[0] in {c.id for c in demo_view.data.check_ins}


def test_questionnaire_is_scored_saved_and_charted(demo_view, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = len(demo_view.store.all_questionnaires("odi"))
    # The dialog dates the answers now; the view shows entries up to its "today".
    demo_view._today = date.today

    def fill(dialog: QuestionnaireDialog) -> bool:
        for group in dialog.odi_groups:
            group.button(2).setChecked(True)
        assert (
            "40% disability" in dialog.score_label.text()
            and "moderate" in dialog.score_label.text()
        )
        dialog._save()
        return dialog.response is not None

    monkeypatch.setattr(QuestionnaireDialog, "run", staticmethod(fill))
    demo_view.fill_questionnaire("odi")
    assert len(demo_view.store.all_questionnaires("odi")) == before + 1
    assert demo_view.data.scores["odi"][-1][1].value == 40


def test_psfs_needs_an_activity(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = QuestionnaireDialog("psfs")
    qtbot.addWidget(dialog)
    dialog._save()
    assert dialog.response is None and dialog.error_label.text()
    dialog.psfs_rows[0][0].setText("Putting on socks")
    dialog.psfs_rows[0][1].setValue(4)
    dialog._save()
    assert dialog.response is not None and dialog.response.activities == ("Putting on socks",)


def test_a_chosen_day_opens_on_the_body_map(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    write_demo_journal(window.store, generate_demo_journal(end=TODAY))
    window.editor.refresh_history()
    window.show_progress()
    view = window.progress_view
    qtbot.addWidget(view)
    target = view.data.check_ins[0]
    view.check_in_chosen.emit(target.id)
    assert window.draft.stored is not None and window.draft.stored.id == target.id
    assert set(window.draft.marks()) == set(target.marks)  # its marks are on the body map


def test_score_captions_show_a_band_only_where_the_instrument_has_one(demo_view) -> None:  # type: ignore[no-untyped-def]
    caption = demo_view.cards["outcomes"].caption.text()
    lines = {line.split(":")[0]: line for line in caption.splitlines()}
    assert "Oswestry" in lines and "Roland-Morris" in lines
    assert "(" in lines["Oswestry"].split(",")[0]  # ODI: its published band
    assert "()" not in caption
