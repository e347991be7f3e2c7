#!/usr/bin/env bash
# The Go SDK's tests (test/go): go vet of the SDK and the test, then go test with any extra arguments,
# e.g. `npm run test:go -- -json` (what .ci/run counts). The Go module and build caches are the ones of
# the other Go builds (~/.cache/pulumi-woodpecker/go); a first run compiles Pulumi's Go SDK (minutes).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${PULUMI_WOODPECKER_CACHE:-$HOME/.cache/pulumi-woodpecker}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd -P)"
# shellcheck source=../e2e/build-lib.sh
source "$REPO_ROOT/scripts/e2e/build-lib.sh"
go_env
cd "$REPO_ROOT/test/go"
go vet . github.com/pulumi-woodpecker/pulumi-woodpecker/sdk/go/... >&2
exec go test -count=1 "$@" .
