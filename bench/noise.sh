#!/usr/bin/env bash
# Measurement noise: what each injector adds to a known latency. Two targets, both up for the whole
# run (on the server core; one busy at a time):
#   api   — the API answering every request after --response-delay (20 ms): the known latency is 20 ms;
#   nginx — nginx serving the three answers as static files (sub-millisecond), as in the Locust peer figure.
# In each round wrk (the reference), Gatling and Locust run a light closed load against nginx, then
# against the API; a warm-up round then ROUNDS counted rounds (bench/lib.sh run_rounds). Their p50/p99
# are compared with the known latency and, round by round, with what wrk measured.
#   bash bench/noise.sh            20 users (50-150 ms pauses): Gatling 30 s, Locust 20 s; wrk 4 connections, 10 s;
#                                  1 + 5 rounds, ~15 min
#   bash bench/noise.sh --quick    4 users, seconds per tool, 1 + 2 rounds
# Env: ROUNDS, DELAY_MS, USERS, PIN, SERVER_CORE, INJECTOR_CORE.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

parse_mode "$@"
DELAY_MS="${DELAY_MS:-20}"
if [ $QUICK = 1 ]; then USERS="${USERS:-4}"; G_S=5; L_S=3; WRK_S=2; WRK_C=2; G_SKIP=2; L_SKIP=1
else USERS="${USERS:-20}"; G_S=30; L_S=20; WRK_S=10; WRK_C=4; G_SKIP=5; L_SKIP=2; fi

need_pkgs python3:python3 wrk:wrk /usr/bin/locust:python3-locust nginx:nginx-light /usr/bin/time:time taskset:util-linux
ensure_build
meta_begin noise delay_ms="#$DELAY_MS" users="#$USERS" wrk_connections="#$WRK_C" \
  pauses="Gatling and Locust 50-150 ms; wrk none" \
  seconds="wrk $WRK_S s, Gatling $G_S s, Locust $L_S s per target (requests/s: Gatling after $G_SKIP s, Locust after $L_SKIP s)"

# The static copies come from an API without delay.
start_api "$OUT/api-plain.log"
start_nginx "$OUT/nginx-files"
stop_pid "$API_PID"
start_api "$OUT/api.log" --response-delay "${DELAY_MS}ms"

# wrk|gatling|locust against URL, with SERVER_PID's CPU accounted.
with_wrk() { wrk_step "$1" "$3" "$2" "$WRK_S" "$WRK_C"; }
with_gatling() { gatling_step run_gatling "$1" "$3" "$2" "$USERS" 1 "$G_S" 50 150 --skip "$G_SKIP" --tail 1; }
with_locust() {
  locust_step "$1" "$3" "$L_SKIP" 1 BenchUser "$USERS" "$USERS" "$L_S" "$2" BENCH_WAIT_MIN=0.05 BENCH_WAIT_MAX=0.15
}
wrk_nginx() { with_wrk "$1" "$NGINX_URL" "$NGINX_PID"; }
gatling_nginx() { with_gatling "$1" "$NGINX_URL" "$NGINX_PID"; }
locust_nginx() { with_locust "$1" "$NGINX_URL" "$NGINX_PID"; }
wrk_api() { with_wrk "$1" "$API_URL" "$API_PID"; }
gatling_api() { with_gatling "$1" "$API_URL" "$API_PID"; }
locust_api() { with_locust "$1" "$API_URL" "$API_PID"; }

run_rounds wrk_nginx gatling_nginx locust_nginx wrk_api gatling_api locust_api
stop_pid "$NGINX_PID"
stop_pid "$API_PID"
meta_end noise
