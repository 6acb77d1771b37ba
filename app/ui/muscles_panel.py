"""Tight muscles: search the knowledge base's muscles, add them with a side, see where they lie."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.journal import TightMuscle
from app.domain.knowledge import Muscle
from app.domain.vocabulary import MUSCLE_SIDES

_ID_ROLE = Qt.ItemDataRole.UserRole
_SIDE_ROLE = Qt.ItemDataRole.UserRole + 1


class MusclesPanel(QWidget):
    """A filter box, the muscle list, a side choice, and the muscles marked tight."""

    #: A muscle (and side) was selected in either list: outline it; ("", "") clears.
    muscle_highlighted = Signal(str, str)
    add_requested = Signal(str, str)
    remove_requested = Signal(object)  # TightMuscle

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: dict[str, str] = {}

        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Search muscles…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(self.tr("Search muscles"))

        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Muscles"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setUniformItemSizes(True)
        self.list.setMinimumHeight(120)

        self.side_buttons: dict[str, QRadioButton] = {}
        self._side_group = QButtonGroup(self)
        side_row = QHBoxLayout()
        side_row.setSpacing(10)
        side_label = QLabel(self.tr("Side:"))
        side_row.addWidget(side_label)
        names = {"left": self.tr("Left"), "right": self.tr("Right"), "both": self.tr("Both")}
        for side in MUSCLE_SIDES:
            button = QRadioButton(names[side])
            button.setAccessibleName(self.tr("Side: {side}").format(side=names[side]))
            self._side_group.addButton(button)
            self.side_buttons[side] = button
            side_row.addWidget(button)
        self.side_buttons["both"].setChecked(True)
        side_row.addStretch(1)
        self.add_button = QPushButton(self.tr("Add as &tight"))
        self.add_button.setAccessibleName(self.tr("Add the selected muscle as tight"))
        self.add_button.setEnabled(False)
        side_row.addWidget(self.add_button)

        self.tight_label = QLabel(self.tr("Tight in this check-in"))
        self.tight_list = QListWidget()
        self.tight_list.setAccessibleName(self.tr("Tight muscles in this check-in"))
        self.tight_list.setMaximumHeight(96)
        self.remove_button = QPushButton(self.tr("Remo&ve"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected tight muscle"))
        self.remove_button.setEnabled(False)
        tight_header = QHBoxLayout()
        tight_header.addWidget(self.tight_label, 1)
        tight_header.addWidget(self.remove_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addLayout(side_row)
        layout.addLayout(tight_header)
        layout.addWidget(self.tight_list)

        self.filter.textChanged.connect(self._apply_filter)
        self.list.currentItemChanged.connect(self._on_current)
        self.list.itemActivated.connect(lambda _item: self._add_current())
        self._side_group.buttonToggled.connect(self._on_side_toggled)
        self.add_button.clicked.connect(self._add_current)
        self.tight_list.currentItemChanged.connect(self._on_tight_current)
        self.remove_button.clicked.connect(self._remove_current)

    # --- content ---------------------------------------------------------------------------

    def set_muscles(self, muscles: Sequence[Muscle]) -> None:
        """Fill the list (alphabetical by label) from the knowledge base."""
        self.list.clear()
        self._labels = {muscle.id: muscle.label for muscle in muscles}
        for muscle in sorted(muscles, key=lambda m: m.label.casefold()):
            item = QListWidgetItem(muscle.label)
            item.setData(_ID_ROLE, muscle.id)
            item.setToolTip(muscle.id)
            self.list.addItem(item)
        self._apply_filter(self.filter.text())

    def set_tight(self, muscles: Sequence[TightMuscle]) -> None:
        self.tight_list.clear()
        for muscle in muscles:
            label = self._labels.get(muscle.muscle_id, muscle.muscle_id)
            item = QListWidgetItem(f"{label} · {self._side_name(muscle.side)}")
            item.setData(_ID_ROLE, muscle.muscle_id)
            item.setData(_SIDE_ROLE, muscle.side)
            self.tight_list.addItem(item)
        self.remove_button.setEnabled(False)
        self.tight_label.setText(
            self.tr("Tight in this check-in ({count})").format(count=len(muscles))
            if muscles
            else self.tr("Tight in this check-in: none")
        )

    def side(self) -> str:
        for side, button in self.side_buttons.items():
            if button.isChecked():
                return side
        return "both"

    def select_muscle(self, muscle_id: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(_ID_ROLE) == muscle_id:
                self.list.setCurrentItem(item)
                return

    def visible_muscle_ids(self) -> list[str]:
        return [
            self.list.item(row).data(_ID_ROLE)
            for row in range(self.list.count())
            if not self.list.item(row).isHidden()
        ]

    # --- behaviour -------------------------------------------------------------------------

    def _side_name(self, side: str) -> str:
        return {"left": self.tr("left"), "right": self.tr("right"), "both": self.tr("both")}.get(
            side, side
        )

    def _apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        for row in range(self.list.count()):
            item = self.list.item(row)
            haystack = f"{item.text()} {item.data(_ID_ROLE)}".casefold().replace("_", " ")
            item.setHidden(not all(word in haystack for word in words))

    def _on_current(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        self.add_button.setEnabled(item is not None)
        if item is not None:
            self.tight_list.setCurrentItem(None)
            self.muscle_highlighted.emit(item.data(_ID_ROLE), self.side())

    def _on_side_toggled(self, _button: object, checked: bool) -> None:
        item = self.list.currentItem()
        if checked and item is not None:
            self.muscle_highlighted.emit(item.data(_ID_ROLE), self.side())

    def _on_tight_current(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        self.remove_button.setEnabled(item is not None)
        if item is not None:
            self.muscle_highlighted.emit(item.data(_ID_ROLE), item.data(_SIDE_ROLE))

    def _add_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            self.add_requested.emit(item.data(_ID_ROLE), self.side())

    def _remove_current(self) -> None:
        item = self.tight_list.currentItem()
        if item is not None:
            self.remove_requested.emit(TightMuscle(item.data(_ID_ROLE), item.data(_SIDE_ROLE)))
