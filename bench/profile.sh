#!/usr/bin/env bash
# Where Gatling's CPU goes at the seed workload, and whether C1-only compilation lowers it:
# GrafMuviSimulation against a separate API process, the Gatling JVM with a JDK Flight Recording
# (settings=profile), alternating the default JVM flags and -XX:TieredStopAtLevel=1 (a warm-up round
# then ROUNDS counted rounds, bench/lib.sh run_rounds). Summarised by thread, JIT and GC time and
# hottest frames (async-profiler is not available here).
#   bash bench/profile.sh            1000 users over 10 s, 5-9 s pauses, 40 s per run; 1 + 5 rounds, ~11 min
#   bash bench/profile.sh --quick    20 users over 2 s, 0.5-0.9 s pauses, 6 s per run; 1 + 2 rounds
# Env: ROUNDS, USERS, RAMP (s), DURATION (s), PIN, SERVER_CORE, INJECTOR_CORE.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

parse_mode "$@"
if [ $QUICK = 1 ]; then USERS="${USERS:-20}"; RAMP="${RAMP:-2}"; DURATION="${DURATION:-6}"; P_MIN=500; P_MAX=900; TAIL=1
else USERS="${USERS:-1000}"; RAMP="${RAMP:-10}"; DURATION="${DURATION:-40}"; P_MIN=5000; P_MAX=9000; TAIL=1; fi
SKIP=$(( RAMP + (P_MAX + 999) / 1000 ))

need_pkgs python3:python3 /usr/bin/time:time taskset:util-linux
ensure_build
meta_begin profile users="#$USERS" ramp_s="#$RAMP" duration_s="#$DURATION" skip_s="#$SKIP" pauses="${P_MIN}-${P_MAX} ms"
start_api "$OUT/api.log"
JFR="$(dirname "$(readlink -f "$(command -v java)")")/jfr"
BASE_OPTS="$GATLING_JVM_OPTS"

# profiled DIR [JVM option…] — one Gatling run with a flight recording, summarised into DIR/run.json.
profiled() {
  local d="$1"; shift
  GATLING_JVM_OPTS="$BASE_OPTS $* -XX:StartFlightRecording=filename=$d/gatling.jfr,settings=profile,dumponexit=true" \
    gatling_step run_gatling "$d" "$API_PID" "$API_URL" "$USERS" "$RAMP" "$DURATION" "$P_MIN" "$P_MAX" \
    --skip "$SKIP" --tail "$TAIL"
  "$JFR" print --events jdk.ExecutionSample "$d/gatling.jfr" >"$d/samples.txt"
  "$JFR" print --events jdk.ThreadCPULoad "$d/gatling.jfr" >"$d/threadcpu.txt"
  "$JFR" print --events jdk.GarbageCollection "$d/gatling.jfr" >"$d/gc.txt"
  "$JFR" print --events jdk.CompilerStatistics "$d/gatling.jfr" >"$d/jit.txt"
  $PY "$BENCH_DIR/bench.py" jfr "$d" >"$d/jfr.json"
  $PY "$BENCH_DIR/bench.py" compose "$d/run.json" jfr="@$d/jfr.json"
  rm -f "$d/samples.txt" "$d/threadcpu.txt" "$d/gc.txt" "$d/jit.txt"
}
default() { profiled "$1"; }
c1only() { profiled "$1" -XX:TieredStopAtLevel=1; }

run_rounds default c1only
stop_pid "$API_PID"
meta_end profile
