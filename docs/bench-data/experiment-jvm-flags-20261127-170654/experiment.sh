#!/usr/bin/env bash
# ad-hoc: Gatling alone at the seed workload (1000 users over 100 s, 5-9 s pauses, 200 s), JVM flag variants
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/../../../bench/lib.sh"
ensure_build
OUT="$(results_dir experiment-jvm-flags)"
echo "$OUT"
start_api "$OUT/api.log"
BASE="$GATLING_JVM_OPTS"
for variant in default c1only; do
  case $variant in
    default) GATLING_JVM_OPTS="$BASE";;
    c1only) GATLING_JVM_OPTS="$BASE -XX:TieredStopAtLevel=1";;
  esac
  m_begin "$API_PID"
  run_gatling "$OUT/$variant" -Dgrafmuvi.profile=load -Dgrafmuvi.base-url="$API_URL" -Dgrafmuvi.users=1000 \
    -Dgrafmuvi.ramp=100s -Dgrafmuvi.duration=200s -Dgrafmuvi.pause.min=5s -Dgrafmuvi.pause.max=9s || true
  $PY "$BENCH_DIR/bench.py" gatling "$OUT/$variant" --skip 110 --tail 5 >"$OUT/$variant.json"
  m_end "$API_PID" "$OUT/$variant.json"
  $PY -c "
import json; r=json.load(open('$OUT/$variant.json')); a=r['requests']['all']
print('$variant', 'requests', a['count'], 'steady/s', a['steady_rps'], 'p50/p99', a['p50'], a['p99'], 'cpu_s', r.get('cpu_s'), 'per1000', round(r.get('cpu_s',0)/a['count']*1000,3), 'steady per1000', r.get('steady_cpu_ms_per_request'), 'core%', r.get('steady_cpu_core_percent'), 'rss', r.get('rss_mb'), 'other', r.get('other_cpu_s'), 'load', r.get('load_before'))"
done
