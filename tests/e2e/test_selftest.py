"""``reliefmap --self-test`` run as a packager or CI would: in a subprocess, headless."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from app.selftest import STEPS, SelfTestContext, run_self_test


def run_self_test_process(home: Path) -> subprocess.CompletedProcess[str]:
    """The self-test with HOME and every XDG folder pointed at ``home``, to see what it writes."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "app", "--self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_self_test_passes_every_step(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = run_self_test_process(home)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[:5]] == [
        "ok window",
        "ok mark",
        "ok suggestions",
        "ok chart",
        "ok report",
    ]
    assert lines[-1] == "self-test passed"
    assert "gluteus_maximus (left)" in lines[2] or "piriformis (left)" in lines[2]


def test_self_test_never_writes_into_the_users_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = run_self_test_process(home)
    assert result.returncode == 0, result.stdout + result.stderr
    written = [p.relative_to(home) for p in home.rglob("*") if "reliefmap" in str(p).lower()]
    assert written == []  # no journal, backups, knowledge cache or settings


def test_self_test_ignores_db_and_leaves_that_journal_alone(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(journal), "--self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not journal.exists()


def test_a_failing_step_is_named_and_the_rest_skipped() -> None:
    def broken(_ctx: SelfTestContext) -> str:
        raise RuntimeError("no chart today")

    def fine(_ctx: SelfTestContext) -> str:
        return "fine"

    out = io.StringIO()
    code = run_self_test(out, steps=[("first", fine), ("chart", broken), ("after", fine)])
    assert code == 1
    assert out.getvalue().splitlines() == [
        "ok first: fine",
        "FAILED chart: RuntimeError: no chart today",
        "skipped after",
        "self-test failed at step 'chart'",
    ]


def test_the_environment_is_restored_after_the_run() -> None:
    before = {k: os.environ.get(k) for k in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "MPLCONFIGDIR")}
    assert run_self_test(io.StringIO(), steps=[("noop", lambda _ctx: "")]) == 0
    assert {k: os.environ.get(k) for k in before} == before
    assert [name for name, _step in STEPS] == ["window", "mark", "suggestions", "chart", "report"]
