#!/usr/bin/env bash
# Capacity: the highest request rate each load tool drives against the same API process with checks
# on and no think time, as ratios to wrk; and wrk against the API vs wrk against nginx serving the
# same three answers as static files. Server on one core, load tool on the other (PIN=0: no pinning).
#   bash bench/capacity.sh           64 connections/users; wrk 20 s (after 5 s warm-up), Gatling 35 s, Locust 30 s
#   bash bench/capacity.sh --quick   8 connections/users, a few seconds each
# Env: CONNS, PIN, SERVER_CORE, INJECTOR_CORE.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

QUICK=0; [ "${1:-}" = "--quick" ] && QUICK=1
if [ $QUICK = 1 ]; then CONNS="${CONNS:-8}"; WRK_S=2; WARM_S=1; G_S=6; G_SKIP=2; L_S=5; L_SKIP=1; TAIL=1
else CONNS="${CONNS:-64}"; WRK_S=20; WARM_S=5; G_S=35; G_SKIP=10; L_S=30; L_SKIP=8; TAIL=2; fi

need_pkgs python3:python3 wrk:wrk /usr/bin/locust:python3-locust nginx:nginx-light /usr/bin/time:time taskset:util-linux
ensure_build
OUT="$(results_dir "capacity$([ $QUICK = 1 ] && echo -quick)")"
log "results in $OUT"
machine_line | tee "$OUT/machine.txt" >&2

start_api "$OUT/api.log"

log "wrk warm-up of the API (${WARM_S}s, not counted)"
run_wrk "$OUT/wrk-warmup" "$API_URL" "$WARM_S" "$CONNS"

log "wrk -> API, $CONNS connections, ${WRK_S}s"
m_begin "$API_PID"; run_wrk "$OUT/wrk-api" "$API_URL" "$WRK_S" "$CONNS"; m_end "$API_PID" "$OUT/wrk-api/wrk.json"

log "Gatling -> API, $CONNS users without pauses, ${G_S}s"
m_begin "$API_PID"
run_gatling "$OUT/gatling" -Dgrafmuvi.profile=load -Dgrafmuvi.base-url="$API_URL" -Dgrafmuvi.users="$CONNS" \
  -Dgrafmuvi.ramp=1s -Dgrafmuvi.duration="${G_S}s" -Dgrafmuvi.pause.min=0ms -Dgrafmuvi.pause.max=0ms \
  || log "gatling exit code $? (2 = an assertion failed)"
$PY "$BENCH_DIR/bench.py" gatling "$OUT/gatling" --skip "$G_SKIP" --tail "$TAIL" >"$OUT/gatling.json"
m_end "$API_PID" "$OUT/gatling.json"

log "Locust -> API, one process, $CONNS users without wait, ${L_S}s"
m_begin "$API_PID"
run_locust "$OUT/locust" BenchUser "$CONNS" "$CONNS" "$L_S" "$API_URL" BENCH_WAIT_MIN=0 BENCH_WAIT_MAX=0 || log "locust exit code $?"
$PY "$BENCH_DIR/bench.py" locust "$OUT/locust" --skip "$L_SKIP" --tail "$TAIL" >"$OUT/locust.json"
m_end "$API_PID" "$OUT/locust.json"

start_nginx "$OUT/nginx"
stop_pid "$API_PID"
log "wrk warm-up of nginx (${WARM_S}s, not counted)"
run_wrk "$OUT/wrk-nginx-warmup" "$NGINX_URL" "$WARM_S" "$CONNS"
log "wrk -> nginx, $CONNS connections, ${WRK_S}s"
m_begin "$NGINX_PID"; run_wrk "$OUT/wrk-nginx" "$NGINX_URL" "$WRK_S" "$CONNS"; m_end "$NGINX_PID" "$OUT/wrk-nginx/wrk.json"
stop_pid "$NGINX_PID"

$PY "$BENCH_DIR/bench.py" compose "$OUT/capacity.json" connections="#$CONNS" seconds="wrk $WRK_S, Gatling $G_S (steady after $G_SKIP), Locust $L_S (steady after $L_SKIP)" \
  pinning="$([ "$PIN" = 1 ] && echo "server on core $SERVER_CORE, load tool on core $INJECTOR_CORE" || echo "no pinning")" \
  machine="$(cat "$OUT/machine.txt")" wrk_api="@$OUT/wrk-api/wrk.json" wrk_nginx="@$OUT/wrk-nginx/wrk.json" \
  gatling="@$OUT/gatling.json" locust="@$OUT/locust.json"
$PY "$BENCH_DIR/bench.py" table capacity "$OUT/capacity.json" | tee "$OUT/table.md"
