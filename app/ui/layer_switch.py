"""The switch above the body map: Skin / Muscles / Deep muscles (Ctrl+1, Ctrl+2, Ctrl+3).

On the skin a click marks pain in a region; on a muscle layer it marks the muscle under the
pointer tight on that side. A segmented row of checkable buttons, one always checked.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QToolButton, QWidget

#: As ``app.domain.muscle_map.LAYERS`` (not imported: the switch is part of the first frame).
LAYERS = ("skin", "muscles", "deep")


class LayerSwitch(QWidget):
    """Three exclusive buttons; ``layer_chosen`` says which layer the person picked."""

    layer_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        names = {
            "skin": self.tr("Skin"),
            "muscles": self.tr("Muscles"),
            "deep": self.tr("Deep muscles"),
        }
        hints = {
            "skin": self.tr("Mark pain on the skin (Ctrl+1)"),
            "muscles": self.tr("Show the muscles: click one to mark it tight (Ctrl+2)"),
            "deep": self.tr(
                "Show the deep muscles under them: click one to mark it tight (Ctrl+3)"
            ),
        }
        self.buttons: dict[str, QToolButton] = {}
        self.actions_by_layer: dict[str, QAction] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        caption = QLabel(self.tr("Show:"))
        layout.addWidget(caption)
        layout.addSpacing(6)
        for number, layer in enumerate(LAYERS, start=1):
            action = QAction(names[layer], self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, name=layer: self.choose(name))
            self.addAction(action)  # the shortcut works anywhere in the window
            button = QToolButton()
            button.setText(names[layer])
            button.setCheckable(True)
            button.setToolTip(hints[layer])
            button.setObjectName(f"layer_{layer}")
            button.setAccessibleName(self.tr("Layer: {name}").format(name=names[layer]))
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.clicked.connect(lambda _checked=False, name=layer: self.choose(name))
            self._group.addButton(button)
            self.buttons[layer] = button
            self.actions_by_layer[layer] = action
            layout.addWidget(button)
        layout.addStretch(1)
        self.setAccessibleName(self.tr("Body map layer"))
        # The chosen layer reads as pressed: filled, bold (not by colour alone).
        self.setStyleSheet(
            "QToolButton { padding: 3px 10px; }"
            "QToolButton:checked { background: #1f6fb2; color: #ffffff; font-weight: bold;"
            " border: 1px solid #1a5f99; }"
            "QToolButton:checked:focus { border: 2px solid #0d3558; }"
        )
        self.buttons["skin"].setChecked(True)
        self._layer = "skin"

    @property
    def layer(self) -> str:
        return self._layer

    def choose(self, layer: str) -> None:
        """Check ``layer``'s button and announce it (also what the shortcuts do)."""
        self.set_layer(layer)
        self.layer_chosen.emit(layer)

    def set_layer(self, layer: str) -> None:
        """Show ``layer`` as checked without announcing it (the map changed it itself)."""
        if layer not in self.actions_by_layer:
            raise ValueError(f"unknown layer {layer!r}")
        self._layer = layer
        self.buttons[layer].setChecked(True)  # the group unchecks the others
