#!/usr/bin/env bash
# Proves the live monitoring page of a running Gatling simulation shows data, then screenshots it:
#   scripts/live-page-check.sh URL OUTPUT.png
# URL is the page the Gatling JVM serves during ./mvnw gatling:test (http://127.0.0.1:<port>/).
#
# Headless Chromium loads the page and dumps its DOM after the page has polled live.json a few
# times. After every redraw the page's own JS (live.js) writes on each chart container
#   data-points  = seconds (x values) drawn
#   data-painted = sampled pixels of the plot area drawn in one of that chart's series colours
#                  (axes, grid and phase bands do not count: an empty chart has 0)
# The check passes when each of the three charts (requests/s, response times, users) has
# data-points >= LIVE_CHECK_MIN_POINTS and data-painted >= LIVE_CHECK_MIN_PAINTED, and the
# statistics table has rows. It tries again every few seconds until LIVE_CHECK_WAIT seconds have
# passed (a run that has just started has no 3 seconds yet), then exits 1 saying what it found.
# On success a second Chromium run writes the screenshot (1600x2200) to OUTPUT.png.
#
# Environment: LIVE_CHECK_WAIT (seconds, default 60), LIVE_CHECK_MIN_POINTS (3),
# LIVE_CHECK_MIN_PAINTED (20). Installs Debian's chromium with apt-get when missing (as root).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 URL OUTPUT.png" >&2
  exit 2
fi
url=$1
out=$2
wait_s=${LIVE_CHECK_WAIT:-60}
min_points=${LIVE_CHECK_MIN_POINTS:-3}
min_painted=${LIVE_CHECK_MIN_PAINTED:-20}

if ! command -v chromium > /dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "FAIL: chromium is not installed and this is not root (apt-get install chromium)" >&2
    exit 1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Off the network but for the page's own server: no sync, no component updates, no QUIC.
# --virtual-time-budget lets the page's timers run (it polls live.json once a second) and waits
# while fetches are pending: after 5 s of virtual time the page has drawn what the server holds.
# (--timeout alone does not help: the DOM is dumped at the load event, before the first poll.)
run_chromium() { # EXTRA_FLAG...
  rm -rf "$work/profile"
  timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-extensions --hide-scrollbars --force-device-scale-factor=1 \
    --user-data-dir="$work/profile" --window-size=1600,2200 --virtual-time-budget=5000 \
    "$@" "$url" 2>> "$work/chromium.log"
}

attr() { # TAG NAME -> the attribute's value, or empty
  sed -n "s/.* $2=\"\\([^\"]*\\)\".*/\\1/p" <<< "$1"
}

# Reads the dumped DOM; sets $report and returns 0 when every condition holds.
judge() {
  local dom=$1 ok=0 chart tag points painted rows
  report=""
  for chart in rps latency users; do
    tag=$(grep -o "<div [^>]*data-chart=\"$chart\"[^>]*>" "$dom" | head -n 1 || true)
    if [ -z "$tag" ]; then
      report+="  chart $chart: not on the page"$'\n'
      ok=1
      continue
    fi
    points=$(attr "$tag" data-points)
    painted=$(attr "$tag" data-painted)
    points=${points:-0}
    painted=${painted:-0}
    if [ "$points" -ge "$min_points" ] 2> /dev/null && [ "$painted" -ge "$min_painted" ] 2> /dev/null; then
      report+="  chart $chart: $points seconds drawn, $painted series pixels sampled: ok"$'\n'
    else
      local why="FAIL"
      [ "$points" -ge "$min_points" ] 2> /dev/null || why+=", fewer than $min_points seconds"
      [ "$painted" -ge "$min_painted" ] 2> /dev/null || why+=", fewer than $min_painted series pixels (an empty chart)"
      report+="  chart $chart: $points seconds drawn, $painted series pixels sampled: $why"$'\n'
      ok=1
    fi
  done
  rows=$(grep -o 'class="stat-row' "$dom" | wc -l)
  if [ "$rows" -ge 1 ]; then
    report+="  statistics table: $rows rows: ok"$'\n'
  else
    report+="  statistics table: no rows: FAIL"$'\n'
    ok=1
  fi
  if ! grep -q 'id="stats-body"' "$dom"; then
    report+="  (the dumped page is not the GrafMuvi live page)"$'\n'
    ok=1
  fi
  return $ok
}

deadline=$((SECONDS + wait_s))
attempt=0
while :; do
  attempt=$((attempt + 1))
  if run_chromium --dump-dom > "$work/dom.html" && judge "$work/dom.html"; then
    break
  fi
  if [ ! -s "$work/dom.html" ]; then
    report="  Chromium returned no page for $url"$'\n'
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "FAIL: the live page at $url did not render data within ${wait_s}s ($attempt tries):" >&2
    printf '%s' "$report" >&2
    messages=$(grep -v -i "dbus\|fontconfig\|^/usr/bin/chromium: " "$work/chromium.log" | tail -n 5 || true)
    if [ -n "$messages" ]; then
      echo "  Chromium's last messages:" >&2
      while IFS= read -r line; do echo "    $line"; done <<< "$messages" >&2
    fi
    exit 1
  fi
  sleep 3
done
echo "live page at $url renders data (try $attempt):"
printf '%s' "$report"

mkdir -p "$(dirname "$out")"
out_abs="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
rm -f "$out_abs"
if ! run_chromium --screenshot="$out_abs" > /dev/null || [ ! -s "$out_abs" ]; then
  echo "FAIL: Chromium wrote no screenshot to $out" >&2
  exit 1
fi
echo "wrote $out"
