#!/usr/bin/env bash
# Capacity: the highest request rate each load tool drives against the same API process with checks
# on and no think time, as ratios to wrk; and wrk against the API vs wrk against nginx serving the
# same three answers as static files. Server(s) on one core, load tool on the other (PIN=0: none).
# The four steps alternate (wrk->API, Gatling->API, Locust->API, wrk->nginx), a warm-up round then
# ROUNDS counted rounds (bench/lib.sh run_rounds); ratios are taken round by round.
#   bash bench/capacity.sh           64 connections/users; per round wrk 10 s, Gatling 20 s, Locust 15 s,
#                                    wrk->nginx 10 s; 1 + 5 rounds, ~7 min
#   bash bench/capacity.sh --quick   8 connections/users, seconds per step, 1 + 2 rounds (~1 min)
# Env: ROUNDS, CONNS, PIN, SERVER_CORE, INJECTOR_CORE.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

parse_mode "$@"
if [ $QUICK = 1 ]; then CONNS="${CONNS:-8}"; WRK_S=2; G_S=6; G_SKIP=3; L_S=4; L_SKIP=1; TAIL=1
else CONNS="${CONNS:-64}"; WRK_S=10; G_S=20; G_SKIP=6; L_S=15; L_SKIP=4; TAIL=1; fi

need_pkgs python3:python3 wrk:wrk /usr/bin/locust:python3-locust nginx:nginx-light /usr/bin/time:time taskset:util-linux
ensure_build
meta_begin capacity connections="#$CONNS" \
  seconds="wrk $WRK_S s; Gatling $G_S s (steady window after $G_SKIP s); Locust $L_S s (steady window after $L_SKIP s); last $TAIL s left out"

start_api "$OUT/api.log"
start_nginx "$OUT/nginx"   # serves copies of the API's answers; both servers share the server core, one busy at a time

wrk_api() { wrk_step "$1" "$API_PID" "$API_URL" "$WRK_S" "$CONNS"; }
wrk_nginx() { wrk_step "$1" "$NGINX_PID" "$NGINX_URL" "$WRK_S" "$CONNS"; }
gatling_api() { gatling_step run_gatling "$1" "$API_PID" "$API_URL" "$CONNS" 1 "$G_S" 0 0 --skip "$G_SKIP" --tail "$TAIL"; }
locust_api() {
  locust_step "$1" "$API_PID" "$L_SKIP" "$TAIL" BenchUser "$CONNS" "$CONNS" "$L_S" "$API_URL" BENCH_WAIT_MIN=0 BENCH_WAIT_MAX=0
}

run_rounds wrk_api gatling_api locust_api wrk_nginx
stop_pid "$NGINX_PID"
stop_pid "$API_PID"
meta_end capacity
