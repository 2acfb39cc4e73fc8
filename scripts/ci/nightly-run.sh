#!/usr/bin/env bash
# Nightly job: ./mvnw -B gatling:test, the full default workload (GRAFMUVI_* variables may change it,
# as .ci/run does), held to the baseline when BASELINE_ARG is set (use-baseline.sh, via GITHUB_ENV).
# Fails on a breached threshold or a regression; the run folder's name is in target/gatling/last-run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exec ./mvnw -B gatling:test ${BASELINE_ARG:+"$BASELINE_ARG"}
