#!/usr/bin/env bash
# Build the Pulumi YAML language host (`pulumi-language-yaml`) from the Go module proxy, into a cache
# outside the clone, keyed by version:
#
#   ${PULUMI_WOODPECKER_CACHE:-$HOME/.cache/pulumi-woodpecker}/pulumi-language-yaml-<version>/bin/
#
# Only the language host is built (not the rest of pulumi-yaml), from a throwaway wrapper module in a
# temp dir that requires github.com/pulumi/pulumi-yaml at one version, like build-pulumi.sh does for the
# CLI. It shares that script's Go module and build caches, so after the CLI was built most modules are
# already there and this takes a minute or two.
#
# Idempotent: when the binary exists it says it uses the cached build, prints the bin dir and exits 0.
# Last line of stdout = the bin dir. Progress goes to stderr: each phase with the elapsed time, the
# log's path, and a heartbeat line during long go steps.
#
# Environment:
#   PULUMI_WOODPECKER_CACHE      cache root (default $HOME/.cache/pulumi-woodpecker)
#   PULUMI_YAML_VERSION          pulumi-yaml version (default v1.25.0)
#   PULUMI_BUILD_HEARTBEAT       seconds between heartbeat lines during a go step (default 20)
set -euo pipefail

VERSION="${PULUMI_YAML_VERSION:-v1.25.0}"
[[ "$VERSION" == v* ]] || VERSION="v$VERSION"

CACHE="${PULUMI_WOODPECKER_CACHE:-$HOME/.cache/pulumi-woodpecker}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd -P)"
OUT="$CACHE/pulumi-language-yaml-$VERSION"
BIN="$OUT/bin"
LOG="$OUT/build.log"
MOD=github.com/pulumi/pulumi-yaml
TARGET="$MOD/cmd/pulumi-language-yaml"

if [[ -x "$BIN/pulumi-language-yaml" ]]; then
  echo "build-yaml: using the cached build of pulumi-language-yaml $VERSION in $BIN" >&2
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null || { echo "build-yaml: go is not on PATH: install Go (1.24.7 or later, what pulumi-yaml v1.25.0 declares) to build the Pulumi YAML language host" >&2; exit 1; }
BUILD_NAME=build-yaml
# shellcheck source=build-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/build-lib.sh"
go_env
mkdir -p "$BIN"
: >"$LOG"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-yaml-build.XXXXXX")"
trap 'stop_heartbeat; rm -rf "$WORK"' EXIT

echo "build-yaml: no cached build in $BIN: building pulumi-language-yaml $VERSION from the Go module proxy, once (1-5 minutes; later runs start at once)" >&2
echo "build-yaml: log: $LOG" >&2

cd "$WORK"
phase "downloading modules ($MOD $VERSION)"
run go mod init e2e.local/pulumi-yaml-build
run go get "$TARGET@$VERSION" || fail "go get $TARGET@$VERSION (is the Go module proxy reachable, and does it serve $MOD $VERSION?)"
phase "compiling the language host (go build)"
run go build -v -trimpath -ldflags "-s -w -X $MOD/pkg/version.Version=$VERSION" -o "$WORK/out/" "$TARGET" || fail "go build of $TARGET"
stop_heartbeat

echo "$TARGET@$VERSION" >"$WORK/out/LANGUAGE_HOST"
mv "$WORK/out/LANGUAGE_HOST" "$BIN/LANGUAGE_HOST"
mv "$WORK/out/pulumi-language-yaml" "$BIN/pulumi-language-yaml"
say "done: pulumi-language-yaml $VERSION is in $BIN"
echo "build-yaml: put it on PATH with: export PATH=\"$BIN:\$PATH\"" >&2
echo "$BIN"
