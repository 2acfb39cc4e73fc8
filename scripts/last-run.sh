#!/usr/bin/env bash
# Prints the folder of the newest Gatling run under RESULTS_DIR (default: the project's target/gatling),
# as the run itself recorded it: RESULTS_DIR/last-run holds that folder's name, one line.
#   scripts/last-run.sh [RESULTS_DIR]      prints RESULTS_DIR/<name>; exit 1 and why when no run recorded one
# Every script that needs "the last run" asks this one (ci/, report-screenshot.sh, bench/lib.sh, .ci/run).
set -euo pipefail

results=${1:-"$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/target/gatling"}
record="$results/last-run"
if [ ! -f "$record" ]; then
  echo "no Gatling run recorded in $record: no run got as far as its first user there (refused before it" \
    "started, e.g. a bad setting or baseline, or the build or Gatling failed early; see its log)" >&2
  exit 1
fi
name=$(head -n 1 "$record")
case "$name" in
  "" | . | .. | */*)
    echo "$record does not hold a run folder's name (it holds '$name')" >&2
    exit 1
    ;;
esac
if [ ! -d "$results/$name" ]; then
  echo "$record names $name, which is not a folder in $results (moved or deleted since)" >&2
  exit 1
fi
printf '%s\n' "$results/$name"
