#!/usr/bin/env bash
# Fidelity and injector cost: the seed's Locust study (bench/locustfile.py SeedUser) and
# GrafMuviSimulation, same users, spawn rate, pauses and duration, one after the other against one
# API process (java -jar target/grafmuvi-api.jar). Prints the comparison table; raw results in
# bench/results/fidelity-<time>/.
#   bash bench/fidelity.sh           1000 users at 10/s (100 s ramp), 5-9 s pauses, 300 s each (~11 min)
#   bash bench/fidelity.sh --quick   20 users at 10/s, 12 s each (a few seconds of load per tool)
# Env: USERS, RATE, DURATION (s), PIN=0 (no taskset), SERVER_CORE, INJECTOR_CORE.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

QUICK=0; [ "${1:-}" = "--quick" ] && QUICK=1
if [ $QUICK = 1 ]; then USERS="${USERS:-20}"; RATE="${RATE:-10}"; DURATION="${DURATION:-12}"; SETTLE=1; TAIL=1
else USERS="${USERS:-1000}"; RATE="${RATE:-10}"; DURATION="${DURATION:-300}"; SETTLE=10; TAIL=5; fi
RAMP=$(( USERS / RATE )); [ "$RAMP" -ge 1 ] || RAMP=1
SKIP=$(( RAMP + SETTLE ))

need_pkgs python3:python3 /usr/bin/locust:python3-locust /usr/bin/time:time taskset:util-linux
ensure_build
OUT="$(results_dir "fidelity$([ $QUICK = 1 ] && echo -quick)")"
log "results in $OUT"
machine_line | tee "$OUT/machine.txt" >&2

start_api "$OUT/api.log"

log "Locust: $USERS users at $RATE/s, ${DURATION}s"
m_begin "$API_PID"
run_locust "$OUT/locust" SeedUser "$USERS" "$RATE" "$DURATION" "$API_URL" || log "locust exit code $?"
$PY "$BENCH_DIR/bench.py" locust "$OUT/locust" --skip "$SKIP" --tail "$TAIL" >"$OUT/locust.json"
m_end "$API_PID" "$OUT/locust.json"

log "Gatling: $USERS users over ${RAMP}s, ${DURATION}s"
m_begin "$API_PID"
run_gatling "$OUT/gatling" -Dgrafmuvi.profile=load -Dgrafmuvi.base-url="$API_URL" \
  -Dgrafmuvi.users="$USERS" -Dgrafmuvi.ramp="${RAMP}s" -Dgrafmuvi.duration="${DURATION}s" \
  -Dgrafmuvi.pause.min=5s -Dgrafmuvi.pause.max=9s || log "gatling exit code $? (2 = an assertion failed)"
$PY "$BENCH_DIR/bench.py" gatling "$OUT/gatling" --skip "$SKIP" --tail "$TAIL" >"$OUT/gatling.json"
m_end "$API_PID" "$OUT/gatling.json"

stop_pid "$API_PID"
$PY "$BENCH_DIR/bench.py" compose "$OUT/fidelity.json" users="#$USERS" spawn_rate="#$RATE" duration_s="#$DURATION" \
  pauses="5-9 s" skip_s="#$SKIP" closed_loop_limit_rps="#$($PY -c "print($USERS/7.0)")" \
  pinning="$([ "$PIN" = 1 ] && echo "API on core $SERVER_CORE, injector on core $INJECTOR_CORE" || echo "no pinning")" \
  machine="$(cat "$OUT/machine.txt")" locust="@$OUT/locust.json" gatling="@$OUT/gatling.json"
$PY "$BENCH_DIR/bench.py" table fidelity "$OUT/fidelity.json" | tee "$OUT/table.md"
