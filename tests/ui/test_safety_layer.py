"""The safety layer in the window: questions first, the emergency message whole, no markers
while self-care is suspended, and the person's facts changing the plan."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.safety import CAUDA_EQUINA_QUESTIONS
from app.ui.safety import PersonDialog, RedFlagScreenDialog
from tests.ui.test_main_window import click_region


def answer_all_no_but(monkeypatch, *flags: str) -> list[RedFlagScreenDialog]:  # type: ignore[no-untyped-def]
    shown: list[RedFlagScreenDialog] = []

    def fill(dialog: RedFlagScreenDialog) -> bool:
        shown.append(dialog)
        for flag in dialog.answers:
            dialog.set_answer(flag, flag in flags)
        dialog._save()
        return True

    monkeypatch.setattr(RedFlagScreenDialog, "run", staticmethod(fill))
    return shown


def test_numbness_near_the_saddle_brings_up_the_cauda_equina_questions_at_once(
    qtbot, open_window, safety_dialog_runs
):  # type: ignore[no-untyped-def]
    window = open_window()
    click_region(qtbot, window, "coccyx")
    window.mark_editor.quality_boxes["numb"].click()
    qtbot.waitUntil(lambda: len(safety_dialog_runs) == 1, timeout=2000)
    dialog = safety_dialog_runs[0]
    assert list(dialog.questions)[:5] == list(CAUDA_EQUINA_QUESTIONS)
    panel = window.suggestions
    assert panel.state == "ask_first" and panel.ask_button.isVisibleTo(panel)
    assert all(view.count() == 0 for view in panel.lists.values())
    # Cancelled: the questions do not pop up again on every change, the button stays.
    window.draft.set_mark("sacrum", 3, set())
    qtbot.wait(150)
    assert len(safety_dialog_runs) == 1 and panel.state == "ask_first"


def test_answered_no_lets_self_care_go_on_with_a_warning(qtbot, open_window, monkeypatch):  # type: ignore[no-untyped-def]
    window = open_window()
    shown = answer_all_no_but(monkeypatch)
    window.draft.set_mark("coccyx", 4, {"numb"})
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=2000)
    qtbot.waitUntil(lambda: window.suggestions.state == "suggestions", timeout=2000)
    assert window.suggestions.names("trigger_point")
    assert "examined by a clinician within days" in window.suggestions.notes.text()
    assert not window.seek_care_banner.isVisibleTo(window)


def test_a_yes_to_a_cauda_equina_question_suspends_self_care(qtbot, open_window, monkeypatch):  # type: ignore[no-untyped-def]
    window = open_window()
    shown = answer_all_no_but(monkeypatch, "bladder_bowel_change")
    window.draft.set_mark("buttock_lower_left", 4, {"tingling"})
    window.draft.set_mark("buttock_lower_right", 4, {"tingling"})
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=2000)
    qtbot.waitUntil(lambda: window.seek_care_banner.isVisibleTo(window), timeout=2000)
    assert window.suggestions.state == "seek_care"
    assert "emergency department" in window.suggestions.seek_care.text()


def test_the_emergency_message_is_whole_at_1024_by_600_and_markers_go(
    qtbot, open_window, monkeypatch
):  # type: ignore[no-untyped-def]
    window = open_window()
    window.resize(1024, 600)
    window.draft.set_mark("buttock_lower_left", 6, {"aching"})
    window.suggester.update_now()
    window.suggester.show_on_map("acupoint", "GB30", "left")
    assert window.body_map._overlay_items  # the point is drawn on the body
    answer_all_no_but(monkeypatch, "fever", "cancer_history", "night_pain")
    window.safety_action.trigger()
    assert not window.body_map._overlay_items  # and gone once self-care is suspended
    label = window.suggestions.seek_care
    qtbot.waitUntil(lambda: label.isVisible(), timeout=2000)
    qtbot.wait(50)
    assert label.height() >= label.heightForWidth(label.width())  # not cut off
    assert "Seek medical care now" in label.text() and "infection" in label.text()
    banner_text = window.seek_care_banner.text
    assert banner_text.height() >= banner_text.heightForWidth(banner_text.width())
    window.grab().save(str(qtbot_tmp(window) / "seek_care_1024x600.png"))


def qtbot_tmp(window):  # type: ignore[no-untyped-def]
    from pathlib import Path

    return Path(window.store.path).parent


def test_about_you_sets_the_phase_and_the_direction(qtbot, open_window, monkeypatch):  # type: ignore[no-untyped-def]
    from datetime import date, timedelta

    window = open_window()
    window.draft.set_mark("low_back_left", 8, {"aching"})
    window.draft.set_mark("lateral_leg_left", 5, {"tingling"})
    window.suggester.update_now()
    assert window.suggester.last.phase == "acute"  # unknown duration: the gentle plan

    def fill(dialog: PersonDialog) -> bool:
        dialog.birth_year.setValue(1970)
        dialog.own_date.setChecked(True)
        began = date.today() - timedelta(weeks=20)
        dialog.began.setDate(began)
        dialog.eases.setCurrentIndex(dialog.eases.findData("extension"))
        dialog._save()
        return dialog.facts is not None

    monkeypatch.setattr(PersonDialog, "run", staticmethod(fill))
    window.person_action.trigger()
    assert window.store.get_setting("eases") == "extension"
    assert window.store.get_setting("birth_year") == "1970"
    result = window.suggester.last
    assert result.phase == "chronic"  # 20 weeks, whatever today's 8/10
    ids = [e.id for e in result.exercises]
    assert ids[0] in ("prone_lying", "prone_press_up")
    assert "sciatic_nerve_slider" in ids  # nerve-root signs past the acute phase
    assert "hamstring_strap_stretch" not in ids and "knee_to_chest" not in ids
    assert any(e.kind == "stabilisation" for e in result.exercises)


def test_person_dialog_refuses_a_future_start_and_saves_nothing(qtbot, open_window):  # type: ignore[no-untyped-def]
    from datetime import date

    from app.domain.person import PersonFacts

    dialog = PersonDialog(PersonFacts(), None)
    qtbot.addWidget(dialog)
    dialog.own_date.setChecked(True)
    dialog.began.setMaximumDate(dialog.began.maximumDate().addYears(1))
    dialog.began.setDate(dialog.began.date().addDays(3))
    dialog._save()
    assert dialog.facts is None and "future" in dialog.message.text()
    assert dialog.began.date().toPython() > date.today()


def test_pregnancy_adapts_all_three_kinds_in_the_window(qtbot, open_window):  # type: ignore[no-untyped-def]
    window = open_window()
    window.draft.set_mark("low_back_left", 5, set())
    window.draft.set_mark("sacroiliac_left", 5, set())
    window.draft.set_mark("groin_left", 4, set())
    window.suggester.update_now()
    assert {"rectus_abdominis", "iliopsoas"} & set(window.suggestions.names("trigger_point"))
    window.pregnant_action.trigger()
    window.suggester.update_now()
    muscles = window.suggestions.names("trigger_point")
    assert "rectus_abdominis" not in muscles and "iliopsoas" not in muscles
    assert "supine_twist" not in window.suggestions.names("exercise")
    assert "pregnancy" in window.suggestions.notes.text().lower()


def test_help_opens_the_safety_rules(qtbot, open_window):  # type: ignore[no-untyped-def]
    window = open_window()
    assert window.safety_rules_action.shortcut().toString() == "F1"
    help_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Help"
    )
    assert window.safety_rules_action in help_menu.actions()
    window.safety_rules_action.trigger()
    dialog = window.findChild(type(window.show_safety_rules()).__mro__[0])
    assert dialog is not None
    text = dialog.text.toPlainText()
    assert "saddle_numbness_marked" in text and "NG234" in text
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_numbness_marked_between_the_legs_is_urgent_and_asks_at_once(
    qtbot, open_window, safety_dialog_runs
):  # type: ignore[no-untyped-def]
    window = open_window()
    window.draft.set_mark("low_back_left", 5, {"aching"})
    window.suggester.update_now()
    window.suggester.show_on_map("trigger_point", "quadratus_lumborum", "left")
    click_region(qtbot, window, "perineum", view="front")
    assert window.mark_editor.region_id == "perineum"
    window.mark_editor.quality_boxes["numb"].click()
    qtbot.waitUntil(lambda: len(safety_dialog_runs) == 1, timeout=2000)
    assert list(safety_dialog_runs[0].questions)[:5] == list(CAUDA_EQUINA_QUESTIONS)
    qtbot.waitUntil(lambda: window.seek_care_banner.isVisibleTo(window), timeout=2000)
    assert "between the legs" in window.seek_care_banner.text.text()
    assert not window.seek_care_banner.button.isVisibleTo(window)  # a mark, not an answer
    assert window.suggestions.state == "seek_care"
    assert not window.body_map._overlay_items
    assert "on hold" in window.hover_label.text()
