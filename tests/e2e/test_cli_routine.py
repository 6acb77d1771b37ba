"""`reliefmap routine [--json]`: today's plan from the journal, the window's engine."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from app.domain.journal import CheckIn, PainMark
from app.domain.regions import default_catalog
from app.domain.routine import STAGES, todays_routine
from app.domain.self_tests import SelfTestResult, SideValue
from app.store.journal import JournalStore, journal_view
from app.store.knowledge_db import open_knowledge


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=120
    )


def make_journal(path: Path) -> None:
    store = JournalStore.open(path)
    store.add_check_in(
        CheckIn(datetime.now() - timedelta(hours=1), 6,
                (PainMark("low_back_left", 6), PainMark("buttock_upper_left", 5)))
    )  # fmt: skip
    store.set_setting("episode_began", (date.today() - timedelta(weeks=9)).isoformat())
    store.add_self_test(
        SelfTestResult(datetime.now(), "single_leg_stance", (SideValue("left", "drops"),))
    )
    store.close()


def test_routine_json_is_the_windows_plan(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    make_journal(path)
    result = run_cli("--db", str(path), "routine", "--json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    stages = [STAGES.index(step["stage"]) for step in plan["steps"]]
    assert stages == sorted(stages) and plan["phase"] == "subacute"
    assert plan["total_seconds"] == sum(step["seconds"] for step in plan["steps"])
    assert "clamshell" in {step["item"] for step in plan["steps"]}  # from the self-test
    store = JournalStore.open(path)
    same = todays_routine(open_knowledge(), default_catalog(), journal_view(store), date.today())
    store.close()
    assert plan == json.loads(json.dumps(same.to_json_dict()))


def test_routine_text_and_a_missing_journal(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    make_journal(path)
    text = run_cli("--db", str(path), "routine")
    assert text.returncode == 0 and "Today's routine (subacute phase), about" in text.stdout
    assert "Stabilise" in text.stdout and "Why:" in text.stdout
    missing = run_cli("--db", str(tmp_path / "none.sqlite3"), "routine")
    assert missing.returncode == 2 and "No journal" in missing.stderr
