"""Kill the process at every write, fsync and rename of creation, upgrade (from a stored
version-0001 journal), import, backup and restore: afterwards the journal opens, with every
committed row, and nothing half-done shows.

strace's fault injection (``-e inject=SYSCALL:signal=SIGKILL:when=K``) delivers the SIGKILL at
the exact system call; ``fault_child.py`` explains how one traced fork server reaches each
N-th call without starting a new interpreter per kill.
"""

from __future__ import annotations

import collections
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest

from app.domain.journal import CheckIn, PainMark
from app.store.backup import backup_now, integrity_report, list_backups
from app.store.journal import JournalStore
from app.store.paths import leftover_paths
from app.store.transfer import export_json


def _strace_works() -> bool:
    """strace is installed and may trace (a container without ptrace rights cannot)."""
    if shutil.which("strace") is None or not sys.platform.startswith("linux"):
        return False
    probe = subprocess.run(["strace", "-o", os.devnull, "true"], capture_output=True, check=False)
    return probe.returncode == 0


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not _strace_works(), reason="needs Linux and strace (the CI installs it)"),
]

HERE = Path(__file__).resolve().parent
SERVER = HERE / "fault_child.py"
OLD_JOURNAL = HERE / "journals" / "journal-0001.sqlite3"
OLD_UIDS = {f"old{n:029d}" for n in range(1, 6)}
SYSCALLS = ("pwrite64", "write", "fdatasync", "fsync", "ftruncate", "rename", "unlink")
OPERATIONS = ("create", "upgrade", "import", "backup", "restore")
REGIONS = ("sacrum", "low_back_left")
KILL_AT = 400


def open_store(path: Path) -> JournalStore:
    return JournalStore.open(path, region_ids=REGIONS, muscle_ids=())


def uids(path: Path) -> set[str]:
    store = open_store(path)
    try:
        return {c.uid for c in store.all_check_ins()}
    finally:
        store.close()


def make_journal(path: Path, first: int, count: int) -> set[str]:
    store = open_store(path)
    try:
        made = {
            store.add_check_in(
                CheckIn(datetime(2026, 10, 1 + n), n % 11, (PainMark("sacrum", n % 11),))
            ).uid
            for n in range(first, first + count)
        }
    finally:
        store.close()
    return made


class Fixtures:
    """The files each kind of case starts from, made once and copied for every kill."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir()
        self.journal = folder / "journal.sqlite3"
        self.journal_uids = make_journal(self.journal, 0, 3)
        other = folder / "other.sqlite3"
        self.import_uids = make_journal(other, 10, 4)
        store = open_store(other)
        self.export = folder / "export.json"
        export_json(store, self.export)
        store.close()
        json.loads(self.export.read_text())  # a valid export
        self.backup = backup_now(other, "manual")

    def prepare(self, operation: str, case: Path) -> tuple[Path, Path]:
        """The case's journal (and extra file) before the operation."""
        case.mkdir()
        journal = case / "journal.sqlite3"
        extra = case / "extra"
        if operation == "upgrade":
            shutil.copyfile(OLD_JOURNAL, journal)
        elif operation in ("import", "backup", "restore"):
            shutil.copyfile(self.journal, journal)
        if operation == "import":
            shutil.copyfile(self.export, extra)
        elif operation == "restore":
            shutil.copyfile(self.backup, extra)
        return journal, extra

    def verify(self, operation: str, journal: Path, case: str) -> None:
        """The promise after any kill: the journal opens, with every committed row."""
        found = uids(journal)
        if operation == "create":
            assert found == set(), case
        elif operation == "upgrade":
            assert found == OLD_UIDS, case
        elif operation == "import":
            assert found in (self.journal_uids, self.journal_uids | self.import_uids), case
        elif operation == "backup":
            assert found == self.journal_uids, case
            for backup in list_backups(journal):  # a listed backup is a whole backup
                assert integrity_report(backup.path) == "ok", case
                assert backup.check_in_count == len(self.journal_uids), case
        elif operation == "restore":
            assert found in (self.journal_uids, self.import_uids), case
            assert not any(p.exists() for p in leftover_paths(journal)), case
            for backup in list_backups(journal):
                assert backup.check_in_count is not None, case
        with sqlite3.connect(journal) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok", case
        connection.close()


@contextmanager
def fork_server(syscall: str, log: Path | None = None) -> Iterator[subprocess.Popen[str]]:
    """``fault_child.py`` under strace: killing at the KILL_AT-th ``syscall`` of each worker,
    or (with ``log``) only recording every call of every syscall of interest."""
    if log is None:
        options = ["-o", os.devnull, "-e", f"trace={syscall}",
                   "-e", f"inject={syscall}:signal=SIGKILL:when={KILL_AT}"]  # fmt: skip
    else:
        options = ["-ff", "-o", str(log), "-e", f"trace={','.join(SYSCALLS)}"]
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    server = subprocess.Popen(
        ["strace", "-f", *options, sys.executable, str(SERVER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
        env=environment,
    )
    try:
        yield server
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=60)


def ask(server: subprocess.Popen[str], *fields: object) -> str:
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write("\t".join(str(f) for f in fields) + "\n")
    server.stdin.flush()
    return server.stdout.readline().strip()


def count_calls(fixtures: Fixtures, folder: Path) -> dict[str, collections.Counter[str]]:
    """How many of each syscall each operation makes, from one traced run of each."""
    counts: dict[str, collections.Counter[str]] = {}
    folder.mkdir()
    for operation in OPERATIONS:
        logs = folder / operation
        logs.mkdir()
        journal, extra = fixtures.prepare(operation, folder / f"{operation}-case")
        with fork_server("", log=logs / "trace") as server:
            assert ask(server, operation, journal, extra, "write", KILL_AT) == "ok"
        per_process = [
            collections.Counter(
                re.match(r"^(\w+)\(", line).group(1)  # type: ignore[union-attr]
                for line in path.read_text().splitlines()
                if re.match(r"^\w+\(", line)
            )
            for path in logs.iterdir()
        ]
        # The worker is the process that made the operation's calls; the server made none.
        counts[operation] = max(per_process, key=lambda c: sum(c.values()))
    return counts


def test_a_kill_at_every_write_fsync_and_rename_loses_nothing(tmp_path: Path) -> None:
    fixtures = Fixtures(tmp_path / "fixtures")
    counts = count_calls(fixtures, tmp_path / "counts")
    kills = collections.Counter[str]()
    cases = 0
    for syscall in SYSCALLS:
        if not any(counts[op][syscall] for op in OPERATIONS):
            continue
        with fork_server(syscall) as server:
            for operation in OPERATIONS:
                assert counts[operation][syscall] < KILL_AT
                for nth in range(1, counts[operation][syscall] + 1):
                    cases += 1
                    case = f"{operation}, killed at {syscall} #{nth}"
                    journal, extra = fixtures.prepare(operation, tmp_path / f"case{cases}")
                    outcome = ask(server, operation, journal, extra, syscall, nth)
                    assert outcome in ("killed", "ok"), (case, outcome)
                    kills[operation] += outcome == "killed"
                    fixtures.verify(operation, journal, case)
                    shutil.rmtree(journal.parent)
    for operation in OPERATIONS:
        assert kills[operation] >= 5, (operation, kills)  # the kills really happened
    print(
        f"\nfault injection: {sum(kills.values())} SIGKILLs at exact system calls "
        f"({', '.join(f'{op} {kills[op]}' for op in OPERATIONS)}) over {cases} cases; "
        "after each the journal opened with every committed row"
    )
