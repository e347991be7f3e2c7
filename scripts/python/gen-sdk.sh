#!/usr/bin/env bash
# Generate the Python SDK (pulumi_woodpecker) from schema.json with Pulumi's own code generator:
#
#   bash scripts/python/gen-sdk.sh [out-dir]     (default sdk/python; `npm run gen` runs it)
#
# The generator is the small Go program in scripts/python/gen-sdk/, which calls
# github.com/pulumi/pulumi/pkg/v3/codegen/python at the CLI's version (its go.mod pins it). `pulumi
# package gen-sdk --language python` would make the same calls inside the Python language host, but
# the only host buildable here (sdk/v3 v3.68.0, see scripts/e2e/build-python-host.sh) predates that.
# The program is built once into a cache keyed by the hash of its sources, go.mod and go.sum:
#
#   ${PULUMI_WOODPECKER_CACHE:-$HOME/.cache/pulumi-woodpecker}/gen-python-<hash>/gen-python
#
# sharing the Go module and build caches of scripts/e2e/build-pulumi.sh (measured: with an empty cache
# 6 min 19 s on a loaded 2-core machine, 108 modules, 0.6 GB + 0.4 GB of cache; with the CLI build's
# caches warm about 40 s; once built, instant).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SRC="$REPO_ROOT/scripts/python/gen-sdk"
OUT_DIR="${1:-$REPO_ROOT/sdk/python}"
CACHE="${PULUMI_WOODPECKER_CACHE:-$HOME/.cache/pulumi-woodpecker}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd -P)"
HASH="$(cat "$SRC/go.mod" "$SRC/go.sum" "$SRC"/*.go | sha256sum | cut -c1-16)"
OUT="$CACHE/gen-python-$HASH"
GEN="$OUT/gen-python"
LOG="$OUT/build.log"

if [[ ! -x "$GEN" ]]; then
  command -v go >/dev/null || { echo "gen-sdk: go is not on PATH (needed to build the Python SDK generator)" >&2; exit 1; }
  BUILD_NAME=gen-sdk
  # shellcheck source=../e2e/build-lib.sh
  source "$REPO_ROOT/scripts/e2e/build-lib.sh"
  go_env
  mkdir -p "$OUT"
  : >"$LOG"
  trap 'stop_heartbeat' EXIT
  echo "gen-sdk: building the Python SDK generator (scripts/python/gen-sdk) once; log: $LOG" >&2
  # go build fetches the modules it needs (the ones pkg/v3's codegen imports) and compiles
  phase "downloading modules and compiling the generator (go build)"
  (cd "$SRC" && run go build -v -trimpath -o "$GEN.tmp" .) || fail "go build of scripts/python/gen-sdk"
  stop_heartbeat
  mv "$GEN.tmp" "$GEN"
  say "done: $GEN"
fi

"$GEN" "$REPO_ROOT/schema.json" "$OUT_DIR"
