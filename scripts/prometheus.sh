#!/usr/bin/env bash
# A real Prometheus (Debian's package) on loopback, scraping a running load test's /metrics:
#   scripts/prometheus.sh start LIVE_URL   LIVE_URL is what the run printed ("GrafMuvi live: ...");
#                                          installs Debian's prometheus when missing (as root);
#                                          prints Prometheus' own URL
#   scripts/prometheus.sh stop
#   scripts/prometheus.sh query PROMQL     prints the query's result (JSON, Prometheus' HTTP API)
# It scrapes every second and keeps its data in target/prometheus/. The query for the p95 over time:
#   histogram_quantile(0.95, sum by (le) (rate(grafmuvi_loadtest_response_time_seconds_bucket[30s])))
# Environment: PROMETHEUS_PORT (default 19090), on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
home=target/prometheus
port=${PROMETHEUS_PORT:-19090}
url="http://127.0.0.1:$port"

case "${1:-}" in
  start)
    target=${2:?usage: scripts/prometheus.sh start LIVE_URL}
    hostport=$(sed -E 's#^https?://([^/]+)/?.*$#\1#' <<<"$target")
    case "$hostport" in
      127.* | localhost:* | "[::1]":*) ;;
      *) echo "refusing to scrape $hostport: loopback only" >&2; exit 1 ;;
    esac
    if ! command -v prometheus >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
    fi
    mkdir -p "$home/data"
    cat >"$home/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: grafmuvi-load-test
    metrics_path: /metrics
    static_configs:
      - targets: ['$hostport']
YML
    prometheus --config.file="$home/prometheus.yml" --storage.tsdb.path="$home/data" \
      --web.listen-address="127.0.0.1:$port" >"$home/prometheus.log" 2>&1 &
    echo $! >"$home/pid"
    for _ in $(seq 1 100); do
      curl -fsS "$url/-/ready" >/dev/null 2>&1 && { echo "$url"; exit 0; }
      kill -0 "$(cat "$home/pid")" 2>/dev/null || { cat "$home/prometheus.log" >&2; exit 1; }
      sleep 0.2
    done
    echo "Prometheus did not become ready (log: $home/prometheus.log)" >&2
    exit 1
    ;;
  stop)
    if [ -f "$home/pid" ]; then
      kill "$(cat "$home/pid")" 2>/dev/null || true
      rm -f "$home/pid"
    fi
    ;;
  query)
    curl -fsS --get "$url/api/v1/query" --data-urlencode "query=${2:?usage: scripts/prometheus.sh query PROMQL}"
    echo
    ;;
  *)
    sed -n '2,10p' "$0" >&2
    exit 2
    ;;
esac
