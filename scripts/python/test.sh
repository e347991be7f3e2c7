#!/usr/bin/env bash
# The Python tests (test/python, pytest): makes the repository's environment (scripts/python/venv.sh),
# then runs pytest with any extra arguments, e.g. `npm run test:python -- -k secret --junitxml=out.xml`.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="$(bash "$REPO_ROOT/scripts/python/venv.sh" | tail -n 1)"
cd "$REPO_ROOT"
# no __pycache__ or .pytest_cache left in the tree
export PYTHONDONTWRITEBYTECODE=1
exec "$PY" -m pytest -p no:cacheprovider test/python "$@"
