"""The main window: body map in the middle, history on the left, editors on the right.

It wires widgets to the draft (``CheckInDraft``) and the journal store; it decides nothing about
health. Validation happens in the domain (constructing ``CheckIn``); its message is shown inline.

Start-up paints the body map first: ``MainWindow(defer_panels=True)`` builds only the map card,
the menus and empty side columns, and ``build_panels()`` (run right after the first paint) adds
the check-in form, history, mark editor, muscles, suggestions and the data actions. The modules
behind those panels are imported there, not at the top, so the first frame does not pay for them.
Every entry point that needs a panel builds them first, so no input is ever dropped.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.vocabulary import MAX_INTENSITY, MIN_INTENSITY
from app.ui.body_map import BodyMapView, ViewArt, load_view_art
from app.ui.legend import IntensityLegend

if TYPE_CHECKING:
    from datetime import date

    from PySide6.QtWidgets import QListWidget, QTabWidget

    from app.domain.journal import CheckIn
    from app.domain.knowledge import KnowledgeBase, Muscle
    from app.domain.regions import RegionCatalog
    from app.domain.suggest import Suggestions
    from app.store.journal import JournalStore
    from app.ui.check_in_form import CheckInForm
    from app.ui.data_actions import DataActions
    from app.ui.detail_view import DetailDialog
    from app.ui.draft import CheckInDraft
    from app.ui.guided_session import GuidedSessionDialog
    from app.ui.history_panel import HistoryPanel
    from app.ui.library import LibraryDialog
    from app.ui.mark_editor import MarkEditor
    from app.ui.muscles_panel import MusclesPanel
    from app.ui.safety import SeekCareBanner
    from app.ui.suggestions_panel import SuggestionsPanel

DEFAULT_NEW_INTENSITY = 5

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


EXERCISE_HOLD_S = 60  # a guided exercise set: one minute per side unless the dose says more
SUGGEST_DELAY_MS = 60  # coalesce a burst of clicks into one engine call


def load_muscles() -> list[Muscle]:
    """The knowledge base's muscles (imported here so start-up does not pay for it)."""
    from app.domain.knowledge_loader import load_knowledge

    return list(load_knowledge().muscles.values())


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
        parent: QWidget | None = None,
        defer_panels: bool = False,
    ) -> None:
        """``defer_panels``: build only the map's art, menus and empty columns now, and the
        map's regions and the panels in ``build_panels()`` (start-up calls it right after the
        first paint)."""
        super().__init__(parent)
        self.store: JournalStore | None = None
        self._catalog = catalog
        self._muscles: dict[str, Muscle] = {}
        self._last_intensity = DEFAULT_NEW_INTENSITY
        self._panels_built = False

        self.setWindowTitle(self.tr("ReliefMap") + "[*]")
        self.setStyleSheet(STYLE_SHEET)
        self.resize(1440, 900)

        self.body_map = BodyMapView(
            catalog,
            arts if arts is not None else load_view_art(),
            defer_regions=defer_panels,
        )
        self.legend = IntensityLegend()
        self._engine: object | None = None
        # Guided-session timing: one tick per second of the item's own hold. Tests shorten it.
        self.session_tick_ms = 1000
        self.session_hold_s: int | None = None
        self._knowledge: KnowledgeBase | None = None
        self._journal_episode_start: object = None  # date | None, read once (see below)
        self._episode_start_known = False
        self._asked_for_pattern = False  # the cauda-equina questions opened for this pattern
        self._suggest_timer = QTimer(self)
        self._suggest_timer.setSingleShot(True)
        self._suggest_timer.setInterval(SUGGEST_DELAY_MS)
        self._suggest_timer.timeout.connect(self.update_suggestions)
        self._build_layout()
        self._build_actions()
        self._connect_map()

        self.body_map.setFocus(Qt.FocusReason.OtherFocusReason)  # the map is where one starts
        self.save_action.setEnabled(False)  # until a journal is open (see _set_store_ready)
        self.hover_label.setText(self.tr("Opening your journal…"))
        self._initial_muscles = muscles
        if not defer_panels:
            self.build_panels()
        if store is not None:
            self.attach_store(store)

    # --- construction ----------------------------------------------------------------------

    @property
    def catalog(self) -> RegionCatalog:
        """The region catalogue: the one given, or the shipped one, read on first use (the
        first frame does not need it)."""
        if self._catalog is None:
            from app.domain.regions import default_catalog

            self._catalog = default_catalog()
        return self._catalog

    @property
    def panels_built(self) -> bool:
        """Whether ``build_panels()`` has run (always, unless constructed with defer_panels)."""
        return self._panels_built

    def build_panels(self) -> None:
        """Create the side panels and the File menu's data actions; does nothing the second time.

        Kept out of the first frame because these widgets and their modules cost more than
        painting the body map. Anything that needs a panel calls this first, so a click on the
        map before the panels exist still marks pain (the editor then shows that mark).
        """
        if self._panels_built:
            return
        self._panels_built = True
        self.body_map.build_regions()
        from PySide6.QtWidgets import QListWidget, QTabWidget

        from app.ui.check_in_form import CheckInForm
        from app.ui.data_actions import DataActions
        from app.ui.draft import CheckInDraft
        from app.ui.history_panel import HistoryPanel
        from app.ui.mark_editor import MarkEditor
        from app.ui.muscles_panel import MusclesPanel
        from app.ui.safety import SeekCareBanner
        from app.ui.suggestions_panel import SuggestionsPanel

        self.draft: CheckInDraft = CheckInDraft(self)
        self.mark_editor: MarkEditor = MarkEditor()
        self.muscles_panel: MusclesPanel = MusclesPanel()
        self.form: CheckInForm = CheckInForm()
        self.history: HistoryPanel = HistoryPanel()
        self.suggestions: SuggestionsPanel = SuggestionsPanel()
        self.seek_care_banner: SeekCareBanner = SeekCareBanner()
        self.seek_care_banner.assessed.connect(self._on_assessed)
        self.suggestions.item_chosen.connect(self.show_detail)
        self.suggestions.item_chosen.connect(self.show_on_map)
        self.suggestions.item_hovered.connect(self.show_on_map)
        self.suggestions.session_requested.connect(self.start_session)
        self.suggestions.safety_questions_requested.connect(self.ask_safety_questions)
        self.right_tabs: QTabWidget = QTabWidget()
        self.left_tabs: QTabWidget = QTabWidget()
        self.sessions_list: QListWidget = QListWidget()
        self.data_actions: DataActions = DataActions(self, lambda: self.store, self.replace_store)
        self._fill_columns()
        self._add_data_actions()
        self._connect()
        self._set_store_ready(False)
        self._update_summary()
        if self._initial_muscles is not None:
            self.set_muscles(self._initial_muscles)
            self._initial_muscles = None

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
        from app.ui.layer_switch import LayerSwitch

        self.layer_switch = LayerSwitch()  # Skin / Muscles / Deep muscles (Ctrl+1/2/3)
        map_layout.addWidget(self.layer_switch)
        map_layout.addWidget(self.body_map, 1)
        map_layout.addLayout(footer)
        self.body_map.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        # The side columns start empty at their final width, so the map never moves when
        # build_panels() fills them.
        right = QWidget()
        right.setObjectName("page")
        self._right_layout = QVBoxLayout(right)
        self._right_layout.setContentsMargins(0, 0, 4, 0)
        self._right_layout.setSpacing(12)
        right_scroll = self._scrolling(right, 340)

        left = QWidget()
        left.setObjectName("page")
        self._left_layout = QVBoxLayout(left)
        self._left_layout.setContentsMargins(0, 0, 4, 0)
        self._left_layout.setSpacing(12)
        left_scroll = self._scrolling(left, 300)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(12)
        splitter.addWidget(left_scroll)
        splitter.addWidget(map_card)
        splitter.addWidget(right_scroll)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([320, 760, 360])
        self.splitter = splitter

        page = QWidget()
        page.setObjectName("page")
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(12, 12, 12, 12)
        page_layout.addWidget(splitter)
        self._page_layout = page_layout
        self.setCentralWidget(page)
        self._update_hover_label("")
        self._update_summary()

    def _fill_columns(self) -> None:
        """The panels into the side columns, the banner above them, and the tab order."""
        self._page_layout.insertWidget(0, self.seek_care_banner)
        muscles_title = QLabel(self.tr("Tight muscles"))
        muscles_title.setObjectName("sectionTitle")
        self._right_layout.addWidget(_card(self.mark_editor))
        self.right_tabs.setAccessibleName(self.tr("Suggestions and tight muscles"))
        self.right_tabs.tabBar().setAccessibleName(self.tr("What to try, or tight muscles"))
        self.right_tabs.addTab(self.suggestions, self.tr("What to try"))
        muscles_page = QWidget()
        muscles_layout = QVBoxLayout(muscles_page)
        muscles_layout.setContentsMargins(0, 8, 0, 0)
        muscles_layout.addWidget(muscles_title)
        muscles_layout.addWidget(self.muscles_panel, 1)
        self.right_tabs.addTab(muscles_page, self.tr("Tight muscles"))
        self._right_layout.addWidget(_card(self.right_tabs), 1)

        self._left_layout.addWidget(_card(self.form))
        self.left_tabs.setAccessibleName(self.tr("Check-ins and sessions"))
        self.left_tabs.tabBar().setAccessibleName(self.tr("Check-ins or sessions"))
        self.left_tabs.addTab(self.history, self.tr("Check-ins"))
        self.sessions_list.setAccessibleName(self.tr("Self-treatment sessions"))
        self.left_tabs.addTab(self.sessions_list, self.tr("Sessions"))
        self._left_layout.addWidget(_card(self.left_tabs), 1)

        # A deliberate keyboard order: the check-in and its history, the map (then every
        # region), the region's mark, tight muscles.
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

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_action = QAction(self.tr("&New check-in"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_check_in)
        self.save_action = QAction(self.tr("&Save check-in"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addActions([self.new_action, self.save_action])
        file_menu.addSeparator()
        # The data actions (export, import, backups, delete) go above this separator in
        # build_panels(): their module is not needed for the first frame.
        self._file_menu = file_menu
        self._data_actions_anchor = file_menu.addSeparator()
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        clear_all = QAction(self.tr("Clear &all marks"), self)
        clear_all.triggered.connect(self._clear_all_marks)
        edit_menu.addAction(clear_all)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for text, shortcut, slot in (
            (self.tr("Zoom &in"), QKeySequence.StandardKey.ZoomIn, self.body_map.zoom_in),
            (self.tr("Zoom &out"), QKeySequence.StandardKey.ZoomOut, self.body_map.zoom_out),
            (self.tr("&Whole body"), QKeySequence("Ctrl+0"), self.body_map.reset_zoom),
        ):
            action = QAction(text, self)
            action.setShortcut(shortcut)
            action.triggered.connect(slot)
            view_menu.addAction(action)
        focus_map = QAction(self.tr("Go to the &body map"), self)
        focus_map.setShortcut(QKeySequence("Ctrl+B"))
        focus_map.triggered.connect(self._focus_map)
        view_menu.addSeparator()
        view_menu.addAction(focus_map)
        self.progress_action = QAction(self.tr("&Progress…"), self)
        self.progress_action.setShortcut(QKeySequence("Ctrl+P"))
        self.progress_action.triggered.connect(self.show_progress)
        view_menu.addSeparator()
        view_menu.addAction(self.progress_action)
        self.progress_view: QWidget | None = None
        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        self.pregnant_action = QAction(self.tr("I am &pregnant (adapt the advice)"), self)
        self.pregnant_action.setCheckable(True)
        self.pregnant_action.toggled.connect(self._set_pregnant)
        settings_menu.addAction(self.pregnant_action)
        self.person_action = QAction(self.tr("About &you and this episode…"), self)
        self.person_action.triggered.connect(self.edit_person)
        settings_menu.addAction(self.person_action)
        self.reminders_action = QAction(self.tr("&Reminders…"), self)
        self.reminders_action.triggered.connect(self.edit_reminders)
        settings_menu.addAction(self.reminders_action)
        self.reminders: QObject | None = None
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.safety_action = QAction(self.tr("&Safety questions…"), self)
        self.safety_action.triggered.connect(self.ask_safety_questions)
        self.safety_rules_action = QAction(self.tr("Safety &rules and their sources"), self)
        self.safety_rules_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.safety_rules_action.triggered.connect(self.show_safety_rules)
        about_action = QAction(self.tr("&About and disclaimer"), self)
        about_action.triggered.connect(self.show_disclaimer)
        help_menu.addActions([self.safety_action, self.safety_rules_action, about_action])
        self.library_action = QAction(self.tr("&Library of muscles, points and exercises…"), self)
        self.library_action.setShortcut(QKeySequence("Ctrl+L"))
        self.library_action.triggered.connect(self.show_library)
        view_menu.addAction(self.library_action)
        self.self_tests_action = QAction(self.tr("Self-&tests…"), self)
        self.self_tests_action.setShortcut(QKeySequence("Ctrl+T"))
        self.self_tests_action.triggered.connect(self.show_self_tests)
        view_menu.addAction(self.self_tests_action)
        self.routine_action = QAction(self.tr("Today's &routine…"), self)
        self.routine_action.setShortcut(QKeySequence("Ctrl+R"))
        self.routine_action.triggered.connect(self.show_routine)
        view_menu.addAction(self.routine_action)
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

    def _connect_map(self) -> None:
        """The map's signals, from the start: the slots build the panels first if need be."""
        body = self.body_map
        body.region_activated.connect(self.activate_region)
        body.region_hovered.connect(self._update_hover_label)
        body.intensity_step_requested.connect(self._step_intensity)
        body.clear_requested.connect(self._clear_mark)
        body.region_focused.connect(self._on_region_focused)
        from app.ui.muscle_wiring import MuscleMapController

        self.muscle_map = MuscleMapController(self)  # clicks on muscles mark them tight

    def _clear_mark(self, region_id: str) -> None:
        self.build_panels()
        self.draft.clear_mark(region_id)

    def _clear_all_marks(self) -> None:
        self.build_panels()
        self.draft.clear_all()

    def _connect(self) -> None:
        editor = self.mark_editor
        editor.intensity_edited.connect(self._on_intensity_edited)
        editor.quality_toggled.connect(self.draft.set_quality)
        editor.clear_requested.connect(self.draft.clear_mark)
        editor.clear_all_requested.connect(self.draft.clear_all)
        editor.mark_requested.connect(self.activate_region)

        self.muscles_panel.muscle_highlighted.connect(self._outline_muscle)
        self.muscles_panel.add_requested.connect(self._add_tight_muscle)
        self.muscles_panel.remove_requested.connect(self.draft.remove_tight_muscle)
        self.muscle_map.attach_panels()

        self.form.edited.connect(self.draft.touch)
        self.form.save_requested.connect(self.save)
        self.history.check_in_chosen.connect(self.open_check_in)
        self.history.new_requested.connect(self.new_check_in)
        self.history.delete_requested.connect(self.delete_check_in)

        self.draft.mark_changed.connect(self._on_mark_changed)
        self.draft.marks_reset.connect(self._on_marks_reset)
        self.draft.muscles_changed.connect(self._on_muscles_changed)
        self.draft.dirty_changed.connect(self._on_dirty_changed)

    # --- store -----------------------------------------------------------------------------

    def attach_store(self, store: JournalStore) -> None:
        """Start using ``store``: list its history (and load muscles if not given)."""
        self.build_panels()
        self.store = store
        if getattr(self, "reminders", None) is not None:  # they belonged to the previous journal
            self.reminders.timer.stop()  # type: ignore[union-attr]
            self.reminders.deleteLater()  # type: ignore[union-attr]
            self.reminders = None
        if not self._muscles:
            self.set_muscles(load_muscles())
        self._set_store_ready(True)
        self.refresh_history()
        self._start_from_latest()
        self.data_actions.schedule_backup()
        self.pregnant_action.blockSignals(True)
        self.pregnant_action.setChecked(store.get_setting("pregnant") == "yes")
        self.pregnant_action.blockSignals(False)
        self.refresh_sessions()
        self.refresh_safety()
        self._update_title()

    def show_progress(self) -> None:
        """Open the Progress window (matplotlib loads here, on first use only)."""
        if self.store is None:
            return
        from app.ui.progress_view import ProgressView

        if self.progress_view is None or self.progress_view.store is not self.store:  # type: ignore[attr-defined]
            self.progress_view = ProgressView(self.store, self)
            self.progress_view.check_in_chosen.connect(self._open_from_progress)  # type: ignore[attr-defined]
        else:
            self.progress_view.refresh()  # type: ignore[attr-defined]
        self.progress_view.show()
        self.progress_view.raise_()

    def _open_from_progress(self, check_in_id: int) -> None:
        self.open_check_in(check_in_id)
        self.raise_()
        self.activateWindow()

    # --- safety ------------------------------------------------------------------------------

    def ask_safety_questions(self) -> None:
        """The red-flag screen (the cauda-equina questions first, pregnancy ones if pregnant);
        the answers go to the journal and the safety layer decides what follows."""
        if self.store is None:
            return
        from app.domain.person import PersonFacts
        from app.domain.safety import questions_for
        from app.ui.safety import RedFlagScreenDialog

        person = PersonFacts.from_settings(self.store.get_setting)
        questions = questions_for(self.knowledge.red_flags, person.pregnant)
        dialog = RedFlagScreenDialog(list(questions), self)
        if not RedFlagScreenDialog.run(dialog) or dialog.screen is None:
            return
        self.store.add_red_flag_screen(dialog.screen)
        self.refresh_safety()

    def refresh_safety(self) -> None:
        """Answers or settings changed: the suggestions (and so the banner) follow at once."""
        if self.isVisible():
            self._suggest_timer.stop()
            self.update_suggestions()
        else:
            self.schedule_suggestions()

    def _show_safety(self, result: Suggestions) -> None:
        """The banner, the map and the questions follow the safety layer's verdict."""
        screen = self.store.latest_red_flag_screen() if self.store is not None else None
        flagged = screen is not None and screen.assessed_at is None and bool(screen.answered_yes)
        if result.seek_care:
            self.seek_care_banner.show_advice(result.notes, can_confirm=flagged)
        else:
            self.seek_care_banner.setVisible(False)
        if result.seek_care or result.ask_first:
            self.body_map.clear_overlay()  # no point marker while self-care is suspended
            self.hover_label.setText(
                self.tr("Self-care is on hold: see the safety message.")
                if result.seek_care
                else self.tr("Self-care is on hold: please answer the safety questions first.")
            )
        if result.ask_first and not self._asked_for_pattern:
            self._asked_for_pattern = True  # once per appearance of the pattern
            QTimer.singleShot(0, self.ask_safety_questions)
        elif not result.ask_first:
            self._asked_for_pattern = False

    def _on_assessed(self) -> None:
        if self.store is None:
            return
        from datetime import datetime

        screen = self.store.latest_red_flag_screen()
        if screen is not None and screen.id is not None:
            self.store.mark_screen_assessed(screen.id, datetime.now().replace(microsecond=0))
        self.refresh_safety()

    def edit_person(self) -> None:
        """Settings → About you and this episode: age, when it began, what eases it."""
        if self.store is None:
            return
        from app.domain.person import PersonFacts
        from app.ui.safety import PersonDialog

        dialog = PersonDialog(
            PersonFacts.from_settings(self.store.get_setting), self._episode_start(), self
        )
        if not PersonDialog.run(dialog) or dialog.facts is None:
            return
        for key, value in dialog.facts.to_settings().items():
            self.store.set_setting(key, value)
        self.refresh_safety()

    def show_safety_rules(self) -> QWidget:
        """Help → Safety rules: docs/safety.md, every rule with its sources."""
        from app.ui.safety import SafetyRulesDialog

        dialog = SafetyRulesDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _episode_start(self) -> date | None:
        """The journal's estimate of when the current episode began (read once, then kept
        until a check-in is saved or deleted). A year of check-ins is enough: an episode
        longer than that is chronic whatever its exact start."""
        if self._episode_start_known or self.store is None:
            return self._journal_episode_start  # type: ignore[return-value]
        from datetime import date

        from app.domain.episodes import journal_episode_start

        store = self.store
        self._journal_episode_start = journal_episode_start(
            lambda start, end: store.all_check_ins(start=start, end=end), date.today()
        )
        self._episode_start_known = True
        return self._journal_episode_start  # type: ignore[return-value]

    def show_disclaimer(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from app.ui.safety import DISCLAIMER

        QMessageBox.information(self, self.tr("About ReliefMap"), DISCLAIMER)

    def first_run(self) -> None:
        """On a new journal: offer the demo, then the safety questions (never in tests)."""
        if self.offer_demo():
            return
        if self.store is not None and not self.store.all_red_flag_screens():
            if self.store.get_setting("safety_offered"):
                return
            self.store.set_setting("safety_offered", "yes")
            self.ask_safety_questions()

    def offer_demo(self) -> bool:
        """First run on an empty journal: start your own, or explore a labelled demo journal.

        Returns True when the demo was chosen and attached.
        """
        from PySide6.QtWidgets import QMessageBox

        from app.store.demo import default_demo_path, is_demo, write_demo_journal
        from app.store.journal import JournalStore

        store = self.store
        if store is None or store.count_check_ins() or store.get_setting("demo_offered"):
            return False
        store.set_setting("demo_offered", "yes")
        answer = QMessageBox.question(
            self,
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
        from app.domain.demo import generate_demo_journal

        demo = JournalStore.open(default_demo_path())
        if not demo.count_check_ins():
            write_demo_journal(demo, generate_demo_journal())
        if not is_demo(demo):
            demo.close()
            return False
        store.close()
        self.replace_store(demo)
        return True

    def replace_store(self, store: JournalStore | None) -> None:
        """After a restore or import (a journal to show afresh) or deleting everything (None)."""
        self.draft.load(None)
        if store is None:
            self.store = None
            self._set_store_ready(False)
            self.history.set_rows([], None)
            self.close()
            return
        self.store = None
        self.attach_store(store)

    def _update_title(self) -> None:
        from app.store.demo import is_demo

        demo = self.store is not None and is_demo(self.store)
        suffix = self.tr(" (demo journal: synthetic data)") if demo else ""
        self.setWindowTitle(self.tr("ReliefMap") + suffix + "[*]")
        # The title bar is easy to miss: the map says it too, so demo data is never taken
        # for the person's own.
        self.demo_label.setVisible(demo)

    def _start_from_latest(self) -> None:
        """Open on a new check-in that starts from the newest one, so the body shows it."""
        assert self.store is not None
        latest = self.store.list_check_ins(limit=1)
        if not latest or self.draft.dirty or self.draft.stored is not None:
            return
        previous = self.store.get_check_in(latest[0].id)
        self.draft.start_from(previous)
        self.form.reset(None, None, "")
        if previous.marks or previous.tight_muscles:
            self.form.show_info(
                self.tr(
                    "Started from your last check-in ({when}). Adjust the marks, "
                    "set your overall pain and save."
                ).format(when=previous.taken_at.strftime("%a %d %b, %H:%M"))
            )

    def set_muscles(self, muscles: Sequence[Muscle]) -> None:
        self.build_panels()
        self._muscles = {muscle.id: muscle for muscle in muscles}
        self.muscles_panel.set_muscles(list(muscles))
        self.body_map.set_muscle_labels({muscle.id: muscle.label for muscle in muscles})
        self.muscles_panel.set_tight(self.draft.tight_muscles())

    def _set_store_ready(self, ready: bool) -> None:
        for widget in (self.form.save_button, self.history):
            widget.setEnabled(ready)
        self.save_action.setEnabled(ready)
        self.data_actions.set_enabled(ready)
        if not ready:
            self.hover_label.setText(self.tr("Opening your journal…"))
        else:
            self._update_hover_label(self.body_map.hovered_region())

    def refresh_history(self) -> None:
        if self.store is None:
            return
        current = self.draft.stored.id if self.draft.stored else None
        self.history.set_rows(self.store.list_check_ins(), current)
        self._episode_start_known = False  # check-ins changed: the episode may have too

    # --- marking ---------------------------------------------------------------------------

    def activate_region(self, region_id: str) -> None:
        """Click / Space on a region: mark it if unmarked, and edit its mark."""
        if not region_id:
            return
        self.build_panels()
        if self.draft.mark(region_id) is None:
            self.draft.set_mark(region_id, self._last_intensity)
        self._show_in_editor(region_id)

    def _show_in_editor(self, region_id: str) -> None:
        label = self.catalog.get(region_id).label if region_id else ""
        self.mark_editor.show_region(region_id, label, self.draft.mark(region_id))

    def _on_region_focused(self, region_id: str) -> None:
        if region_id:
            self.build_panels()
            self._show_in_editor(region_id)
            self._update_hover_label(region_id)

    def _on_intensity_edited(self, region_id: str, value: int) -> None:
        self._last_intensity = value
        self.draft.set_intensity(region_id, value)

    def _step_intensity(self, region_id: str, step: int) -> None:
        self.build_panels()
        mark = self.draft.mark(region_id)
        if mark is None:
            if step > 0:
                self.draft.set_mark(region_id, MIN_INTENSITY + 1)
        else:
            value = max(MIN_INTENSITY, min(MAX_INTENSITY, mark.intensity + step))
            self.draft.set_intensity(region_id, value)
            self._last_intensity = value
        self._show_in_editor(region_id)

    # --- suggestions -------------------------------------------------------------------------

    def schedule_suggestions(self) -> None:
        """Recompute suggestions shortly after the last change (clicks stay instant)."""
        self._suggest_timer.start()

    def update_suggestions(self) -> None:
        """Ask the engine (all ranking and every safety rule live there) and show its answer."""
        from dataclasses import replace
        from datetime import date

        from app.domain.person import PersonFacts
        from app.domain.suggest import Engine, SuggestionRequest

        if not self.isVisible():
            return  # closed (its journal may be closed too): nothing to show
        self.build_panels()
        if self._engine is None:
            self._engine = Engine(self.knowledge, self.catalog)
        engine = self._engine
        assert isinstance(engine, Engine)
        request = SuggestionRequest(
            marks=self.draft.marks(), tight_muscles=self.draft.tight_muscles()
        )
        if self.store is not None:
            request = replace(
                request.with_journal(
                    person=PersonFacts.from_settings(self.store.get_setting),
                    screen=self.store.latest_red_flag_screen(),
                    red_flags=self.knowledge.red_flags,
                    today=date.today(),
                    episode_start=self._episode_start(),
                ),
                history=tuple(self.store.all_sessions()),
            )
        test_notes: tuple[str, ...] = ()
        if self.store is not None:
            from app.domain.self_tests import with_self_tests

            tests = self.store.all_self_tests()
            request, test_notes = with_self_tests(request, self.knowledge, tests)
        self._last_suggestions = engine.suggest(request)
        if test_notes:
            from app.domain.self_tests import with_notes

            self._last_suggestions = with_notes(self._last_suggestions, test_notes)
        self.suggestions.set_suggestions(self._last_suggestions)
        self._show_safety(self._last_suggestions)

    def show_self_tests(self) -> QWidget:
        """View → Self-tests: guided tests whose results feed the suggestions."""
        from app.ui.self_tests_dialog import SelfTestsDialog

        last = getattr(self, "_last_suggestions", None)
        dialog = SelfTestsDialog(self.knowledge, self.catalog, self.store,
                                 last.safety if last is not None else None, self)  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _result: self.update_suggestions())
        dialog.show()
        return dialog

    def start_reminders(self, **options: object) -> QObject | None:
        """Check-in and routine reminders while the window is open (off until switched on)."""
        if self.store is None or self.reminders is not None:
            return self.reminders
        from app.ui.reminders import ReminderController

        self.reminders = ReminderController(self.store, self, **options)  # type: ignore[arg-type]
        self.reminders.open_requested.connect(self._open_reminded)  # type: ignore[attr-defined]
        return self.reminders

    def edit_reminders(self) -> QWidget | None:
        """Settings → Reminders: the switch, days and times, start with the session."""
        if self.store is None:
            return None
        from app.ui.reminders import edit_reminders

        return edit_reminders(self.store, self, self.start_reminders())  # type: ignore[arg-type]

    def _open_reminded(self, kind: str) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()
        if kind == "routine":
            self.show_routine()

    def show_routine(self) -> QWidget:
        """View → Today's routine: the plan in order; "Start routine" runs all of it."""
        from app.ui.routine_view import open_routine

        return open_routine(self, self.knowledge, self.catalog, self.store)

    def show_detail(self, kind: str, item_id: str, side: str) -> DetailDialog:
        """The item's point-location illustration and how-to, from a suggestion or the library."""
        from app.ui.detail_view import DetailDialog

        site_id = self._suggested_site(item_id, side) if kind == "trigger_point" else None
        dialog = DetailDialog(self.knowledge, self.catalog, kind, item_id, side, site_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.start_session.connect(self.start_session)
        dialog.show()
        return dialog

    @property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge base, read once per window (checking data/ costs a file hash)."""
        if self._knowledge is None:
            from app.store.knowledge_db import open_knowledge

            self._knowledge = open_knowledge()
        return self._knowledge

    def _suggested_site(self, muscle_id: str, side: str) -> str | None:
        """The trigger-point site the engine ranked for this muscle and side, if any."""
        last = getattr(self, "_last_suggestions", None)
        for suggestion in last.trigger_points if last is not None else ():
            if suggestion.muscle_id == muscle_id and suggestion.side == side:
                return suggestion.site_id
        return None

    def show_on_map(self, kind: str, item_id: str, side: str) -> None:
        """Hovering or choosing a suggestion shows it on the body map itself."""
        from app.domain.illustration import illustration_for
        from app.ui.illustration_style import legend_text

        site_id = self._suggested_site(item_id, side) if kind == "trigger_point" else None
        illustration = illustration_for(
            self.knowledge, kind, item_id, side, catalog=self.catalog, site_id=site_id
        )
        self.body_map.show_overlay(illustration)
        self.hover_label.setText(f"{illustration.title.split(':')[0]}: {legend_text(kind)}")

    def show_library(self) -> LibraryDialog:
        """Everything in the knowledge base, without marking pain first."""
        from app.ui.library import LibraryDialog

        dialog = LibraryDialog(self.knowledge, self.catalog, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.item_chosen.connect(self.show_detail)
        dialog.show()
        return dialog

    def start_session(
        self,
        kind: str,
        item_id: str,
        side: str,
        tick_ms: int | None = None,
        hold_s: int | None = None,
    ) -> GuidedSessionDialog | None:
        """The guided session for an item; saved sessions feed history and suggestions.

        When the item is suggested on both sides, the session times both in turn. ``tick_ms``
        and ``hold_s`` (default: ``session_tick_ms`` and ``session_hold_s``) shorten the timer
        in tests; normally the hold is the item's own.
        """
        if self.store is None:
            return None
        from app.ui.guided_session import GuidedSessionDialog

        kb = self.knowledge
        if kind == "trigger_point":
            muscle = kb.muscles[item_id]
            title, technique = muscle.label, muscle.technique
            steps, hold = technique.steps, technique.hold_s
        elif kind == "acupoint":
            point = kb.acupoints[item_id]
            title, technique = f"{point.code} {point.pinyin}", point.technique
            steps, hold = technique.steps, technique.hold_s
            side = side if point.bilateral else "none"
        else:
            exercise = kb.exercises[item_id]
            title, steps, hold = exercise.name, exercise.steps, EXERCISE_HOLD_S
        if side in ("left", "right") and self._suggested_on_both_sides(kind, item_id):
            side = "both"
        dialog = GuidedSessionDialog(
            kind, item_id, title, side, hold_s or self.session_hold_s or hold,
            self.store.add_session, self, tick_ms=tick_ms or self.session_tick_ms,
            steps=tuple(steps),
        )  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._on_session_saved)
        dialog.show()
        return dialog

    def _suggested_on_both_sides(self, kind: str, item_id: str) -> bool:
        """Whether the last suggestions list this item for the left and the right side."""
        last = getattr(self, "_last_suggestions", None)
        if last is None or kind == "exercise":
            return False
        if kind == "trigger_point":
            sides = {t.side for t in last.trigger_points if t.muscle_id == item_id}
        else:
            sides = {a.side for a in last.acupoints if a.code == item_id}
        return {"left", "right"} <= sides

    def _on_session_saved(self) -> None:
        self.refresh_sessions()
        self.schedule_suggestions()

    def refresh_sessions(self) -> None:
        """The Sessions tab: newest first, what was done, on which side, pain before → after."""
        from PySide6.QtWidgets import QListWidgetItem

        self.sessions_list.clear()
        if self.store is None:
            return
        sides = {"left": self.tr("left"), "right": self.tr("right"), "both": self.tr("both sides")}
        for session in reversed(self.store.all_sessions()[-200:]):
            side = sides.get(session.side)
            text = self.tr("{when}\n{item}{side}: pain {before} → {after}").format(
                when=session.started_at.strftime("%a %d %b, %H:%M"),
                item=self._item_label(session.kind, session.item_id),
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

    def _item_label(self, kind: str, item_id: str) -> str:
        return self.knowledge.item_label(kind, item_id)

    def _set_pregnant(self, pregnant: bool) -> None:
        if self.store is not None:
            self.store.set_setting("pregnant", "yes" if pregnant else "no")
        self.schedule_suggestions()

    def _on_mark_changed(self, region_id: str) -> None:
        self.schedule_suggestions()
        self.body_map.clear_overlay()
        self.body_map.set_mark(region_id, self.draft.mark(region_id))
        if self.mark_editor.region_id == region_id:
            self._show_in_editor(region_id)
        if self.body_map.hovered_region() == region_id:
            self._update_hover_label(region_id)
        self._update_summary()

    def _on_marks_reset(self) -> None:
        self.schedule_suggestions()
        self.body_map.set_all_marks(self.draft.marks())
        self._show_in_editor(self.mark_editor.region_id)
        self._update_summary()

    def _update_summary(self) -> None:
        count = len(self.draft.marks()) if self._panels_built else 0
        if count == 0:
            text = self.tr("Click where it hurts")
        elif count == 1:
            text = self.tr("1 region marked")
        else:
            text = self.tr("{n} regions marked").format(n=count)
        self.summary_label.setText(text)
        if self._panels_built:
            self.mark_editor.set_clear_all_enabled(count > 0)

    def _update_hover_label(self, region_id: str) -> None:
        if region_id:
            text = self.body_map.describe(region_id)
        else:
            text = self.tr(
                "Point at a region to see its name. L and R are your own left and right."
            )
        self.hover_label.setText(text)

    def _focus_map(self) -> None:
        self.body_map.setFocus(Qt.FocusReason.TabFocusReason)
        if not self.body_map.focused_region() and self.body_map.region_ids():
            self.body_map.focus_region(self.body_map.region_ids()[0])

    # --- tight muscles ---------------------------------------------------------------------

    def muscle_region_ids(self, muscle_id: str, side: str) -> list[str]:
        """Drawn region ids where ``muscle_id`` lies on ``side`` (left, right or both)."""
        muscle = self._muscles.get(muscle_id)
        if muscle is None:
            return []
        sides = ("left", "right") if side == "both" else (side,)
        ids: list[str] = []
        for base in muscle.lies_in:
            for one_side in sides:
                region_id = self.catalog.resolve(base, one_side)
                if region_id and region_id not in ids:
                    ids.append(region_id)
        return ids

    def _outline_muscle(self, muscle_id: str, side: str) -> None:
        self.body_map.outline_regions(self.muscle_region_ids(muscle_id, side))

    def _add_tight_muscle(self, muscle_id: str, side: str) -> None:
        try:
            added = self.draft.add_tight_muscle(muscle_id, side)
        except ValidationError as error:
            self.form.show_error(str(error))
            return
        if not added:
            label = self._muscles[muscle_id].label if muscle_id in self._muscles else muscle_id
            self.statusBar().showMessage(
                self.tr("{muscle} is already listed on that side.").format(muscle=label), 4000
            )

    def _on_muscles_changed(self) -> None:
        self.schedule_suggestions()
        self.muscles_panel.set_tight(self.draft.tight_muscles())

    # --- check-ins -------------------------------------------------------------------------

    def _on_dirty_changed(self, dirty: bool) -> None:
        self.setWindowModified(dirty)

    def _confirm_discard(self) -> bool:
        """True if there is nothing unsaved, or the person agrees to drop it."""
        from PySide6.QtWidgets import QMessageBox

        if not self.draft.dirty:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Discard changes?"),
            self.tr("This check-in has unsaved changes. Discard them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def new_check_in(self) -> None:
        self.build_panels()
        if not self._confirm_discard():
            return
        self._load(None)

    def open_check_in(self, check_in_id: int) -> None:
        """Show a past check-in on the body and load it for editing."""
        from PySide6.QtWidgets import QMessageBox

        stored = self.draft.stored
        if self.store is None or (stored is not None and stored.id == check_in_id):
            return
        if not self._confirm_discard():
            self.history.select(stored.id if stored else None)
            return
        from app.store.errors import StoreError

        try:
            check_in = self.store.get_check_in(check_in_id)
        except StoreError as error:
            QMessageBox.warning(self, self.tr("Cannot open the check-in"), str(error))
            self.refresh_history()
            return
        self._load(check_in)

    def _load(self, check_in: CheckIn | None) -> None:
        self.draft.load(check_in)
        if check_in is None:
            self.form.reset(None, None, "")
        else:
            self.form.reset(check_in.taken_at, check_in.overall_pain, check_in.note)
        self.history.select(check_in.id if check_in else None)
        self.body_map.outline_regions(())

    def save(self) -> bool:
        """Validate in the domain and write one transaction; show what went wrong inline."""
        from PySide6.QtWidgets import QMessageBox

        if self.store is None:
            return False
        from dataclasses import replace

        from app.domain.journal import CheckIn
        from app.store.errors import StoreError

        overall = self.form.overall_pain()
        if overall is None:
            self.form.show_error(self.tr("Choose your overall pain (0 to 10) before saving."))
            self.form.pain_spin.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        stored = self.draft.stored
        fields = {
            "taken_at": self.form.taken_at(),
            "overall_pain": overall,
            "marks": self.draft.marks(),
            "tight_muscles": self.draft.tight_muscles(),
            "note": self.form.note(),
        }
        try:
            if stored is None:
                saved = self.store.add_check_in(CheckIn(**fields))  # type: ignore[arg-type]
            else:
                saved = self.store.update_check_in(replace(stored, **fields))
        except ValidationError as error:
            self.form.show_error(str(error))
            return False
        except StoreError as error:
            QMessageBox.warning(self, self.tr("Could not save"), str(error))
            return False
        self.draft.mark_saved(saved)
        self.form.reset(saved.taken_at, saved.overall_pain, saved.note)
        self.form.show_info(
            self.tr("Saved check-in of {when}.").format(
                when=saved.taken_at.strftime("%a %d %b, %H:%M")
            )
        )
        self.refresh_history()
        self.data_actions.schedule_backup()
        return True

    def delete_check_in(self, check_in_id: int) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.store is None:
            return
        from app.store.errors import StoreError

        answer = QMessageBox.question(
            self,
            self.tr("Delete check-in?"),
            self.tr("Delete this check-in and its marks? This cannot be undone."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.store.delete_check_in(check_in_id)
        except StoreError as error:
            QMessageBox.warning(self, self.tr("Could not delete"), str(error))
        stored = self.draft.stored
        if stored is not None and stored.id == check_in_id:
            self._load(None)
        self.refresh_history()

    def closeEvent(self, event: QCloseEvent) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self._panels_built and self.draft.dirty and self.store is not None:
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
                answer == QMessageBox.StandardButton.Save and not self.save()
            ):
                event.ignore()
                return
        self._suggest_timer.stop()  # the journal may close right after the window
        event.accept()
