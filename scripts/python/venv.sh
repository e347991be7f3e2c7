#!/usr/bin/env bash
# Create or refresh the repository's Python environment and print its interpreter's path (last line):
#
#   bash scripts/python/venv.sh        -> <repo>/.venv/bin/python (ignored by git)
#
# It installs scripts/python/requirements.txt (pinned: pulumi, pytest, mypy, setuptools, ...) from
# PyPI, then the SDK as a user would, `pip install ./sdk/python`. A stamp of the requirements and of
# the SDK's files skips both when nothing changed, so a second run is instant.
#
# Environment:
#   PULUMI_WOODPECKER_VENV   the environment's folder (default <repo>/.venv)
#   PYTHON                   the interpreter that creates it (default python3; 3.9 or later)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${PULUMI_WOODPECKER_VENV:-$REPO_ROOT/.venv}"
REQUIREMENTS="$REPO_ROOT/scripts/python/requirements.txt"
SDK="$REPO_ROOT/sdk/python"
PY="$VENV/bin/python"
say() { echo "python-venv: $*" >&2; }

stamp() { # what the environment was made from: the requirements and the SDK's files
  (cd "$REPO_ROOT" && find scripts/python/requirements.txt sdk/python -type f \
    -not -path '*/__pycache__/*' -not -path '*.egg-info/*' -not -path '*/build/*' -print0 |
    sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
}
want="$(stamp)"

if [[ -x "$PY" && "$(cat "$VENV/.stamp" 2>/dev/null)" == "$want" ]]; then
  echo "$PY"
  exit 0
fi

if [[ ! -x "$PY" ]]; then
  say "creating $VENV"
  "${PYTHON:-python3}" -m venv "$VENV" || { say "FAILED: ${PYTHON:-python3} -m venv $VENV"; exit 1; }
fi
rm -f "$VENV/.stamp"
pip=("$PY" -m pip --disable-pip-version-check --no-input -q)
say "installing scripts/python/requirements.txt"
"${pip[@]}" install -r "$REQUIREMENTS" || { say "FAILED: pip install -r scripts/python/requirements.txt"; exit 1; }
say "installing the SDK: pip install ./sdk/python"
# the build backend comes from the environment (setuptools is pinned above), not from a fresh download
"${pip[@]}" install --no-build-isolation --force-reinstall --no-deps "$SDK" || { say "FAILED: pip install ./sdk/python"; exit 1; }
"${pip[@]}" check || { say "FAILED: pip check: the SDK's dependencies do not match the environment"; exit 1; }
rm -rf "$SDK/build" "$SDK"/*.egg-info
echo "$want" >"$VENV/.stamp"
echo "$PY"
