#!/usr/bin/env bash
# Build the real Woodpecker server (v3.17.x) from its Go module, with cgo (SQLite) and the
# `external_web` build tag, into a cache outside the clone, keyed by version:
#
#   ${PULUMI_WOODPECKER_CACHE:-$HOME/.cache/pulumi-woodpecker}/woodpecker-server-<version>/woodpecker-server
#
# The web UI is not built. With `external_web`, the server reads index.html from a folder whose path
# is baked in at link time (-X .../web.webUIRoot=...). We bake <cache>/woodpecker-server-<version>/www
# and write a stub index.html there, so unknown routes are answered by the real server's own NoRoute
# handler (200 text/html), exactly as in production. (WOODPECKER_DEV_WWW_PROXY would instead proxy
# unknown routes, /api typos included, to another URL: a 502 when nothing listens there.)
#
# Idempotent: if the binary exists it prints its path and exits 0. The last line printed is the
# binary's path. GOMODCACHE and GOCACHE live under the cache dir too, so a rebuild is quick.
#
# Environment:
#   PULUMI_WOODPECKER_CACHE  cache root (default $HOME/.cache/pulumi-woodpecker)
#   WOODPECKER_VERSION       exact version, e.g. v3.17.0 (default: newest v3.17.x the proxy lists)
#   WOODPECKER_SERVER_BIN    use this prebuilt server binary instead of building (printed as is)
set -euo pipefail

MODULE=go.woodpecker-ci.org/woodpecker/v3
SERIES=v3.17.

if [[ -n "${WOODPECKER_SERVER_BIN:-}" ]]; then
  if [[ -x "$WOODPECKER_SERVER_BIN" ]]; then
    echo "$WOODPECKER_SERVER_BIN"
    exit 0
  fi
  echo "build-woodpecker: WOODPECKER_SERVER_BIN=$WOODPECKER_SERVER_BIN is not an executable file" >&2
  exit 1
fi

CACHE="${PULUMI_WOODPECKER_CACHE:-$HOME/.cache/pulumi-woodpecker}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd -P)"

export GOMODCACHE="$CACHE/go/mod"
export GOCACHE="$CACHE/go/build"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
export GOFLAGS="-modcacherw -p=2"
export CGO_ENABLED=1

# Fast path: a cached binary for an explicitly requested version needs no network at all.
if [[ -n "${WOODPECKER_VERSION:-}" ]]; then
  VERSION="$WOODPECKER_VERSION"
  [[ "$VERSION" == v* ]] || VERSION="v$VERSION"
else
  # Newest cached 3.17 build, if any: avoids asking the proxy on every run.
  VERSION="$(ls -d "$CACHE"/woodpecker-server-${SERIES}* 2>/dev/null | sed 's#.*/woodpecker-server-##' | sort -V | tail -n1 || true)"
  if [[ -z "$VERSION" || ! -x "$CACHE/woodpecker-server-$VERSION/woodpecker-server" ]]; then
    VERSION=""
    if ! LIST="$(go list -m -versions "$MODULE" 2>&1)"; then
      cat >&2 <<EOF
build-woodpecker: FAILED to list versions of $MODULE from the Go module proxy:
$LIST

The proxy refuses this module (measured on this workplace: 403 Forbidden, "This module version is
not available", for @v/list and for every explicit version tried, v3.16.0..v3.17.2, and for the
github.com/woodpecker-ci/woodpecker path). The real server cannot be built from the proxy here.
Set WOODPECKER_SERVER_BIN to a prebuilt woodpecker-server binary (built with -tags external_web and
cgo) to run the real-server tests anyway.
EOF
      exit 2
    fi
    VERSION="$(tr ' ' '\n' <<<"$LIST" | grep "^${SERIES//./\\.}" | sort -V | tail -n1 || true)"
    if [[ -z "$VERSION" ]]; then
      echo "build-woodpecker: the proxy lists no ${SERIES}x version of $MODULE: $LIST" >&2
      exit 2
    fi
  fi
fi

OUT="$CACHE/woodpecker-server-$VERSION"
BIN="$OUT/woodpecker-server"
WWW="$OUT/www"

write_stub_www() {
  mkdir -p "$WWW"
  if [[ ! -f "$WWW/index.html" ]]; then
    cat >"$WWW/index.html" <<'HTML'
<!doctype html>
<html><head><meta charset="utf-8"><title>Woodpecker (e2e stub UI)</title>
<link rel="stylesheet" href="/assets/custom.css"><script src="/assets/custom.js"></script></head>
<body>woodpecker e2e stub index.html</body></html>
HTML
  fi
}

if [[ -x "$BIN" ]]; then
  write_stub_www
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null || { echo "build-woodpecker: go is not on PATH" >&2; exit 1; }
command -v gcc >/dev/null || command -v cc >/dev/null || {
  echo "build-woodpecker: cgo needs a C compiler (apt-get install -y gcc)" >&2
  exit 1
}

mkdir -p "$OUT"
write_stub_www
LOG="$OUT/build.log"
TMPBIN="$(mktemp -d "${TMPDIR:-/tmp}/wp-build.XXXXXX")"
trap 'rm -rf "$TMPBIN"' EXIT

echo "build-woodpecker: building $MODULE/cmd/server@$VERSION (cgo, -tags external_web); log: $LOG" >&2
start=$(date +%s)
set +e
(
  cd "$TMPBIN" &&
    GOBIN="$TMPBIN" nice -n 10 go install \
      -tags "external_web sqlite sqlite_unlock_notify netgo" \
      -ldflags "-s -w -X $MODULE/version.Version=${VERSION#v} -X $MODULE/web.webUIRoot=$WWW" \
      "$MODULE/cmd/server@$VERSION"
) >"$LOG" 2>&1
rc=$?
set -e
if [[ $rc -ne 0 || ! -x "$TMPBIN/server" ]]; then
  echo "build-woodpecker: BUILD FAILED (exit $rc). Last lines of $LOG:" >&2
  tail -n 40 "$LOG" >&2
  exit 1
fi
mv "$TMPBIN/server" "$BIN"
echo "build-woodpecker: built in $(($(date +%s) - start))s" >&2
echo "$BIN"
