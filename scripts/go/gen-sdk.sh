#!/usr/bin/env bash
# Generate the Go SDK (sdk/go) from schema.json with Pulumi's own code generator (scripts/sdkgen, built
# once into ~/.cache/pulumi-woodpecker), and the Go test's table of constructors (test/go/kinds_test.go):
#
#   bash scripts/go/gen-sdk.sh [out-dir] [kinds-file]     (defaults sdk/go, test/go/kinds_test.go; `npm run gen` runs it)
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec bash "$REPO_ROOT/scripts/sdkgen/run.sh" go "$REPO_ROOT/schema.json" "${1:-$REPO_ROOT/sdk/go}" "${2:-$REPO_ROOT/test/go/kinds_test.go}"
