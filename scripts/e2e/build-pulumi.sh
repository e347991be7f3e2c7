#!/usr/bin/env bash
# Build the real Pulumi CLI (`pulumi`) and a Node.js language host (`pulumi-language-nodejs`) from the
# Go module proxy, into a cache outside the clone, keyed by version:
#
#   ${PULUMI_WOODPECKER_CACHE:-$HOME/.cache/pulumi-woodpecker}/pulumi-<version>/bin/
#
# `go install pkg@version` is impossible (pkg/v3 and the language host's go.mod carry replace
# directives), so the binaries are built from a throwaway wrapper module in a temp dir that requires
# the modules at one version; replace directives of dependencies are ignored, which is why that works.
# The version is stamped with -X .../sdk/v3/go/common/version.Version (else `pulumi version` is empty).
#
# Language host: the current one lives in its own, never-tagged nested module
# (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), so it can only be required by
# pseudo-version at the commit of the pkg/ tag. This script tries that first. This workplace's proxy
# refuses that module (403), so it falls back to the last release where the language host was a
# package INSIDE sdk/v3 (sdk/v3 v3.68.0: github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs),
# built in a second wrapper module. The file `bin/LANGUAGE_HOST` records which one was built.
#
# The dynamic-provider plugin `pulumi-resource-pulumi-nodejs` is NOT built: it is a shell script
# shipped inside node_modules/@pulumi/pulumi, which scripts/e2e/pulumi-cli.ts (findOrBuildPulumi)
# copies next to `pulumi`, where the CLI's release archives have it.
#
# Idempotent: when both binaries exist it says it uses the cached build, prints the bin dir and exits 0.
# Last line of stdout = the bin dir. Progress goes to stderr: each phase with the elapsed time, the log's
# path, and a heartbeat line during long go steps (build-lib.sh), so a first build of several minutes
# never looks like a hang.
#
# Environment:
#   PULUMI_WOODPECKER_CACHE      cache root (default $HOME/.cache/pulumi-woodpecker)
#   PULUMI_CLI_VERSION           CLI version (default v3.248.0, the @pulumi/pulumi pin in package.json)
#   PULUMI_LANGHOST_FALLBACK     sdk/v3 version for the fallback language host (default v3.68.0)
#   PULUMI_BUILD_HEARTBEAT       seconds between heartbeat lines during a go step (default 20)
set -euo pipefail

VERSION="${PULUMI_CLI_VERSION:-v3.248.0}"
[[ "$VERSION" == v* ]] || VERSION="v$VERSION"
FALLBACK="${PULUMI_LANGHOST_FALLBACK:-v3.68.0}"

CACHE="${PULUMI_WOODPECKER_CACHE:-$HOME/.cache/pulumi-woodpecker}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd -P)"
OUT="$CACHE/pulumi-$VERSION"
BIN="$OUT/bin"
LOG="$OUT/build.log"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
say_path() {
  echo "build-pulumi: put the CLI, the language host and the dynamic-provider plugin on PATH with:" >&2
  echo "  export PATH=\"$BIN:$REPO_ROOT/node_modules/@pulumi/pulumi:\$PATH\"" >&2
  echo "build-pulumi: language host: $(cat "$BIN/LANGUAGE_HOST" 2>/dev/null || echo unknown)" >&2
  echo "$BIN"
}

if [[ -x "$BIN/pulumi" && -x "$BIN/pulumi-language-nodejs" ]]; then
  echo "build-pulumi: using the cached build of pulumi $VERSION in $BIN" >&2
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null || { echo "build-pulumi: go is not on PATH" >&2; exit 1; }
BUILD_NAME=build-pulumi
# shellcheck source=build-lib.sh
source "$REPO_ROOT/scripts/e2e/build-lib.sh"
go_env
mkdir -p "$BIN"
: >"$LOG"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-build.XXXXXX")"
trap 'stop_heartbeat; rm -rf "$WORK"' EXIT

PKG=github.com/pulumi/pulumi/pkg/v3
SDK=github.com/pulumi/pulumi/sdk/v3
LH_MOD=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
BUILD_FLAGS=(-trimpath -tags osusergo,grpcnotrace)
stamp() { echo "-s -w -X $SDK/go/common/version.Version=$1"; }

echo "build-pulumi: no cached build in $BIN: building pulumi $VERSION and its Node.js language host from the Go module proxy, once (3-10 minutes; later runs start at once)" >&2
echo "build-pulumi: log: $LOG" >&2

# --- 1. the CLI, plus the current language host when the proxy serves it ---
mkdir -p "$WORK/cli"
cd "$WORK/cli"
phase "downloading modules (pkg/v3 and sdk/v3 $VERSION)"
run go mod init e2e.local/pulumi-build
# `go get` of the PACKAGE (not just the module) also records go.sum lines for all it imports
run go get "$PKG/cmd/pulumi@$VERSION" "$SDK@$VERSION" || fail "go get $PKG/cmd/pulumi@$VERSION"

LH_OK=""
# The tag's commit is reported under Origin.Hash only when the .info is fetched fresh (a cached .info
# written by `go get` lacks Origin), so ask with a throwaway module cache.
COMMIT="$(GOMODCACHE="$WORK/probe-modcache" go list -m -json "$PKG@$VERSION" 2>>"$LOG" |
  sed -n 's/.*"Hash": *"\([0-9a-f]*\)".*/\1/p' | head -n1 || true)"
echo "pkg/$VERSION commit: ${COMMIT:-unknown}" >>"$LOG"
if [[ -n "$COMMIT" ]] && run go get "$LH_MOD@${COMMIT:0:12}"; then
  # the language host's own minimums must not lift pkg/sdk above the CLI's version
  run go get "$PKG/cmd/pulumi@$VERSION" "$SDK@$VERSION" || true
  LH_OK=1
else
  echo "build-pulumi: the proxy does not serve $LH_MOD at ${COMMIT:0:12} (commit of pkg/$VERSION${COMMIT:+ }${COMMIT:-: unknown}); falling back to sdk/v3 $FALLBACK" >&2
fi

TARGETS=("$PKG/cmd/pulumi")
[[ -n "$LH_OK" ]] && TARGETS+=("$LH_MOD")
phase "compiling the CLI${LH_OK:+ and the language host} (go build)"
# -v names each package as it is compiled: the heartbeat shows how far it got
run go build -v "${BUILD_FLAGS[@]}" -ldflags "$(stamp "$VERSION")" -o "$WORK/out/" "${TARGETS[@]}" ||
  fail "go build of ${TARGETS[*]}"
stop_heartbeat
say "CLI compiled"

# --- 2. fallback language host from sdk/v3 (the last release with it inside sdk/v3) ---
if [[ -n "$LH_OK" ]]; then
  echo "$LH_MOD@${COMMIT:0:12} (same commit as pkg/$VERSION)" >"$WORK/out/LANGUAGE_HOST"
else
  mkdir -p "$WORK/lh"
  cd "$WORK/lh"
  phase "downloading modules of the fallback language host (sdk/v3 $FALLBACK)"
  run go mod init e2e.local/pulumi-langhost
  run go get "$SDK/nodejs/cmd/pulumi-language-nodejs@$FALLBACK" || fail "go get the fallback language host"
  phase "compiling the fallback language host (go build)"
  run go build -v "${BUILD_FLAGS[@]}" -ldflags "$(stamp "$FALLBACK")" -o "$WORK/out/" "$SDK/nodejs/cmd/pulumi-language-nodejs" ||
    fail "go build of the fallback language host"
  echo "$SDK/nodejs/cmd/pulumi-language-nodejs@$FALLBACK (fallback: the proxy refuses $LH_MOD)" >"$WORK/out/LANGUAGE_HOST"
  stop_heartbeat
fi

# install atomically-ish: the binaries appear only when both were built
mv "$WORK/out/LANGUAGE_HOST" "$BIN/LANGUAGE_HOST"
mv "$WORK/out/pulumi-language-nodejs" "$BIN/pulumi-language-nodejs"
mv "$WORK/out/pulumi" "$BIN/pulumi"
say "done: pulumi $VERSION is in $BIN"
say_path
