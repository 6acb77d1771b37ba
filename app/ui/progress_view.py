"""The Progress window: recovery charts from the journal, questionnaires, save as PNG/SVG.

Thin: ``app.domain.progress.build_progress`` computes every series; ``app.render.charts`` draws
them. matplotlib is imported when this window is first created, never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app.domain.progress import ProgressData, build_progress
from app.domain.trends import RANGES
from app.render import charts
from app.store.knowledge_db import open_knowledge

if TYPE_CHECKING:
    from app.store.journal import JournalStore

CHART_HEIGHTS = {"pain": 3.0, "extent": 2.4, "heat": 3.6, "episodes": 2.6, "effects": 3.0,
                 "outcomes": 2.6, "tests": 3.8}  # fmt: skip
CHART_TITLES = {
    "pain": "Pain over time",
    "extent": "How much of the body hurts",
    "heat": "Where it hurts, and what changed",
    "episodes": "Flare-ups: how often and how long",
    "effects": "What helped you",
    "outcomes": "Questionnaires",
    "tests": "Self-tests and routine, next to pain",
}


class ChartCard(QFrame):
    """One chart: a title, the canvas, and a Save button (PNG or SVG)."""

    ask_save_path: Callable[..., tuple[str, str]] = staticmethod(QFileDialog.getSaveFileName)  # type: ignore[assignment]

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("card")
        self.figure = Figure(figsize=(9, CHART_HEIGHTS[key]), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(int(CHART_HEIGHTS[key] * 80))
        self.canvas.setAccessibleName(CHART_TITLES[key])
        title = QLabel(f"<b>{CHART_TITLES[key]}</b>")
        self.save_button = QPushButton(self.tr("Save…"))
        self.save_button.setAccessibleName(
            self.tr("Save the chart {t}").format(t=CHART_TITLES[key])
        )
        self.save_button.clicked.connect(self.save)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.save_button)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.canvas)
        layout.addWidget(self.caption)

    def save(self) -> None:
        path, _ = self.ask_save_path(
            self, self.tr("Save chart"), f"reliefmap-{self.key}.png", "PNG (*.png);;SVG (*.svg)"
        )
        if path:
            self.figure.savefig(path, dpi=150, bbox_inches="tight")


class ProgressView(QWidget):
    """Charts for a chosen range. ``check_in_chosen`` fires when a day's point is clicked."""

    check_in_chosen = Signal(int)
    questionnaire_saved = Signal()

    def __init__(self, store: JournalStore, parent: QWidget | None = None,
                 today: Callable[[], date] = date.today) -> None:  # fmt: skip
        super().__init__(parent, Qt.WindowType.Window)
        self.store = store
        self._today = today
        self.data: ProgressData | None = None
        self._pain_points: object | None = None
        self.setWindowTitle(self.tr("ReliefMap: your progress"))
        self.resize(1100, 860)

        self.range_box = QComboBox()
        self.range_box.addItems(list(RANGES))
        self.range_box.setCurrentText("3 months")
        self.range_box.setAccessibleName(self.tr("Date range"))
        self.range_box.currentTextChanged.connect(lambda _text: self.refresh())
        self.questionnaire_button = QPushButton(self.tr("Fill in a questionnaire"))
        menu = QMenu(self.questionnaire_button)
        for key, label in (("odi", "Oswestry Disability Index"), ("rmdq", "Roland-Morris"),
                           ("psfs", "Patient-specific functional scale")):  # fmt: skip
            menu.addAction(label, lambda key=key: self.fill_questionnaire(key))
        self.questionnaire_button.setMenu(menu)
        self.demo_label = QLabel(self.tr("Demo journal: synthetic data, not yours"))
        self.demo_label.setStyleSheet("color: #9a3412; font-weight: bold;")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show:")))
        top.addWidget(self.range_box)
        top.addSpacing(12)
        top.addWidget(self.demo_label)
        top.addStretch(1)
        top.addWidget(self.questionnaire_button)

        self.cards = {key: ChartCard(key) for key in CHART_TITLES}
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.summary)
        for card in self.cards.values():
            column.addWidget(card)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll)

        pain = self.cards["pain"].canvas
        pain.mpl_connect("motion_notify_event", self._on_hover)
        pain.mpl_connect("button_press_event", self._on_click)
        self.refresh()

    # --- data ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the journal and redraw every chart for the chosen range."""
        from app.store.demo import is_demo

        self.demo_label.setVisible(is_demo(self.store))
        self.data = build_progress(
            self.store.all_check_ins(),
            self.store.all_sessions(),
            self.store.all_questionnaires(),
            self.range_box.currentText(),
            self._today(),
        )
        self.redraw()

    def redraw(self) -> None:
        data = self.data
        assert data is not None
        label_of = open_knowledge().item_label
        for key, card in self.cards.items():
            if key == "tests":
                self._draw_tests(card, data)
                continue
            drawn = charts.draw_chart(key, card.figure, data, label_of)
            if key == "pain":
                self._pain_points = drawn
        for card in self.cards.values():
            card.canvas.draw_idle()
        self.summary.setText(self._summary_text(data))
        caption = self._score_changes_text(data)
        self.cards["outcomes"].caption.setText(caption)
        self.cards["outcomes"].caption.setVisible(bool(caption))

    def _draw_tests(self, card: ChartCard, data: ProgressData) -> None:
        """Self-test results and routine days under the daily pain; adherence as the caption."""
        from datetime import timedelta

        from app.domain.routine import adherence
        from app.domain.self_tests import timeline
        from app.domain.trends import range_start
        from app.render.self_test_charts import draw_self_tests

        kb = open_knowledge()
        start, end = range_start(data.range_name, data.last_day), data.last_day
        points = timeline(kb, self.store.all_self_tests(), start, end)
        runs = self.store.all_routine_runs()
        days = sorted({r.started_at.date() for r in runs if r.done_steps
                       and (start is None or r.started_at.date() >= start)
                       and r.started_at.date() <= end})  # fmt: skip
        draw_self_tests(card.figure, data.daily, points, days)
        kept = adherence(runs, end - timedelta(days=27), end)
        caption = kept.describe() if runs else ""
        if kept.most_skipped:
            item, times = kept.most_skipped[0]
            caption += self.tr(" Most often skipped: {i} ({n}×).").format(
                i=next((kb.item_label(k, item) for k in ("exercise", "trigger_point", "acupoint")
                        if kb.item_label(k, item) != item), item), n=times)  # fmt: skip
        card.caption.setText(caption)
        card.caption.setVisible(bool(caption))

    def _score_changes_text(self, data: ProgressData) -> str:
        """Each questionnaire's latest score, its band, and the change since the first."""
        names = {"odi": "Oswestry", "rmdq": "Roland-Morris", "psfs": "Function (PSFS)"}
        lines = []
        for change in data.score_changes:
            lines.append(
                self.tr("{name}: {latest}{band}, {delta:+.0f} since the first: {verdict}").format(
                    name=names[change.instrument],
                    latest=change.latest.message,
                    # Only the ODI has published bands; the others show none rather than "()".
                    band=f" ({change.latest.band})" if change.latest.band else "",
                    delta=change.change,
                    verdict=change.verdict,
                )
            )
        return "\n".join(lines)

    def _summary_text(self, data: ProgressData) -> str:
        if not data.daily:
            return self.tr("No check-ins in this range yet.")
        latest = data.daily[-1].mean
        average = sum(d.mean for d in data.daily) / len(data.daily)
        return self.tr(
            "{n} check-ins · latest daily pain {latest:.1f} · average {avg:.1f} · "
            "{episodes} flare-up(s) in this range · {trend}"
        ).format(n=len(data.check_ins), latest=latest, avg=average,
                 episodes=len(data.episodes), trend=data.episode_summary)  # fmt: skip

    # --- interaction --------------------------------------------------------------------

    def _nearest_check_in(self, event: object) -> int | None:
        """Index of the check-in point under the mouse, if any."""
        points = self._pain_points
        if points is None or getattr(event, "inaxes", None) is None:
            return None
        contains, info = points.contains(event)  # type: ignore[attr-defined]
        if not contains or not info.get("ind", []).__len__():
            return None
        return int(info["ind"][0])

    def _on_hover(self, event: object) -> None:
        index = self._nearest_check_in(event)
        if index is None or self.data is None:
            return
        check_in = self.data.check_ins[index]
        QToolTip.showText(
            QCursor.pos() + QPoint(12, 12),
            self.tr("{when}: pain {pain}/10, {n} region(s) marked").format(
                when=check_in.taken_at.strftime("%a %d %b %Y, %H:%M"),
                pain=check_in.overall_pain,
                n=len(check_in.marks),
            ),
        )

    def _on_click(self, event: object) -> None:
        index = self._nearest_check_in(event)
        if index is None or self.data is None:
            return
        check_in_id = self.data.check_ins[index].id
        if check_in_id is not None:
            self.check_in_chosen.emit(check_in_id)

    def fill_questionnaire(self, instrument: str) -> None:
        from app.ui.questionnaire_dialog import QuestionnaireDialog

        dialog = QuestionnaireDialog(instrument, self)
        if QuestionnaireDialog.run(dialog) and dialog.response is not None:
            self.store.add_questionnaire(dialog.response)
            self.questionnaire_saved.emit()
            self.refresh()


def now() -> datetime:
    return datetime.now()
