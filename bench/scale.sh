#!/usr/bin/env bash
# Scale: the most concurrent seed users (5-9 s pauses) one Gatling JVM (-Xmx1G) holds with KO 0 and
# a healthy injector self-check. One level after another, each against a fresh API process.
# One run per level, not the alternating rounds of the other scripts (bench/lib.sh run_rounds): a
# level takes ~2.5 min and there is nothing to alternate with; the tables say so.
#   bash bench/scale.sh            levels 1000 10000 20000 30000 50000 100000; 60 s ramp, 150 s each,
#                                  steady after 70 s; ~17 min
#   bash bench/scale.sh --quick    levels 20 100; 2 s ramp, 8 s each, 0.5-0.9 s pauses
# Env: LEVELS="1000 10000", RAMP, DURATION (s), API_IDLE_TIMEOUT, PIN, SERVER_CORE, INJECTOR_CORE.
#
# Connections: each Gatling user keeps its own keep-alive connection, and this machine allows
# 20000 open files per process (ulimit -Hn) and 28k ephemeral ports per loopback address pair, so
# 50k-100k users cannot each hold an idle connection through a 5-9 s pause. The API therefore runs
# with --idle-timeout ${API_IDLE_TIMEOUT:-1s}: a connection idle that long is closed and the user opens a new one
# for its next request (open connections ~ requests/s x 1 s).
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

parse_mode "$@"
if [ $QUICK = 1 ]; then LEVELS="${LEVELS:-20 100}"; RAMP="${RAMP:-2}"; DURATION="${DURATION:-8}"; SETTLE=1; TAIL=1; P_MIN=500; P_MAX=900
else LEVELS="${LEVELS:-1000 10000 20000 30000 50000 100000}"; RAMP="${RAMP:-60}"; DURATION="${DURATION:-150}"; SETTLE=10; TAIL=5; P_MIN=5000; P_MAX=9000; fi
SKIP=$(( RAMP + SETTLE ))
API_IDLE_TIMEOUT="${API_IDLE_TIMEOUT:-1s}"

need_pkgs python3:python3 /usr/bin/time:time taskset:util-linux
ensure_build
meta_begin scale pauses="${P_MIN}-${P_MAX} ms" mean_pause_s="#$($PY -c "print(($P_MIN + $P_MAX) / 2000)")" ramp_s="#$RAMP" duration_s="#$DURATION" skip_s="#$SKIP" api_idle_timeout="$API_IDLE_TIMEOUT" \
  levels="$LEVELS"
log "open files per process: $(ulimit -n)"

for users in $LEVELS; do
  d="$OUT/users-$users"; mkdir -p "$d"
  start_api "$d/api.log" --idle-timeout "$API_IDLE_TIMEOUT"
  log "Gatling: $users users over ${RAMP}s, ${DURATION}s, ${P_MIN}-${P_MAX} ms pauses"
  gatling_step run_gatling "$d" "$API_PID" "$API_URL" "$users" "$RAMP" "$DURATION" "$P_MIN" "$P_MAX" \
    --skip "$SKIP" --tail "$TAIL" --allow-missing
  stop_pid "$API_PID"
  grep -E "WARN|ERROR|Exception" "$d/api.log" | head -3 >&2 || true
done
meta_end scale
