"""The headless command line (a contract: see DESIGN.md, "Headless CLI").

Bad input exits with status 2 and one clear line on stderr; nothing is written. Heavy modules
(Qt, SQLAlchemy) are imported inside the command that needs them so ``--help`` stays instant.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.domain.errors import ValidationError

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


class UserError(Exception):
    """A problem the person can fix; printed as one line, exit status 2."""


def _cmd_regions(args: argparse.Namespace) -> int:
    from app.domain.regions import default_catalog

    catalog = default_catalog()
    rows = [
        {"id": region.id, "label": region.label, "side": region.side, "views": list(region.views)}
        for region in catalog
    ]
    if args.json:
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        width = max(len(row["id"]) for row in rows)
        for row in rows:
            views = " ".join(row["views"])
            print(f"{row['id']:<{width}}  {row['side']:<7}  {views:<10}  {row['label']}")
    return EXIT_OK


def _cmd_suggest(args: argparse.Namespace) -> int:
    from app.domain.regions import default_catalog
    from app.domain.safety import validate_flags
    from app.domain.suggest import (
        Engine,
        SuggestionRequest,
        parse_mark_spec,
        parse_tight_spec,
        validate_marks,
    )
    from app.store.knowledge_db import open_knowledge

    # What can be checked without the knowledge base is checked first: bad input then costs
    # nothing and leaves nothing behind (not even a rebuilt cache).
    catalog = default_catalog()
    marks = tuple(parse_mark_spec(spec) for spec in args.mark)
    validate_marks(marks, catalog)
    validate_flags(args.flag)
    episode_weeks = _episode_weeks(args)
    if args.age is not None and not 0 < args.age < 130:
        raise UserError(f"Age {args.age} must be between 1 and 129.")
    kb = open_knowledge()
    tight = tuple(parse_tight_spec(spec, kb.muscles) for spec in args.tight)
    from app.domain.vocabulary import SYMPTOM_FLAGS

    request = SuggestionRequest(
        marks=marks,
        tight_muscles=tight,
        flags=frozenset(args.flag),
        pregnant=args.pregnant,
        answered=frozenset(SYMPTOM_FLAGS) if args.screened else None,
        age=args.age,
        episode_weeks=episode_weeks,
        eases=args.eases,
    )
    if args.db is not None:
        request = _with_journal_facts(request, args)
    result = Engine(kb, catalog).suggest(request)
    if args.json:
        json.dump(result.to_json_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(format_suggestions(result))
    return EXIT_OK


def _with_journal_facts(request: object, args: argparse.Namespace) -> object:
    """With ``--db``, the journal's own facts fill what the options left open, as in the
    window: its warning-sign answers (a screen not yet marked assessed), pregnancy, age, what
    eases the pain, and when this episode began (the person's date or the journal's
    flare-ups). Options given on the command line win."""
    from dataclasses import replace
    from datetime import date

    from app.domain.episodes import journal_episode_start
    from app.domain.person import PersonFacts
    from app.domain.suggest import SuggestionRequest
    from app.store.knowledge_db import open_knowledge

    assert isinstance(request, SuggestionRequest)
    store = _open_journal(args)
    try:
        today = date.today()
        filled = request.with_journal(
            person=PersonFacts.from_settings(store.get_setting),
            screen=store.latest_red_flag_screen(),
            red_flags=open_knowledge().red_flags,
            today=today,
            episode_start=journal_episode_start(
                lambda start, end: store.all_check_ins(start=start, end=end), today
            ),
        )
        return replace(filled, history=tuple(store.all_sessions()))
    finally:
        store.close()


def _episode_weeks(args: argparse.Namespace) -> float | None:
    """``--since DATE`` or ``--weeks N``: how long this episode has lasted."""
    from datetime import date

    from app.domain.safety import episode_weeks_since

    if args.since is not None and args.weeks is not None:
        raise UserError("Give either --since or --weeks, not both.")
    if args.weeks is not None:
        if not 0 <= args.weeks <= 5200:
            raise UserError(f"--weeks {args.weeks} must be between 0 and 5200.")
        return float(args.weeks)
    if args.since is not None:
        try:
            began = date.fromisoformat(args.since)
        except ValueError:
            raise UserError(f"--since '{args.since}' is not a date (YYYY-MM-DD).") from None
        return episode_weeks_since(began, date.today())
    return None


def format_suggestions(result: object) -> str:
    """The same result as a readable table for the terminal: safety first, always."""
    from app.domain.suggest import Suggestions

    assert isinstance(result, Suggestions)
    lines: list[str] = []
    if result.seek_care:
        lines.append("SEEK MEDICAL CARE NOW")
        lines.extend(f"  ! {note}" for note in result.notes)
        return "\n".join(lines)
    if result.ask_first:
        from app.store.knowledge_db import open_knowledge

        questions = open_knowledge().red_flags
        lines.append("SAFETY QUESTIONS FIRST")
        lines.extend(f"  ! {note}" for note in result.notes)
        lines.extend(
            f"  ? {questions[flag].question}  (--flag {flag})" for flag in result.ask_first
        )
        lines.append(
            "  Seek care now if any answer is yes. If every answer is no, run again with "
            "--screened (and --flag for each yes)."
        )
        return "\n".join(lines)
    from app.domain.suggest import NG59_NOTE

    lines.extend(f"Safety: {note}" for note in result.notes if note != NG59_NOTE)
    lines.append("Trigger points (score, muscle, side: why)")
    for item in result.trigger_points:
        lines.append(f"  {item.score:4.2f}  {item.label} ({item.side}): {item.reason}")
        lines.append(f"        where: {item.location}")
    if not result.trigger_points:
        lines.append("  (mark where it hurts to see suggestions)")
    lines.append("Acupressure points (score, point, side: why)")
    for point in result.acupoints:
        caution = "  [pregnancy: light pressure or skip]" if point.pregnancy_caution else ""
        lines.append(
            f"  {point.score:4.2f}  {point.code} {point.name} ({point.side}): {point.reason}"
            + caution
        )
        lines.append(f"        where: {point.location}")
    lines.append(f"Exercises ({result.phase} phase, in this order)")
    for number, exercise in enumerate(result.exercises, start=1):
        lines.append(f"  {number}. {exercise.name}: {exercise.reason}")
        lines.extend(f"        caution: {caution}" for caution in exercise.cautions[:2])
    if NG59_NOTE in result.notes:
        lines.append(f"Note: {NG59_NOTE}")
    return "\n".join(lines)


def _journal_path(args: argparse.Namespace) -> Path:
    from app.store.paths import default_journal_path

    return (args.db or default_journal_path()).expanduser()


def _open_journal(  # type: ignore[no-untyped-def]
    args: argparse.Namespace, *, must_exist: bool = True, read_only: bool = False
):
    """The journal named by --db (or the default); a missing file is an error unless allowed.

    ``read_only`` (export, report): nothing is created or written, so read-only media work.
    """
    from app.store.db import check_file_path
    from app.store.journal import JournalStore

    path = _journal_path(args)
    check_file_path(path)  # a FIFO, a device, a name too long: one line, before anything else
    if must_exist and not path.exists():
        raise UserError(f"No journal at {path}. Open the app once, or pass --db PATH.")
    if read_only:
        return JournalStore.open_read_only(path, rescue=getattr(args, "rescue", False))
    store = JournalStore.open(path)
    for notice in store.notices:  # an interrupted creation or upgrade that was completed
        print(f"reliefmap: {notice}", file=sys.stderr)
    return store


def _age_text(age: object) -> str:
    from datetime import timedelta

    assert isinstance(age, timedelta)
    if age < timedelta(0):  # the clock was ahead when it was taken; it is still a backup
        return "dated in the future: check the computer's clock"
    if age.days >= 1:
        return f"{age.days} day(s) ago"
    hours = int(age.total_seconds() // 3600)
    return f"{hours} hour(s) ago" if hours else "less than an hour ago"


def _cmd_check(args: argparse.Namespace) -> int:
    """Read-only: a damaged, foreign or newer journal raises StoreError (exit 2, untouched)."""
    from app.store.health import check_journal

    health = check_journal(_journal_path(args))
    print(f"journal:   {health.path}")
    print(f"integrity: {health.integrity}")
    upgrade = "; upgraded when ReliefMap next opens it" if health.needs_upgrade else ""
    print(f"schema:    {health.schema or 'none (new file)'} (this ReliefMap: {health.app_schema})"
          f"{upgrade}")  # fmt: skip
    for table, count in health.counts.items():
        print(f"  {table:<24} {count:>7}")
    latest = health.latest_backup
    if latest is not None:
        print(
            f"latest backup: {latest.taken_at:%Y-%m-%d %H:%M} ({latest.reason}, "
            f"{_age_text(health.backup_age())}), {len(health.backups)} backup(s) in "
            f"{latest.path.parent}"
        )
        for info in health.backups[:10]:  # the names `reliefmap restore BACKUP` takes
            count = "unreadable" if info.check_in_count is None else f"{info.check_in_count}"
            print(f"  {info.path.name}  ({count} check-ins)")
    else:
        print("latest backup: none yet")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from app.store.transfer import export_csv, export_json

    store = _open_journal(args, read_only=True)
    for notice in store.notices:  # --rescue from a damaged journal
        print(f"reliefmap: {notice}", file=sys.stderr)
    try:
        if args.format == "json":
            export_json(store, args.out)
            print(f"Exported the journal to {args.out}")
        else:
            files = export_csv(store, args.out)
            where = "in the zip file" if args.out.suffix.lower() == ".zip" else "to"
            print(f"Exported {len(files)} CSV file(s) {where} {args.out}")
    finally:
        store.close()
    return EXIT_FAILURE if store.notices else EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    """Validates the whole file before the journal is opened (or created): all or nothing."""
    from app.store.transfer import Catalogues, read_import

    content = read_import(args.path, Catalogues.default())
    store = _open_journal(args, must_exist=False)
    try:
        _daily_backup(store)
        result = store.import_content(content)
    finally:
        store.close()
    added = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in result.added.items() if n)
    skipped = sum(result.skipped.values())
    print(f"Imported {added or 'nothing new'}" + (f"; {skipped} already there" if skipped else ""))
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from app.domain.demo import generate_demo_journal
    from app.store.backup import backup_now, remove_journal_file
    from app.store.demo import default_demo_path, entry_count, is_demo, write_demo_journal
    from app.store.journal import JournalStore

    path = (args.db or default_demo_path()).expanduser()
    journal = generate_demo_journal()
    if path.exists() and path.stat().st_size > 0:
        store = JournalStore.open(path)
        try:
            demo, entries = is_demo(store), entry_count(store)
        finally:
            store.close()
        if not demo:
            raise UserError(
                f"{path} is a journal that is not the demo journal; the demo is only written "
                "to a new file or an existing demo journal."
            )
        if entries:
            if not args.replace:
                raise UserError(f"{path} already holds the demo journal (use --replace).")
            # Never delete without a copy: a journal once labelled the demo by mistake may
            # hold a person's own entries. Its backups are left alone.
            kept = backup_now(path, "before-replace")
            remove_journal_file(path)
            print(f"Kept a copy of the replaced journal: {kept}")
    store = JournalStore.open(path)
    try:
        write_demo_journal(store, journal)
    finally:
        store.close()
    print(
        f"Wrote the demo journal to {path}: {len(journal.check_ins)} check-ins, "
        f"{len(journal.sessions)} sessions, {len(journal.questionnaires)} questionnaires."
    )
    return EXIT_OK


def _daily_backup(store: object) -> None:
    """The window's automatic backup, for the CLI's writing commands too (before they write)."""
    from app.store.backup import maybe_backup, policy_from_settings
    from app.store.journal import JournalStore

    assert isinstance(store, JournalStore)
    if store.count_check_ins() or store.table_counts().get("treatment_sessions"):
        maybe_backup(store.path, policy_from_settings(store.get_setting))


def _cmd_backup(args: argparse.Namespace) -> int:
    """A backup now, whatever the daily rotation says; the journal is checked first."""
    from app.store.backup import backup_now

    store = _open_journal(args)  # refuses a damaged journal: a backup of damage helps nobody
    store.close()
    made = backup_now(store.path, "manual")
    print(f"Backed up {store.path} to {made}")
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    """Works when the journal itself cannot be opened: that is when it is needed most."""
    from app.store.backup import find_backup, restore_backup
    from app.store.db import check_file_path

    path = _journal_path(args).resolve()
    check_file_path(path)  # never "restore" over a FIFO, a device or a folder
    chosen = find_backup(path, args.backup)
    safety = restore_backup(path, chosen)
    print(f"Restored {path} from {chosen.path.name} ({chosen.taken_at:%Y-%m-%d %H:%M}).")
    if safety is not None:
        print(f"The journal as it was is kept as {safety}")
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    """Everything about the request is checked before the journal is opened or a file made."""
    from datetime import date

    from app.domain.report import REPORT_SECTIONS, parse_report_date, report_period

    if args.out.suffix.lower() != ".pdf":
        raise UserError(
            f"The report is a PDF: give --out a file name ending in .pdf, not {args.out}."
        )
    sections = [part.strip() for part in args.sections.split(",") if part.strip()]
    unknown = [part for part in sections if part not in REPORT_SECTIONS]
    if unknown:
        raise UserError(
            f"Unknown report section {unknown[0]!r}; choose from {', '.join(REPORT_SECTIONS)} "
            "(the summary page is always there)."
        )
    today = date.today()
    period = report_period(
        today,
        days=args.days,
        start=parse_report_date(args.from_) if args.from_ else None,
        end=parse_report_date(args.to) if args.to else None,
    )
    from app.domain.person import PersonFacts
    from app.domain.regions import default_catalog
    from app.domain.report import build_report
    from app.render.report import report_pdf_bytes
    from app.store.demo import is_demo
    from app.store.knowledge_db import open_knowledge
    from app.store.transfer import write_private

    store = _open_journal(args, read_only=True)
    try:
        report = build_report(
            store.all_check_ins(),
            store.all_sessions(),
            store.all_questionnaires(),
            store.all_red_flag_screens(),
            period,
            open_knowledge(),
            default_catalog(),
            today,
            name=args.name,
            demo=is_demo(store),
            person=PersonFacts.from_settings(store.get_setting),
            self_tests=store.all_self_tests(),
            routine_runs=store.all_routine_runs(),
        )
    finally:
        store.close()
    pdf, pages = report_pdf_bytes(report, args.paper, sections)
    write_private(args.out, pdf)
    nothing = "" if report.has_data else " (nothing was recorded in this period)"
    print(f"Wrote a {pages}-page report for {report.period_text} to {args.out}{nothing}")
    return EXIT_OK


def _cmd_routine(args: argparse.Namespace) -> int:
    """Today's routine from the journal: the same engine and safety layer as the window."""
    from datetime import date

    from app.domain.regions import default_catalog
    from app.domain.routine import todays_routine
    from app.store.journal import journal_view
    from app.store.knowledge_db import open_knowledge

    store = _open_journal(args)
    try:
        view = journal_view(store)
    finally:
        store.close()
    routine = todays_routine(open_knowledge(), default_catalog(), view, date.today())
    if args.json:
        print(json.dumps(routine.to_json_dict(), ensure_ascii=False, indent=1))
        return 0
    print(format_routine(routine))
    return 0


def format_routine(routine: object) -> str:
    """The routine as plain text, in order, with the total time."""
    from app.domain.routine import STAGE_NAMES, Routine

    assert isinstance(routine, Routine)
    lines = [*(f"! {note}" for note in routine.notes)]
    if routine.blocked:
        lines.append("No routine today: see the safety message above.")
        return "\n".join(lines)
    if not routine.steps:
        lines.append("Nothing to do yet: save a check-in with your pain marked first.")
        return "\n".join(lines)
    lines.append(f"Today's routine ({routine.phase} phase), about {routine.total_minutes} min:")
    stage = ""
    for number, step in enumerate(routine.steps, start=1):
        if step.stage != stage:
            stage = step.stage
            lines.append(f"  {STAGE_NAMES[stage]}")
        side = "" if step.side in ("none", "both") else f" ({step.side})"
        lines.append(f"   {number}. {step.name}{side}: {step.dose} (~{step.seconds // 60} min)")
    lines += [f"Why: {reason}" for reason in routine.reasons]
    return "\n".join(lines)


def _cmd_gui(args: argparse.Namespace) -> int:
    from app.ui.application import run_gui

    return run_gui(db_path=args.db)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reliefmap",
        description="ReliefMap: map your back pain and find what to try. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"ReliefMap {__version__}")
    parser.add_argument("--db", type=Path, default=None, help="journal file (default: user data)")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation headless (window, mark, suggestions, chart) and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    regions = commands.add_parser("regions", help="list the body regions")
    regions.add_argument("--json", action="store_true", help="print JSON")
    regions.set_defaults(handler=_cmd_regions)

    suggest = commands.add_parser(
        "suggest", help="suggest trigger points, acupoints and exercises for marked pain"
    )
    suggest.add_argument(
        "--mark", action="append", default=[], metavar="REGION=INTENSITY[:QUALITY,...]"
    )
    suggest.add_argument("--tight", action="append", default=[], metavar="MUSCLE_SIDE")
    from app.domain.vocabulary import EASES, SYMPTOM_FLAGS

    suggest.add_argument(
        "--flag",
        action="append",
        default=[],
        metavar="SYMPTOM",
        help="a warning sign answered yes (repeatable): " + ", ".join(SYMPTOM_FLAGS),
    )
    suggest.add_argument(
        "--screened",
        action="store_true",
        help="every safety question was answered; the --flag ones were yes, the rest no",
    )
    suggest.add_argument(
        "--pregnant", action="store_true", help="adapt pressure work, points and exercises"
    )
    suggest.add_argument("--age", type=int, default=None, metavar="YEARS")
    # Not an argparse mutually exclusive group: _episode_weeks refuses both in one line.
    suggest.add_argument(
        "--since", default=None, metavar="YYYY-MM-DD", help="when this episode of pain began"
    )
    suggest.add_argument(
        "--weeks",
        type=float,
        default=None,
        metavar="N",
        help="how many weeks it has lasted (instead of --since)",
    )
    suggest.add_argument(
        "--eases",
        choices=EASES,
        default=None,
        help="which movement eases the pain: extension (bending backward) or flexion "
        "(sitting or bending forward)",
    )
    suggest.add_argument("--json", action="store_true", help="print JSON")
    suggest.set_defaults(handler=_cmd_suggest)

    routine = commands.add_parser(
        "routine", help="today's routine in order (release, acupressure, stretch, stabilise)"
    )
    routine.add_argument("--json", action="store_true", help="print JSON")
    routine.set_defaults(handler=_cmd_routine)

    check = commands.add_parser("check", help="check the journal's integrity and backups")
    check.set_defaults(handler=_cmd_check)

    export = commands.add_parser("export", help="export the journal (JSON or CSV)")
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument(
        "--out", type=Path, required=True, help="file (json); folder or .zip file (csv)"
    )
    export.add_argument(
        "--rescue",
        action="store_true",
        help="export what can still be read from a damaged journal (exits 1 if damaged)",
    )
    export.set_defaults(handler=_cmd_export)

    import_ = commands.add_parser("import", help="import a JSON export (all or nothing)")
    import_.add_argument("path", type=Path)
    import_.set_defaults(handler=_cmd_import)

    report = commands.add_parser(
        "report",
        help="write a PDF summary for a clinician (default: the last 90 days)",
        description="Write a PDF report: a one-page summary, the charts and tables of "
        "check-ins and sessions. Without --days or dates it covers the last 90 days.",
    )
    report.add_argument("--out", type=Path, required=True, metavar="PATH.pdf")
    report.add_argument("--days", type=int, default=None, metavar="N", help="the last N days")
    report.add_argument("--from", dest="from_", default=None, metavar="YYYY-MM-DD")
    report.add_argument("--to", default=None, metavar="YYYY-MM-DD", help="default: today")
    report.add_argument("--name", default="", help="a name to print on the report (optional)")
    report.add_argument("--paper", choices=("a4", "letter"), default="a4")
    report.add_argument(
        "--sections",
        default="charts,check_ins,sessions,self_tests,routine",
        help="after the summary page, any of: charts, check_ins, sessions, self_tests, "
        "routine (comma-separated)",
    )
    report.set_defaults(handler=_cmd_report)

    backup = commands.add_parser("backup", help="back up the journal now")
    backup.set_defaults(handler=_cmd_backup)

    restore = commands.add_parser(
        "restore",
        help="replace the journal with a backup (default: the newest good one); "
        "the journal as it is is kept as another backup first",
    )
    restore.add_argument(
        "backup", nargs="?", type=Path, default=None, help="a backup file (see `check`)"
    )
    restore.set_defaults(handler=_cmd_restore)

    demo = commands.add_parser(
        "demo", help="write the synthetic demo journal to --db (never into your own journal)"
    )
    demo.add_argument("--replace", action="store_true", help="rewrite an existing demo journal")
    demo.set_defaults(handler=_cmd_demo)
    return parser


def run(argv: Sequence[str]) -> int:
    """Parse and run one command; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.self_test:
        from app.selftest import run_self_test

        return run_self_test()
    handler = getattr(args, "handler", _cmd_gui)
    from app.store.errors import StoreError

    try:
        return handler(args)
    except (UserError, ValidationError, StoreError) as error:
        print(f"reliefmap: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:
        print(f"reliefmap: {_failure_text(error, args)}", file=sys.stderr)
        return EXIT_FAILURE


def _failure_text(error: Exception, args: argparse.Namespace) -> str:
    """One line for a failure no check caught: a journal damaged in a way opening missed, a
    full disk, a read-only folder. It says what is wrong, not a guess."""
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    original = error.orig if isinstance(error, DBAPIError) else error
    text = str(original).splitlines()[0] if str(original) else type(original).__name__
    if isinstance(original, sqlite3.DatabaseError) and not isinstance(
        original, sqlite3.OperationalError
    ):
        return (
            f"The journal {_journal_path(args)} is damaged ({text}); nothing was written. "
            "Restore a backup (reliefmap restore) or open another file."
        )
    if isinstance(original, sqlite3.OperationalError | OSError):
        return f"Could not finish: {text}. Nothing was written."
    return f"Could not finish ({type(original).__name__}: {text}). Nothing was written."
