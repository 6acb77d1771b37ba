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
    from app.domain.suggest import (
        Engine,
        SuggestionRequest,
        parse_mark_spec,
        parse_tight_spec,
    )
    from app.store.knowledge_db import open_knowledge

    kb = open_knowledge()
    marks = tuple(parse_mark_spec(spec) for spec in args.mark)
    tight = tuple(parse_tight_spec(spec, kb.muscles) for spec in args.tight)
    request = SuggestionRequest(
        marks=marks, tight_muscles=tight, flags=frozenset(args.flag), pregnant=args.pregnant
    )
    result = Engine(kb, default_catalog()).suggest(request)
    if args.json:
        json.dump(result.to_json_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(format_suggestions(result))
    return EXIT_OK


def format_suggestions(result: object) -> str:
    """The same result as a readable table for the terminal."""
    from app.domain.suggest import Suggestions

    assert isinstance(result, Suggestions)
    lines: list[str] = []
    if result.seek_care:
        lines.append("SEEK MEDICAL CARE NOW")
        lines.extend(f"  ! {hit.advice}" for hit in result.red_flags if hit.urgent)
        return "\n".join(lines)
    lines.append("Trigger points")
    for item in result.trigger_points:
        lines.append(f"  {item.score:4.2f}  {item.label} ({item.side}): {item.reason}")
    if not result.trigger_points:
        lines.append("  (mark where it hurts to see suggestions)")
    lines.append("Acupressure points")
    for point in result.acupoints:
        lines.append(
            f"  {point.score:4.2f}  {point.code} {point.name} ({point.side}): {point.reason}"
        )
    lines.append(f"Exercises ({result.phase} phase, in this order)")
    for exercise in result.exercises:
        lines.append(f"  {exercise.step}. {exercise.name}: {exercise.reason}")
    for hit in result.red_flags:
        lines.append(f"Red flag ({'urgent' if hit.urgent else 'soon'}): {hit.advice}")
    for note in result.notes:
        lines.append(f"Note: {note}")
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
    suggest.add_argument("--flag", action="append", default=[], metavar="SYMPTOM")
    suggest.add_argument("--pregnant", action="store_true", help="hide points to avoid")
    suggest.add_argument("--json", action="store_true", help="print JSON")
    suggest.set_defaults(handler=_cmd_suggest)
    return parser


def run(argv: Sequence[str]) -> int:
    """Parse and run one command; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exit_:
        return int(exit_.code or 0)
    handler = getattr(args, "handler", _cmd_gui)
    try:
        return handler(args)
    except (UserError, ValidationError) as error:
        print(f"reliefmap: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
