#!/usr/bin/env bash
# Runs scripts/sdkgen (Pulumi's schema loader and SDK generators, github.com/pulumi/pulumi/pkg/v3 at the
# CLI's version, pinned in go.mod), building it first if needed:
#
#   bash scripts/sdkgen/run.sh validate <schema.json>
#   bash scripts/sdkgen/run.sh python <schema.json> <out-dir>
#   bash scripts/sdkgen/run.sh go <schema.json> <out-dir> <kinds-file>
#
# The program is built once into a cache keyed by the hash of its sources, go.mod and go.sum:
#
#   ${PULUMI_WOODPECKER_CACHE:-$HOME/.cache/pulumi-woodpecker}/sdkgen-<hash>/sdkgen
#
# sharing the Go module and build caches of scripts/e2e/build-pulumi.sh (measured: with an empty cache
# 6 min 19 s on a loaded 2-core machine, 108 modules, 0.6 GB + 0.4 GB of cache; with the CLI build's
# caches warm about 40 s; once built, instant).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SRC="$REPO_ROOT/scripts/sdkgen"
CACHE="${PULUMI_WOODPECKER_CACHE:-$HOME/.cache/pulumi-woodpecker}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd -P)"
HASH="$(cat "$SRC/go.mod" "$SRC/go.sum" "$SRC"/*.go | sha256sum | cut -c1-16)"
OUT="$CACHE/sdkgen-$HASH"
GEN="$OUT/sdkgen"
LOG="$OUT/build.log"

if [[ ! -x "$GEN" ]]; then
  command -v go >/dev/null || { echo "sdkgen: go is not on PATH (needed to build scripts/sdkgen)" >&2; exit 1; }
  BUILD_NAME=sdkgen
  # shellcheck source=../e2e/build-lib.sh
  source "$REPO_ROOT/scripts/e2e/build-lib.sh"
  go_env
  mkdir -p "$OUT"
  : >"$LOG"
  trap 'stop_heartbeat' EXIT
  echo "sdkgen: building Pulumi's schema loader and SDK generators (scripts/sdkgen) once; log: $LOG" >&2
  # go build fetches the modules it needs (the ones pkg/v3's codegen imports) and compiles
  phase "downloading modules and compiling the generator (go build)"
  (cd "$SRC" && run go build -v -trimpath -o "$GEN.tmp" .) || fail "go build of scripts/sdkgen"
  stop_heartbeat
  mv "$GEN.tmp" "$GEN"
  say "done: $GEN"
fi

exec "$GEN" "$@"
