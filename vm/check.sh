#!/usr/bin/env bash
# Static checks of the VM setup that need no hypervisor (CI runs them):
#   1. vagrant validate --ignore-provider: the Vagrantfile loads and is valid, with both machines
#      (upstream, standin), without and with GRAFMUVI_GIT (a git directory to sync), and refuses a
#      GRAFMUVI_GIT that is not a git directory
#   2. shellcheck on every shell script of the project
#   3. systemd-analyze verify on every unit in vm/ (warnings count as failures)
#   4. consistency: upstream machine guest 8080 -> 127.0.0.1:8082 (the app on 0.0.0.0:8080, Neo4j
#      not forwarded), standin guest 8080 -> 127.0.0.1:8083 (the unit on 0.0.0.0:8080), the
#      simulation's targets vm / vm-standin, units as grafmuvi with Restart=on-failure, the app
#      requiring Neo4j, the units and provisioning naming the same runner and settings file
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
validate() { # GRAFMUVI_GIT value
  GRAFMUVI_GIT=$1 VAGRANT_CHECKPOINT_DISABLE=1 VAGRANT_NO_COLOR=1 VAGRANT_HOME="$work/vagrant.d" \
    VAGRANT_DOTFILE_PATH="$work/dot-vagrant" VAGRANT_CWD="$root" vagrant validate --ignore-provider </dev/null 2>&1
}
git init -q --bare "$work/GrafMuvi.git"
for git_dir in "" "$work/GrafMuvi.git"; do
  what="vagrant validate --ignore-provider${git_dir:+ (GRAFMUVI_GIT=a git directory)}"
  if out=$(validate "$git_dir") && grep -q '^==> upstream:' <<<"$out" && grep -q '^==> standin:' <<<"$out"; then
    pass "$what: ${out//$'\n'/ }"
  else
    printf '%s\n' "$out"
    fail "$what (both machines, upstream and standin, expected)"
  fi
done
if ! out=$(validate "$work/no-such-dir") && grep -q 'not a git directory' <<<"$out"; then
  pass "vagrant validate refuses GRAFMUVI_GIT=<not a git directory>: $out"
else
  printf '%s\n' "$out"
  fail "vagrant validate with GRAFMUVI_GIT=<not a git directory> did not fail with 'not a git directory'"
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

# --- 3. systemd units ----------------------------------------------------------------
# systemd-analyze verify checks the syntax and that ExecStart's binary exists and is
# executable on THIS machine (it exits 1 otherwise); it does not look at User=,
# WorkingDirectory=, EnvironmentFile= or the jar. It only warns (exit 0) about unknown keys or
# bad values, so any output is treated as a failure here. The units are verified together, from
# one directory, so that the upstream app's Requires=grafmuvi-neo4j.service resolves. A unit whose
# ExecStart binary is missing here (/usr/bin/java on a machine without Java; the runner in
# /opt/grafmuvi-upstream, which only provisioning installs) is verified as a copy with ExecStart
# on a stub executable, and the check says so.
units=(vm/*.service)
mkdir -p "$work/units" "$work/bin"
printf '#!/bin/sh\nexit 0\n' >"$work/bin/stub"
chmod +x "$work/bin/stub"
notes=()
for unit in "${units[@]}"; do
  bin=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unit")
  if [[ -x $bin ]]; then
    cp "$unit" "$work/units/"
  else
    sed "s#^ExecStart=${bin}#ExecStart=${work}/bin/stub#" "$unit" >"$work/units/${unit##*/}"
    notes+=("${unit##*/}: ${bin} absent here, ExecStart on a stub")
  fi
done
note=""
((${#notes[@]} == 0)) || note=" ($(IFS=';'; echo "${notes[*]}"))"
if out=$(cd "$work/units" && SYSTEMD_LOG_COLOR=0 systemd-analyze verify --man=no "${units[@]##*/}" 2>&1) && [[ -z $out ]]; then
  pass "systemd-analyze verify ${units[*]}${note}"
else
  printf '%s\n' "$out"
  fail "systemd-analyze verify ${units[*]}${note}"
fi

# --- 4. consistency between the Vagrantfile, the units, the settings and the scripts -------
machine() { # name: the Vagrantfile's lines from config.vm.define "name" up to the next machine
  awk -v name="$1" '/config\.vm\.define "/ { inside = index($0, "config.vm.define \"" name "\"") > 0 } inside' Vagrantfile
}
consistency=()
check() { # message, command...: records the message when the command fails
  local message=$1
  shift
  "$@" || consistency+=("$message")
}
upstream_vm=$(machine upstream)
standin_vm=$(machine standin)
app=vm/grafmuvi-upstream.service
neo4j=vm/grafmuvi-neo4j.service
standin=vm/grafmuvi-api.service
env_file=vm/grafmuvi-upstream.env
# The two machines and their ports.
check "no primary machine 'upstream'" grep -Eq 'config\.vm\.define "upstream", primary: true' <<<"$upstream_vm"
check "upstream: forwarded port is not guest 8080 -> host 127.0.0.1:8082" \
  grep -Eq 'guest: 8080, host: 8082, host_ip: "127\.0\.0\.1"' <<<"$upstream_vm"
check "upstream: not provisioned by vm/provision-upstream.sh" grep -q 'path: "vm/provision-upstream.sh"' <<<"$upstream_vm"
check "standin: forwarded port is not guest 8080 -> host 127.0.0.1:8083" \
  grep -Eq 'guest: 8080, host: 8083, host_ip: "127\.0\.0\.1"' <<<"$standin_vm"
check "standin: not provisioned by vm/provision.sh" grep -q 'path: "vm/provision.sh"' <<<"$standin_vm"
check "not exactly two forwarded ports (Neo4j must not be forwarded)" \
  test "$(grep -c 'forwarded_port' Vagrantfile)" -eq 2
check "a forwarded port is open beyond the host's loopback" \
  test "$(grep -c 'forwarded_port' Vagrantfile)" -eq "$(grep -c 'host_ip: "127\.0\.0\.1"' Vagrantfile)"
# The upstream machine: the app on 0.0.0.0:8080, Neo4j on loopback ports, one settings file.
check "$env_file: the app does not listen on 0.0.0.0:8080" \
  grep -Eq '^GRAFMUVI_UPSTREAM_HOST=0\.0\.0\.0$' "$env_file"
check "$env_file: the app's port is not 8080" grep -Eq '^GRAFMUVI_UPSTREAM_PORT=8080$' "$env_file"
check "$env_file: no work directory" grep -Eq '^GRAFMUVI_UPSTREAM_HOME=/' "$env_file"
for unit in "$app" "$neo4j"; do
  check "$unit: does not read /etc/grafmuvi-upstream.env" grep -Eq '^EnvironmentFile=/etc/grafmuvi-upstream\.env$' "$unit"
done
check "provision-upstream.sh does not install /etc/grafmuvi-upstream.env" \
  grep -Eq '^readonly ENV_PATH=/etc/grafmuvi-upstream\.env$' vm/provision-upstream.sh
check "$neo4j: ExecStart is not the runner's run-neo4j" \
  grep -Eq '^ExecStart=/opt/grafmuvi-upstream/scripts/upstream\.sh run-neo4j$' "$neo4j"
check "$app: ExecStart is not the runner's run-app" \
  grep -Eq '^ExecStart=/opt/grafmuvi-upstream/scripts/upstream\.sh run-app$' "$app"
check "provision-upstream.sh does not install the runner in /opt/grafmuvi-upstream" \
  grep -Eq '^readonly RUNNER_DIR=/opt/grafmuvi-upstream$' vm/provision-upstream.sh
check "$app: does not require grafmuvi-neo4j.service (a Neo4j restart must restart the app)" \
  grep -Eq '^Requires=grafmuvi-neo4j\.service$' "$app"
check "$app: not ordered after grafmuvi-neo4j.service" grep -Eq '^After=grafmuvi-neo4j\.service( |$)' "$app"
# The stand-in machine.
check "$standin: does not listen on 0.0.0.0:8080" grep -Eq '^ExecStart=.* --host 0\.0\.0\.0 --port 8080$' "$standin"
check "provision.sh health check not on 8080" grep -Eq '^readonly PORT=8080$' vm/provision.sh
# Every unit: restarts on failure, as the unprivileged grafmuvi user.
for unit in "$app" "$neo4j" "$standin"; do
  check "$unit: does not restart on failure" grep -Eq '^Restart=on-failure$' "$unit"
  check "$unit: does not run as user grafmuvi" grep -Eq '^User=grafmuvi$' "$unit"
done
# The simulation's named targets and the provisioning scripts' messages name the same host ports.
conf=src/test/resources/grafmuvi.conf
check "$conf: targets.vm is not http://localhost:8082" grep -Eq '^ *vm = "http://localhost:8082"$' "$conf"
check "$conf: targets.vm-standin is not http://localhost:8083" grep -Eq '^ *vm-standin = "http://localhost:8083"$' "$conf"
check "provision-upstream.sh does not point at the host's port 8082" grep -q 'http://localhost:8082/status' vm/provision-upstream.sh
check "provision.sh does not point at the host's port 8083" grep -q 'http://localhost:8083/status' vm/provision.sh
if ((${#consistency[@]} == 0)); then
  pass "consistency: upstream 127.0.0.1:8082 -> guest 0.0.0.0:8080 (Neo4j not forwarded), standin" \
    "127.0.0.1:8083 -> guest 0.0.0.0:8080, targets vm/vm-standin, units as grafmuvi with" \
    "Restart=on-failure, the app requiring Neo4j, one runner and settings file"
else
  fail "consistency: $(IFS=';'; echo "${consistency[*]}")"
fi

log "${SECONDS}s"
echo "vm-check: ${passed} passed, ${failed} failed"
((failed == 0))
