"""Child process for the fault-injection test: a fork server that runs journal operations.

Run under ``strace -f -e inject=SYSCALL:signal=SIGKILL:when=K``. It imports everything once,
then for each line ``OPERATION JOURNAL EXTRA SYSCALL N`` on stdin forks a worker that first
makes ``K - N`` harmless calls of SYSCALL (on /dev/null, or on names that do not exist) and
then runs OPERATION. strace counts calls per syscall *and per process*, so the worker is killed
at exactly the N-th SYSCALL of the operation, with no new interpreter to start for each kill.
The server answers each line with ``killed``, ``ok`` or ``failed CODE``, written with
``writev`` so that its own output is not counted as one of the ``write`` calls.

OPERATION is ``create``, ``upgrade`` (JOURNAL is a copy of a version-0001 file), ``import``
(EXTRA: a JSON export), ``backup`` or ``restore`` (EXTRA: the backup file).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.store.backup import backup_now, restore_backup
from app.store.journal import JournalStore
from app.store.transfer import Catalogues, read_import

REGIONS = ("sacrum", "low_back_left")
KILL_AT = 400  # the K of when=K: more than any operation makes of one syscall


def run_operation(operation: str, journal: Path, extra: Path) -> None:
    if operation in ("create", "upgrade"):
        JournalStore.open(journal, region_ids=REGIONS, muscle_ids=()).close()
    elif operation == "import":
        content = read_import(extra, Catalogues.default(REGIONS, ()))
        store = JournalStore.open(journal, region_ids=REGIONS, muscle_ids=())
        store.import_content(content)
        store.close()
    elif operation == "backup":
        backup_now(journal, "manual")
    elif operation == "restore":
        restore_backup(journal, extra)
    else:
        raise ValueError(operation)


def burn(syscall: str, times: int, scratch: Path) -> None:
    """Make ``times`` calls of ``syscall`` that change nothing (their result does not matter)."""
    missing = str(scratch / "does-not-exist")
    fd = os.open(os.devnull, os.O_WRONLY)
    try:
        for _ in range(times):
            try:
                if syscall == "pwrite64":
                    os.pwrite(fd, b"", 0)
                elif syscall == "write":
                    os.write(fd, b"")
                elif syscall == "fsync":
                    os.fsync(fd)
                elif syscall == "fdatasync":
                    os.fdatasync(fd)
                elif syscall == "ftruncate":
                    os.ftruncate(fd, 0)
                elif syscall == "rename":
                    os.rename(missing, missing + "2")
                elif syscall == "unlink":
                    os.unlink(missing)
                else:
                    raise ValueError(syscall)
            except OSError:
                pass
    finally:
        os.close(fd)


def answer(text: str) -> None:
    os.writev(1, [f"{text}\n".encode()])


def main() -> None:
    for line in sys.stdin:
        operation, journal, extra, syscall, nth = line.split("\t")
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                burn(syscall, KILL_AT - int(nth), Path(journal).parent)
                run_operation(operation, Path(journal), Path(extra))
            except BaseException:  # the parent checks the files, not this
                code = 3
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            answer("killed")
        elif os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
            answer("ok")
        else:
            answer(f"failed {status}")


if __name__ == "__main__":
    main()
