"""Guided self-tests: pick a test, see it on the body art, read how to do it, record the result.

All reading rules live in ``app.domain.self_tests``; whether a test may be done now comes from
the safety layer (``restrictions.csv`` rows of kind ``self_test``), which always wins.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.knowledge import KnowledgeBase, SelfTest
from app.domain.regions import RegionCatalog
from app.domain.safety import SafetyAssessment
from app.domain.self_tests import (
    SelfTestResult,
    SideValue,
    latest_results,
    read_result,
    self_test_illustration,
    validate_result,
)
from app.store.errors import StoreError
from app.store.journal import JournalStore
from app.ui.detail_view import DIALOG_STYLE, TEXT_STYLE, PointIllustration, _list, _section

NOT_TESTED = -1


class SelfTestsDialog(QDialog):
    """Every self-test of the knowledge base, one at a time, with a form for its result."""

    saved = Signal(object)  # the stored SelfTestResult

    def __init__(self, kb: KnowledgeBase, catalog: RegionCatalog, store: JournalStore | None,
                 safety: SafetyAssessment | None, parent: QWidget | None = None,
                 clock: object = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.kb, self.catalog, self.store, self.safety = kb, catalog, store, safety
        self._now = clock or datetime.now
        self.setWindowTitle(self.tr("Self-tests: find what is short or weak"))
        self.setStyleSheet(
            DIALOG_STYLE + "QPushButton#primary:disabled { background: #9dbbd6; "
            "border-color: #9dbbd6; }"
        )
        self.results = store.all_self_tests() if store is not None else []

        self.tests = QListWidget()
        self.tests.setAccessibleName(self.tr("Self-tests"))
        self.tests.setMinimumWidth(250)
        self.tests.setWordWrap(True)
        self.tests.setStyleSheet(
            "QListWidget { background: #ffffff; border: 1px solid #dfe4ea; border-radius: 8px; "
            "padding: 4px; } QListWidget::item { padding: 6px 4px; }"
            "QListWidget::item:selected { background: #dbeafe; color: #1e3a5f; }"
        )
        first = next(iter(kb.self_tests.values()))
        self.illustration = PointIllustration(self_test_illustration(kb, catalog, first.id))
        self.illustration.setMinimumSize(280, 340)
        legend = QLabel(self.tr("Green: the muscles this test checks   □ landmarks to watch"))
        legend.setObjectName("legend")
        legend.setWordWrap(True)
        picture = QFrame()
        picture.setObjectName("card")
        picture_layout = QVBoxLayout(picture)
        picture_layout.setContentsMargins(10, 10, 10, 10)
        picture_layout.addWidget(self.illustration, 1)
        picture_layout.addWidget(legend)

        self.heading = QLabel()
        self.heading.setObjectName("title")
        self.heading.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setContentsMargins(14, 6, 14, 10)
        self.text.setStyleSheet("background: #ffffff;")
        self.text.setAccessibleName(self.tr("How to do the test and read it"))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.text)

        self.form_card = QFrame()
        self.form_card.setObjectName("card")
        self.form = QFormLayout(self.form_card)
        self.form.setContentsMargins(12, 10, 12, 10)
        self.inputs: dict[str, QComboBox | QSpinBox] = {}
        self.note = QLineEdit()
        self.note.setAccessibleName(self.tr("Note about this test"))
        self.note.setPlaceholderText(self.tr("Optional note (e.g. side bridge from the knees)"))
        self.save_button = QPushButton(self.tr("Save result"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setWordWrap(True)

        middle = QVBoxLayout()
        middle.addWidget(self.heading)
        middle.addWidget(self.status)
        middle.addWidget(scroll, 1)
        middle.addWidget(self.form_card)
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(self.tests, 2)
        row.addWidget(picture, 3)
        row.addLayout(middle, 6)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(row, 1)
        layout.addLayout(buttons)

        for test in kb.self_tests.values():
            item = QListWidgetItem(self._list_text(test))
            item.setData(Qt.ItemDataRole.UserRole, test.id)
            self.tests.addItem(item)
        self.tests.currentRowChanged.connect(lambda _row: self._show_current())
        self.tests.setCurrentRow(0)
        available = self.screen().availableGeometry()
        self.resize(min(1180, available.width() - 40), min(760, available.height() - 40))

    # --- state ---------------------------------------------------------------------------

    @property
    def test(self) -> SelfTest:
        item = self.tests.currentItem()
        return self.kb.self_tests[item.data(Qt.ItemDataRole.UserRole)]

    def _verdict_allowed(self, test: SelfTest) -> tuple[bool, tuple[str, ...], tuple[str, ...]]:
        """(allowed, reasons it is not, cautions) from the safety layer."""
        if self.safety is None:
            return True, (), ()
        if not self.safety.self_care_allowed:
            return False, self.safety.notes()[:1], ()
        verdict = self.safety.verdict("self_test", test.id)
        return verdict.allowed, verdict.reasons, verdict.cautions

    def _list_text(self, test: SelfTest) -> str:
        latest = latest_results(self.results).get(test.id)
        allowed = self._verdict_allowed(test)[0]
        when = latest.taken_at.strftime("%d %b") if latest else self.tr("not done yet")
        suffix = "" if allowed else self.tr(" · not now")
        return f"{test.name}\n{self.tr('last:')} {when}{suffix}"

    def _show_current(self) -> None:
        test = self.test
        self.heading.setText(test.name)
        self.illustration.set_illustration(self_test_illustration(self.kb, self.catalog, test.id))
        allowed, reasons, cautions = self._verdict_allowed(test)
        if not allowed:
            self.status.setText(
                "<p style='color:#b42318; font-weight:600'>"
                + escape(self.tr("Not for you now: "))
                + escape(" ".join(reasons))
                + "</p>"
            )
        elif cautions:
            self.status.setText(
                "<p style='color:#9a3412; font-weight:600'>" + escape(" ".join(cautions)) + "</p>"
            )
        else:
            self.status.setText("")
        self.status.setVisible(bool(self.status.text()))
        self.text.setText(self._html(test))
        self._build_form(test, allowed)
        self.message.setText("")

    def _html(self, test: SelfTest) -> str:
        sources = [self.kb.sources[s].citation for s in test.sources if s in self.kb.sources]
        history = [
            "; ".join(f.describe(test) for f in read_result(test, r)) + f" ({r.taken_at:%d %b %Y})"
            for r in reversed(self.results)
            if r.test_id == test.id
        ][:5]
        return (
            TEXT_STYLE
            + _section(self.tr("How to do it"), _list(test.steps, ordered=True))
            + _section(self.tr("How to read it"), _list(test.how_to_read))
            + _section(self.tr("What it can tell you"), _list(test.can_say))
            + _section(self.tr("What it cannot tell you"), _list(test.cannot_say))
            + _section(self.tr("When not to do it"), _list(test.not_when))
            + _section(self.tr("Your results"), _list(history) if history else "")
            + _section(self.tr("Sources"), "<p class='muted'>" + "<br>".join(
                escape(s) for s in sources) + "</p>")
        )  # fmt: skip

    def _build_form(self, test: SelfTest, allowed: bool) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.inputs = {}
        self.note = QLineEdit()
        self.note.setAccessibleName(self.tr("Note about this test"))
        self.note.setPlaceholderText(self.tr("Optional note (e.g. side bridge from the knees)"))
        self.save_button = QPushButton(self.tr("Save result"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        sides = ("left", "right") if test.sided else ("none",)
        for side in sides:
            label = {"left": self.tr("Left side"), "right": self.tr("Right side")}.get(
                side, self.tr("Result")
            )
            if test.measure == "seconds":
                box: QComboBox | QSpinBox = QSpinBox()
                box.setRange(NOT_TESTED, 1800)
                box.setSpecialValueText(self.tr("not tested"))
                box.setSuffix(self.tr(" s"))
                box.setValue(NOT_TESTED)
            else:
                box = QComboBox()
                box.addItem(self.tr("not tested"), None)
                for reading in test.readings:
                    box.addItem(reading.label, reading.id)
            box.setAccessibleName(f"{test.name}: {label}")
            self.inputs[side] = box
            self.form.addRow(label, box)
        self.form.addRow(self.tr("Note"), self.note)
        self.form.addRow("", self.save_button)
        self.form_card.setEnabled(allowed and self.store is not None)

    # --- actions -------------------------------------------------------------------------

    def values(self) -> tuple[SideValue, ...]:
        values = []
        for side, box in self.inputs.items():
            if isinstance(box, QSpinBox):
                if box.value() != NOT_TESTED:
                    values.append(SideValue(side, seconds=box.value()))
            elif box.currentData() is not None:
                values.append(SideValue(side, reading=box.currentData()))
        return tuple(values)

    def save(self) -> SelfTestResult | None:
        """Validate and store the form's result; the engine uses the newest of each test."""
        test = self.test
        if self.store is None or not self._verdict_allowed(test)[0]:
            return None
        values = self.values()
        if not values:
            self.message.setText(self.tr("Choose what you saw on at least one side."))
            return None
        try:
            result = SelfTestResult(self._now(), test.id, values, self.note.text().strip())  # type: ignore[operator]
            validate_result(self.kb, result)
            stored = self.store.add_self_test(result)
        except (ValidationError, StoreError) as error:
            self.message.setText(str(error))
            return None
        self.results.append(stored)
        reading = "; ".join(f.describe(test) for f in read_result(test, stored))
        self.message.setText(self.tr("Saved: {r}").format(r=reading))
        self.tests.currentItem().setText(self._list_text(test))
        self.text.setText(self._html(test))
        self._build_form(test, True)
        self.saved.emit(stored)
        return stored

    def select(self, test_id: str) -> None:
        for row in range(self.tests.count()):
            if self.tests.item(row).data(Qt.ItemDataRole.UserRole) == test_id:
                self.tests.setCurrentRow(row)
                return
