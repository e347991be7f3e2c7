#!/usr/bin/env bash
# Build the Python language host (`pulumi-language-python`) from the Go module proxy, with its exec
# shim `pulumi-language-python-exec` beside it, into a cache outside the clone, keyed by version:
#
#   ${PULUMI_WOODPECKER_CACHE:-$HOME/.cache/pulumi-woodpecker}/pulumi-language-python-<version>/bin/
#
# The current host lives in its own nested module (github.com/pulumi/pulumi/sdk/python/cmd/
# pulumi-language-python/v3), which this workplace's proxy refuses (403). So, as build-pulumi.sh does
# for the Node.js host, this builds the last release that carried the host as a package INSIDE sdk/v3
# (sdk/v3 v3.68.0: github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python), from a
# throwaway wrapper module. That host runs a program through the exec shim next to its executable;
# the shim is a Python script in the same module folder, copied from the module cache.
#
# What that old host cannot do with the 3.248 CLI: it reads Pulumi.yaml's runtime options only from
# command-line flags, which the 3.248 CLI no longer passes (it sends them over RPC), so
# `options.virtualenv` is ignored. Point it at an interpreter instead: PULUMI_PYTHON_CMD=<venv>/bin/python
# (or that venv's bin first on PATH). It also has no GeneratePackage, so `pulumi package gen-sdk
# --language python` cannot use it (scripts/python/gen-sdk.sh generates the SDK instead).
#
# Idempotent: when the host exists it prints the bin dir and exits 0. Last line of stdout = the bin dir.
# Progress goes to stderr with the log's path (build-lib.sh).
#
# Environment:
#   PULUMI_WOODPECKER_CACHE      cache root (default $HOME/.cache/pulumi-woodpecker)
#   PULUMI_LANGHOST_FALLBACK     sdk/v3 version of the host (default v3.68.0, as for the Node.js host)
set -euo pipefail

VERSION="${PULUMI_LANGHOST_FALLBACK:-v3.68.0}"
[[ "$VERSION" == v* ]] || VERSION="v$VERSION"
CACHE="${PULUMI_WOODPECKER_CACHE:-$HOME/.cache/pulumi-woodpecker}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd -P)"
OUT="$CACHE/pulumi-language-python-$VERSION"
BIN="$OUT/bin"
LOG="$OUT/build.log"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

if [[ -x "$BIN/pulumi-language-python" && -x "$BIN/pulumi-language-python-exec" ]]; then
  echo "build-python-host: using the cached build of pulumi-language-python $VERSION in $BIN" >&2
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null || { echo "build-python-host: go is not on PATH" >&2; exit 1; }
BUILD_NAME=build-python-host
# shellcheck source=build-lib.sh
source "$REPO_ROOT/scripts/e2e/build-lib.sh"
go_env
mkdir -p "$BIN"
: >"$LOG"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-python-host.XXXXXX")"
trap 'stop_heartbeat; rm -rf "$WORK"' EXIT

SDK=github.com/pulumi/pulumi/sdk/v3
HOST="$SDK/python/cmd/pulumi-language-python"
echo "build-python-host: no cached build in $BIN: building the Python language host from sdk/v3 $VERSION, once (1-5 minutes)" >&2
echo "build-python-host: log: $LOG" >&2

cd "$WORK"
phase "downloading modules (sdk/v3 $VERSION)"
run go mod init e2e.local/pulumi-python-host
run go get "$HOST@$VERSION" || fail "go get $HOST@$VERSION"
phase "compiling the language host (go build)"
run go build -v -trimpath -tags osusergo,grpcnotrace -ldflags "-s -w -X $SDK/go/common/version.Version=$VERSION" \
  -o "$WORK/out/" "$HOST" || fail "go build of $HOST"
stop_heartbeat

# the exec shim, from the module just downloaded
SHIM="$(go list -m -f '{{.Dir}}' "$SDK")/python/cmd/pulumi-language-python-exec"
[[ -f "$SHIM" ]] || fail "the module sdk/v3 $VERSION has no python/cmd/pulumi-language-python-exec"
install -m 0755 "$SHIM" "$WORK/out/pulumi-language-python-exec"

# the host appears last: its presence means the build is complete
mv "$WORK/out/pulumi-language-python-exec" "$BIN/pulumi-language-python-exec"
mv "$WORK/out/pulumi-language-python" "$BIN/pulumi-language-python"
say "done: pulumi-language-python $VERSION is in $BIN"
echo "$BIN"
