"""The journal's life cycle in the window: which journal is open, the first-run offer of the
demo and of the safety questions, the person's answers and settings, and the reminders.

When the journal changes (opened, restored, imported, deleted) ``store_changed`` tells the
other controllers; they follow its in-memory model from then on.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMessageBox

from app.domain.demo import generate_demo_journal
from app.domain.knowledge import KnowledgeBase
from app.domain.person import PersonFacts
from app.domain.safety import questions_for
from app.store.demo import default_demo_path, is_demo, write_demo_journal
from app.store.journal import JournalStore
from app.ui.reminders import ReminderController, edit_reminders
from app.ui.safety import PersonDialog, RedFlagScreenDialog


class JournalController(QObject):
    #: The open journal changed (None: none is open any more).
    store_changed = Signal(object)
    #: A reminder was clicked: its kind ("check_in", "routine" or "").
    reminder_clicked = Signal(str)

    def __init__(
        self, window: QMainWindow, knowledge: KnowledgeBase, pregnant_action: QAction
    ) -> None:
        super().__init__(window)
        self.window = window
        self.knowledge = knowledge
        self.pregnant_action = pregnant_action
        self.store: JournalStore | None = None
        #: Whether the open journal is the demo (synthetic data, labelled as such everywhere).
        self.demo = False
        self.reminders: ReminderController | None = None
        pregnant_action.toggled.connect(self.set_pregnant)

    def attach_store(self, store: JournalStore | None) -> None:
        """Start using ``store`` (None after "Delete all my data": the window then closes)."""
        self._stop_reminders()  # they belonged to the previous journal
        self.store = store
        if store is not None:
            self.pregnant_action.blockSignals(True)
            self.pregnant_action.setChecked(store.model.setting("pregnant") == "yes")
            self.pregnant_action.blockSignals(False)
        self.update_title()
        self.store_changed.emit(store)

    def update_title(self) -> None:
        self.demo = self.store is not None and is_demo(self.store)
        suffix = self.tr(" (demo journal: synthetic data)") if self.demo else ""
        self.window.setWindowTitle(self.tr("ReliefMap") + suffix + "[*]")

    # --- first run ---------------------------------------------------------------------------

    def first_run(self) -> None:
        """On a new journal: offer the demo, then the safety questions (never in tests)."""
        if self.offer_demo():
            return
        store = self.store
        if store is not None and not store.model.screens:
            if store.model.setting("safety_offered"):
                return
            store.set_setting("safety_offered", "yes")
            self.ask_safety_questions()

    def offer_demo(self) -> bool:
        """First run on an empty journal: start your own, or explore a labelled demo journal.

        Returns True when the demo was chosen and attached.
        """
        store = self.store
        if store is None or store.model.check_in_count or store.model.setting("demo_offered"):
            return False
        store.set_setting("demo_offered", "yes")
        answer = QMessageBox.question(
            self.window,
            self.tr("Welcome to ReliefMap"),
            self.tr(
                "Start your own journal now, or explore ReliefMap with six months of made-up "
                "demo data first? The demo lives in its own file and never mixes with yours."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        demo = JournalStore.open(default_demo_path())
        if not demo.count_check_ins():
            write_demo_journal(demo, generate_demo_journal())
        if not is_demo(demo):
            demo.close()
            return False
        store.close()
        self.attach_store(demo)
        return True

    # --- safety answers and the person's settings --------------------------------------------

    def ask_safety_questions(self) -> None:
        """The red-flag screen (the cauda-equina questions first, pregnancy ones if pregnant);
        the answers go to the journal and the safety layer decides what follows."""
        if self.store is None:
            return
        person = PersonFacts.from_settings(self.store.model.setting)
        questions = questions_for(self.knowledge.red_flags, person.pregnant)
        dialog = RedFlagScreenDialog(list(questions), self.window)
        if not RedFlagScreenDialog.run(dialog) or dialog.screen is None:
            return
        self.store.add_red_flag_screen(dialog.screen)

    def confirm_assessed(self) -> None:
        """The person says a clinician has assessed the warning signs they reported."""
        if self.store is None:
            return
        screen = self.store.model.latest_screen()
        if screen is not None and screen.id is not None:
            self.store.mark_screen_assessed(screen.id, datetime.now().replace(microsecond=0))

    def set_pregnant(self, pregnant: bool) -> None:
        if self.store is not None:
            self.store.set_setting("pregnant", "yes" if pregnant else "no")

    def edit_person(self, episode_start: object) -> None:
        """Settings → About you and this episode: age, when it began, what eases it."""
        if self.store is None:
            return
        dialog = PersonDialog(
            PersonFacts.from_settings(self.store.model.setting),
            episode_start,  # type: ignore[arg-type]
            self.window,
        )
        if not PersonDialog.run(dialog) or dialog.facts is None:
            return
        for key, value in dialog.facts.to_settings().items():
            self.store.set_setting(key, value)

    # --- reminders ---------------------------------------------------------------------------

    def start_reminders(self, **options: object) -> ReminderController | None:
        """Check-in and routine reminders while the window is open (off until switched on)."""
        if self.store is None or self.reminders is not None:
            return self.reminders
        self.reminders = ReminderController(self.store, self.window, **options)  # type: ignore[arg-type]
        self.reminders.open_requested.connect(self.reminder_clicked)
        return self.reminders

    def edit_reminders(self) -> object:
        """Settings → Reminders: the switch, days and times, start with the session."""
        if self.store is None:
            return None
        return edit_reminders(self.store, self.window, self.start_reminders())

    def _stop_reminders(self) -> None:
        if self.reminders is not None:
            self.reminders.timer.stop()
            self.reminders.deleteLater()
            self.reminders = None
