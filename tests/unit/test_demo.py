"""The demo journal: realistic, deterministic, and valid."""

from __future__ import annotations

from datetime import date

from app.domain.demo import DEMO_DAYS, generate_demo_journal
from app.domain.effects import technique_effects
from app.domain.episodes import detect_episodes
from app.domain.regions import default_catalog
from app.domain.trends import daily_pain

END = date(2026, 11, 24)


def test_same_seed_same_journal_and_a_different_seed_differs() -> None:
    first, again = generate_demo_journal(end=END), generate_demo_journal(end=END)
    assert first.check_ins == again.check_ins and first.sessions == again.sessions
    other = generate_demo_journal(seed=1, end=END)
    assert other.check_ins != first.check_ins


def test_about_six_months_with_gaps_and_several_check_ins_some_days() -> None:
    journal = generate_demo_journal(end=END)
    days = daily_pain(journal.check_ins)
    assert (days[-1].day - days[0].day).days >= DEMO_DAYS - 10
    assert len(days) < DEMO_DAYS  # some days have no check-in
    assert any(day.n >= 2 for day in days)
    catalog = default_catalog()
    assert all(mark.region_id in catalog for c in journal.check_ins for mark in c.marks)


def test_an_acute_episode_recovery_and_a_relapse() -> None:
    journal = generate_demo_journal(end=END)
    episodes = detect_episodes(daily_pain(journal.check_ins))
    assert len(episodes) >= 1
    daily = daily_pain(journal.check_ins)
    first_week = [d.mean for d in daily[:7]]
    middle = [d.mean for d in daily[60:90]]
    assert min(first_week) > max(middle)  # acute, then recovery
    assert any(e.start > daily[90].day for e in episodes)  # the relapse


def test_sessions_have_varied_effects_and_one_with_too_few() -> None:
    effects = {e.item_id: e for e in technique_effects(generate_demo_journal(end=END).sessions)}
    assert effects["gluteus_minimus"].enough and effects["gluteus_minimus"].mean_change < -1
    assert effects["BL40"].enough and abs(effects["BL40"].mean_change) < 0.8
    assert not effects["EX_UE7"].enough


def test_questionnaires_and_a_clear_red_flag_screen() -> None:
    journal = generate_demo_journal(end=END)
    assert {q.instrument for q in journal.questionnaires} == {"odi", "rmdq", "psfs"}
    assert len(journal.red_flag_screens) == 1 and not journal.red_flag_screens[0].answered_yes
