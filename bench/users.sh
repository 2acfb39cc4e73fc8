#!/usr/bin/env bash
# How many of the seed's users can GrafMuvi handle on this machine? The users profile (levels of the
# seed's looping users, each judged on its steady window; the run stops after the first level that
# did not keep up) as a user runs it, ./mvnw gatling:test (bench/lib.sh run_gatling_mvn), once per
# round: a warm-up round then ROUNDS counted rounds (bench/lib.sh run_rounds, one step: nothing
# alternates, the rounds give the spread). Unpinned (PIN=0): the injector and the target share both
# cores, as they do when a user runs it.
#
#   TARGET=embedded (default)  the API inside the Gatling JVM; its CPU per level is the machine's less
#                              the injector's (summary.json levels[])
#   TARGET=http://127.0.0.1:18080   a GrafMuvi already running there (the real one: scripts/upstream.sh
#                              start); its processes' CPU is sampled once a second (bench.py cpu-sample)
#                              and each level's window gets its share. Processes: TARGET_PIDS
#                              ("app=PID neo4j=PID"), else `scripts/upstream.sh status` (with the
#                              GRAFMUVI_UPSTREAM_* it reads), else whoever listens on the target's port
#                              (app) and on 127.0.0.1:7687 (neo4j). Nothing is started or stopped.
#
# Before each run (full mode) the script waits until the 1-minute load average is below MAX_LOAD
# (1.5; polling every 30 s, at most 30 min; other builds share this machine), and records it. The
# soft open-files limit is raised to the hard one: each looping user holds one connection (two with
# the embedded API in the same JVM), and the run's pre-flight refuses a top level beyond the limit.
#
#   TARGET=http://127.0.0.1:18080 bash bench/users.sh   2000 users, +1000 a level, up to 15,000;
#                                   1 + 3 rounds, up to ~38 min (a run stops at its first miss)
#   bash bench/users.sh             embedded: 1000 users, +1000 a level, up to 9,000 (open files:
#                                   2 x 9,000 + 300 <= 20,000); 1 + 3 rounds, ~28 min
#   bash bench/users.sh --quick     embedded only: 10 and 20 users, 2 s ramp, 3 s held, 0.5-0.9 s
#                                   pauses; 1 + 2 rounds, ~1 min
# Each level: RAMP (10 s) for its new users, then LEVEL_DURATION (30 s) held; pauses 5-9 s (the seed's).
# Env: TARGET, START, STEP, LEVELS, RAMP (s), LEVEL_DURATION (s), ROUNDS (3), MAX_LOAD (0 skips the
#      wait), LIVE (grafmuvi.live.enabled: auto), TARGET_PIDS, UPSTREAM_SH, MVN_OFFLINE=1 (Maven -o), PIN (0).
PIN="${PIN:-0}"
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

ROUNDS_GIVEN="${ROUNDS:-}"
parse_mode "$@"
[ $QUICK = 1 ] || ROUNDS="${ROUNDS_GIVEN:-3}"
TARGET="${TARGET:-embedded}"
if [ $QUICK = 1 ]; then
  [ "$TARGET" = embedded ] || die "--quick runs against the embedded API only (TARGET=$TARGET)"
  START="${START:-10}"; STEP="${STEP:-10}"; LEVELS="${LEVELS:-2}"; RAMP="${RAMP:-2}"; LEVEL_DURATION="${LEVEL_DURATION:-3}"
  P_MIN=500ms; P_MAX=900ms; PAUSES="0.5-0.9 s"
elif [ "$TARGET" = embedded ]; then
  START="${START:-1000}"; STEP="${STEP:-1000}"; LEVELS="${LEVELS:-9}"
else
  START="${START:-2000}"; STEP="${STEP:-1000}"; LEVELS="${LEVELS:-14}"
fi
RAMP="${RAMP:-10}"; LEVEL_DURATION="${LEVEL_DURATION:-30}"
P_MIN="${P_MIN:-5s}"; P_MAX="${P_MAX:-9s}"; PAUSES="${PAUSES:-5-9 s}"
MAX_LOAD="${MAX_LOAD:-1.5}"
LIVE="${LIVE:-auto}"
TOP=$(( START + STEP * (LEVELS - 1) ))

if [ "$TARGET" = embedded ]; then
  TARGET_KIND=embedded; BASE_URL=embedded; TARGET_TEXT="the embedded API (in the Gatling JVM)"
else
  [[ "$TARGET" =~ ^http://(127\.[0-9.]+|localhost|\[::1\])(:[0-9]+)?/?$ ]] \
    || die "TARGET=$TARGET: embedded, or a loopback http URL (http://127.0.0.1:<port>, localhost or [::1])"
  TARGET_KIND=url; BASE_URL="${TARGET%/}"; TARGET_TEXT="$BASE_URL (already running, not started by this script)"
  $PY "$BENCH_DIR/bench.py" fetch "$BASE_URL/status" /dev/null || die "no answer from $BASE_URL/status"
fi

# Open files: one per looping user (two with the embedded API in this JVM) plus ~300 for the JVM.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
NOFILE="$(ulimit -n)"

need_pkgs python3:python3 /usr/bin/time:time
ensure_build

# The target's processes, for their CPU: NAME=PID words.
SAMPLED=""
if [ "$TARGET_KIND" = url ]; then
  if [ -n "${TARGET_PIDS:-}" ]; then
    SAMPLED="$TARGET_PIDS"
  else
    UPSTREAM_SH="${UPSTREAM_SH:-$ROOT/scripts/upstream.sh}"
    status="$("$UPSTREAM_SH" status 2>/dev/null || true)"
    app="$(sed -n 's/^app: running (pid \([0-9]*\)).*/\1/p' <<<"$status")"
    neo="$(sed -n 's/^neo4j: running (pid \([0-9]*\)).*/\1/p' <<<"$status")"
    port="${BASE_URL##*:}"; [[ "$port" =~ ^[0-9]+$ ]] || port=80
    listener() { ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n1; }
    [ -n "$app" ] || app="$(listener "$port")"
    [ -n "$neo" ] || neo="$(listener 7687)"
    SAMPLED="${app:+app=$app}${neo:+ neo4j=$neo}"
  fi
  [ -n "$SAMPLED" ] || die "cannot tell the target's processes: give TARGET_PIDS=\"app=PID neo4j=PID\""
  for w in $SAMPLED; do
    if ! [[ "$w" =~ ^[A-Za-z0-9_-]+=([0-9]+)$ ]] || ! kill -0 "${BASH_REMATCH[1]}" 2>/dev/null; then
      die "TARGET_PIDS: $w is not NAME=PID of a running process"
    fi
  done
  log "target processes sampled: $SAMPLED"
fi
SERVER_PIDS="$(for w in $SAMPLED; do printf '%s ' "${w#*=}"; done)"

meta_begin users target="$TARGET_TEXT" target_kind="$TARGET_KIND" start_users="#$START" step_users="#$STEP" \
  levels="#$LEVELS" top_users="#$TOP" levels_text="$START to $TOP users in $LEVELS levels of $STEP more" \
  ramp_s="#$RAMP" level_duration_s="#$LEVEL_DURATION" pauses="$PAUSES" live="$LIVE" open_files_limit="#$NOFILE" \
  target_processes="$SAMPLED" max_load="$MAX_LOAD" \
  launcher="./mvnw gatling:test (bench/lib.sh run_gatling_mvn), unpinned"
if [ "$TARGET_KIND" = url ] && [ -x "${UPSTREAM_SH:-}" ]; then
  "$UPSTREAM_SH" versions >"$OUT/upstream-versions.json" 2>/dev/null || rm -f "$OUT/upstream-versions.json"
fi

users() {
  local d="$1" spid
  if [ $QUICK = 0 ] && [ "$MAX_LOAD" != 0 ]; then wait_for_quiet "$d/load-wait.json" "$MAX_LOAD" 1800 30; fi
  # shellcheck disable=SC2086 # NAME=PID words
  $PY "$BENCH_DIR/bench.py" cpu-sample "$d/target-cpu.csv" $SAMPLED &
  spid=$!
  BENCH_PIDS+=("$spid")
  m_begin "$SERVER_PIDS"
  run_gatling_mvn "$d" -Dgrafmuvi.profile=users -Dgrafmuvi.base-url="$BASE_URL" -Dgrafmuvi.live.enabled="$LIVE" \
    -Dgrafmuvi.profiles.users.start="$START" -Dgrafmuvi.profiles.users.step="$STEP" \
    -Dgrafmuvi.profiles.users.levels="$LEVELS" -Dgrafmuvi.profiles.users.ramp="${RAMP}s" \
    -Dgrafmuvi.profiles.users.level-duration="${LEVEL_DURATION}s" \
    -Dgrafmuvi.profiles.users.pause.min="$P_MIN" -Dgrafmuvi.profiles.users.pause.max="$P_MAX" \
    || log "./mvnw gatling:test exit code $? (see $d/console.log)"
  stop_pid "$spid"
  $PY "$BENCH_DIR/bench.py" gatling "$d" --allow-missing >"$d/run.json"
  m_end "$SERVER_PIDS" "$d/run.json"
  if [ -f "$d/load-wait.json" ]; then $PY "$BENCH_DIR/bench.py" compose "$d/run.json" load_wait="@$d/load-wait.json"; fi
  $PY "$BENCH_DIR/bench.py" users "$d"
  grep -h "^GrafMuvi .*\(kept up\|fell behind\|failed\|too slow\|injector-bound\|did not\)" "$d/console.log" | tail -n 1 >&2 || true
}

run_rounds users
meta_end users
