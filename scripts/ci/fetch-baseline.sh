#!/usr/bin/env bash
# github-only: calls gh, GitHub's CLI, with the job's token (GH_TOKEN, GITHUB_REPOSITORY); .ci/run skips it.
# Nightly job: downloads the artifact nightly-summary of the last successful scheduled run into
# baseline/ (read by use-baseline.sh). None found, or a failed download, is a note and not a failure:
# the night then runs without a baseline.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
: "${GITHUB_REPOSITORY:?this step runs on GitHub only (gh needs the repository and GH_TOKEN)}"
previous=$(gh run list --repo "$GITHUB_REPOSITORY" --workflow load-test.yml --event schedule \
  --status success --limit 1 --json databaseId --jq '.[0].databaseId // empty') || previous=""
if [ -z "$previous" ]; then
  echo "No successful scheduled run found: no baseline"
elif ! gh run download "$previous" --repo "$GITHUB_REPOSITORY" --name nightly-summary --dir baseline; then
  echo "::warning::Could not download the nightly-summary artifact of run $previous"
fi
