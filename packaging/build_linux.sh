#!/usr/bin/env bash
# Build the self-contained Linux bundle dist/reliefmap/ (run `dist/reliefmap/reliefmap`).
#
#   packaging/build_linux.sh            # from any folder; PYTHON=python3.12 to choose the Python
#
# Uses its own virtual environment (build/pyinstaller-venv) with PyInstaller pinned and the app's
# runtime dependencies read from pyproject.toml, so the developer .venv is never touched and the
# bundle carries no test tools. Then checks the bundle (packaging/check_bundle.sh).
set -euo pipefail

PYINSTALLER_VERSION=6.22.3
HOOKS_CONTRIB_VERSION=2026.9

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
BUILD_VENV="${BUILD_VENV:-$ROOT/build/pyinstaller-venv}"
cd "$ROOT"

start=$(date +%s)
if [[ ! -x "$BUILD_VENV/bin/python" ]]; then
    echo "== build venv: $BUILD_VENV ($("$PYTHON" --version))"
    "$PYTHON" -m venv "$BUILD_VENV"
fi
mkdir -p build
"$BUILD_VENV/bin/python" - > build/requirements-bundle.txt <<'EOF'
import tomllib
with open("pyproject.toml", "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["dependencies"]))
EOF
echo "== dependencies: $(tr '\n' ' ' < build/requirements-bundle.txt)"
"$BUILD_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r build/requirements-bundle.txt \
    "pyinstaller==$PYINSTALLER_VERSION" "pyinstaller-hooks-contrib==$HOOKS_CONTRIB_VERSION"

echo "== pyinstaller $PYINSTALLER_VERSION"
rm -rf dist/reliefmap build/reliefmap
"$BUILD_VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build packaging/reliefmap.spec
end=$(date +%s)

echo "== built dist/reliefmap in $((end - start)) s, $(du -sh dist/reliefmap | cut -f1)"
"$ROOT/packaging/check_bundle.sh" dist/reliefmap
