#!/usr/bin/env bash
# A short users profile (levels of the seed's looping users) against the embedded API in the
# current directory: it must end with its answer line, a table of its levels, and Gatling's report
# with a group per level.
set -euo pipefail
rm -f target/gatling/last-run
timeout 600 ./mvnw -B -q gatling:test -Dgrafmuvi.profile=users \
  -Dgrafmuvi.profiles.users.start=100 -Dgrafmuvi.profiles.users.step=100 \
  -Dgrafmuvi.profiles.users.levels=3 -Dgrafmuvi.profiles.users.ramp=3s \
  -Dgrafmuvi.profiles.users.level-duration=6s -Dgrafmuvi.profiles.users.pause.min=1s \
  -Dgrafmuvi.profiles.users.pause.max=3s > target/users-run.log 2>&1
run=$(scripts/last-run.sh)
answer=$(grep -E '^GrafMuvi (kept up|did not keep up)' target/users-run.log | tail -n 1)
test -n "$answer" && test -f "$run/index.html" && grep -q '^| level 1: 100 users |' target/users-run.log
grep -q 'level 1: 100 users' "$run/index.html" || grep -rq 'level 1: 100 users' "$run/js"
echo "users check: $answer"
