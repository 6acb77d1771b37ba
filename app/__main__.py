"""Entry point: ``reliefmap`` / ``python -m app``. No sub-command opens the window."""

from __future__ import annotations

import sys

from app.cli import run


def main() -> None:
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
