#!/usr/bin/env bash
# Measurement noise: what each injector adds to a known latency. Two targets, one after the other:
#   api   — the API answering every request after --response-delay (20 ms), so the known latency is 20 ms;
#   nginx — nginx serving the three answers as static files (sub-millisecond), as in the Locust peer figure.
# Against each, wrk (the reference), Gatling and Locust run a light closed load one after the other,
# and their p50/p99 are compared with the known latency and with what wrk measured.
#   bash bench/noise.sh            20 users (50-150 ms pauses) for Gatling and Locust, 90 s per tool; wrk 4 connections, 60 s
#   bash bench/noise.sh --quick    4 users, a few seconds per tool
# Env: DELAY_MS, USERS, SECONDS_PER_TOOL, PIN, SERVER_CORE, INJECTOR_CORE.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

QUICK=0; [ "${1:-}" = "--quick" ] && QUICK=1
DELAY_MS="${DELAY_MS:-20}"
if [ $QUICK = 1 ]; then USERS="${USERS:-4}"; SECS="${SECONDS_PER_TOOL:-5}"; WRK_S=2; WRK_C=2; SKIP=1
else USERS="${USERS:-20}"; SECS="${SECONDS_PER_TOOL:-90}"; WRK_S=60; WRK_C=4; SKIP=15; fi

need_pkgs python3:python3 wrk:wrk /usr/bin/locust:python3-locust nginx:nginx-light /usr/bin/time:time taskset:util-linux
ensure_build
OUT="$(results_dir "noise$([ $QUICK = 1 ] && echo -quick)")"
log "results in $OUT"
machine_line | tee "$OUT/machine.txt" >&2

# three_tools NAME URL SERVER_PID — wrk, Gatling, Locust against URL, results in $OUT/NAME/.
three_tools() {
  local name="$1" url="$2" spid="$3" d="$OUT/$1"
  run_wrk "$d/wrk-warmup" "$url" 2 "$WRK_C"
  log "[$name] wrk, $WRK_C connections back to back, ${WRK_S}s"
  m_begin "$spid"; run_wrk "$d/wrk" "$url" "$WRK_S" "$WRK_C"; m_end "$spid" "$d/wrk/wrk.json"
  log "[$name] Gatling, $USERS users, 50-150 ms pauses, ${SECS}s"
  m_begin "$spid"
  run_gatling "$d/gatling" -Dgrafmuvi.profile=load -Dgrafmuvi.base-url="$url" -Dgrafmuvi.users="$USERS" \
    -Dgrafmuvi.ramp=1s -Dgrafmuvi.duration="${SECS}s" -Dgrafmuvi.pause.min=50ms -Dgrafmuvi.pause.max=150ms \
    || log "gatling exit code $? (2 = an assertion failed)"
  $PY "$BENCH_DIR/bench.py" gatling "$d/gatling" --skip "$SKIP" >"$d/gatling.json"
  m_end "$spid" "$d/gatling.json"
  log "[$name] Locust, $USERS users, 50-150 ms waits, ${SECS}s"
  m_begin "$spid"
  run_locust "$d/locust" BenchUser "$USERS" "$USERS" "$SECS" "$url" BENCH_WAIT_MIN=0.05 BENCH_WAIT_MAX=0.15 || log "locust exit code $?"
  $PY "$BENCH_DIR/bench.py" locust "$d/locust" >"$d/locust.json"
  m_end "$spid" "$d/locust.json"
  $PY "$BENCH_DIR/bench.py" compose "$OUT/noise.json" "targets.$name.wrk=@$d/wrk/wrk.json" \
    "targets.$name.gatling=@$d/gatling.json" "targets.$name.locust=@$d/locust.json"
}

# The static copies come from an API without delay.
start_api "$OUT/api-plain.log"
start_nginx "$OUT/nginx-files"
stop_pid "$API_PID"
$PY "$BENCH_DIR/bench.py" compose "$OUT/noise.json" "targets.nginx.known_ms=#0" "targets.api.known_ms=#$DELAY_MS"
three_tools nginx "$NGINX_URL" "$NGINX_PID"
stop_pid "$NGINX_PID"

start_api "$OUT/api.log" --response-delay "${DELAY_MS}ms"
three_tools api "$API_URL" "$API_PID"
stop_pid "$API_PID"

$PY "$BENCH_DIR/bench.py" compose "$OUT/noise.json" delay_ms="#$DELAY_MS" users="#$USERS" skip_s="#$SKIP" \
  pauses="Gatling and Locust 50-150 ms; wrk none, $WRK_C connections" \
  pinning="$([ "$PIN" = 1 ] && echo "server on core $SERVER_CORE, injector on core $INJECTOR_CORE" || echo "no pinning")" \
  machine="$(cat "$OUT/machine.txt")"
$PY "$BENCH_DIR/bench.py" table noise "$OUT/noise.json" | tee "$OUT/table.md"
