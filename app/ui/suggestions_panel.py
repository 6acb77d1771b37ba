"""What to try: the engine's ranked suggestions beside the body map, updated as you mark.

Renders ``app.domain.suggest.Suggestions`` and forwards choices; all ranking happens in the
engine. Rows are painted by a delegate (name and side, a score bar, the one-line reason) so an
update only swaps list items, never rebuilds widgets.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.suggest import Suggestions
from app.ui.theme import ACCENT, INK, MUTED_INK

ROW_HEIGHT = 58
_Index = QModelIndex | QPersistentModelIndex
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1  # (kind, id, side)
SCORE_ROLE = Qt.ItemDataRole.UserRole + 2
REASON_ROLE = Qt.ItemDataRole.UserRole + 3


class SuggestionDelegate(QStyledItemDelegate):
    """Name and side in bold, a score bar, the reason in a muted line below."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        painter.save()
        rect = option.rect.adjusted(8, 5, -8, -5)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, QColor("#e8f0fb"))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(option.rect, QColor("#f4f6f9"))
        title_font = QFont(option.font)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(QColor(INK))
        bar_width = 64
        title_rect = QRect(rect.left(), rect.top(), rect.width() - bar_width - 10, 20)
        title = painter.fontMetrics().elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole)), Qt.TextElideMode.ElideRight,
            title_rect.width(),
        )  # fmt: skip
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignVCenter, title)
        score = float(index.data(SCORE_ROLE) or 0.0)
        bar = QRect(rect.right() - bar_width, rect.top() + 6, bar_width, 8)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e5e7eb"))
        painter.drawRoundedRect(bar, 4, 4)
        painter.setBrush(QColor(ACCENT))
        painter.drawRoundedRect(QRect(bar.left(), bar.top(), round(bar_width * score), 8), 4, 4)
        painter.setFont(option.font)
        painter.setPen(QColor(MUTED_INK))
        reason_rect = QRect(rect.left(), rect.top() + 22, rect.width(), rect.height() - 22)
        painter.drawText(
            reason_rect,
            Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            str(index.data(REASON_ROLE) or ""),
        )
        painter.restore()


class SuggestionsPanel(QWidget):
    """Three ranked lists (trigger points, acupressure, exercises) and the notes above them."""

    item_chosen = Signal(str, str, str)  # kind, id, side
    item_hovered = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setObjectName("hint")
        self.notes.setAccessibleName(self.tr("Notes about your suggestions"))
        self.seek_care = QLabel()
        self.seek_care.setWordWrap(True)
        self.seek_care.setStyleSheet(
            "background: #fde8e8; color: #8a1c1c; border: 1px solid #f5b5b5; "
            "border-radius: 6px; padding: 10px; font-weight: bold;"
        )
        self.seek_care.setVisible(False)
        self.seek_care.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.seek_care.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Suggestions by kind"))
        self.tabs.tabBar().setAccessibleName(self.tr("Kinds of suggestion"))
        self.lists: dict[str, QListWidget] = {}
        delegate = SuggestionDelegate(self)
        for kind, title in (("trigger_point", self.tr("Muscles")),
                            ("acupoint", self.tr("Points")),
                            ("exercise", self.tr("Exercises"))):  # fmt: skip
            view = QListWidget()
            view.setItemDelegate(delegate)
            view.setMouseTracking(True)
            view.setAccessibleName(title)
            view.setUniformItemSizes(True)
            view.itemActivated.connect(self._on_activated)
            view.itemDoubleClicked.connect(self._on_activated)
            view.itemEntered.connect(self._on_entered)
            view.currentItemChanged.connect(lambda item, _old: item and self._on_entered(item))
            self.lists[kind] = view
            self.tabs.addTab(view, title)
        self.empty = QLabel(self.tr("Mark where it hurts to see what to try."))
        self.empty.setWordWrap(True)
        self.empty.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.seek_care)
        layout.addWidget(self.empty)
        layout.addWidget(self.notes)
        layout.addWidget(self.tabs, 1)
        layout.addStretch(0)

    def set_suggestions(self, suggestions: Suggestions, labels: dict[str, str]) -> None:
        """Show the engine's result. ``labels`` names exercises' target muscles etc."""
        seek = suggestions.seek_care
        self.seek_care.setVisible(seek)
        self.tabs.setVisible(not seek)
        if seek:
            reasons = " ".join(hit.advice for hit in suggestions.red_flags if hit.urgent)
            self.seek_care.setText(self.tr("Seek medical care now. ") + reasons)
            self.notes.setVisible(False)
            self.empty.setVisible(False)
            return
        rows = {
            "trigger_point": [
                (f"{t.label} ({t.side})", t.muscle_id, t.side, t.score, t.reason)
                for t in suggestions.trigger_points
            ],
            "acupoint": [
                (
                    f"{a.code} {a.name} ({a.side})"
                    + ("  ⚠ pregnancy" if a.pregnancy_caution else ""),
                    a.code,
                    a.side,
                    a.score,
                    a.reason,
                )
                for a in suggestions.acupoints
            ],
            "exercise": [
                (f"{e.step}. {e.name}", e.id, "none", 1.0 - 0.1 * i, e.reason)
                for i, e in enumerate(suggestions.exercises)
            ],
        }
        for kind, view in self.lists.items():
            view.clear()
            for text, item_id, side, score, reason in rows[kind]:
                item = QListWidgetItem(text)
                item.setData(ITEM_ROLE, (kind, item_id, side))
                item.setData(SCORE_ROLE, max(0.0, min(1.0, score)))
                item.setData(REASON_ROLE, reason)
                item.setToolTip(reason)
                view.addItem(item)
        nothing = not any(rows.values())
        self.empty.setVisible(nothing)
        self.notes.setVisible(bool(suggestions.notes) and not nothing)
        self.notes.setText("\n".join(f"• {note}" for note in suggestions.notes))
        # Short titles: three tabs must fit the column without scroll arrows.
        self.tabs.setTabText(0, self.tr("Muscles ({n})").format(n=len(rows["trigger_point"])))
        self.tabs.setTabText(1, self.tr("Points ({n})").format(n=len(rows["acupoint"])))
        self.tabs.setTabText(2, self.tr("Exercises ({n})").format(n=len(rows["exercise"])))

    def names(self, kind: str) -> list[str]:
        view = self.lists[kind]
        return [view.item(row).data(ITEM_ROLE)[1] for row in range(view.count())]

    def _on_activated(self, item: QListWidgetItem) -> None:
        self.item_chosen.emit(*item.data(ITEM_ROLE))

    def _on_entered(self, item: QListWidgetItem) -> None:
        self.item_hovered.emit(*item.data(ITEM_ROLE))
