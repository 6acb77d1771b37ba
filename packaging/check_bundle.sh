#!/usr/bin/env bash
# Check a built bundle works on this machine, headless: --version, then --self-test.
#
#   packaging/check_bundle.sh [BUNDLE_DIR]      # default: dist/reliefmap
#
# Runs with an empty environment apart from PATH/HOME/locale, so the bundle cannot lean on the
# developer's virtualenv or PYTHONPATH. Exit status 0 only when both checks pass.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUNDLE="${1:-$ROOT/dist/reliefmap}"
EXE="$BUNDLE/reliefmap"
if [[ ! -x "$EXE" ]]; then
    echo "no bundle at $BUNDLE (build it with packaging/build_linux.sh)" >&2
    exit 1
fi
run() {
    env -i PATH=/usr/bin:/bin HOME="$HOME" LANG="${LANG:-C.UTF-8}" QT_QPA_PLATFORM=offscreen "$@"
}

expected="ReliefMap $(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/app/__init__.py")"
version="$(run "$EXE" --version)"
if [[ "$version" != "$expected" ]]; then
    echo "FAILED --version: got '$version', expected '$expected'" >&2
    exit 1
fi
echo "ok --version: $version"

start_ms=$(($(date +%s%N) / 1000000))
run "$EXE" --self-test
echo "ok --self-test in $(( $(date +%s%N) / 1000000 - start_ms )) ms"
