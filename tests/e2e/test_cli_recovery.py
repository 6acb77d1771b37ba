"""backup / restore on the command line, and the faults of issue 15 seen from the CLI: damaged
journals, demo labels, dates out of range, special files. ``app.cli.run`` in-process where a
subprocess adds nothing (it is the same code the ``reliefmap`` command runs), a real
subprocess where the process boundary matters (a FIFO that could block for ever)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from app.cli import run
from app.domain.journal import CheckIn, PainMark
from app.store.backup import backup_now, list_backups
from app.store.demo import KIND_SETTING, is_demo
from app.store.journal import JournalStore


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def make_journal(path: Path, *pains: int) -> Path:
    store = JournalStore.open(path)
    try:
        for pain in pains:
            store.add_check_in(CheckIn(datetime(2026, 11, 1, 8), pain, (PainMark("sacrum", pain),)))
    finally:
        store.close()
    return path


def pains(path: Path) -> list[int]:
    store = JournalStore.open(path)
    try:
        return [c.overall_pain for c in store.all_check_ins()]
    finally:
        store.close()


def damage_an_index(path: Path) -> None:
    """A journal whose index no longer matches its table: ``quick_check`` says "ok", the full
    ``integrity_check`` does not (4 of 40 damaged files in the field were like this)."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA writable_schema=ON")
    connection.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_check_ins_taken_at ON check_ins (note)'"
        " WHERE name = 'ix_check_ins_taken_at'"
    )
    connection.commit()
    connection.close()
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    connection.close()


def test_backup_then_restore_the_newest_or_a_named_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_journal(tmp_path / "journal.sqlite3", 3)
    code, out, _ = cli(capsys, "--db", str(path), "backup")
    assert code == 0 and "Backed up" in out
    (first,) = list_backups(path)
    make_journal(path, 7)
    second = backup_now(path, "manual", datetime(2099, 1, 1))
    make_journal(path, 9)
    code, out, err = cli(capsys, "--db", str(path), "restore")
    assert code == 0, err
    assert pains(path) == [3, 7]  # the newest backup
    code, out, err = cli(capsys, "--db", str(path), "restore", first.path.name)
    assert code == 0, err
    assert pains(path) == [3]
    assert "kept as" in out
    reasons = [b.reason for b in list_backups(path)]
    assert reasons.count("before-restore") == 2  # nothing was lost on the way
    assert second.exists()


def test_restore_works_when_the_journal_cannot_be_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_journal(tmp_path / "journal.sqlite3", 4)
    backup_now(path, "manual")
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    code, _, err = cli(capsys, "--db", str(path), "export", "--out", str(tmp_path / "x.json"))
    assert code == 2 and "restore" in one_line(err)
    code, _out, err = cli(capsys, "--db", str(path), "restore")
    assert code == 0, err
    assert pains(path) == [4]


def test_restore_refuses_a_missing_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_journal(tmp_path / "journal.sqlite3", 4)
    code, _, err = cli(capsys, "--db", str(path), "restore")
    assert code == 2 and "No usable backup" in one_line(err)
    code, _, err = cli(capsys, "--db", str(path), "restore", "nope.sqlite3")
    assert code == 2 and "No backup file" in one_line(err)
    assert pains(path) == [4]


def test_import_backs_up_first_like_the_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_journal(tmp_path / "journal.sqlite3", 4)
    export = tmp_path / "other.json"
    other = make_journal(tmp_path / "other.sqlite3", 6)
    assert cli(capsys, "--db", str(other), "export", "--out", str(export))[0] == 0
    assert cli(capsys, "--db", str(path), "import", str(export))[0] == 0
    assert [b.reason for b in list_backups(path)] == ["daily"]
    assert sorted(pains(path)) == [4, 6]


def test_a_demo_export_never_relabels_a_real_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = tmp_path / "demo.sqlite3"
    store = JournalStore.open(demo)
    store.set_setting(KIND_SETTING, "demo")
    store.add_check_in(CheckIn(datetime(2026, 11, 1, 8), 2, (PainMark("sacrum", 2),)))
    store.close()
    export = tmp_path / "demo.json"
    assert cli(capsys, "--db", str(demo), "export", "--out", str(export))[0] == 0
    assert json.loads(export.read_text())["settings"] == {KIND_SETTING: "demo"}
    mine = make_journal(tmp_path / "mine.sqlite3", 5)
    assert cli(capsys, "--db", str(mine), "import", str(export))[0] == 0
    store = JournalStore.open(mine)
    assert not is_demo(store) and store.count_check_ins() == 2
    store.close()


def test_demo_replace_keeps_a_copy_and_the_backups(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A journal labelled demo by an older version's import may hold a person's entries."""
    path = make_journal(tmp_path / "journal.sqlite3", 5, 6)
    store = JournalStore.open(path)
    store.set_setting(KIND_SETTING, "demo")
    store.close()
    old_backup = backup_now(path, "manual")
    code, out, err = cli(capsys, "--db", str(path), "demo", "--replace")
    assert code == 0, err
    assert old_backup.exists()
    (kept,) = [b for b in list_backups(path) if b.reason == "before-replace"]
    assert kept.check_in_count == 2 and str(kept.path) in out


def test_import_refuses_dates_out_of_range_and_report_refuses_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_journal(tmp_path / "journal.sqlite3", 5)
    export = tmp_path / "export.json"
    assert cli(capsys, "--db", str(path), "export", "--out", str(export))[0] == 0
    for when in ("0001-01-01T00:00:00", "9999-12-31T23:59:59"):
        document = json.loads(export.read_text())
        document["check_ins"][0]["uid"] = "x" * 20
        document["check_ins"][0]["taken_at"] = when
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(document))
        code, _, err = cli(capsys, "--db", str(path), "import", str(bad))
        assert code == 2 and "between 1900 and 2100" in err
    assert pains(path) == [5]
    out = tmp_path / "r.pdf"
    for dates in (("--to", "9999-12-31"), ("--from", "0001-01-01", "--to", "0001-01-02")):
        code, _, err = cli(capsys, "--db", str(path), "report", "--out", str(out), *dates)
        assert code == 2 and "between 1900 and 2100" in one_line(err)
    assert not out.exists()


def test_import_refuses_a_boolean_version_and_unknown_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_journal(tmp_path / "journal.sqlite3", 5)
    for change in ({"version": True}, {"settings": {"colour": "red"}},
                   {"settings": {"pregnant": "maybe"}}):  # fmt: skip
        document = {"format": "reliefmap-journal", "version": 1, **change}
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(document))
        code, _, err = cli(capsys, "--db", str(path), "import", str(bad))
        assert code == 2 and "Nothing was imported" in err, change


def test_a_damaged_index_is_found_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: opening ran only quick_check; export and report ended in tracebacks and import
    wrote into the damaged file and exited 0."""
    path = make_journal(tmp_path / "journal.sqlite3", 5, 6)
    export = tmp_path / "export.json"
    assert cli(capsys, "--db", str(path), "export", "--out", str(export))[0] == 0
    document = json.loads(export.read_text())
    for entry in document["check_ins"]:
        entry["uid"] = entry["uid"][::-1]
    fresh = tmp_path / "fresh.json"
    fresh.write_text(json.dumps(document))
    damage_an_index(path)
    before = path.read_bytes()
    out = tmp_path / "out"
    for command in (
        ("export", "--out", str(out / "x.json")),
        ("export", "--format", "csv", "--out", str(out)),
        ("report", "--out", str(out / "r.pdf"), "--days", "365"),
        ("import", str(fresh)),
        ("backup",),
    ):
        code, _, err = cli(capsys, "--db", str(path), *command)
        assert code == 2 and "damaged" in one_line(err), command
    assert not out.exists() and path.read_bytes() == before
    code, _, err = cli(capsys, "--db", str(path), "check")
    assert code == 2 and "damaged" in one_line(err)


def test_a_journal_path_with_url_characters_exports_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_journal(tmp_path / "pain?x=1%41#.sqlite3", 5)
    out = tmp_path / "export.json"
    assert cli(capsys, "--db", str(path), "export", "--out", str(out))[0] == 0
    assert len(json.loads(out.read_text())["check_ins"]) == 1
    assert cli(capsys, "--db", str(path), "backup")[0] == 0
    (only,) = list_backups(path)
    assert only.check_in_count == 1


def test_special_files_and_long_names_get_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_name = str(tmp_path / ("a" * 300))
    for args in (
        ("--db", "/dev/null", "check"),
        ("--db", "/dev/null", "export", "--out", str(tmp_path / "x.json")),
        ("--db", str(tmp_path), "check"),
        ("--db", long_name, "check"),
        ("--db", long_name, "export", "--out", str(tmp_path / "x.json")),
        ("--db", str(tmp_path / "j.sqlite3"), "import", "/dev/zero"),
    ):
        code, _, err = cli(capsys, *args)
        assert code == 2, (args, err)
        one_line(err.replace("\n  ", " "))
    assert not Path("/dev/null-journal").exists() and not (tmp_path / "x.json").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    journal = tmp_path / "journal.sqlite3"
    for args in (("--db", str(journal), "import", str(fifo)), ("--db", str(fifo), "check")):
        result = subprocess.run(
            [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 2 and "pipe" in result.stderr, result.stderr
    assert not journal.exists()


def test_export_rescue_reads_what_it_can_from_a_damaged_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_journal(tmp_path / "journal.sqlite3", 5, 6)
    damage_an_index(path)
    before = path.read_bytes()
    out = tmp_path / "rescued.json"
    code, _, err = cli(capsys, "--db", str(path), "export", "--rescue", "--out", str(out))
    assert code == 1 and "damaged" in one_line(err)
    assert len(json.loads(out.read_text())["check_ins"]) == 2
    assert path.read_bytes() == before


def test_check_and_the_other_commands_agree_on_a_broken_check_constraint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_journal(tmp_path / "journal.sqlite3", 5)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA ignore_check_constraints=ON")
    connection.execute("UPDATE check_ins SET overall_pain = 11")
    connection.commit()
    connection.close()
    for command in (("check",), ("export", "--out", str(tmp_path / "x.json")), ("backup",)):
        code, _, err = cli(capsys, "--db", str(path), *command)
        assert code == 2 and "damaged" in one_line(err), command


_AS_USER = (
    ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
    if os.name == "posix" and os.geteuid() == 0 and shutil.which("setpriv")
    else []
)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_journal_on_read_only_media_can_be_exported_and_reported(tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    path = make_journal(media / "journal.sqlite3", 5, 6)
    path.chmod(0o400)
    media.chmod(0o500)
    out = tmp_path / "out"
    out.mkdir()
    try:
        for command in (("export", "--out", str(out / "x.json")),
                        ("report", "--out", str(out / "r.pdf"), "--days", "3650")):  # fmt: skip
            result = subprocess.run(
                [*_AS_USER, sys.executable, "-m", "app", "--db", str(path), *command],
                capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            assert result.returncode == 0, result.stderr
        assert len(json.loads((out / "x.json").read_text())["check_ins"]) == 2
        assert sorted(p.name for p in media.iterdir()) == ["journal.sqlite3"]
    finally:
        media.chmod(0o700)


def test_check_lists_the_backups_restore_takes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_journal(tmp_path / "journal.sqlite3", 3)
    made = backup_now(path, "manual")
    code, out, _ = cli(capsys, "--db", str(path), "check")
    assert code == 0 and f"{made.name}  (1 check-ins)" in out


def test_a_backup_dated_in_the_future_is_reported_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_journal(tmp_path / "journal.sqlite3", 3)
    backup_now(path, "daily", datetime(2099, 1, 1))
    code, out, _ = cli(capsys, "--db", str(path), "check")
    assert code == 0 and "dated in the future" in out


def test_entries_an_older_version_imported_out_of_range_no_longer_crash_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: a check-in dated 0001-01-01 (accepted by an older import) crashed every report."""
    path = make_journal(tmp_path / "journal.sqlite3", 5)
    connection = sqlite3.connect(path)
    for uid, when in (("ancient", "0001-01-01 00:00:00.000000"),
                      ("far", "9999-12-31 23:59:59.000000")):  # fmt: skip
        connection.execute(
            "INSERT INTO check_ins (uid, taken_at, overall_pain, note, created_at, updated_at)"
            " VALUES (?, ?, 3, '', ?, ?)",
            (uid, when, "2026-01-01 00:00:00.000000", "2026-01-01 00:00:00.000000"),
        )
        connection.execute(
            "INSERT INTO treatment_sessions (uid, started_at, kind, item_id, side, pain_before,"
            " pain_after, duration_s, note, created_at) VALUES (?, ?, 'acupoint', 'GB30',"
            " 'left', 5, 3, 60, '', '2026-01-01 00:00:00.000000')",
            (uid, when),
        )
    connection.commit()
    connection.close()
    store = JournalStore.open(path)
    assert [c.overall_pain for c in store.all_check_ins()] == [5]
    assert len(store.list_check_ins()) == 1 and store.all_sessions() == []
    store.close()
    out = tmp_path / "r.pdf"
    code, _, err = cli(capsys, "--db", str(path), "report", "--out", str(out), "--days", "3650")
    assert code == 0, err
    code, _, err = cli(capsys, "--db", str(path), "export", "--out", str(tmp_path / "x.json"))
    assert code == 0, err


def test_a_half_upgraded_journal_is_completed_and_the_cli_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: "table treatment_sessions already exists", for ever, while check said "ok"."""
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(
        (Path(__file__).parents[1] / "store/journals/journal-0001.sqlite3").read_bytes()
    )
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("CREATE TABLE treatment_sessions (id INTEGER PRIMARY KEY)")
    connection.close()
    code, _, err = cli(capsys, "--db", str(path), "import", str(tmp_path / "missing.json"))
    assert code == 2  # the file to import is checked first: the journal is not even opened
    code, _, err = cli(capsys, "--db", str(path), "backup")
    assert code == 0 and "half-upgraded" in one_line(err)
    assert len(pains(path)) == 5
