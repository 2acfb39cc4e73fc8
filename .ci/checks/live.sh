#!/usr/bin/env bash
# The live page and /metrics during a real run in the current directory: headless Chromium must see
# the three charts drawn with data (scripts/live-page-check.sh, which writes target/live-page.png),
# and a real Prometheus (scripts/prometheus.sh) must scrape the run's counters and answer the p95
# query; at the end, Prometheus' last count must not exceed Gatling's total, and the recorder's
# (live.json) must equal it within the users' requests in flight.
set -euo pipefail
port=18777
rm -f target/gatling/last-run
timeout 300 ./mvnw -B -q gatling:test -Dgrafmuvi.profile=smoke -Dgrafmuvi.duration=45s \
  -Dgrafmuvi.live.enabled=true -Dgrafmuvi.live.port=$port > target/live-run.log 2>&1 &
run_pid=$!
trap 'scripts/prometheus.sh stop; kill $run_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/live.json" 2>/dev/null && break
  sleep 0.5
done
scripts/prometheus.sh start "http://127.0.0.1:$port/" >/dev/null
sleep 5
LIVE_CHECK_WAIT=30 scripts/live-page-check.sh "http://127.0.0.1:$port/" target/live-page.png
sleep 10
p95=$(scripts/prometheus.sh query \
  'histogram_quantile(0.95, sum by (le) (rate(grafmuvi_loadtest_response_time_seconds_bucket[10s])))')
scraped=$(scripts/prometheus.sh query 'sum(grafmuvi_loadtest_requests_total)')
wait $run_pid
run=$(scripts/last-run.sh)
/usr/bin/python3 - "$run" "$p95" "$scraped" <<'PY'
import json, sys
run, p95, scraped = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
summary = json.load(open(f"{run}/summary.json"))
live = json.load(open(f"{run}/live.json"))
total = summary["global"]["count"]
assert p95["data"]["result"], f"no p95 from Prometheus: {p95}"
p95_ms = float(p95["data"]["result"][0]["value"][1]) * 1000
counted = float(scraped["data"]["result"][0]["value"][1])
assert 0 < counted <= total, (counted, total)
recorded = live["stats"][-1]["requests"]
assert abs(recorded - total) <= 30, (recorded, total)
print(f"live check: Chromium saw the charts drawn; Prometheus scraped {counted:.0f} requests mid-run "
      f"(p95 {p95_ms:.1f} ms over 10 s); at the end Gatling counted {total}, the recorder {recorded}")
PY
