"""The entry point's shortcut to the window agrees with the full command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.__main__ import window_request
from app.cli import build_parser

WINDOW_ONLY = [
    [],
    ["--db", "journal.sqlite3"],
    ["--db", "/tmp/my journal.sqlite3"],
    ["--db", "demo"],  # a sub-command's name is still the option's value
    ["--db=journal.sqlite3"],
    ["--db=-odd-name.sqlite3"],  # after "=", argparse takes anything as the value
]

NOT_THE_SHORTCUT = [
    ["--help"],
    ["--version"],
    ["--self-test"],
    ["regions"],
    ["--db", "j.sqlite3", "check"],
    ["check", "--db", "j.sqlite3"],
    ["--db"],
    ["--db", ""],
    ["--db", "-"],
    ["--db", "--help"],
    ["--db="],
    ["--d", "j.sqlite3"],  # an abbreviation argparse accepts: left to argparse
    ["--db", "a", "--db", "b"],
]


@pytest.mark.parametrize("argv", WINDOW_ONLY)
def test_the_shortcut_opens_the_window_on_the_path_the_cli_would_use(argv):
    wants_window, db = window_request(argv)
    args = build_parser().parse_args(argv)

    assert wants_window
    assert not hasattr(args, "handler")  # the CLI, too, would open the window
    assert not args.self_test
    assert db == args.db
    assert db is None or isinstance(db, Path)


@pytest.mark.parametrize("argv", NOT_THE_SHORTCUT)
def test_everything_else_goes_through_the_cli(argv):
    assert window_request(argv) == (False, None)
