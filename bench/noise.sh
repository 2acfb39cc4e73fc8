#!/usr/bin/env bash
# Measurement noise: what each injector adds to a known latency. The API answers every request
# after --response-delay (20 ms); wrk (reference), Gatling and Locust each run a light closed load
# against it, one after the other, and their p50/p99 are compared with the 20 ms.
#   bash bench/noise.sh            20 users/connections, 90 s per tool (wrk: 4 connections, 60 s)
#   bash bench/noise.sh --quick    4 users, a few seconds per tool
# Env: DELAY_MS, USERS, SECONDS_PER_TOOL, PIN, SERVER_CORE, INJECTOR_CORE.
source "$(dirname "$0")/lib.sh"

QUICK=0; [ "${1:-}" = "--quick" ] && QUICK=1
DELAY_MS="${DELAY_MS:-20}"
if [ $QUICK = 1 ]; then USERS="${USERS:-4}"; SECS="${SECONDS_PER_TOOL:-5}"; WRK_S=2; WRK_C=2
else USERS="${USERS:-20}"; SECS="${SECONDS_PER_TOOL:-90}"; WRK_S=60; WRK_C=4; fi

need_pkgs wrk:wrk /usr/bin/locust:python3-locust /usr/bin/time:time taskset:util-linux
ensure_build
OUT="$(results_dir "noise$([ $QUICK = 1 ] && echo -quick)")"
log "results in $OUT"
machine_line | tee "$OUT/machine.txt" >&2

start_api "$OUT/api.log" --response-delay "${DELAY_MS}ms"
run_wrk "$OUT/wrk-warmup" "$API_URL" 2 "$WRK_C"

log "wrk -> API (+${DELAY_MS} ms), $WRK_C connections back to back, ${WRK_S}s"
m_begin "$API_PID"; run_wrk "$OUT/wrk" "$API_URL" "$WRK_S" "$WRK_C"; m_end "$API_PID" "$OUT/wrk/wrk.json"

log "Gatling: $USERS users, 50-150 ms pauses, ${SECS}s"
m_begin "$API_PID"
run_gatling "$OUT/gatling" -Dgrafmuvi.profile=load -Dgrafmuvi.base-url="$API_URL" -Dgrafmuvi.users="$USERS" \
  -Dgrafmuvi.ramp=1s -Dgrafmuvi.duration="${SECS}s" -Dgrafmuvi.pause.min=50ms -Dgrafmuvi.pause.max=150ms \
  || log "gatling exit code $? (2 = an assertion failed)"
$PY "$BENCH_DIR/bench.py" gatling "$OUT/gatling" >"$OUT/gatling.json"
m_end "$API_PID" "$OUT/gatling.json"

log "Locust: $USERS users, 50-150 ms waits, ${SECS}s"
m_begin "$API_PID"
run_locust "$OUT/locust" BenchUser "$USERS" "$USERS" "$SECS" "$API_URL" BENCH_WAIT_MIN=0.05 BENCH_WAIT_MAX=0.15 || log "locust exit code $?"
$PY "$BENCH_DIR/bench.py" locust "$OUT/locust" >"$OUT/locust.json"
m_end "$API_PID" "$OUT/locust.json"
stop_pid "$API_PID"

$PY "$BENCH_DIR/bench.py" compose "$OUT/noise.json" delay_ms="#$DELAY_MS" users="#$USERS" pauses="50-150 ms (wrk: none, $WRK_C connections)" \
  pinning="$([ "$PIN" = 1 ] && echo "API on core $SERVER_CORE, injector on core $INJECTOR_CORE" || echo "no pinning")" \
  machine="$(cat "$OUT/machine.txt")" wrk="@$OUT/wrk/wrk.json" gatling="@$OUT/gatling.json" locust="@$OUT/locust.json"
$PY "$BENCH_DIR/bench.py" table noise "$OUT/noise.json" | tee "$OUT/table.md"
