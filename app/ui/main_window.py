"""The main window: body map in the middle, history on the left, editors on the right.

It lays the widgets out, builds the menus and wires them to the controllers, each with one
job: ``editor`` (the check-in being drawn and the saved ones), ``suggester`` (suggestions and
the safety verdict), ``sessions`` (guided sessions) and ``journal`` (which journal is open,
first run, the person's answers and settings). Those forward to the domain and the store; the
window itself decides nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.knowledge import KnowledgeBase, Muscle
from app.domain.regions import RegionCatalog, default_catalog
from app.store.journal import JournalStore
from app.store.knowledge_db import open_knowledge
from app.ui.body_map import BodyMapView, ViewArt, load_view_art
from app.ui.check_in_form import CheckInForm
from app.ui.controllers.check_in_editing import CheckInEditor
from app.ui.controllers.journal_life import JournalController
from app.ui.controllers.sessions import SessionController
from app.ui.controllers.suggesting import SuggestionController
from app.ui.data_actions import DataActions
from app.ui.detail_view import DetailDialog
from app.ui.history_panel import HistoryPanel
from app.ui.layer_switch import LayerSwitch
from app.ui.legend import IntensityLegend
from app.ui.library import LibraryDialog
from app.ui.mark_editor import MarkEditor
from app.ui.muscle_wiring import MuscleMapController
from app.ui.muscles_panel import MusclesPanel
from app.ui.routine_view import open_routine
from app.ui.safety import DISCLAIMER, SafetyRulesDialog, SeekCareBanner
from app.ui.self_tests_dialog import SelfTestsDialog
from app.ui.suggestions_panel import SuggestionsPanel

STYLE_SHEET = """
QMainWindow, QWidget#page { background: #eef1f4; }
QFrame#card { background: #ffffff; border: 1px solid #dfe4ea; border-radius: 10px; }
QFrame#mapCard { background: #f6f7f9; border: 1px solid #dfe4ea; border-radius: 10px; }
QLabel#sectionTitle { font-size: 13pt; font-weight: 600; color: #25303b; }
QLabel#mapTitle { font-size: 15pt; font-weight: 600; color: #25303b; }
QLabel#hint, QLabel#mapStatus, QLabel#laterality { color: #5d6b78; }
QLabel#message[kind="error"] { color: #8a1c12; background: #fdecea; border: 1px solid #f3b8b0;
    border-radius: 6px; padding: 6px 8px; }
QLabel#message[kind="info"] { color: #1d5a2c; background: #e8f5eb; border: 1px solid #b5dcbf;
    border-radius: 6px; padding: 6px 8px; }
QPushButton { padding: 5px 12px; border-radius: 6px; border: 1px solid #c9d1da;
    background: #ffffff; color: #25303b; }
QPushButton:hover { background: #f1f5f9; }
QPushButton:focus { border: 2px solid #1f6fb2; }
QPushButton:disabled { color: #9aa6b2; background: #f4f6f8; }
QPushButton#primary { background: #1f6fb2; color: #ffffff; border: 1px solid #1a5f99;
    font-weight: 600; padding: 6px 16px; }
QPushButton#primary:hover { background: #1a5f99; }
QPushButton#primary:focus { border: 2px solid #0d3558; }
QToolButton { border: 1px solid #c9d1da; border-radius: 6px; background: #ffffff;
    min-width: 28px; min-height: 26px; font-size: 12pt; color: #25303b; }
QToolButton:hover { background: #f1f5f9; }
QToolButton:focus { border: 2px solid #1f6fb2; }
QListView, QListWidget, QPlainTextEdit, QLineEdit {
    border: 1px solid #c9d1da; border-radius: 6px; background: #ffffff; }
QListView:focus, QListWidget:focus, QPlainTextEdit:focus, QLineEdit:focus {
    border: 2px solid #1f6fb2; }
QListView::item, QListWidget::item { padding: 3px 4px; }
QListView::item:selected, QListWidget::item:selected { background: #dbe9f6; color: #10263a; }
QLineEdit { padding: 3px 6px; min-height: 22px; }
QScrollArea { border: none; background: transparent; }
QSplitter::handle { background: transparent; }
"""


def _card(*widgets: QWidget, name: str = "card") -> QFrame:
    frame = QFrame()
    frame.setObjectName(name)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 14, 16, 14)
    layout.setSpacing(8)
    for widget in widgets:
        layout.addWidget(widget)
    return frame


class MainWindow(QMainWindow):
    """One journal, one check-in on screen at a time."""

    def __init__(
        self,
        store: JournalStore | None = None,
        *,
        catalog: RegionCatalog | None = None,
        arts: Sequence[ViewArt] | None = None,
        muscles: Sequence[Muscle] | None = None,
        knowledge: KnowledgeBase | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalog = catalog or default_catalog()
        self.knowledge = knowledge or open_knowledge()
        self.setWindowTitle(self.tr("ReliefMap") + "[*]")
        self.setStyleSheet(STYLE_SHEET)
        self.resize(1440, 900)
        self.progress_view: QWidget | None = None

        self._build_widgets(arts)
        self._build_layout()
        self._build_actions()
        self.editor = CheckInEditor(
            self, self.catalog, self.body_map, self.form, self.history, self.mark_editor,
            self.muscles_panel, self.summary_label, self.statusBar(),
        )  # fmt: skip
        self.draft = self.editor.draft
        self.suggester = SuggestionController(
            self.knowledge, self.catalog, self.draft, self.suggestions, self.seek_care_banner,
            self.body_map, self.hover_label, self,
        )  # fmt: skip
        self.sessions = SessionController(
            self.knowledge, self.sessions_list, lambda: self.suggester.last, self
        )
        self.journal = JournalController(self, self.knowledge, self.pregnant_action)
        self.data_actions = DataActions(self, lambda: self.store, self.journal.attach_store)
        self._add_data_actions()
        self.muscle_map = MuscleMapController(self)  # clicks on muscles mark them tight
        self._wire()
        self.muscle_map.attach_panels()
        chosen = muscles if muscles is not None else self.knowledge.muscles.values()
        self.editor.set_muscles({muscle.id: muscle for muscle in chosen})
        self._set_store_ready(False)
        self.body_map.setFocus(Qt.FocusReason.OtherFocusReason)  # the map is where one starts
        if store is not None:
            self.journal.attach_store(store)

    @property
    def store(self) -> JournalStore | None:
        """The open journal (the journal controller owns it)."""
        return self.journal.store

    # --- construction ------------------------------------------------------------------------

    def _build_widgets(self, arts: Sequence[ViewArt] | None) -> None:
        self.body_map = BodyMapView(self.catalog, arts if arts is not None else load_view_art())
        self.legend = IntensityLegend()
        self.layer_switch = LayerSwitch()  # Skin / Muscles / Deep muscles (Ctrl+1/2/3)
        self.mark_editor = MarkEditor()
        self.muscles_panel = MusclesPanel()
        self.form = CheckInForm()
        self.history = HistoryPanel()
        self.suggestions = SuggestionsPanel()
        self.seek_care_banner = SeekCareBanner()
        self.right_tabs = QTabWidget()
        self.left_tabs = QTabWidget()
        self.sessions_list = QListWidget()

    def _build_layout(self) -> None:
        self.map_title = QLabel(self.tr("Where does it hurt?"))
        self.map_title.setObjectName("mapTitle")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("hint")
        self.demo_label = QLabel(self.tr("Demo journal: synthetic data, not yours"))
        self.demo_label.setStyleSheet("color: #9a3412; font-weight: bold;")
        self.demo_label.setVisible(False)
        self.zoom_out_button = self._tool_button(
            "−", self.tr("Zoom out (−)"), self.body_map.zoom_out
        )
        self.zoom_fit_button = self._tool_button(
            "⤢", self.tr("Show the whole body (0)"), self.body_map.reset_zoom
        )
        self.zoom_in_button = self._tool_button("+", self.tr("Zoom in (+)"), self.body_map.zoom_in)
        header = QHBoxLayout()
        header.setSpacing(6)
        header.addWidget(self.map_title)
        header.addSpacing(12)
        header.addWidget(self.summary_label, 1)
        header.addWidget(self.demo_label)
        header.addSpacing(6)
        header.addWidget(self.zoom_out_button)
        header.addWidget(self.zoom_fit_button)
        header.addWidget(self.zoom_in_button)

        self.hover_label = QLabel()
        self.hover_label.setObjectName("mapStatus")
        self.hover_label.setAccessibleName(self.tr("Region under the pointer"))
        self.hover_label.setMinimumWidth(180)
        self.hover_label.setWordWrap(True)
        footer = QHBoxLayout()
        footer.addWidget(self.hover_label, 1)
        footer.addSpacing(16)
        footer.addWidget(self.legend)

        map_card = QFrame()
        map_card.setObjectName("mapCard")
        map_layout = QVBoxLayout(map_card)
        map_layout.setContentsMargins(16, 12, 16, 12)
        map_layout.setSpacing(8)
        map_layout.addLayout(header)
        map_layout.addWidget(self.layer_switch)
        map_layout.addWidget(self.body_map, 1)
        map_layout.addLayout(footer)
        self.body_map.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        right = QWidget()
        right.setObjectName("page")
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 4, 0)
        right_layout.setSpacing(12)
        right_layout.addWidget(_card(self.mark_editor))
        self.right_tabs.setAccessibleName(self.tr("Suggestions and tight muscles"))
        self.right_tabs.tabBar().setAccessibleName(self.tr("What to try, or tight muscles"))
        self.right_tabs.addTab(self.suggestions, self.tr("What to try"))
        muscles_title = QLabel(self.tr("Tight muscles"))
        muscles_title.setObjectName("sectionTitle")
        muscles_page = QWidget()
        muscles_layout = QVBoxLayout(muscles_page)
        muscles_layout.setContentsMargins(0, 8, 0, 0)
        muscles_layout.addWidget(muscles_title)
        muscles_layout.addWidget(self.muscles_panel, 1)
        self.right_tabs.addTab(muscles_page, self.tr("Tight muscles"))
        right_layout.addWidget(_card(self.right_tabs), 1)

        left = QWidget()
        left.setObjectName("page")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        left_layout.setSpacing(12)
        left_layout.addWidget(_card(self.form))
        self.left_tabs.setAccessibleName(self.tr("Check-ins and sessions"))
        self.left_tabs.tabBar().setAccessibleName(self.tr("Check-ins or sessions"))
        self.left_tabs.addTab(self.history, self.tr("Check-ins"))
        self.sessions_list.setAccessibleName(self.tr("Self-treatment sessions"))
        self.left_tabs.addTab(self.sessions_list, self.tr("Sessions"))
        left_layout.addWidget(_card(self.left_tabs), 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(12)
        splitter.addWidget(self._scrolling(left, 300))
        splitter.addWidget(map_card)
        splitter.addWidget(self._scrolling(right, 340))
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([320, 760, 360])
        self.splitter = splitter

        page = QWidget()
        page.setObjectName("page")
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(12, 12, 12, 12)
        page_layout.addWidget(self.seek_care_banner)
        page_layout.addWidget(splitter)
        self.setCentralWidget(page)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        """A deliberate keyboard order: the check-in and its history, the map (then every
        region), the region's mark, tight muscles."""
        order: list[QWidget] = [
            self.form.time_edit,
            self.form.pain_slider,
            self.form.pain_spin,
            self.form.note_edit,
            self.form.save_button,
            self.history.view,
            self.history.new_button,
            self.history.delete_button,
            self.zoom_out_button,
            self.zoom_fit_button,
            self.zoom_in_button,
            self.body_map,
            self.mark_editor.mark_button,
            self.mark_editor.slider,
            self.mark_editor.spin,
            *self.mark_editor.quality_boxes.values(),
            self.mark_editor.clear_button,
            self.mark_editor.clear_all_button,
            self.muscles_panel.filter,
            self.muscles_panel.list,
            *self.muscles_panel.side_buttons.values(),
            self.muscles_panel.add_button,
            self.muscles_panel.tight_list,
            self.muscles_panel.remove_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    @staticmethod
    def _scrolling(content: QWidget, width: int) -> QScrollArea:
        """A column that scrolls on small screens instead of squeezing its cards."""
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its controls take focus, not the frame
        scroll.setMinimumWidth(width)
        content.setMinimumHeight(640)
        return scroll

    def _tool_button(self, text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(False)
        button.clicked.connect(slot)
        return button

    def _action(self, menu: object, text: str, slot: object, shortcut: object = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_action = self._action(file_menu, self.tr("&New check-in"),
                                       lambda: self.editor.new_check_in(),
                                       QKeySequence.StandardKey.New)  # fmt: skip
        self.save_action = self._action(file_menu, self.tr("&Save check-in"),
                                        lambda: self.editor.save(),
                                        QKeySequence.StandardKey.Save)  # fmt: skip
        file_menu.addSeparator()
        self._file_menu = file_menu
        self._data_actions_anchor = file_menu.addSeparator()  # export, import… go above it
        self._action(file_menu, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self._action(edit_menu, self.tr("Clear &all marks"), lambda: self.draft.clear_all())

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self._action(view_menu, self.tr("Zoom &in"), self.body_map.zoom_in,
                     QKeySequence.StandardKey.ZoomIn)  # fmt: skip
        self._action(view_menu, self.tr("Zoom &out"), self.body_map.zoom_out,
                     QKeySequence.StandardKey.ZoomOut)  # fmt: skip
        self._action(view_menu, self.tr("&Whole body"), self.body_map.reset_zoom,
                     QKeySequence("Ctrl+0"))  # fmt: skip
        view_menu.addSeparator()
        self._action(view_menu, self.tr("Go to the &body map"), self._focus_map,
                     QKeySequence("Ctrl+B"))  # fmt: skip
        view_menu.addSeparator()
        self.progress_action = self._action(view_menu, self.tr("&Progress…"), self.show_progress,
                                            QKeySequence("Ctrl+P"))  # fmt: skip
        self.library_action = self._action(
            view_menu, self.tr("&Library of muscles, points and exercises…"), self.show_library,
            QKeySequence("Ctrl+L"),
        )  # fmt: skip
        self.self_tests_action = self._action(view_menu, self.tr("Self-&tests…"),
                                              self.show_self_tests,
                                              QKeySequence("Ctrl+T"))  # fmt: skip
        self.routine_action = self._action(view_menu, self.tr("Today's &routine…"),
                                           self.show_routine, QKeySequence("Ctrl+R"))  # fmt: skip

        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        self.pregnant_action = QAction(self.tr("I am &pregnant (adapt the advice)"), self)
        self.pregnant_action.setCheckable(True)
        settings_menu.addAction(self.pregnant_action)
        self.person_action = self._action(
            settings_menu, self.tr("About &you and this episode…"),
            lambda: self.journal.edit_person(self.suggester.episode_start()),
        )  # fmt: skip
        self.reminders_action = self._action(settings_menu, self.tr("&Reminders…"),
                                             lambda: self.journal.edit_reminders())  # fmt: skip

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.safety_action = self._action(help_menu, self.tr("&Safety questions…"),
                                          lambda: self.journal.ask_safety_questions())  # fmt: skip
        self.safety_rules_action = self._action(
            help_menu, self.tr("Safety &rules and their sources"), self.show_safety_rules,
            QKeySequence.StandardKey.HelpContents,
        )  # fmt: skip
        self._action(help_menu, self.tr("&About and disclaimer"), self.show_disclaimer)

        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.setAccessibleName(self.tr("Main toolbar"))
        self.library_action.setToolTip(self.tr("Browse every muscle, point and exercise (Ctrl+L)"))
        self.library_action.setIconText(self.tr("Library"))
        self.progress_action.setIconText(self.tr("Progress"))
        self.safety_action.setIconText(self.tr("Safety questions"))
        self.self_tests_action.setIconText(self.tr("Self-tests"))
        self.routine_action.setIconText(self.tr("Routine"))
        toolbar.setStyleSheet(
            "QToolBar { background: #eef1f4; border: none; padding: 6px 12px 0 12px; "
            "spacing: 8px; } QToolBar QToolButton { font-size: 10pt; padding: 3px 12px; }"
        )
        toolbar.addActions([self.library_action, self.progress_action, self.routine_action,
                            self.self_tests_action, self.safety_action])  # fmt: skip
        self.toolbar = toolbar

    def _add_data_actions(self) -> None:
        """File menu: export and import, then backups and deleting, above Quit."""
        actions = self.data_actions.actions()
        self._file_menu.insertActions(self._data_actions_anchor, actions[:4])
        self._file_menu.insertSeparator(self._data_actions_anchor)
        self._file_menu.insertActions(self._data_actions_anchor, actions[4:])

    def _wire(self) -> None:
        """The controllers to each other and to the widgets they do not own."""
        self.body_map.region_hovered.connect(self._update_hover_label)
        self.body_map.region_focused.connect(self._on_region_focused)
        self.draft.mark_changed.connect(self._on_mark_changed)
        self.draft.dirty_changed.connect(self.setWindowModified)
        self.editor.saved.connect(self.data_actions.schedule_backup)
        self.suggestions.item_chosen.connect(self.show_detail)
        self.suggestions.item_chosen.connect(self.suggester.show_on_map)
        self.suggestions.item_hovered.connect(self.suggester.show_on_map)
        self.suggestions.session_requested.connect(self.sessions.start_session)
        self.suggestions.safety_questions_requested.connect(self.journal.ask_safety_questions)
        self.suggester.safety_questions_needed.connect(self.journal.ask_safety_questions)
        self.seek_care_banner.assessed.connect(self.journal.confirm_assessed)
        self.journal.store_changed.connect(self._on_store_changed)
        self.journal.reminder_clicked.connect(self._open_reminded)

    # --- the journal -------------------------------------------------------------------------

    def _on_store_changed(self, store: JournalStore | None) -> None:
        self._set_store_ready(store is not None)
        # The title bar is easy to miss: the map says it too, so demo data is never taken
        # for the person's own.
        self.demo_label.setVisible(self.journal.demo)
        self.editor.set_store(store)
        self.sessions.set_store(store)
        self.suggester.set_store(store)
        if store is None:
            self.close()  # everything was deleted: nothing left to show
            return
        for notice in store.notices:  # e.g. an interrupted upgrade that was completed
            self.statusBar().showMessage(notice, 30_000)
        self.data_actions.schedule_backup()

    def _set_store_ready(self, ready: bool) -> None:
        self.save_action.setEnabled(ready)
        self.data_actions.set_enabled(ready)
        if not ready:
            self.hover_label.setText(self.tr("Opening your journal…"))
        else:
            self._update_hover_label(self.body_map.hovered_region())

    # --- the map's status line ---------------------------------------------------------------

    def _update_hover_label(self, region_id: str) -> None:
        if region_id:
            text = self.body_map.describe(region_id)
        else:
            text = self.tr(
                "Point at a region to see its name. L and R are your own left and right."
            )
        self.hover_label.setText(text)

    def _on_region_focused(self, region_id: str) -> None:
        if region_id:
            self._update_hover_label(region_id)

    def _on_mark_changed(self, region_id: str) -> None:
        if self.body_map.hovered_region() == region_id:
            self._update_hover_label(region_id)

    def _focus_map(self) -> None:
        self.body_map.setFocus(Qt.FocusReason.TabFocusReason)
        if not self.body_map.focused_region() and self.body_map.region_ids():
            self.body_map.focus_region(self.body_map.region_ids()[0])

    # --- other windows -----------------------------------------------------------------------

    def show_progress(self) -> None:
        """Open the Progress window. Its module loads matplotlib, which costs more than the
        whole window's start: it is imported on first use only."""
        if self.store is None:
            return
        from app.ui.progress_view import ProgressView

        view = self.progress_view
        if not isinstance(view, ProgressView) or view.store is not self.store:
            view = ProgressView(self.store, self)
            view.check_in_chosen.connect(self._open_from_progress)
            self.progress_view = view
        else:
            view.refresh()
        view.show()
        view.raise_()

    def _open_from_progress(self, check_in_id: int) -> None:
        self.editor.open_check_in(check_in_id)
        self.raise_()
        self.activateWindow()

    def show_detail(self, kind: str, item_id: str, side: str) -> DetailDialog:
        """The item's point-location illustration and how-to, from a suggestion or the library."""
        site_id = self.suggester.suggested_site(item_id, side) if kind == "trigger_point" else None
        dialog = DetailDialog(self.knowledge, self.catalog, kind, item_id, side, site_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.start_session.connect(self.sessions.start_session)
        dialog.show()
        return dialog

    def show_library(self) -> LibraryDialog:
        """Everything in the knowledge base, without marking pain first."""
        dialog = LibraryDialog(self.knowledge, self.catalog, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.item_chosen.connect(self.show_detail)
        dialog.show()
        return dialog

    def show_self_tests(self) -> QWidget:
        """View → Self-tests: guided tests whose results feed the suggestions."""
        last = self.suggester.last
        dialog = SelfTestsDialog(self.knowledge, self.catalog, self.store,
                                 last.safety if last is not None else None, self)  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_routine(self) -> QWidget:
        """View → Today's routine: the plan in order; "Start routine" runs all of it."""
        return open_routine(self, self.knowledge, self.catalog, self.store)

    def show_safety_rules(self) -> QWidget:
        """Help → Safety rules: docs/safety.md, every rule with its sources."""
        dialog = SafetyRulesDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_disclaimer(self) -> None:
        QMessageBox.information(self, self.tr("About ReliefMap"), DISCLAIMER)

    def _open_reminded(self, kind: str) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()
        if kind == "routine":
            self.show_routine()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.draft.dirty and self.store is not None:
            answer = QMessageBox.question(
                self,
                self.tr("Save this check-in?"),
                self.tr("This check-in has unsaved changes."),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel or (
                answer == QMessageBox.StandardButton.Save and not self.editor.save()
            ):
                event.ignore()
                return
        self.suggester.stop()  # the journal may close right after the window
        event.accept()
