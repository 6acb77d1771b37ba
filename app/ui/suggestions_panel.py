"""What to try: the engine's ranked suggestions beside the body map, updated as you mark.

Renders ``app.domain.suggest.Suggestions`` and forwards choices; all ranking happens in the
engine. Rows are painted by a delegate (name and side, the engine's score as a bar or the
exercise's step, a caution tag, the one-line reason), and an update that changes nothing leaves
the lists alone, so selection and scroll position survive a re-rank that came out the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.suggest import Suggestions
from app.ui.theme import ACCENT, INK, MUTED_INK

ROW_HEIGHT = 60
BAR_WIDTH = 64
_Index = QModelIndex | QPersistentModelIndex
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1  # (kind, id, side)
SCORE_ROLE = Qt.ItemDataRole.UserRole + 2  # the engine's score 0-1, or None (exercises)
REASON_ROLE = Qt.ItemDataRole.UserRole + 3
TAG_ROLE = Qt.ItemDataRole.UserRole + 4  # a short tag drawn right: "Step 1" or a caution
CAUTION_ROLE = Qt.ItemDataRole.UserRole + 5  # True: draw the tag as a caution
KINDS = ("trigger_point", "acupoint", "exercise")


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a list, as shown; comparing rows tells whether a list needs redrawing."""

    title: str
    kind: str
    item_id: str
    side: str
    score: float | None
    reason: str
    tag: str = ""
    caution: bool = False


class SuggestionDelegate(QStyledItemDelegate):
    """Name and side in bold, a score bar (or a tag), the reason in a muted line below."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(8, 6, -8, -6)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, QColor("#e8f0fb"))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(option.rect, QColor("#f4f6f9"))
        painter.setPen(QColor("#eef1f4"))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())

        score = index.data(SCORE_ROLE)
        tag = str(index.data(TAG_ROLE) or "")
        caution = bool(index.data(CAUTION_ROLE))
        right = rect.right()
        if score is not None:  # the engine's score, as a simple bar
            bar = QRect(right - BAR_WIDTH, rect.top() + 6, BAR_WIDTH, 8)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#e5e7eb"))
            painter.drawRoundedRect(bar, 4, 4)
            painter.setBrush(QColor(ACCENT))
            filled = max(8, round(BAR_WIDTH * float(score)))
            painter.drawRoundedRect(QRect(bar.left(), bar.top(), filled, 8), 4, 4)
            right = bar.left() - 8
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() - 1))
        if tag:
            painter.setFont(small)
            width = painter.fontMetrics().horizontalAdvance(tag) + 12
            chip = QRect(right - width, rect.top() + 1, width, 18)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#fff4e5") if caution else QColor("#eef2f7"))
            painter.drawRoundedRect(chip, 9, 9)
            painter.setPen(QColor("#9a3412") if caution else QColor(MUTED_INK))
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, tag)
            right = chip.left() - 8

        title_font = QFont(option.font)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(QColor(INK))
        title_rect = QRect(rect.left(), rect.top(), right - rect.left(), 20)
        title = painter.fontMetrics().elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole)), Qt.TextElideMode.ElideRight,
            title_rect.width(),
        )  # fmt: skip
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(small)
        painter.setPen(QColor(MUTED_INK))
        reason_rect = QRect(rect.left(), rect.top() + 21, rect.width(), rect.height() - 21)
        reason = str(index.data(REASON_ROLE) or "")
        metrics = painter.fontMetrics()
        if metrics.horizontalAdvance(reason) > 2 * reason_rect.width():  # two lines at most
            reason = metrics.elidedText(reason, Qt.TextElideMode.ElideRight,
                                        2 * reason_rect.width() - 40)  # fmt: skip
        painter.drawText(reason_rect, Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap, reason)
        painter.restore()


NOTES_STYLE = (
    "QLabel { background: #f3f6f9; border: 1px solid #e1e7ee; border-radius: 6px; "
    "padding: 6px 8px; color: #4a5866; }"
)
SOON_NOTES_STYLE = (
    "QLabel { background: #fff4e0; border: 1px solid #f0c987; border-radius: 6px; "
    "padding: 6px 8px; color: #5c3a00; }"
)


class SuggestionsPanel(QWidget):
    """Three ranked lists (muscles, acupressure points, exercises) and the notes above them."""

    item_chosen = Signal(str, str, str)  # kind, id, side: show its detail
    item_hovered = Signal(str, str, str)  # show it on the map
    session_requested = Signal(str, str, str)  # start a guided session
    safety_questions_requested = Signal()  # the cauda-equina questions must come first

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: dict[str, tuple[Row, ...]] = {kind: () for kind in KINDS}
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setObjectName("hint")
        self.notes.setAccessibleName(self.tr("Notes about your suggestions"))
        self.notes.setStyleSheet(NOTES_STYLE)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.seek_care = QLabel()
        self.seek_care.setWordWrap(True)
        self.seek_care.setAccessibleName(self.tr("Seek medical care now"))
        self.seek_care.setStyleSheet(
            "background: #fde8e8; color: #8a1c1c; border: 1px solid #f5b5b5; "
            "border-radius: 6px; padding: 10px; font-weight: bold;"
        )
        self.seek_care.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.seek_care.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.seek_care.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.ask_button = QPushButton(self.tr("Answer the safety questions…"))
        self.ask_button.setObjectName("primary")
        self.ask_button.clicked.connect(self.safety_questions_requested)
        # The whole message, at any window size: it scrolls rather than being cut off.
        safety_page = QWidget()
        safety_layout = QVBoxLayout(safety_page)
        safety_layout.setContentsMargins(0, 0, 0, 0)
        safety_layout.addWidget(self.seek_care)
        safety_layout.addWidget(self.ask_button, 0, Qt.AlignmentFlag.AlignLeft)
        safety_layout.addStretch(1)
        self.safety_area = QScrollArea()
        self.safety_area.setWidget(safety_page)
        self.safety_area.setWidgetResizable(True)
        self.safety_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.safety_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.notes_area = QScrollArea()
        self.notes_area.setWidget(self.notes)
        self.notes_area.setWidgetResizable(True)
        self.notes_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.notes_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.notes_area.setMaximumHeight(150)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Suggestions by kind"))
        self.tabs.tabBar().setAccessibleName(self.tr("Kinds of suggestion"))
        self.lists: dict[str, QListWidget] = {}
        delegate = SuggestionDelegate(self)
        for kind, title in zip(KINDS, self._titles({}), strict=True):
            view = QListWidget()
            view.setItemDelegate(delegate)
            view.setMouseTracking(True)
            view.setAccessibleName(title)
            view.setUniformItemSizes(True)
            view.setFrameShape(QListWidget.Shape.NoFrame)
            view.itemActivated.connect(self._on_activated)
            view.itemDoubleClicked.connect(self._on_activated)
            view.itemEntered.connect(self._on_entered)
            view.currentItemChanged.connect(self._on_current_changed)
            self.lists[kind] = view
            self.tabs.addTab(view, title)
        self.tabs.currentChanged.connect(lambda _index: self._update_buttons())
        self.hint = QLabel(self.tr("Point at one to see it on the map; double-click for how to."))
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.details_button = QPushButton(self.tr("How to…"))
        self.details_button.setAccessibleName(self.tr("Show how to do the chosen suggestion"))
        self.details_button.clicked.connect(lambda: self._emit_current(self.item_chosen))
        self.session_button = QPushButton(self.tr("Start session"))
        self.session_button.setObjectName("primary")
        self.session_button.setAccessibleName(self.tr("Start a guided session with it"))
        self.session_button.clicked.connect(lambda: self._emit_current(self.session_requested))
        buttons = QHBoxLayout()
        buttons.addWidget(self.details_button)
        buttons.addStretch(1)
        buttons.addWidget(self.session_button)
        self.actions_row = QWidget()
        self.actions_row.setLayout(buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel(
            self.tr(
                "Mark where it hurts to see what to try: muscles whose trigger points refer "
                "pain there, acupressure points and gentle exercises."
            )
        )
        self.empty.setWordWrap(True)
        self.empty.setObjectName("hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.safety_area, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.notes_area)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.actions_row)
        self._show_state(empty=True, seek=False)
        self.state = "empty"  # "empty" | "suggestions" | "seek_care" | "ask_first"

    def _titles(self, rows: dict[str, tuple[Row, ...]]) -> list[str]:
        """Short titles with counts: three tabs must fit the column without scroll arrows."""
        if not rows:
            return [self.tr("Muscles"), self.tr("Points"), self.tr("Exercises")]
        return [
            self.tr("Muscles ({n})").format(n=len(rows["trigger_point"])),
            self.tr("Points ({n})").format(n=len(rows["acupoint"])),
            self.tr("Exercises ({n})").format(n=len(rows["exercise"])),
        ]

    def set_suggestions(self, suggestions: Suggestions) -> None:
        """Show the engine's result (its order, its scores, its reasons); safety first."""
        if suggestions.seek_care or suggestions.ask_first:
            self._clear_lists()
            text = "\n\n".join(suggestions.notes)
            if suggestions.seek_care:
                text += "\n\n" + self.tr(
                    "Self-treatment suggestions are hidden until you have been assessed."
                )
            self.seek_care.setText(text)
            self.ask_button.setVisible(bool(suggestions.ask_first))
            self.state = "seek_care" if suggestions.seek_care else "ask_first"
            self._show_state(empty=False, seek=True)
            return
        rows = self._rows_for(suggestions)
        for kind, view in self.lists.items():
            if rows[kind] != self._rows[kind]:
                self._fill(view, rows[kind])
        self._rows = rows
        for index, title in enumerate(self._titles(rows)):
            self.tabs.setTabText(index, title)
        self.notes.setText("\n".join(f"• {note}" for note in suggestions.notes))
        soon = suggestions.safety is not None and suggestions.safety.level == "soon"
        self.notes.setProperty("kind", "soon" if soon else "")
        self.notes.setStyleSheet(SOON_NOTES_STYLE if soon else NOTES_STYLE)
        self.state = "suggestions" if any(rows.values()) else "empty"
        self._show_state(empty=not any(rows.values()), seek=False)

    def _clear_lists(self) -> None:
        """Nothing of the old suggestions may stay selectable while self-care is suspended."""
        for kind, view in self.lists.items():
            view.clear()
            self._rows[kind] = ()
        for index, title in enumerate(self._titles({})):
            self.tabs.setTabText(index, title)

    def _rows_for(self, suggestions: Suggestions) -> dict[str, tuple[Row, ...]]:
        caution_tag = self.tr("⚠ pregnancy")
        muscles = []
        for t in suggestions.trigger_points:
            title = f"{t.label} ({self._side(t.side)})"
            muscles.append(Row(title, "trigger_point", t.muscle_id, t.side, t.score, t.reason))
        points = []
        for a in suggestions.acupoints:
            title = f"{a.code} {a.name}"
            if a.side != "midline":
                title += f" ({self._side(a.side)})"
            tag = caution_tag if a.pregnancy_caution else ""
            points.append(
                Row(title, "acupoint", a.code, a.side, a.score, a.reason, tag, a.pregnancy_caution)
            )
        exercises = []
        for e in suggestions.exercises:
            step = self.tr("Step {n}").format(n=e.step)
            if e.adaptations:
                reason = f"{e.reason}. ⚠ {e.adaptations[0]}"
                exercises.append(
                    Row(e.name, "exercise", e.id, "none", None, reason, self.tr("⚠ adapted"), True)
                )
            else:
                exercises.append(Row(e.name, "exercise", e.id, "none", None, e.reason, step))
        return {
            "trigger_point": tuple(muscles),
            "acupoint": tuple(points),
            "exercise": tuple(exercises),
        }

    def _side(self, side: str) -> str:
        words = {"left": self.tr("left"), "right": self.tr("right"), "both": self.tr("both sides")}
        return words.get(side, side)

    @staticmethod
    def _fill(view: QListWidget, rows: tuple[Row, ...]) -> None:
        view.setUpdatesEnabled(False)
        view.clear()
        for row in rows:
            item = QListWidgetItem(row.title)
            item.setData(ITEM_ROLE, (row.kind, row.item_id, row.side))
            item.setData(SCORE_ROLE, None if row.score is None else max(0.0, min(1.0, row.score)))
            item.setData(REASON_ROLE, row.reason)
            item.setData(TAG_ROLE, row.tag)
            item.setData(CAUTION_ROLE, row.caution)
            item.setToolTip(row.reason + (f"\n{row.tag}" if row.caution else ""))
            view.addItem(item)
        view.setUpdatesEnabled(True)

    def _show_state(self, *, empty: bool, seek: bool) -> None:
        self.safety_area.setVisible(seek)
        self.empty.setVisible(empty and not seek)
        shown = not empty and not seek
        self.tabs.setVisible(shown)
        self.hint.setVisible(shown)
        self.actions_row.setVisible(shown)
        self.notes_area.setVisible(shown and bool(self.notes.text()))
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.current() is not None
        self.details_button.setEnabled(chosen)
        self.session_button.setEnabled(chosen)

    # --- reading and choosing --------------------------------------------------------------

    def names(self, kind: str) -> list[str]:
        """Item ids in the order shown (tests and the window read the ranking this way)."""
        return [row.item_id for row in self._rows[kind]]

    def rows(self, kind: str) -> tuple[Row, ...]:
        return self._rows[kind]

    def current(self) -> tuple[str, str, str] | None:
        """(kind, id, side) of the chosen row in the visible tab, if any."""
        view = self.lists[KINDS[self.tabs.currentIndex()]]
        item = view.currentItem()
        return None if item is None else item.data(ITEM_ROLE)

    def _emit_current(self, signal: Signal) -> None:
        chosen = self.current()
        if chosen is not None:
            signal.emit(*chosen)  # type: ignore[attr-defined]

    def _on_activated(self, item: QListWidgetItem) -> None:
        self.item_chosen.emit(*item.data(ITEM_ROLE))

    def _on_entered(self, item: QListWidgetItem) -> None:
        self.item_hovered.emit(*item.data(ITEM_ROLE))

    def _on_current_changed(self, item: QListWidgetItem | None, _old: object) -> None:
        self._update_buttons()
        if item is not None:
            self._on_entered(item)
