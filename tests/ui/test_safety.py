"""The red-flag screen in the window: urgent answers show a persistent banner until assessed."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.ui.safety import DISCLAIMER, RedFlagScreenDialog


def answer(monkeypatch, *flags: str) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: RedFlagScreenDialog) -> bool:
        for flag in dialog.answers:
            dialog.set_answer(flag, flag in flags)
        dialog._save()
        return True

    monkeypatch.setattr(RedFlagScreenDialog, "run", staticmethod(fill))


def test_urgent_answer_shows_the_banner_and_replaces_suggestions(
    qtbot, open_window, monkeypatch, dialogs
):  # type: ignore[no-untyped-def]
    window = open_window()
    window.draft.set_mark("sacrum", 5, set())
    answer(monkeypatch, "saddle_numbness", "night_pain")
    window.safety_action.trigger()
    banner = window.seek_care_banner
    assert banner.isVisibleTo(window)
    assert "Seek medical care now" in banner.text.text() and "emergency" in banner.text.text()
    window.suggester.update_now()
    assert window.suggestions.seek_care.isVisibleTo(window.suggestions)
    screen = window.store.latest_red_flag_screen()
    assert screen.answered_yes == {"saddle_numbness", "night_pain"}

    dialogs.answer = QMessageBox.StandardButton.No
    banner.button.click()
    assert banner.isVisibleTo(window)  # not confirmed: the advice stays
    dialogs.answer = QMessageBox.StandardButton.Yes
    banner.button.click()
    assert not banner.isVisibleTo(window)
    assert window.store.latest_red_flag_screen().assessed_at is not None
    window.suggester.update_now()
    assert not window.suggestions.seek_care.isVisibleTo(window.suggestions)


def test_no_urgent_answer_no_banner(qtbot, open_window, monkeypatch):  # type: ignore[no-untyped-def]
    window = open_window()
    answer(monkeypatch, "age_over_50_new_pain")
    window.safety_action.trigger()
    assert not window.seek_care_banner.isVisibleTo(window)
    assert window.store.latest_red_flag_screen() is not None


def test_questions_come_in_plain_words_urgent_first(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    from app.domain.safety import CAUDA_EQUINA_QUESTIONS, questions_for
    from app.store.knowledge_db import open_knowledge

    kb = open_knowledge()
    dialog = RedFlagScreenDialog(list(questions_for(kb.red_flags, pregnant=False)))
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.questions.values()]
    assert len(texts) == 20 and all(text.endswith("?") for text in texts)
    assert list(dialog.questions)[:5] == list(CAUDA_EQUINA_QUESTIONS)
    assert "pregnancy_bleeding" not in dialog.questions
    pregnant = RedFlagScreenDialog(list(questions_for(kb.red_flags, pregnant=True)))
    qtbot.addWidget(pregnant)
    assert {"pregnancy_bleeding", "pregnancy_contractions"} <= set(pregnant.questions)


def test_every_question_needs_an_explicit_answer(qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.store.knowledge_db import open_knowledge

    dialog = RedFlagScreenDialog(list(open_knowledge().red_flags.values()))
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled() and "22 question(s)" in dialog.remaining.text()
    flags = list(dialog.answers)
    for flag in flags[:-1]:
        dialog.set_answer(flag, False)
    assert not dialog.save_button.isEnabled() and dialog.unanswered() == [flags[-1]]
    dialog._save()
    assert dialog.screen is None  # nothing saved while a question is open
    dialog.answers[flags[-1]].button(1).click()  # "Yes", as a person clicks it
    assert dialog.save_button.isEnabled() and dialog.remaining.text() == ""
    dialog.save_button.click()
    assert dialog.screen is not None and dialog.screen.answered_yes == {flags[-1]}


def test_disclaimer_is_reachable_from_help(qtbot, open_window, dialogs) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    window.show_disclaimer()
    assert DISCLAIMER in dialogs.texts("information")
