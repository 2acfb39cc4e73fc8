#!/usr/bin/env bash
# Fidelity and injector cost: the seed's Locust study (bench/locustfile.py SeedUser) and
# GrafMuviSimulation run as a user runs it (./mvnw gatling:test), same users, arrival, pauses and
# duration, alternating (Locust, Gatling, Locust, Gatling, ...: a warm-up round then ROUNDS counted
# rounds, bench/lib.sh run_rounds) against one API process (java -jar target/grafmuvi-api.jar).
# Shares, the steady rate against the closed-loop limit (users / mean pause) and the CPU per request
# are read per round; a round is shorter than the seed's 30 min (or the old 300 s): those figures
# settle within a minute once every user loops. CPU: Locust's process; the Gatling JVM alone (exact,
# from Maven's cutime once Maven reaped it) and the whole ./mvnw command (Maven included).
#   bash bench/fidelity.sh           1000 users arriving over 15 s, 5-9 s pauses, 60 s per run; 1 + 5 rounds, ~15 min
#   bash bench/fidelity.sh --quick   20 users over 2 s, 0.5-0.9 s pauses, 10 s per run; 1 + 2 rounds
# Env: ROUNDS, USERS, RAMP (s), DURATION (s), MVN_OFFLINE=1 (./mvnw -o), PIN, SERVER_CORE, INJECTOR_CORE.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

parse_mode "$@"
if [ $QUICK = 1 ]; then USERS="${USERS:-20}"; RAMP="${RAMP:-2}"; DURATION="${DURATION:-10}"; P_MIN=0.5; P_MAX=0.9; TAIL=1
else USERS="${USERS:-1000}"; RAMP="${RAMP:-15}"; DURATION="${DURATION:-60}"; P_MIN=5; P_MAX=9; TAIL=2; fi
# Steady window: from the end of the ramp plus the longest pause (every user loops) to TAIL s before the end.
seed_workload

need_pkgs python3:python3 /usr/bin/locust:python3-locust /usr/bin/time:time taskset:util-linux
ensure_build
meta_begin fidelity users="#$USERS" ramp_s="#$RAMP" duration_s="#$DURATION" skip_s="#$SKIP" tail_s="#$TAIL" \
  pauses="$P_MIN-$P_MAX s" spawn_rate="$RATE users/s" closed_loop_limit_rps="#$LIMIT"

start_api "$OUT/api.log"

locust() { seed_locust "$1" "$API_PID" "$API_URL"; }
gatling() { seed_gatling run_gatling_mvn "$1" "$API_PID" "$API_URL"; }

run_rounds locust gatling
stop_pid "$API_PID"
meta_end fidelity
