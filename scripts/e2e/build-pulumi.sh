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
# shipped inside node_modules/@pulumi/pulumi; put that folder on PATH too.
#
# Idempotent: when both binaries exist it prints the bin dir and exits 0. Last line = the bin dir.
#
# Environment:
#   PULUMI_WOODPECKER_CACHE      cache root (default $HOME/.cache/pulumi-woodpecker)
#   PULUMI_CLI_VERSION           CLI version (default v3.248.0, the @pulumi/pulumi pin in package.json)
#   PULUMI_LANGHOST_FALLBACK     sdk/v3 version for the fallback language host (default v3.68.0)
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
  say_path
  exit 0
fi

command -v go >/dev/null || { echo "build-pulumi: go is not on PATH" >&2; exit 1; }
export GOMODCACHE="$CACHE/go/mod"
export GOCACHE="$CACHE/go/build"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
export GOFLAGS="-modcacherw -p=2"
export CGO_ENABLED=0
mkdir -p "$BIN"
: >"$LOG"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

fail() {
  echo "build-pulumi: BUILD FAILED: $1. Last lines of $LOG:" >&2
  tail -n 40 "$LOG" >&2
  exit 1
}

run() { # run a logged, niced command
  echo "+ $*" >>"$LOG"
  nice -n 10 "$@" >>"$LOG" 2>&1
}

PKG=github.com/pulumi/pulumi/pkg/v3
SDK=github.com/pulumi/pulumi/sdk/v3
LH_MOD=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
BUILD_FLAGS=(-trimpath -tags osusergo,grpcnotrace)
stamp() { echo "-s -w -X $SDK/go/common/version.Version=$1"; }

start=$(date +%s)
echo "build-pulumi: building pulumi $VERSION (log: $LOG)" >&2

# --- 1. the CLI, plus the current language host when the proxy serves it ---
mkdir -p "$WORK/cli"
cd "$WORK/cli"
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
run go build "${BUILD_FLAGS[@]}" -ldflags "$(stamp "$VERSION")" -o "$WORK/out/" "${TARGETS[@]}" ||
  fail "go build of ${TARGETS[*]}"
echo "build-pulumi: CLI built after $(($(date +%s) - start))s" >&2

# --- 2. fallback language host from sdk/v3 (the last release with it inside sdk/v3) ---
if [[ -n "$LH_OK" ]]; then
  echo "$LH_MOD@${COMMIT:0:12} (same commit as pkg/$VERSION)" >"$WORK/out/LANGUAGE_HOST"
else
  mkdir -p "$WORK/lh"
  cd "$WORK/lh"
  run go mod init e2e.local/pulumi-langhost
  run go get "$SDK/nodejs/cmd/pulumi-language-nodejs@$FALLBACK" || fail "go get the fallback language host"
  run go build "${BUILD_FLAGS[@]}" -ldflags "$(stamp "$FALLBACK")" -o "$WORK/out/" "$SDK/nodejs/cmd/pulumi-language-nodejs" ||
    fail "go build of the fallback language host"
  echo "$SDK/nodejs/cmd/pulumi-language-nodejs@$FALLBACK (fallback: the proxy refuses $LH_MOD)" >"$WORK/out/LANGUAGE_HOST"
fi

# install atomically-ish: the binaries appear only when both were built
mv "$WORK/out/LANGUAGE_HOST" "$BIN/LANGUAGE_HOST"
mv "$WORK/out/pulumi-language-nodejs" "$BIN/pulumi-language-nodejs"
mv "$WORK/out/pulumi" "$BIN/pulumi"
echo "build-pulumi: done in $(($(date +%s) - start))s" >&2
say_path
