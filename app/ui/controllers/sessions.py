"""Guided self-treatment sessions: starting one for a suggested item, and the Sessions list.

What a session times (title, steps, side, hold) is the domain's ``session_plan``; saved
sessions reach the list through the journal's in-memory model.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from app.domain.journal_model import JournalChange
from app.domain.knowledge import KnowledgeBase
from app.domain.session_plan import session_plan
from app.domain.suggest import Suggestions
from app.store.journal import JournalStore
from app.ui.guided_session import GuidedSessionDialog

#: How many sessions the list shows, newest first (the Progress window has them all).
LISTED_SESSIONS = 200


class SessionController(QObject):
    def __init__(
        self,
        knowledge: KnowledgeBase,
        sessions_list: QListWidget,
        last_suggestions: Callable[[], Suggestions | None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self.knowledge = knowledge
        self.sessions_list = sessions_list
        self._last_suggestions = last_suggestions
        self.store: JournalStore | None = None
        #: Guided-session timing: one tick per second of the item's own hold. Tests shorten it.
        self.tick_ms = 1000
        self.hold_s: int | None = None

    def set_store(self, store: JournalStore | None) -> None:
        if self.store is not None:
            self.store.model.unsubscribe(self._on_journal_changed)
        self.store = store
        if store is not None:
            store.model.subscribe(self._on_journal_changed)
        self.refresh()

    def _on_journal_changed(self, change: JournalChange) -> None:
        if change.sessions:
            self.refresh()

    def start_session(
        self,
        kind: str,
        item_id: str,
        side: str,
        tick_ms: int | None = None,
        hold_s: int | None = None,
    ) -> GuidedSessionDialog | None:
        """The guided session for an item; saved sessions feed history and suggestions.

        ``tick_ms`` and ``hold_s`` (default: ``self.tick_ms`` and ``self.hold_s``) shorten the
        timer in tests; normally the hold is the item's own.
        """
        if self.store is None:
            return None
        plan = session_plan(self.knowledge, kind, item_id, side, self._last_suggestions())
        dialog = GuidedSessionDialog(
            kind, item_id, plan.title, plan.side, hold_s or self.hold_s or plan.hold_s,
            self.store.add_session, self._parent, tick_ms=tick_ms or self.tick_ms,
            steps=plan.steps,
        )  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def refresh(self) -> None:
        """The Sessions tab: newest first, what was done, on which side, pain before → after."""
        self.sessions_list.clear()
        if self.store is None:
            return
        sides = {"left": self.tr("left"), "right": self.tr("right"), "both": self.tr("both sides")}
        for session in reversed(self.store.model.sessions[-LISTED_SESSIONS:]):
            side = sides.get(session.side)
            text = self.tr("{when}\n{item}{side}: pain {before} → {after}").format(
                when=session.started_at.strftime("%a %d %b, %H:%M"),
                item=self.knowledge.item_label(session.kind, session.item_id),
                side=f" ({side})" if side else "", before=session.pain_before,
                after=session.pain_after,
            )  # fmt: skip
            item = QListWidgetItem(text)
            item.setToolTip(session.note or text)
            self.sessions_list.addItem(item)
        if not self.sessions_list.count():
            placeholder = QListWidgetItem(
                self.tr("No sessions yet. Choose a suggestion and press Start session.")
            )
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.sessions_list.addItem(placeholder)
