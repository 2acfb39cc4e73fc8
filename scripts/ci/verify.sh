#!/usr/bin/env bash
# Push/pull-request job: ./mvnw -B verify, the README's test command (unit tests, then the smoke run
# against the embedded API with its thresholds). Fails on a failed test or a breached threshold.
# Writes target/ (the run folder under target/gatling/, its name in target/gatling/last-run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exec ./mvnw -B verify
