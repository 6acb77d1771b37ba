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
