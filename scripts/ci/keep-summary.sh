#!/usr/bin/env bash
# Nightly job: copies the last run's summary.json, junit.xml and summary.md (the folder named in
# target/gatling/last-run) into DEST (default nightly-summary/), which the workflow uploads as the
# next night's baseline. When no run recorded one or it has no summary.json, copies nothing and passes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
dest=${1:-nightly-summary}
mkdir -p "$dest"
if ! run=$(scripts/last-run.sh target/gatling 2>&1); then
  echo "nothing copied to $dest: $run"
elif [ ! -f "$run/summary.json" ]; then
  echo "nothing copied to $dest: the run folder $run has no summary.json (see the run's log)"
else
  cp "$run/summary.json" "$run/junit.xml" "$run/summary.md" "$dest/"
  echo "copied the summaries of $run to $dest/"
fi
