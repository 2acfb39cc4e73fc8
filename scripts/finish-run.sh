#!/usr/bin/env bash
# Finishes a run folder from its simulation.log, whatever cut the run short (Ctrl-C, a crash, a
# killed JVM), or any older run folder: Gatling's HTML report when the folder has none (Gatling's
# own reports-only generation), then summary.json, junit.xml and summary.md.
#   scripts/finish-run.sh [RUN_FOLDER]      (default: the last run, named in target/gatling/last-run)
# Exit status: 0 passed, 2 an assertion failed, 3 the run was interrupted, 1 no such run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -eq 0 ]; then
  set -- "$("$root/scripts/last-run.sh")"
fi
exec "$root/scripts/lib/java-test-class.sh" grafmuvi.loadtest.results.FinishRun "$@"
