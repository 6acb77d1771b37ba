"""The demo journal: realistic, deterministic, and valid."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from app.domain.demo import DEMO_DAYS, RARE, generate_demo_journal
from app.domain.effects import MIN_SESSIONS, technique_effects
from app.domain.episodes import detect_episodes
from app.domain.questionnaires import change_since_first, score
from app.domain.regions import default_catalog
from app.domain.trends import daily_pain
from app.store.knowledge_db import open_knowledge

END = date(2026, 11, 24)


def test_same_seed_same_journal_and_a_different_seed_differs() -> None:
    first, again = generate_demo_journal(end=END), generate_demo_journal(end=END)
    assert first == again  # uids included: writing the demo twice is recognisably the same
    other = generate_demo_journal(seed=1, end=END)
    assert other.check_ins != first.check_ins


def test_the_end_day_only_moves_the_dates() -> None:
    first = generate_demo_journal(end=END)
    shifted = generate_demo_journal(end=END + timedelta(days=10))
    assert [c.overall_pain for c in shifted.check_ins] == [c.overall_pain for c in first.check_ins]
    assert shifted.check_ins[0].taken_at - first.check_ins[0].taken_at == timedelta(days=10)
    assert max(c.taken_at.date() for c in first.check_ins) <= END


def test_about_six_months_with_gaps_and_several_check_ins_some_days() -> None:
    journal = generate_demo_journal(end=END)
    days = daily_pain(journal.check_ins)
    assert (days[-1].day - days[0].day).days >= DEMO_DAYS - 10
    assert len(days) < DEMO_DAYS  # some days have no check-in
    assert max((b.day - a.day).days for a, b in itertools.pairwise(days)) >= 5
    assert {day.n for day in days} == {1, 2, 3}
    catalog = default_catalog()
    assert all(mark.region_id in catalog for c in journal.check_ins for mark in c.marks)


def test_an_acute_episode_recovery_and_a_relapse() -> None:
    journal = generate_demo_journal(end=END)
    episodes = detect_episodes(daily_pain(journal.check_ins))
    assert len(episodes) >= 2 and episodes[0].start <= daily_pain(journal.check_ins)[6].day
    daily = daily_pain(journal.check_ins)
    first_week = [d.mean for d in daily[:7]]
    middle = [d.mean for d in daily[60:90]]
    assert min(first_week) > max(middle)  # acute, then recovery
    assert any(e.start > daily[90].day for e in episodes)  # the relapse


def test_sessions_have_varied_effects_and_one_with_too_few() -> None:
    effects = {e.item_id: e for e in technique_effects(generate_demo_journal(end=END).sessions)}
    assert effects["gluteus_minimus"].enough and effects["gluteus_minimus"].mean_change < -1
    assert effects["BL40"].enough and abs(effects["BL40"].mean_change) < 0.8
    assert effects["gluteus_minimus"].ci_high < 0  # clearly helps
    assert effects["BL40"].ci_low < 0 < effects["BL40"].ci_high  # no sign that it does
    assert 0 < effects[RARE].n < MIN_SESSIONS and not effects[RARE].enough


def test_every_item_and_muscle_exists_in_the_knowledge_base() -> None:
    journal = generate_demo_journal(end=END)
    kb = open_knowledge()
    known = {"trigger_point": kb.muscles, "acupoint": kb.acupoints, "exercise": kb.exercises}
    assert all(s.item_id in known[s.kind] for s in journal.sessions)
    assert all(t.muscle_id in kb.muscles for c in journal.check_ins for t in c.tight_muscles)


def test_questionnaires_and_a_clear_red_flag_screen() -> None:
    journal = generate_demo_journal(end=END)
    assert {q.instrument for q in journal.questionnaires} == {"odi", "rmdq", "psfs"}
    odi_days = sorted(q.taken_at for q in journal.questionnaires if q.instrument == "odi")
    assert all(14 <= (b - a).days <= 28 for a, b in itertools.pairwise(odi_days))
    assert all(score(q).scorable for q in journal.questionnaires)
    changes = change_since_first(journal.questionnaires)
    assert len(changes) == 3 and all(c.improved and c.meaningful for c in changes)
    assert len(journal.red_flag_screens) == 1 and not journal.red_flag_screens[0].answered_yes
