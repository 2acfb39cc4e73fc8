#!/usr/bin/env bash
# Compares two summary.json files without running a load:
#   scripts/compare-summaries.sh [--p95=20] [--p99=20] [--ko=0.5] [--rps=10] BASELINE.json CURRENT.json
# Prints the side-by-side table. Exit status: 0 no regression, 2 regression, 1 bad arguments/files.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/lib/java-test-class.sh" grafmuvi.loadtest.results.CompareSummaries "$@"
