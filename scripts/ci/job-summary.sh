#!/usr/bin/env bash
# Both jobs: appends the last run's summary.md (verdict, statistics, assertions, baseline) to the job
# summary, "$GITHUB_STEP_SUMMARY" (standard output when that is not set). Reads target/gatling/last-run.
# When no run recorded one, or its folder has no summary.md, the summary says so and the step passes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
summary() { if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat >>"$GITHUB_STEP_SUMMARY"; else cat; fi; }
if run=$(scripts/last-run.sh target/gatling 2>&1); then
  if [ -f "$run/summary.md" ]; then
    summary <"$run/summary.md"
    echo "job summary: $run/summary.md" >&2
    exit 0
  fi
  why="The run folder \`$run\` has no summary.md: its simulation.log could not be read (see the job log)."
else
  why="$run."
fi
printf '## Gatling: no summary\n\n%s\n' "$why" | summary
echo "job summary: no summary.md ($why)" >&2
