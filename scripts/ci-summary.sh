#!/usr/bin/env bash
# For CI. Finds the newest Gatling run folder under RESULTS_DIR (default target/gatling).
#   scripts/ci-summary.sh [RESULTS_DIR]             prints its summary.md (for $GITHUB_STEP_SUMMARY)
#   scripts/ci-summary.sh --copy RESULTS_DIR DEST   copies its summary.json, junit.xml, summary.md to DEST
# When the run wrote no summary (it crashed before its report), says so instead of failing.
set -euo pipefail

copy=false
if [ "${1:-}" = "--copy" ]; then
  copy=true
  shift
fi
results="${1:-target/gatling}"
latest=""
if [ -d "$results" ]; then
  latest=$(find "$results" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %p\n' | sort -n | tail -n 1 | cut -d' ' -f2-)
fi

if $copy; then
  dest="${2:?usage: ci-summary.sh --copy RESULTS_DIR DEST}"
  mkdir -p "$dest"
  if [ -n "$latest" ] && [ -f "$latest/summary.json" ]; then
    cp "$latest/summary.json" "$latest/junit.xml" "$latest/summary.md" "$dest/"
    echo "copied the summaries of $latest to $dest"
  else
    echo "no summary.json under $results: nothing copied"
  fi
  exit 0
fi

if [ -n "$latest" ] && [ -f "$latest/summary.md" ]; then
  cat "$latest/summary.md"
else
  echo "## Gatling: no summary"
  echo
  echo "No summary.md was written under \`$results\`: the run failed before Gatling wrote its report (see the job log)."
fi
