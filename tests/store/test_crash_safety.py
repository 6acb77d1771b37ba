"""Kill a writing process with SIGKILL at random moments: nothing committed is lost, nothing
half-written appears, and the file stays intact."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.store.journal import JournalStore

WRITER = Path(__file__).with_name("crash_writer.py")
KILLS = 50


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_50_times_loses_nothing_committed(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    JournalStore.open(journal, region_ids=(), muscle_ids=()).close()  # schema, once
    rng = random.Random(20261124)
    committed: dict[str, set[str]] = {"check_in": set(), "session": set()}
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(WRITER), str(journal)],
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        lines: list[str] = []
        reader = threading.Thread(target=lines.extend, args=(child.stdout,), daemon=True)
        reader.start()
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        reader.join(timeout=5)
        for line in lines:
            kind, _, uid = line.strip().partition(" ")
            if uid:
                committed[kind].add(uid)
        with contextlib.closing(sqlite3.connect(journal)) as connection:  # after every kill
            assert connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            stored_now = {row[0] for row in connection.execute("SELECT uid FROM check_ins")}
        assert committed["check_in"] <= stored_now
    assert len(committed["check_in"]) > KILLS  # the children really wrote between kills
    with sqlite3.connect(journal) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in connection.execute("SELECT uid FROM check_ins")}
        sessions = {row[0] for row in connection.execute("SELECT uid FROM treatment_sessions")}
        incomplete = connection.execute(
            "SELECT COUNT(*) FROM check_ins c WHERE (SELECT COUNT(*) FROM pain_marks m"
            " WHERE m.check_in_id = c.id) != 3 OR (SELECT COUNT(*) FROM tight_muscles t"
            " WHERE t.check_in_id = c.id) != 1"
        ).fetchone()[0]
        orphans = connection.execute(
            "SELECT COUNT(*) FROM pain_mark_qualities q LEFT JOIN pain_marks m ON m.id = q.mark_id"
            " WHERE m.id IS NULL"
        ).fetchone()[0]
    assert committed["check_in"] <= stored
    assert committed["session"] <= sessions
    assert len(stored - committed["check_in"]) <= KILLS  # at most the one in flight per kill
    assert incomplete == 0 and orphans == 0
    print(
        f"\ncrash safety: {KILLS} SIGKILLs survived; {len(committed['check_in'])} check-ins and "
        f"{len(committed['session'])} sessions reported committed, all present; "
        f"{len(stored - committed['check_in'])} in-flight check-ins also landed whole"
    )
    store = JournalStore.open(journal, region_ids=(), muscle_ids=())  # still opens cleanly
    assert store.count_check_ins() == len(stored)
    store.close()
