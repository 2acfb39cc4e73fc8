#!/usr/bin/env bash
# Compares two summary.json files without running a load:
#   scripts/compare-summaries.sh [--p95=20] [--p99=20] [--ko=0.5] [--rps=10] BASELINE.json CURRENT.json
# Prints the side-by-side table. Exit status: 0 no regression, 2 regression, 1 bad arguments/files.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp_file="$root/target/test-classpath.txt"
"$root/mvnw" -B -q -f "$root/pom.xml" test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
exec java -cp "$root/target/test-classes:$(cat "$cp_file")" grafmuvi.loadtest.results.CompareSummaries "$@"
