"""Editor for the mark on the selected region: intensity 0–10 and how the pain feels."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.journal import PainMark
from app.domain.vocabulary import MAX_INTENSITY, MIN_INTENSITY, QUALITIES


def quality_label(widget: QWidget, quality: str) -> str:
    """The translated display name of a quality (ids stay English in saved data)."""
    labels = {
        "aching": widget.tr("Aching"),
        "sharp": widget.tr("Sharp"),
        "burning": widget.tr("Burning"),
        "stabbing": widget.tr("Stabbing"),
        "throbbing": widget.tr("Throbbing"),
        "numb": widget.tr("Numb"),
        "tingling": widget.tr("Tingling"),
        "stiff": widget.tr("Stiff"),
    }
    return labels.get(quality, quality.title())


class MarkEditor(QWidget):
    """Shows one region's mark; emits edits, holds no state of its own beyond the widgets."""

    intensity_edited = Signal(str, int)
    quality_toggled = Signal(str, str, bool)
    clear_requested = Signal(str)
    clear_all_requested = Signal()
    mark_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._region_id = ""
        self._updating = False

        self.title = QLabel(self.tr("No region selected"))
        self.title.setObjectName("sectionTitle")
        self.title.setWordWrap(True)
        self.hint = QLabel(
            self.tr("Click a region on the body (or Tab to it and press Space) to mark pain.")
        )
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)

        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(MIN_INTENSITY, MAX_INTENSITY)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setAccessibleName(self.tr("Pain intensity"))
        self.spin = QSpinBox()
        self.spin.setRange(MIN_INTENSITY, MAX_INTENSITY)
        self.spin.setSuffix(self.tr(" / 10"))
        self.spin.setAccessibleName(self.tr("Pain intensity"))
        self.spin.setMinimumWidth(78)
        intensity_label = QLabel(self.tr("&Intensity"))
        intensity_label.setBuddy(self.spin)
        intensity_row = QHBoxLayout()
        intensity_row.addWidget(self.slider, 1)
        intensity_row.addWidget(self.spin)

        self.quality_boxes: dict[str, QCheckBox] = {}
        qualities_grid = QGridLayout()
        qualities_grid.setHorizontalSpacing(16)
        qualities_grid.setVerticalSpacing(4)
        for index, quality in enumerate(QUALITIES):
            box = QCheckBox(quality_label(self, quality))
            box.setAccessibleName(
                self.tr("Quality: {quality}").format(quality=quality_label(self, quality))
            )
            box.toggled.connect(lambda on, q=quality: self._on_quality(q, on))
            self.quality_boxes[quality] = box
            qualities_grid.addWidget(box, index // 2, index % 2)

        self.mark_button = QPushButton(self.tr("&Mark this region"))
        self.mark_button.setAccessibleName(self.tr("Mark this region"))
        self.clear_button = QPushButton(self.tr("C&lear mark"))
        self.clear_button.setAccessibleName(self.tr("Clear the mark on this region"))
        self.clear_all_button = QPushButton(self.tr("Clear &all"))
        self.clear_all_button.setAccessibleName(self.tr("Clear all marks"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.mark_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_all_button)

        self.qualities_label = QLabel(self.tr("Feels"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(intensity_label)
        layout.addLayout(intensity_row)
        layout.addWidget(self.qualities_label)
        layout.addLayout(qualities_grid)
        layout.addLayout(buttons)

        self.slider.valueChanged.connect(self._on_intensity)
        self.spin.valueChanged.connect(self._on_intensity)
        self.mark_button.clicked.connect(lambda: self.mark_requested.emit(self._region_id))
        self.clear_button.clicked.connect(lambda: self.clear_requested.emit(self._region_id))
        self.clear_all_button.clicked.connect(self.clear_all_requested)
        self.show_region("", "", None)

    @property
    def region_id(self) -> str:
        return self._region_id

    def show_region(self, region_id: str, label: str, mark: PainMark | None) -> None:
        """Display ``region_id``'s mark (controls disabled while it is unmarked)."""
        self._region_id = region_id
        self._updating = True
        try:
            if not region_id:
                self.title.setText(self.tr("No region selected"))
            else:
                self.title.setText(label)
            marked = mark is not None
            self.hint.setVisible(not marked)
            if region_id and not marked:
                self.hint.setText(self.tr("Not marked. Press Mark, Space or click it again."))
            elif not region_id:
                self.hint.setText(
                    self.tr("Click a region on the body (or Tab to it and press Space) to mark it.")
                )
            value = mark.intensity if mark else 0
            self.slider.setValue(value)
            self.spin.setValue(value)
            for quality, box in self.quality_boxes.items():
                box.setChecked(bool(mark and quality in mark.qualities))
                box.setEnabled(marked)
            for widget in (self.slider, self.spin, self.clear_button, self.qualities_label):
                widget.setEnabled(marked)
            self.mark_button.setVisible(bool(region_id) and not marked)
            self.clear_button.setVisible(marked)
            if region_id:
                name = self.tr("Pain intensity for {region}").format(region=label)
                self.slider.setAccessibleName(name)
                self.spin.setAccessibleName(name)
        finally:
            self._updating = False

    def set_clear_all_enabled(self, enabled: bool) -> None:
        self.clear_all_button.setEnabled(enabled)

    def _on_intensity(self, value: int) -> None:
        if self._updating:
            return
        self._updating = True
        self.slider.setValue(value)
        self.spin.setValue(value)
        self._updating = False
        if self._region_id:
            self.intensity_edited.emit(self._region_id, value)

    def _on_quality(self, quality: str, on: bool) -> None:
        if not self._updating and self._region_id:
            self.quality_toggled.emit(self._region_id, quality, on)
