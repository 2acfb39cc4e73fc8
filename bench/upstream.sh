#!/usr/bin/env bash
# The seed's study repeated against the real upstream GrafMuvi (Node.js/Express on Neo4j 3.5 with
# APOC), run by hand: the seed's locustfile (bench/locustfile.py SeedUser, Locust 2 port) and
# GrafMuviSimulation (its JVM started directly), same workload, against the same upstream instance,
# alternating (a warm-up round then ROUNDS counted rounds, bench/lib.sh run_rounds). Its table sits
# beside the seed's own (docs/benchmarks.md).
#
# Upstream is started by scripts/upstream.sh (the project's runner: a clone of upstream at a pinned
# commit, Neo4j 3.5.35 + APOC, seeded with the seed's graph), on the server core, and stopped at the
# end. Without a network, point it at a local git copy of GrafMuvi:
#   GRAFMUVI_UPSTREAM_SOURCE=/path/to/GrafMuvi.git bash bench/upstream.sh
# Or give the URL of a GrafMuvi that already runs (nothing is started or stopped then; loopback only):
#   UPSTREAM_URL=http://127.0.0.1:18080 bash bench/upstream.sh
#
#   bash bench/upstream.sh           1000 users arriving over 100 s (10/s), 5-9 s pauses, 160 s per run
#                                    (the seed: 30 min); 1 + 5 rounds, ~35 min plus upstream's start
#   bash bench/upstream.sh --quick   20 users over 2 s, 0.5-0.9 s pauses, 10 s per run; 1 + 2 rounds
# Env: ROUNDS, USERS, RAMP (s), DURATION (s), UPSTREAM_URL, UPSTREAM_SH (default scripts/upstream.sh),
#      UPSTREAM_GRAPH (seed), GRAFMUVI_UPSTREAM_* (read by scripts/upstream.sh), PIN, SERVER_CORE, INJECTOR_CORE.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

parse_mode "$@"
if [ $QUICK = 1 ]; then USERS="${USERS:-20}"; RAMP="${RAMP:-2}"; DURATION="${DURATION:-10}"; P_MIN=0.5; P_MAX=0.9; TAIL=1
else USERS="${USERS:-1000}"; RAMP="${RAMP:-100}"; DURATION="${DURATION:-160}"; P_MIN=5; P_MAX=9; TAIL=2; fi
seed_workload
UPSTREAM_SH="${UPSTREAM_SH:-$ROOT/scripts/upstream.sh}"
UPSTREAM_GRAPH="${UPSTREAM_GRAPH:-seed}"

need_pkgs python3:python3 /usr/bin/locust:python3-locust /usr/bin/time:time taskset:util-linux
ensure_build

STARTED_UPSTREAM=0
stop_upstream() {
  if [ "$STARTED_UPSTREAM" = 1 ]; then
    "$UPSTREAM_SH" stop || log "scripts/upstream.sh stop failed: check with $UPSTREAM_SH status"
    STARTED_UPSTREAM=0
  fi
}
trap 'stop_upstream; cleanup' EXIT

if [ -n "${UPSTREAM_URL:-}" ]; then
  [[ "$UPSTREAM_URL" =~ ^http://(127\.[0-9.]+|localhost|\[::1\])(:[0-9]+)?/?$ ]] \
    || die "UPSTREAM_URL=$UPSTREAM_URL: a loopback http URL only (http://127.0.0.1:<port>, localhost or [::1])"
  TARGET_URL="${UPSTREAM_URL%/}"
  TARGET="already running at $TARGET_URL (not started by this script)"
else
  [ -x "$UPSTREAM_SH" ] || die "no upstream runner at $UPSTREAM_SH: set UPSTREAM_SH to scripts/upstream.sh, or give UPSTREAM_URL"
  log "starting upstream GrafMuvi with $UPSTREAM_SH start $UPSTREAM_GRAPH (on the server core)"
  STARTED_UPSTREAM=1
  # shellcheck disable=SC2046
  TARGET_URL="$($(pin_server) "$UPSTREAM_SH" start "$UPSTREAM_GRAPH" | tail -n 1)"
  [[ "$TARGET_URL" =~ ^http://(127\.[0-9.]+|localhost|\[::1\]):[0-9]+$ ]] || die "scripts/upstream.sh start printed no loopback URL: '$TARGET_URL'"
  TARGET="upstream GrafMuvi at $TARGET_URL, graph $UPSTREAM_GRAPH, started by scripts/upstream.sh"
fi
$PY "$BENCH_DIR/bench.py" fetch "$TARGET_URL/status" /dev/null || die "no answer from $TARGET_URL/status"

meta_begin upstream users="#$USERS" ramp_s="#$RAMP" duration_s="#$DURATION" skip_s="#$SKIP" tail_s="#$TAIL" \
  pauses="$P_MIN-$P_MAX s" spawn_rate="$RATE users/s" closed_loop_limit_rps="#$LIMIT" target="$TARGET" \
  differences="the target on loopback on this machine (the seed: a VirtualBox VM over Wi-Fi); Neo4j 3.5.35 local on the same machine (the seed: hosted, GrapheneDB); runs of $DURATION s (the seed: 30 min); Locust 2 (the seed: Locust 0.x)"
# The app's and Neo4j's pids (scripts/upstream.sh status: "app: running (pid N)"), for their CPU-seconds.
SERVER_PIDS=""
if [ "$STARTED_UPSTREAM" = 1 ]; then
  "$UPSTREAM_SH" versions >"$OUT/upstream-versions.json" 2>/dev/null || log "no upstream versions (scripts/upstream.sh versions failed)"
  SERVER_PIDS="$("$UPSTREAM_SH" status | sed -n 's/.*running (pid \([0-9]*\)).*/\1/p' | paste -sd' ' -)"
  log "upstream pids (app and Neo4j): $SERVER_PIDS"
fi

locust() { seed_locust "$1" "$SERVER_PIDS" "$TARGET_URL"; }
gatling() { seed_gatling run_gatling "$1" "$SERVER_PIDS" "$TARGET_URL"; }

run_rounds locust gatling
stop_upstream
meta_end upstream
