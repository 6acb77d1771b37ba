"""The library: every muscle, acupoint and exercise, searchable by name, code or body region.

Reachable without marking pain; choosing an entry opens its illustrated detail.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.knowledge import KnowledgeBase
from app.domain.regions import RegionCatalog

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
#: The "Show only" choices: label and the entry kind (None: everything).
KIND_FILTERS: tuple[tuple[str, str | None], ...] = (
    ("Everything", None),
    ("Muscles (trigger points)", "trigger_point"),
    ("Acupressure points", "acupoint"),
    ("Exercises", "exercise"),
)


def library_entries(kb: KnowledgeBase, catalog: RegionCatalog) -> list[tuple[str, str, str, str]]:
    """(kind, id, shown text, searchable text) for every item, with the regions it concerns."""
    labels: dict[str, str] = {}
    for region in catalog:
        labels.setdefault(region.base, region.label.removesuffix(f" ({region.side})"))
    entries = []
    for muscle in kb.muscles.values():
        zones = {z.region for s in muscle.sites for z in s.referrals} | set(muscle.lies_in)
        words = " ".join(labels.get(r, r) for r in sorted(zones))
        entries.append(
            (
                "trigger_point",
                muscle.id,
                f"Muscle · {muscle.label}",
                f"{muscle.label} {muscle.id} {words}",
            )
        )
    for point in kb.acupoints.values():
        words = " ".join(labels.get(r, r) for r in point.used_for)
        shown = f"Point · {point.code} {point.pinyin} ({point.english})"
        searchable = f"{point.code} {point.pinyin} {point.english} {point.meridian} {words}"
        entries.append(("acupoint", point.code, shown, searchable))
    for exercise in kb.exercises.values():
        targets = " ".join(kb.muscles[m].label for m in exercise.targets)
        # Where the worked muscles lie, so "buttock" also finds the stretches for it.
        regions = sorted({r for m in exercise.targets for r in kb.muscles[m].lies_in})
        words = " ".join(labels.get(r, r) for r in regions)
        entries.append(
            (
                "exercise",
                exercise.id,
                f"Exercise · {exercise.name}",
                f"{exercise.name} {exercise.kind} {targets} {words}",
            )
        )
    return entries


class LibraryDialog(QDialog):
    """Search box over the whole knowledge base; ``item_chosen`` opens the detail."""

    item_chosen = Signal(str, str, str)

    def __init__(
        self, kb: KnowledgeBase, catalog: RegionCatalog, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Library: muscles, points and exercises"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Search by name, code (BL23) or body region (calf)…")
        )
        self.search.setAccessibleName(self.tr("Search the library"))
        self.search.setClearButtonEnabled(True)
        self.kind_box = QComboBox()
        for label, kind in KIND_FILTERS:
            self.kind_box.addItem(self.tr(label), kind)
        self.kind_box.setAccessibleName(self.tr("Show only"))
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Library entries"))
        self._kb = kb
        self._entries = library_entries(kb, catalog)
        for kind, item_id, text, words in self._entries:
            item = QListWidgetItem(text)
            item.setData(ITEM_ROLE, (kind, item_id, words.lower()))
            self.list.addItem(item)
        self.search.textChanged.connect(self.filter)
        self.kind_box.currentIndexChanged.connect(lambda _index: self.filter(self.search.text()))
        self.list.itemActivated.connect(self._choose)
        self.list.itemDoubleClicked.connect(self._choose)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.kind_box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list)
        self.resize(560, 620)

    def filter(self, text: str) -> None:
        """Every word typed must appear in the entry's name, code or regions, and the entry
        must be of the kind chosen (or any)."""
        words = text.lower().split()
        wanted = self.kind_box.currentData()
        for row in range(self.list.count()):
            item = self.list.item(row)
            kind, _item_id, haystack = item.data(ITEM_ROLE)
            matches = all(word in haystack for word in words)
            item.setHidden(not matches or (wanted is not None and kind != wanted))

    def visible_ids(self) -> list[str]:
        return [
            self.list.item(r).data(ITEM_ROLE)[1]
            for r in range(self.list.count())
            if not self.list.item(r).isHidden()
        ]

    def _choose(self, item: QListWidgetItem) -> None:
        """Open the detail; with no pain marked, a paired item is shown on both sides."""
        kind, item_id, _words = item.data(ITEM_ROLE)
        if kind == "exercise":
            side = "none"
        elif kind == "acupoint" and not self._kb.acupoints[item_id].bilateral:
            side = "midline"
        else:
            side = "both"
        self.item_chosen.emit(kind, item_id, side)
