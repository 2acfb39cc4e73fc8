#!/usr/bin/env bash
# Nightly job: when baseline/summary.json is there (put by fetch-baseline.sh on GitHub, by .ci/run
# here), writes BASELINE_ARG=-Dgrafmuvi.baseline=<its absolute path> to "$GITHUB_ENV" for the next
# steps (nightly-run.sh); otherwise notes that this night has no baseline. Needs GITHUB_ENV.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
: "${GITHUB_ENV:?GITHUB_ENV must name the file in which the runner (or .ci/run) collects variables for the next steps}"
if [ -f baseline/summary.json ]; then
  echo "Baseline: baseline/summary.json (the last successful nightly)"
  echo "BASELINE_ARG=-Dgrafmuvi.baseline=$PWD/baseline/summary.json" >>"$GITHUB_ENV"
else
  echo "::notice::No previous nightly summary.json: this run has no baseline to compare with"
fi
