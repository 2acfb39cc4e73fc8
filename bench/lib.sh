#!/usr/bin/env bash
# Shared by the bench/*.sh scripts: packages, build, API/nginx processes, Gatling run directly (its
# JVM alone) or as a user runs it (./mvnw gatling:test), Locust, wrk, CPU accounting, and the one
# measuring method of every comparison (run_rounds, below). Source it; do not run it.
# Everything here talks to loopback only.

set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
RESULTS_ROOT="$BENCH_DIR/results"
PY=python3
command -v "$PY" >/dev/null || PY=/usr/bin/python3

# Pinning: the server on one core, the load tool on the other (2-core machine). PIN=0 turns it off.
PIN="${PIN:-1}"
SERVER_CORE="${SERVER_CORE:-0}"
INJECTOR_CORE="${INJECTOR_CORE:-1}"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Started background processes, stopped on exit (by pid, never by name).
BENCH_PIDS=()
cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]:-}"; do
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  done
  for pid in "${BENCH_PIDS[@]:-}"; do
    if [ -n "$pid" ]; then wait "$pid" 2>/dev/null || true; fi
  done
}
trap cleanup EXIT

pin_server() { if [ "$PIN" = 1 ] && command -v taskset >/dev/null; then echo "taskset -c $SERVER_CORE"; fi; }
pin_injector() { if [ "$PIN" = 1 ] && command -v taskset >/dev/null; then echo "taskset -c $INJECTOR_CORE"; fi; }

# need_pkgs cmd:package ... — installs the Debian packages of missing commands (as root), once.
need_pkgs() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || [ -x "${pair%%:*}" ] || missing+=("${pair#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing packages: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})"
  command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get"
  log "installing ${missing[*]} from the Debian packages"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2; then
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
  fi
}

# results_dir NAME — a fresh bench/results/NAME-<timestamp>/ (echoes its path).
results_dir() {
  local d
  d="$RESULTS_ROOT/$1-$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$d"
  echo "$d"
}

# The compiled simulation, the API's jar and the test classpath; builds what is missing.
CP=""
ensure_build() {
  cd "$ROOT"
  if [ ! -f target/test-classes/grafmuvi/loadtest/GrafMuviSimulation.class ] || [ ! -f target/grafmuvi-api.jar ]; then
    log "building (./mvnw package -DskipTests -Dgatling.skip=true)"
    ./mvnw -q -B package -DskipTests -Dgatling.skip=true >&2
  fi
  local cpfile="$RESULTS_ROOT/classpath.txt"
  mkdir -p "$RESULTS_ROOT"
  if [ ! -s "$cpfile" ] || [ pom.xml -nt "$cpfile" ]; then
    log "resolving the test classpath (./mvnw dependency:build-classpath)"
    ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >&2
  fi
  CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$cpfile")"
}

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# start_api LOGFILE [API options...] — the API as its own process (java -jar target/grafmuvi-api.jar,
# or the same Main from target/classes when the jar is not built yet). Sets API_PID, API_URL.
API_PID=""; API_URL=""
start_api() {
  local logf="$1"; shift
  local port; port="$(free_port)"
  local cmd opts=()
  read -r -a opts <<< "${API_JVM_OPTS:-}"
  if [ -f "$ROOT/target/grafmuvi-api.jar" ] && [ "$ROOT/target/grafmuvi-api.jar" -nt "$ROOT/target/classes/grafmuvi/api/Main.class" ]; then
    cmd=(java "${opts[@]}" -jar "$ROOT/target/grafmuvi-api.jar")
  else
    cmd=(java "${opts[@]}" -cp "$CP" grafmuvi.api.Main)
  fi
  # shellcheck disable=SC2046
  $(pin_server) "${cmd[@]}" --host 127.0.0.1 --port "$port" "$@" >"$logf" 2>&1 &
  API_PID=$!
  BENCH_PIDS+=("$API_PID")
  local _
  for _ in $(seq 1 300); do
    grep -q "GrafMuvi API listening on" "$logf" 2>/dev/null && break
    kill -0 "$API_PID" 2>/dev/null || { cat "$logf" >&2; die "the API did not start"; }
    sleep 0.1
  done
  grep -q "GrafMuvi API listening on" "$logf" || die "the API did not report listening within 30 s"
  API_URL="http://127.0.0.1:$port"
  log "API pid $API_PID at $API_URL ($*)"
}

stop_pid() {
  local pid="$1"
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# start_nginx DIR — nginx in the foreground (daemon off) on a free loopback port, serving the
# API's three answers as static files copied from API_URL. Sets NGINX_PID, NGINX_URL.
NGINX_PID=""; NGINX_URL=""
start_nginx() {
  local d="$1" port; port="$(free_port)"
  mkdir -p "$d/www/api/id" "$d/www/api/title/The godfather" "$d/logs" "$d/tmp"
  $PY "$BENCH_DIR/bench.py" fetch "$API_URL/status" "$d/www/status"
  $PY "$BENCH_DIR/bench.py" fetch "$API_URL/api/id/tt0068646" "$d/www/api/id/tt0068646"
  $PY "$BENCH_DIR/bench.py" fetch "$API_URL/api/title/The%20godfather/1972" "$d/www/api/title/The godfather/1972"
  sed -e "s|@PORT@|$port|g" -e "s|@DIR@|$d|g" "$BENCH_DIR/nginx.conf" >"$d/nginx.conf"
  # shellcheck disable=SC2046
  $(pin_server) nginx -p "$d" -c "$d/nginx.conf" -e "$d/logs/error.log" &
  NGINX_PID=$!
  BENCH_PIDS+=("$NGINX_PID")
  local _
  for _ in $(seq 1 100); do
    $PY "$BENCH_DIR/bench.py" fetch "http://127.0.0.1:$port/status" /dev/null 2>/dev/null && break
    kill -0 "$NGINX_PID" 2>/dev/null || { cat "$d/logs/error.log" >&2; die "nginx did not start"; }
    sleep 0.1
  done
  NGINX_URL="http://127.0.0.1:$port"
  log "nginx pid $NGINX_PID at $NGINX_URL"
}

# Gatling's JVM started directly, with the flags gatling-maven-plugin gives it (pom.xml): the one
# file that holds them (the plugin's defaults, no update check to the internet).
GATLING_JVM_OPTS="${GATLING_JVM_OPTS:-@$ROOT/.gatling/jvm.options}"

# measured OUTDIR [--maven] CMD… — runs CMD (/usr/bin/time … the tool) in the background with its
# output in OUTDIR/console.log, samples the tool's CPU into OUTDIR/proc.csv (bench.py sample; with
# --maven the Gatling JVM that Maven forks, and its exact CPU from Maven's cutime into
# OUTDIR/proc-final.json), waits; writes OUTDIR/exit-code and returns CMD's status.
measured() {
  local out="$1"; shift
  local mode=()
  if [ "${1:-}" = --maven ]; then mode=(--maven); shift; fi
  local rc=0
  "$@" >"$out/console.log" 2>&1 &
  local pid=$!
  $PY "$BENCH_DIR/bench.py" sample "$pid" "$out" "${mode[@]}" &
  local spid=$!
  wait "$pid" || rc=$?
  wait "$spid" 2>/dev/null || true
  echo "$rc" >"$out/exit-code"
  return "$rc"
}

# run_gatling OUTDIR [-Dgrafmuvi.…=…]… — the Gatling JVM alone, under /usr/bin/time -v
# (OUTDIR/time.txt), console in OUTDIR/console.log, run folder with summary.json under
# OUTDIR/gatling/, its name in OUTDIR/gatling/last-run (the run writes it). Returns its exit code
# (0 ok, 2 an assertion failed).
run_gatling() {
  local out="$1"; shift
  mkdir -p "$out/gatling"
  local rc=0
  # shellcheck disable=SC2046,SC2086
  measured "$out" $(pin_injector) /usr/bin/time -v -o "$out/time.txt" \
    java $GATLING_JVM_OPTS -Dgrafmuvi.results-folder="$out/gatling" "$@" -cp "$CP" \
    io.gatling.app.Gatling -s grafmuvi.loadtest.GrafMuviSimulation -rf "$out/gatling" -rd bench || rc=$?
  grep -h "Injector self-check" "$out/console.log" >&2 || true
  return "$rc"
}

# run_gatling_mvn OUTDIR [-Dgrafmuvi.…=…]… — what a user runs: ./mvnw gatling:test, under
# /usr/bin/time -v (Maven and the Gatling JVM it forks); the JVM alone is sampled too (measured
# --maven). The plugin writes the run folder under target/gatling/ and its name in
# target/gatling/last-run; both are moved to OUTDIR/gatling/, as run_gatling leaves them.
run_gatling_mvn() {
  local out="$1"; shift
  mkdir -p "$out/gatling"
  touch "$out/launched-by-maven"
  local rc=0 run
  rm -f "$ROOT/target/gatling/last-run" # an earlier run's record must not pass for this run's
  # shellcheck disable=SC2046
  (cd "$ROOT" && measured "$out" --maven $(pin_injector) /usr/bin/time -v -o "$out/time.txt" \
    ./mvnw -B ${MVN_OFFLINE:+-o} gatling:test "$@") || rc=$?
  if run="$("$ROOT/scripts/last-run.sh" "$ROOT/target/gatling")"; then
    mv "$run" "$out/gatling/" && mv "$ROOT/target/gatling/last-run" "$out/gatling/last-run"
  else
    log "./mvnw gatling:test recorded no run folder (see $out/console.log)"
  fi
  grep -h "Injector self-check" "$out/console.log" >&2 || true
  return "$rc"
}

# run_locust OUTDIR USERCLASS USERS RATE SECONDS HOST [env…] — one Locust process, headless,
# under /usr/bin/time -v; its final statistics and requests started per second in
# OUTDIR/locust_summary.json (bench/locustfile.py), its own CSVs in OUTDIR/locust_*.csv.
run_locust() {
  local out="$1" cls="$2" users="$3" rate="$4" secs="$5" host="$6"; shift 6
  mkdir -p "$out"
  # shellcheck disable=SC2046
  measured "$out" env BENCH_SUMMARY="$out/locust_summary.json" "$@" $(pin_injector) /usr/bin/time -v -o "$out/time.txt" \
    /usr/bin/locust -f "$BENCH_DIR/locustfile.py" --headless -u "$users" -r "$rate" -t "${secs}s" \
    --host "$host" --csv "$out/locust" --only-summary --exit-code-on-error 0 \
    --loglevel WARNING "$cls"
}

# CPU accounting: jiffies of the whole machine (busy) and of one process (utime+stime).
machine_busy_jiffies() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }
# proc_jiffies "PID…" — utime+stime of the PIDs and their children (nginx: the master and its worker).
proc_jiffies() {
  local total=0 p q j
  for p in $1; do
    for q in "$p" $(cat "/proc/$p/task/"*/children 2>/dev/null); do
      j="$(awk '{print $14+$15}' "/proc/$q/stat" 2>/dev/null || echo 0)"
      total=$(( total + ${j:-0} ))
    done
  done
  echo "$total"
}
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# wait_for_quiet OUT.json [MAX_LOAD] [MAX_WAIT_S] [POLL_S] — before a heavy run on a shared machine:
# waits until the 1-minute load average is below MAX_LOAD (1.5), polling every POLL_S (30 s), at most
# MAX_WAIT_S (1800 s), then goes on either way; OUT.json records the load averages before and after,
# the seconds waited and whether the wait timed out (load_wait_timed_out).
wait_for_quiet() {
  local out="$1" max="${2:-1.5}" max_wait="${3:-1800}" poll="${4:-30}"
  local before t0 waited timed_out=false
  before="$(loadavg)"; t0="$(date +%s)"
  while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v m="$max" 'BEGIN{exit !(l >= m)}'; do
    waited=$(( $(date +%s) - t0 ))
    if [ "$waited" -ge "$max_wait" ]; then
      timed_out=true
      log "load average still $(loadavg) after ${waited} s: going on (recorded as load_wait_timed_out)"
      break
    fi
    log "1-min load average $(cut -d' ' -f1 /proc/loadavg) >= $max: waiting ${poll} s (${waited} s so far, at most ${max_wait} s)"
    sleep "$poll"
  done
  $PY "$BENCH_DIR/bench.py" compose "$out" load_before_wait="$before" load_after_wait="$(loadavg)" \
    waited_s="#$(( $(date +%s) - t0 ))" max_load="$max" load_wait_timed_out="$timed_out"
}

machine_line() {
  echo "host: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -m | awk '/^Mem:/{print $2}') MB RAM; $(java -version 2>&1 | head -1); load average $(loadavg)"
}

# m_begin "SERVER_PID…" / m_end "SERVER_PID…" RUN.json — around one step: load averages, the server's
# CPU-seconds, the machine's busy CPU-seconds and what other processes used (machine - server -
# the measured command), added to RUN.json.
HZ="$(getconf CLK_TCK 2>/dev/null || echo 100)"
m_begin() { M_LOAD0="$(loadavg)"; M_BUSY0="$(machine_busy_jiffies)"; M_SRV0="$(proc_jiffies "$1")"; }
m_end() {
  local busy1 srv1
  busy1="$(machine_busy_jiffies)"; srv1="$(proc_jiffies "$1")"
  $PY "$BENCH_DIR/bench.py" account "$2" "$M_LOAD0" "$(loadavg)" "$(( busy1 - M_BUSY0 ))" "$(( srv1 - M_SRV0 ))" "$HZ"
}

# run_wrk OUTDIR URL SECONDS CONNECTIONS — wrk with bench/rotate.lua (the three requests in turn),
# one thread on the injector core, under /usr/bin/time -v; its figures in OUTDIR/run.json.
run_wrk() {
  local out="$1" url="$2" secs="$3" conns="$4"
  mkdir -p "$out"
  # shellcheck disable=SC2046
  $(pin_injector) /usr/bin/time -v -o "$out/time.txt" \
    wrk -t1 -c"$conns" -d"${secs}s" --latency -s "$BENCH_DIR/rotate.lua" "$url" >"$out/console.log" 2>&1
  $PY "$BENCH_DIR/bench.py" wrk "$out" >"$out/run.json"
}

# ------------------------------------------------------------------ the measuring method
# Every comparison script: parse_mode "$@"; meta_begin NAME key=value…; run_rounds N STEP…;
# meta_end; report KIND. The tools under comparison run alternately (A B A B …): a warm-up round r0
# that is not counted, then N counted rounds r1..rN, each short enough for the script's stated
# time. bench.py report prints every figure as the median and min-max over the counted rounds, every
# ratio computed round by round (A1/B1, A2/B2, …), and a verdict on the median that is "unclear"
# when the min-max straddles the target.

# parse_mode "$@" — QUICK=1 for --quick; ROUNDS = counted rounds (5, or 2 with --quick; env ROUNDS).
QUICK=0; ROUNDS="${ROUNDS:-}" # (ROUNDS from the environment is kept for parse_mode)
parse_mode() {
  case "${1:-}" in
    --quick) QUICK=1 ;;
    "") ;;
    *) die "unknown argument: $1 (allowed: --quick; settings through the environment, see the script's header)" ;;
  esac
  if [ $QUICK = 1 ]; then ROUNDS="${ROUNDS:-2}"; else ROUNDS="${ROUNDS:-5}"; fi
  [[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS=$ROUNDS: a whole number of counted rounds, at least 1"
}

now_utc() { date -u '+%Y-%m-%d %H:%M:%S UTC'; }

pinning_line() {
  if [ "$PIN" = 1 ]; then echo "server on core $SERVER_CORE, load tool on core $INJECTOR_CORE"; else echo "no pinning"; fi
}

# One measured step of a round: the tool's run read into OUTDIR/run.json (bench.py gatling|locust|wrk),
# with the CPU of the servers SERVER_PIDS and of the whole machine around it (m_begin/m_end).
# gatling_step RUNNER OUTDIR "SERVER_PIDS" URL USERS RAMP_S DURATION_S PAUSE_MIN_MS PAUSE_MAX_MS [bench.py gatling option…]
#   one GrafMuviSimulation run of the looping workload (profile load with these values) through RUNNER
#   (run_gatling: the JVM alone; run_gatling_mvn: ./mvnw gatling:test); JVM options through GATLING_JVM_OPTS.
gatling_step() {
  local runner="$1" out="$2" pids="$3" url="$4" users="$5" ramp="$6" duration="$7" pmin="$8" pmax="$9"
  shift 9
  m_begin "$pids"
  "$runner" "$out" -Dgrafmuvi.profile=load -Dgrafmuvi.base-url="$url" -Dgrafmuvi.users="$users" \
    -Dgrafmuvi.ramp="${ramp}s" -Dgrafmuvi.duration="${duration}s" -Dgrafmuvi.pause.min="${pmin}ms" \
    -Dgrafmuvi.pause.max="${pmax}ms" || log "$runner exit code $? (2 = an assertion failed; see $out/console.log)"
  $PY "$BENCH_DIR/bench.py" gatling "$out" "$@" >"$out/run.json"
  m_end "$pids" "$out/run.json"
}
# locust_step OUTDIR "SERVER_PIDS" SKIP TAIL USERCLASS USERS RATE SECONDS URL [NAME=VALUE…] — one run_locust.
locust_step() {
  local out="$1" pids="$2" skip="$3" tail="$4"
  shift 4
  m_begin "$pids"
  run_locust "$out" "$@" || log "locust exit code $? (see $out/console.log)"
  $PY "$BENCH_DIR/bench.py" locust "$out" --skip "$skip" --tail "$tail" >"$out/run.json"
  m_end "$pids" "$out/run.json"
}
# wrk_step OUTDIR "SERVER_PIDS" URL SECONDS CONNECTIONS — one run_wrk.
wrk_step() {
  m_begin "$2"
  run_wrk "$1" "$3" "$4" "$5"
  m_end "$2" "$1/run.json"
}

# The seed's workload (bench/fidelity.sh, bench/upstream.sh): from USERS, RAMP (s), P_MIN, P_MAX (s),
# the steady window's start SKIP (the ramp plus the longest pause: every user loops), the arrival
# RATE, the closed-loop LIMIT (users / mean pause) and the pauses in ms.
# shellcheck disable=SC2034,SC2153 # USERS comes from, and LIMIT goes to, the script that sources this
seed_workload() {
  read -r SKIP RATE LIMIT P_MIN_MS P_MAX_MS < <($PY -c "import math
users, ramp, low, high = $USERS, $RAMP, $P_MIN, $P_MAX
print(math.ceil(ramp + high), round(users / ramp, 2), round(users / ((low + high) / 2), 2), int(low * 1000), int(high * 1000))")
}
# seed_locust OUTDIR "SERVER_PIDS" URL — the seed's locustfile (SeedUser) at that workload.
# shellcheck disable=SC2153 # DURATION and TAIL come from the script that sources this
seed_locust() {
  locust_step "$1" "$2" "$SKIP" "$TAIL" SeedUser "$USERS" "$RATE" "$DURATION" "$3" SEED_WAIT_MIN="$P_MIN" SEED_WAIT_MAX="$P_MAX"
}
# seed_gatling RUNNER OUTDIR "SERVER_PIDS" URL — GrafMuviSimulation at that workload.
# shellcheck disable=SC2153 # DURATION and TAIL come from the script that sources this
seed_gatling() {
  gatling_step "$1" "$2" "$3" "$4" "$USERS" "$RAMP" "$DURATION" "$P_MIN_MS" "$P_MAX_MS" --skip "$SKIP" --tail "$TAIL"
}

# meta_begin NAME [key=value|key=#number]… — OUT=bench/results/NAME[-quick]-<time>/ with meta.json.
OUT=""; T_START=0
meta_begin() {
  local name="$1"; shift
  OUT="$(results_dir "$name$([ $QUICK = 1 ] && echo -quick)")"
  T_START="$(date +%s)"
  log "results in $OUT"
  machine_line | tee "$OUT/machine.txt" >&2
  $PY "$BENCH_DIR/bench.py" compose "$OUT/meta.json" script="bench/$name.sh$([ $QUICK = 1 ] && echo " --quick")" \
    started="$(now_utc)" load_start="$(loadavg)" machine="$(cat "$OUT/machine.txt")" pinning="$(pinning_line)" \
    rounds="#$ROUNDS" warmup_rounds="#1" "$@"
}

# run_rounds STEP… — the warm-up round and ROUNDS counted rounds; in each, every STEP (a shell
# function called as STEP DIR, DIR = OUT/r<round>/<step>, writing DIR/run.json) once, in order.
run_rounds() {
  local r step total=$(( ROUNDS + 1 )) steps_json
  steps_json="[$(printf '"%s",' "${@//_/-}")"; steps_json="${steps_json%,}]"
  $PY "$BENCH_DIR/bench.py" compose "$OUT/meta.json" steps="$steps_json"
  for r in $(seq 0 "$ROUNDS"); do
    for step in "$@"; do
      mkdir -p "$OUT/r$r/${step//_/-}"
      log "round $r ($([ "$r" = 0 ] && echo "warm-up, not counted" || echo "counted $r of $ROUNDS"); $(( r + 1 )) of $total): ${step//_/-}"
      "$step" "$OUT/r$r/${step//_/-}"
    done
  done
}

# meta_end KIND — the end time and duration into meta.json, then the tables (OUT/table.md).
meta_end() {
  $PY "$BENCH_DIR/bench.py" compose "$OUT/meta.json" ended="$(now_utc)" load_end="$(loadavg)" \
    elapsed_s="#$(( $(date +%s) - T_START ))"
  $PY "$BENCH_DIR/bench.py" report "$1" "$OUT" | tee "$OUT/table.md"
  log "done in $(( $(date +%s) - T_START )) s; results in $OUT"
}
