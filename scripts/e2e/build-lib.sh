# Progress helpers shared by the build scripts (sourced, not run): each phase is announced with the
# elapsed time, and during a long go step a heartbeat line (elapsed time, log size, the log's last
# line) every PULUMI_BUILD_HEARTBEAT seconds, so a first build of several minutes never looks like a hang.
#
# The sourcing script sets BUILD_NAME (the prefix of every line) and LOG (the build log) first, and
# calls stop_heartbeat in its EXIT trap.

start=$(date +%s)
HEARTBEAT_PID=""

elapsed() { # time since the build started, e.g. 3m07s
  local s=$(($(date +%s) - start))
  if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}
say() { echo "$BUILD_NAME: [$(elapsed)] $*" >&2; }

stop_heartbeat() {
  if [[ -n "$HEARTBEAT_PID" ]]; then
    kill "$HEARTBEAT_PID" 2>/dev/null || true
    wait "$HEARTBEAT_PID" 2>/dev/null || true
    HEARTBEAT_PID=""
  fi
}

phase() { # announce a phase; until the next one, a heartbeat line every PULUMI_BUILD_HEARTBEAT seconds
  stop_heartbeat
  say "$1"
  local what="$1"
  (
    set +e
    # sleep gets no copy of stderr: a killed heartbeat must not keep the caller's pipe open
    while sleep "${PULUMI_BUILD_HEARTBEAT:-20}" </dev/null >/dev/null 2>&1; do
      last="$(tail -n 1 "$LOG" 2>/dev/null | cut -c1-100)"
      say "... still ${what%% (*}: log $(du -h "$LOG" 2>/dev/null | cut -f1), last line: ${last:-(empty)}"
    done
  ) &
  HEARTBEAT_PID=$!
}

fail() {
  stop_heartbeat
  echo "$BUILD_NAME: BUILD FAILED after $(elapsed): $1. Last lines of $LOG:" >&2
  tail -n 40 "$LOG" >&2
  exit 1
}

run() { # run a logged, niced command
  echo "+ $*" >>"$LOG"
  nice -n 10 "$@" >>"$LOG" 2>&1
}

go_env() { # the Go settings every build here uses: module and build caches under the cache root
  export GOMODCACHE="$CACHE/go/mod"
  export GOCACHE="$CACHE/go/build"
  export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
  export GOFLAGS="-modcacherw -p=2"
  export CGO_ENABLED=0
}
