#!/usr/bin/env bash
# Renders a Gatling HTML report to a PNG with headless Chromium (installed from Debian's packages
# when missing): scripts/report-screenshot.sh [RUN_FOLDER] [OUTPUT.png]
# Defaults: the last run's folder (named in target/gatling/last-run), docs/images/gatling-report.png.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${1:-}" ]; then
  run=$1
elif ! run=$(scripts/last-run.sh target/gatling); then
  echo "no report to render: run ./mvnw gatling:test first, or name a run folder" >&2
  exit 1
fi
out=${2:-docs/images/gatling-report.png}
if [ ! -f "$run/index.html" ]; then
  echo "no report found: $run/index.html does not exist" >&2
  exit 1
fi
if ! command -v chromium > /dev/null; then
  apt-get update -qq && apt-get install -y -qq chromium > /dev/null
fi
mkdir -p "$(dirname "$out")" && touch "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# The flags keep Chromium off the network: the report is a local file.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --window-size=1400,2000 --virtual-time-budget=5000 \
  --screenshot="$(realpath "$out")" "file://$(realpath "$run")/index.html" 2> /dev/null
echo "wrote $out from $run"
