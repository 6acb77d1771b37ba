"""Suggestions for the check-in on screen, shortly after the last change, and the safety
layer's verdict on the banner and the map.

All ranking and every safety rule live in the engine (``app.domain.suggest``); the journal's
facts come from its in-memory model, so an update reads nothing from the file. Changes that
come quickly (a burst of clicks) are coalesced by a short timer; changes to what the safety
layer reads (answers, settings) update at once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from app.domain.episodes import journal_episode_start
from app.domain.illustration import illustration_for
from app.domain.journal_model import JournalChange
from app.domain.knowledge import KnowledgeBase
from app.domain.person import PersonFacts
from app.domain.regions import RegionCatalog
from app.domain.self_tests import with_notes, with_self_tests
from app.domain.sessions import TreatmentSession
from app.domain.suggest import Engine, SuggestionRequest, Suggestions
from app.store.journal import JournalStore
from app.ui.body_map import BodyMapView
from app.ui.draft import CheckInDraft
from app.ui.illustration_style import legend_text
from app.ui.safety import SeekCareBanner
from app.ui.suggestions_panel import SuggestionsPanel

SUGGEST_DELAY_MS = 60  # coalesce a burst of clicks into one engine call


class SuggestionController(QObject):
    """Draft + journal → engine → the suggestions panel, the banner and the map."""

    #: The safety layer needs answers before any self-care: the window asks them (once per
    #: appearance of the pattern).
    safety_questions_needed = Signal()

    def __init__(
        self,
        knowledge: KnowledgeBase,
        catalog: RegionCatalog,
        draft: CheckInDraft,
        panel: SuggestionsPanel,
        banner: SeekCareBanner,
        body_map: BodyMapView,
        status_label: QLabel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.knowledge = knowledge
        self.catalog = catalog
        self.draft = draft
        self.panel = panel
        self.banner = banner
        self.body_map = body_map
        self.status_label = status_label
        self.engine = Engine(knowledge, catalog)
        self.store: JournalStore | None = None
        self.last: Suggestions | None = None
        self._episode_start: date | None = None
        self._episode_start_known = False
        self._asked_for_pattern = False
        self._history: tuple[TreatmentSession, ...] | None = None  # kept until sessions change
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SUGGEST_DELAY_MS)
        self.timer.timeout.connect(self.update_now)
        draft.mark_changed.connect(self.schedule)
        draft.marks_reset.connect(self.schedule)
        draft.muscles_changed.connect(self.schedule)

    def set_store(self, store: JournalStore | None) -> None:
        if self.store is not None:
            self.store.model.unsubscribe(self._on_journal_changed)
        self.store = store
        self._episode_start_known = False
        self._history = None
        if store is not None:
            store.model.subscribe(self._on_journal_changed)
        self.update_soon_or_now()

    def _on_journal_changed(self, change: JournalChange) -> None:
        if change.check_ins:
            self._episode_start_known = False  # the episode may have begun or ended
        if change.sessions:
            self._history = None
        if change.screens or change.settings or change.self_tests:
            self.update_soon_or_now()  # what the safety layer reads: no waiting
        elif change.sessions or change.check_ins:
            self.schedule()

    def schedule(self) -> None:
        """Recompute shortly after the last change (clicks stay instant)."""
        self.timer.start()

    def update_soon_or_now(self) -> None:
        """At once while the window is on screen (a safety verdict must not lag); else on the
        next change."""
        if self.panel.isVisible():
            self.timer.stop()
            self.update_now()
        else:
            self.schedule()

    def stop(self) -> None:
        self.timer.stop()

    def episode_start(self) -> date | None:
        """The journal's estimate of when the current episode began (read once, then kept
        until the check-ins change). A year of check-ins is enough: an episode longer than
        that is chronic whatever its exact start."""
        if not self._episode_start_known and self.store is not None:
            store = self.store
            self._episode_start = journal_episode_start(
                lambda start, end: store.all_check_ins(start=start, end=end), date.today()
            )
            self._episode_start_known = True
        return self._episode_start

    def request(self) -> tuple[SuggestionRequest, tuple[str, ...]]:
        """The engine's input: the draft, and what the journal says (its in-memory model)."""
        request = SuggestionRequest(
            marks=self.draft.marks(), tight_muscles=self.draft.tight_muscles()
        )
        if self.store is None:
            return request, ()
        model = self.store.model
        request = replace(
            request.with_journal(
                person=PersonFacts.from_settings(model.setting),
                screen=model.latest_screen(),
                red_flags=self.knowledge.red_flags,
                today=date.today(),
                episode_start=self.episode_start(),
            ),
            history=self._session_history(),
        )
        return with_self_tests(request, self.knowledge, model.self_tests)

    def _session_history(self) -> tuple[TreatmentSession, ...]:
        """The sessions as one tuple, the same object until they change: the engine then
        reuses what it worked out from them."""
        if self._history is None:
            self._history = tuple(self.store.model.sessions) if self.store is not None else ()
        return self._history

    def update_now(self) -> None:
        """Ask the engine and show its answer."""
        if not self.panel.isVisible():
            return  # closed (its journal may be closed too): nothing to show
        request, test_notes = self.request()
        result = self.engine.suggest(request)
        if test_notes:
            result = with_notes(result, test_notes)
        self.last = result
        self.panel.set_suggestions(result)
        self._show_safety(result)

    def _show_safety(self, result: Suggestions) -> None:
        """The banner, the map and the questions follow the safety layer's verdict."""
        screen = self.store.model.latest_screen() if self.store is not None else None
        if result.seek_care:
            can_confirm = screen is not None and screen.awaiting_assessment
            self.banner.show_advice(result.notes, can_confirm=can_confirm)
        else:
            self.banner.setVisible(False)
        if result.seek_care or result.ask_first:
            self.body_map.clear_overlay()  # no point marker while self-care is suspended
            self.status_label.setText(
                self.tr("Self-care is on hold: see the safety message.")
                if result.seek_care
                else self.tr("Self-care is on hold: please answer the safety questions first.")
            )
        if result.ask_first and not self._asked_for_pattern:
            self._asked_for_pattern = True  # once per appearance of the pattern
            QTimer.singleShot(0, self.safety_questions_needed.emit)
        elif not result.ask_first:
            self._asked_for_pattern = False

    # --- what the last suggestions say -------------------------------------------------------

    def suggested_site(self, muscle_id: str, side: str) -> str | None:
        """The trigger-point site the engine ranked for this muscle and side, if any."""
        for suggestion in self.last.trigger_points if self.last is not None else ():
            if suggestion.muscle_id == muscle_id and suggestion.side == side:
                return suggestion.site_id
        return None

    def show_on_map(self, kind: str, item_id: str, side: str) -> None:
        """Hovering or choosing a suggestion shows it on the body map itself."""
        site_id = self.suggested_site(item_id, side) if kind == "trigger_point" else None
        illustration = illustration_for(
            self.knowledge, kind, item_id, side, catalog=self.catalog, site_id=site_id
        )
        self.body_map.show_overlay(illustration)
        self.status_label.setText(f"{illustration.title.split(':')[0]}: {legend_text(kind)}")
