#!/usr/bin/env bash
# Static checks of the VM setup that need no hypervisor (CI runs them):
#   1. vagrant validate --ignore-provider   (Vagrantfile loads and is valid)
#   2. shellcheck on every shell script of the project
#   3. systemd-analyze verify on vm/grafmuvi-api.service (warnings count as failures)
#   4. consistency: forwarded port 8080 -> 127.0.0.1:8082, unit listens on 0.0.0.0:8080
# Installs vagrant, shellcheck and systemd from Debian's packages when they are missing
# (needs root then). Works without a terminal or standard input (CI=true). Prints each
# check and its result; exits non-zero if any check failed.
#
# Usage: vm/check.sh            (from anywhere; it finds the project root itself)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

log() { printf '[vm-check] %s\n' "$*"; }

# --- tools ---------------------------------------------------------------------------
need=()
command -v vagrant >/dev/null 2>&1 || need+=(vagrant)
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
if ((${#need[@]} > 0)); then
  if [[ $(id -u) -ne 0 ]]; then
    log "missing ${need[*]} and not root: install them with apt-get, or run as root"
    exit 1
  fi
  log "installing from Debian's packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q </dev/null
  apt-get install -y -q --no-install-recommends "${need[@]}" </dev/null
fi
log "vagrant: $(vagrant --version 2>/dev/null </dev/null || echo '?')"
log "shellcheck: $(shellcheck --version | sed -n 's/^version: //p')"
log "systemd-analyze: $(systemd-analyze --version | head -n 1)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); log "PASS $*"; }
fail() { failed=$((failed + 1)); log "FAIL $*"; }

# --- 1. Vagrantfile ------------------------------------------------------------------
# No call home (HashiCorp's version check), no colour, a private VAGRANT_HOME so the
# check neither reads nor writes the user's plugins and boxes. --ignore-provider: no
# hypervisor here, and the box is neither needed nor downloaded by validate.
if out=$(VAGRANT_CHECKPOINT_DISABLE=1 VAGRANT_NO_COLOR=1 VAGRANT_HOME="$work/vagrant.d" \
  VAGRANT_DOTFILE_PATH="$work/dot-vagrant" VAGRANT_CWD="$root" vagrant validate --ignore-provider </dev/null 2>&1); then
  pass "vagrant validate --ignore-provider: ${out//$'\n'/ }"
else
  printf '%s\n' "$out"
  fail "vagrant validate --ignore-provider"
fi

# --- 2. shellcheck -------------------------------------------------------------------
scripts=()
for f in vm/*.sh bench/*.sh .ci/run; do
  [[ -f $f ]] && scripts+=("$f")
done
# Any other tracked *.sh (mvnw is the Maven wrapper's generated script: not ours).
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  while IFS= read -r f; do
    case " ${scripts[*]} " in *" $f "*) ;; *) [[ -f $f ]] && scripts+=("$f") ;; esac
  done < <(git -C "$root" ls-files '*.sh')
fi
if ((${#scripts[@]} == 0)); then
  fail "shellcheck: no shell script found"
elif shellcheck --external-sources "${scripts[@]}"; then
  pass "shellcheck: ${scripts[*]}"
else
  fail "shellcheck: ${scripts[*]}"
fi

# --- 3. systemd unit -----------------------------------------------------------------
# systemd-analyze verify checks the syntax and that ExecStart's binary exists and is
# executable on THIS machine (it exits 1 otherwise); it does not look at User=,
# WorkingDirectory= or the jar. It only warns (exit 0) about unknown keys or bad values,
# so any output is treated as a failure here. If /usr/bin/java is missing on the
# machine running the check, a copy whose ExecStart points at a stub executable is
# verified instead, and the check says so.
unit=vm/grafmuvi-api.service
java_bin=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unit")
verify_target=$unit
note=""
if [[ ! -x $java_bin ]]; then
  mkdir -p "$work/unit" "$work/bin"
  printf '#!/bin/sh\nexit 0\n' >"$work/bin/java"
  chmod +x "$work/bin/java"
  sed "s#^ExecStart=${java_bin} #ExecStart=${work}/bin/java #" "$unit" >"$work/unit/grafmuvi-api.service"
  verify_target=$work/unit/grafmuvi-api.service
  note=" (${java_bin} absent here: verified a copy with ExecStart on a stub)"
fi
if out=$(SYSTEMD_LOG_COLOR=0 systemd-analyze verify --man=no "$verify_target" 2>&1) && [[ -z $out ]]; then
  pass "systemd-analyze verify ${unit}${note}"
else
  printf '%s\n' "$out"
  fail "systemd-analyze verify ${unit}${note}"
fi

# --- 4. consistency between the Vagrantfile, the unit and the provisioning script ----
consistency=()
grep -Eq 'guest: 8080, host: 8082, host_ip: "127\.0\.0\.1"' Vagrantfile ||
  consistency+=("forwarded port is not guest 8080 -> host 127.0.0.1:8082")
grep -Eq '^ExecStart=.* --host 0\.0\.0\.0 --port 8080$' "$unit" ||
  consistency+=("unit does not listen on 0.0.0.0:8080")
grep -Eq '^Restart=on-failure$' "$unit" || consistency+=("unit does not restart on failure")
grep -Eq '^User=grafmuvi$' "$unit" || consistency+=("unit does not run as user grafmuvi")
grep -Eq '^readonly PORT=8080$' vm/provision.sh || consistency+=("provision.sh health check not on 8080")
grep -Eq 'path: "vm/provision.sh"' Vagrantfile || consistency+=("Vagrantfile does not run vm/provision.sh")
if ((${#consistency[@]} == 0)); then
  pass "consistency: 127.0.0.1:8082 -> guest 8080, unit on 0.0.0.0:8080 as grafmuvi, Restart=on-failure"
else
  fail "consistency: $(IFS=';'; echo "${consistency[*]}")"
fi

log "${SECONDS}s"
echo "vm-check: ${passed} passed, ${failed} failed"
((failed == 0))
