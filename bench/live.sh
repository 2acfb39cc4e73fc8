#!/usr/bin/env bash
# What the in-run recorder and the live page cost: GrafMuviSimulation at the seed's workload against
# one separate API process (core 0), its JVM started directly (core 1), three variants alternating
# (a warm-up round then ROUNDS counted rounds, bench/lib.sh run_rounds):
#   base      the project at BASE_COMMIT (ad6cc8d, the last commit before the recorder), built in a
#             git worktree under target/bench-base-<commit>/ with its own classpath
#   recorder  this checkout with -Dgrafmuvi.live.enabled=false: the recorder runs, no page
#   page      this checkout with -Dgrafmuvi.live.enabled=true and bench/livepoll.py (on the server's
#             core) doing what an open page and a Prometheus do: GET /live.json?since=<last> every
#             second, /metrics every 5 s, from the moment the run prints its live URL
# Figures: the Gatling JVM's CPU-seconds per 1000 requests (whole process by /usr/bin/time, steady
# window by /proc samples), p95/p99 (summary.json), requests; page/base and recorder/base round by
# round, each against "within 5 %".
#
# Why 60 s runs of 1000 users over 10 s (5-9 s pauses): the seed's users and rate (142.9
# requests/s) in a run that keeps a round of three variants to ~4 minutes; after the ramp and the
# longest pause (19 s) every user loops, leaving a 40 s steady window (~5,700 requests) for CPU per
# request, and ~8,000 requests per run for the percentiles.
#   bash bench/live.sh            1000 users over 10 s, 5-9 s pauses, 60 s per run; 1 + 5 rounds, ~25 min
#   bash bench/live.sh --quick    20 users over 2 s, 0.5-0.9 s pauses, 8 s per run; 1 + 2 rounds, ~2 min
# Env: ROUNDS, USERS, RAMP (s), DURATION (s), BASE_COMMIT, MAX_LOAD (a full run first waits up to
#      30 min for the 1-min load average to fall below it, 1.5; 0 skips the wait), MVN_OFFLINE=1
#      (Maven -o for the base's build), PIN, SERVER_CORE, INJECTOR_CORE.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

parse_mode "$@"
if [ $QUICK = 1 ]; then USERS="${USERS:-20}"; RAMP="${RAMP:-2}"; DURATION="${DURATION:-8}"; P_MIN=500; P_MAX=900; TAIL=1
else USERS="${USERS:-1000}"; RAMP="${RAMP:-10}"; DURATION="${DURATION:-60}"; P_MIN=5000; P_MAX=9000; TAIL=1; fi
SKIP=$(( RAMP + (P_MAX + 999) / 1000 ))
BASE_COMMIT="${BASE_COMMIT:-ad6cc8d}"
MAX_LOAD="${MAX_LOAD:-1.5}"

need_pkgs python3:python3 /usr/bin/time:time taskset:util-linux git:git
ensure_build
HEAD_CP="$CP"
HEAD_OPTS="$GATLING_JVM_OPTS"

# The base: BASE_COMMIT in its own worktree (reused when it is there and built), compiled with its
# own ./mvnw, with its own test classpath and JVM flags file.
BASE_SHA="$(git -C "$ROOT" rev-parse --verify -q "$BASE_COMMIT^{commit}")" \
  || die "$BASE_COMMIT is not a commit of $ROOT (a clone with its history is needed)"
BASE_DIR="$ROOT/target/bench-base-${BASE_SHA:0:7}"
if [ ! -f "$BASE_DIR/target/test-classes/grafmuvi/loadtest/GrafMuviSimulation.class" ] || [ ! -s "$BASE_DIR/target/classpath.txt" ]; then
  log "building the base $BASE_COMMIT in $BASE_DIR (git worktree; ./mvnw test-compile, dependency:build-classpath)"
  git -C "$ROOT" worktree prune
  if [ ! -e "$BASE_DIR/.git" ]; then
    rm -rf "$BASE_DIR"
    git -C "$ROOT" worktree add -q --detach "$BASE_DIR" "$BASE_SHA" >&2
  fi
  (cd "$BASE_DIR" && ./mvnw -q -B ${MVN_OFFLINE:+-o} -DskipTests -Dgatling.skip=true test-compile >&2 \
    && ./mvnw -q -B ${MVN_OFFLINE:+-o} dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$BASE_DIR/target/classpath.txt" >&2)
fi
BASE_CP="$BASE_DIR/target/test-classes:$BASE_DIR/target/classes:$(cat "$BASE_DIR/target/classpath.txt")"
HEAD_SHA="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
HEAD_DIRTY="$(git -C "$ROOT" status --porcelain --untracked-files=no -- src pom.xml .gatling 2>/dev/null | head -c1)"

meta_begin live users="#$USERS" ramp_s="#$RAMP" duration_s="#$DURATION" skip_s="#$SKIP" tail_s="#$TAIL" \
  pauses="${P_MIN}-${P_MAX} ms" base_commit="${BASE_SHA:0:7}" head_commit="$HEAD_SHA${HEAD_DIRTY:+ (with uncommitted changes)}" \
  launcher="java io.gatling.app.Gatling (the JVM alone, bench/lib.sh run_gatling)"
if [ $QUICK = 0 ] && [ "$MAX_LOAD" != 0 ]; then
  wait_for_quiet "$OUT/load-wait.json" "$MAX_LOAD" 1800 30
  $PY "$BENCH_DIR/bench.py" compose "$OUT/meta.json" load_wait="@$OUT/load-wait.json"
fi
start_api "$OUT/api.log"

base() {
  CP="$BASE_CP" GATLING_JVM_OPTS="@$BASE_DIR/.gatling/jvm.options" \
    gatling_step run_gatling "$1" "$API_PID" "$API_URL" "$USERS" "$RAMP" "$DURATION" "$P_MIN" "$P_MAX" --skip "$SKIP" --tail "$TAIL"
}
recorder() {
  CP="$HEAD_CP" GATLING_JVM_OPTS="$HEAD_OPTS -Dgrafmuvi.live.enabled=false" \
    gatling_step run_gatling "$1" "$API_PID" "$API_URL" "$USERS" "$RAMP" "$DURATION" "$P_MIN" "$P_MAX" --skip "$SKIP" --tail "$TAIL"
}
page() {
  local d="$1" ppid
  : >"$d/console.log"
  # shellcheck disable=SC2046
  $(pin_server) $PY "$BENCH_DIR/livepoll.py" "$d/console.log" "$d/poller.json" &
  ppid=$!
  BENCH_PIDS+=("$ppid")
  CP="$HEAD_CP" GATLING_JVM_OPTS="$HEAD_OPTS -Dgrafmuvi.live.enabled=true" \
    gatling_step run_gatling "$d" "$API_PID" "$API_URL" "$USERS" "$RAMP" "$DURATION" "$P_MIN" "$P_MAX" --skip "$SKIP" --tail "$TAIL"
  stop_pid "$ppid"
  [ -s "$d/poller.json" ] || die "the poller wrote no $d/poller.json"
  $PY "$BENCH_DIR/bench.py" compose "$d/run.json" poller="@$d/poller.json"
}

run_rounds base recorder page
stop_pid "$API_PID"
meta_end live
