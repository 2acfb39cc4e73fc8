#!/usr/bin/env bash
# Scale: the most concurrent seed users (5-9 s pauses) one Gatling JVM (-Xmx1G) holds with KO 0 and
# a healthy injector self-check. One level after another, each against a fresh API process.
#   bash bench/scale.sh            levels 1000 10000 50000 100000; 60 s ramp, 150 s each, steady after 70 s
#   bash bench/scale.sh --quick    levels 20 100; 2 s ramp, 8 s each
# Env: LEVELS="1000 10000", RAMP, DURATION (s), API_IDLE_TIMEOUT, PIN, SERVER_CORE, INJECTOR_CORE.
#
# Connections: each Gatling user keeps its own keep-alive connection, and this machine allows
# 20000 open files per process (ulimit -Hn) and 28k ephemeral ports per loopback address pair, so
# 50k-100k users cannot each hold an idle connection through a 5-9 s pause. The API therefore runs
# with --idle-timeout ${API_IDLE_TIMEOUT:-1s}: a connection idle that long is closed and the user opens a new one
# for its next request (open connections ~ requests/s x 1 s).
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

QUICK=0; [ "${1:-}" = "--quick" ] && QUICK=1
if [ $QUICK = 1 ]; then LEVELS="${LEVELS:-20 100}"; RAMP="${RAMP:-2}"; DURATION="${DURATION:-8}"; SETTLE=1; TAIL=1
else LEVELS="${LEVELS:-1000 10000 50000 100000}"; RAMP="${RAMP:-60}"; DURATION="${DURATION:-150}"; SETTLE=10; TAIL=5; fi
SKIP=$(( RAMP + SETTLE ))
API_IDLE_TIMEOUT="${API_IDLE_TIMEOUT:-1s}"

need_pkgs python3:python3 /usr/bin/time:time taskset:util-linux
ensure_build
OUT="$(results_dir "scale$([ $QUICK = 1 ] && echo -quick)")"
log "results in $OUT (open files per process: $(ulimit -n))"
machine_line | tee "$OUT/machine.txt" >&2
$PY "$BENCH_DIR/bench.py" compose "$OUT/scale.json" pauses="5-9 s" ramp_s="#$RAMP" duration_s="#$DURATION" skip_s="#$SKIP" \
  api_idle_timeout="$API_IDLE_TIMEOUT" machine="$(cat "$OUT/machine.txt")" \
  pinning="$([ "$PIN" = 1 ] && echo "API on core $SERVER_CORE, Gatling on core $INJECTOR_CORE" || echo "no pinning")"

for users in $LEVELS; do
  d="$OUT/users-$users"; mkdir -p "$d"
  start_api "$d/api.log" --idle-timeout "$API_IDLE_TIMEOUT"
  log "Gatling: $users users over ${RAMP}s, ${DURATION}s, 5-9 s pauses"
  m_begin "$API_PID"
  run_gatling "$d" -Dgrafmuvi.profile=load -Dgrafmuvi.base-url="$API_URL" -Dgrafmuvi.users="$users" \
    -Dgrafmuvi.ramp="${RAMP}s" -Dgrafmuvi.duration="${DURATION}s" -Dgrafmuvi.pause.min=5s -Dgrafmuvi.pause.max=9s \
    || log "gatling exit code $? (2 = an assertion failed)"
  $PY "$BENCH_DIR/bench.py" gatling "$d" --skip "$SKIP" --tail "$TAIL" >"$d/gatling.json"
  m_end "$API_PID" "$d/gatling.json"
  stop_pid "$API_PID"
  grep -E "WARN|ERROR|Exception" "$d/api.log" | head -3 >&2 || true
  $PY "$BENCH_DIR/bench.py" compose "$d/level.json" users="#$users" expected_rps="#$($PY -c "print($users/7.0)")" \
    gatling="@$d/gatling.json"
  $PY - "$d/level.json" <<'PYEOF'
import json, sys
j = json.load(open(sys.argv[1])); g = j["gatling"]
j["api_cpu_s"] = g.get("server_cpu_s"); j["load_before"] = g.get("load_before"); j["load_after"] = g.get("load_after")
json.dump(j, open(sys.argv[1], "w"), indent=1)
PYEOF
  $PY "$BENCH_DIR/bench.py" compose "$OUT/scale.json" "levels[]=@$d/level.json"
done
$PY "$BENCH_DIR/bench.py" table scale "$OUT/scale.json" | tee "$OUT/table.md"
