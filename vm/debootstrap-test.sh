#!/usr/bin/env bash
# Exercises vm/provision.sh for real without a hypervisor: builds a Debian 12 (bookworm)
# root with debootstrap, puts the project's jar and vm/ files where the Vagrant synced
# folder would be (/vagrant), and runs the provisioning script inside the chroot.
# There is no systemd in a chroot, so provision.sh runs in its GRAFMUVI_NO_SYSTEMD=1
# mode: it installs openjdk-17-jre-headless and curl with apt, creates the grafmuvi
# user, installs the jar to /opt/grafmuvi and the unit file to /etc/systemd/system,
# then starts the unit's own ExecStart command as the grafmuvi user, waits for
# GET http://127.0.0.1:8080/status to answer {"status":"OK"}, and stops it with SIGTERM.
#
#   pass 1: fresh root, in the machine's network namespace (apt needs the network).
#           provision.sh refuses to run if something already answers on 127.0.0.1:8080.
#   pass 2: the same root again (idempotency, like a second `vagrant provision`),
#           in a private network namespace whose only interface is its own loopback,
#           so no other server on the machine can answer in the service's place.
#   pass 3: (SYSTEMD_PASS=0 skips it) the systemd path: installs systemd into the root,
#           boots it with systemd-nspawn (private network, no host systemd needed) and
#           runs provision.sh twice under a real systemd 252, then checks that the
#           service runs as grafmuvi, restarts after being killed (Restart=on-failure)
#           and stops cleanly (SIGTERM, result "success"). Powers the container off.
# These three passes are the Vagrant machine "standin" (vm/provision.sh). Then, unless
# UPSTREAM_PASS=0, vm/upstream-nspawn-test.sh tests the machine "upstream" (the real
# upstream GrafMuvi, vm/provision-upstream.sh) in its own root, ROOT_DIR-upstream: see there.
# STANDIN_PASS=0 skips the stand-in's passes.
#
# Slowish (a fresh run of both machines took 9 min 37 s on a shared, busy 2-core Debian 12
# machine; the stand-in's part 96 s: debootstrap 53 s, pass 1 25 s, pass 2 1 s, pass 3 16 s; the
# upstream machine's in vm/upstream-nspawn-test.sh), downloads ~100 MB (the upstream machine
# ~300 MB more with cold caches) and needs root; not for CI. Packages come from Debian's package registry: the mirror is the
# one this machine's own apt sources name for bookworm (no host name is written here).
#
# Usage: sudo GRAFMUVI_GIT=/path/to/GrafMuvi vm/debootstrap-test.sh [ROOT_DIR]
#   ROOT_DIR  where to build the root (default /var/tmp/grafmuvi-debootstrap); a root
#             left there by an earlier run is reused unless FRESH=1. Removed at the
#             end only with CLEANUP=1.
# Needs target/grafmuvi-api.jar (./mvnw package); installs debootstrap (and
# systemd-container for pass 3) from Debian's packages if missing.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rootdir=${1:-/var/tmp/grafmuvi-debootstrap}
jar=${project}/target/grafmuvi-api.jar

log() { printf '[debootstrap-test] %s\n' "$*"; }
die() { printf '[debootstrap-test] ERROR: %s\n' "$*" >&2; exit 1; }
# shellcheck source=vm/nspawn-lib.sh
. "$project/vm/nspawn-lib.sh"

[[ $(id -u) -eq 0 ]] || die "must run as root (debootstrap, chroot, mount)"
[[ -f $jar ]] || die "${jar} not found: build it first with ./mvnw package"

[[ ${UPSTREAM_PASS:-1} != 1 || -n ${GRAFMUVI_GIT:-} ]] ||
  die "set GRAFMUVI_GIT to a git copy of GrafMuvi for the upstream machine's test (or UPSTREAM_PASS=0 to skip it)"

systemd_pass=${SYSTEMD_PASS:-1}
start=$SECONDS
nspawn_need_tools

upstream_machine() {
  [[ ${UPSTREAM_PASS:-1} == 1 ]] || return 0
  log "the upstream machine: vm/upstream-nspawn-test.sh ${rootdir}-upstream"
  bash "$project/vm/upstream-nspawn-test.sh" "${rootdir}-upstream"
}
if [[ ${STANDIN_PASS:-1} != 1 ]]; then
  upstream_machine
  exit 0
fi

trap 'nspawn_cleanup "$rootdir"' EXIT
nspawn_make_root "$rootdir"
nspawn_mount_chroot_fs "$rootdir"
nspawn_trust_local_cas "$rootdir"

# What the Vagrant synced folder would hold: the built jar and vm/.
rm -rf "$rootdir/vagrant"
install -D -m 0644 "$jar" "$rootdir/vagrant/target/grafmuvi-api.jar"
mkdir -p "$rootdir/vagrant/vm"
cp "$project"/vm/provision.sh "$project"/vm/grafmuvi-api.service "$rootdir/vagrant/vm/"

provision_cmd=(chroot "$rootdir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
  LANG=C.UTF-8 GRAFMUVI_SRC=/vagrant GRAFMUVI_NO_SYSTEMD=1 bash /vagrant/vm/provision.sh)

log "pass 1: provision.sh in the chroot (machine's network namespace)"
t=$SECONDS
"${provision_cmd[@]}"
log "pass 1 done in $((SECONDS - t))s"

log "pass 2: provision.sh again, in a private network namespace (loopback only)"
t=$SECONDS
# shellcheck disable=SC2016 # "$@" is expanded by the inner shell, in the new namespace
unshare --net bash -c 'ip link set lo up && exec "$@"' netns "${provision_cmd[@]}"
log "pass 2 done in $((SECONDS - t))s"

# shellcheck disable=SC2016 # dpkg-query's format syntax
log "installed: $(chroot "$rootdir" dpkg-query -W -f='${Package} ${Version}' openjdk-17-jre-headless)," \
  "user $(chroot "$rootdir" id grafmuvi)"

if [[ $systemd_pass != 1 ]]; then
  log "OK in $((SECONDS - start))s: provisioning ran twice; the service's command answered /status on loopback"
  upstream_machine
  exit 0
fi

log "pass 3: provision.sh under systemd, in the root booted with systemd-nspawn"
t=$SECONDS
nspawn_install_systemd "$rootdir"
nspawn_boot "$rootdir" grafmuvi-test

for run in 1 2; do
  log "provision.sh under systemd, run ${run}"
  "${in_container[@]}" GRAFMUVI_SRC=/vagrant bash /vagrant/vm/provision.sh
done
show() { "${in_container[@]}" systemctl show -P "$1" grafmuvi-api; }
log "service: enabled=$("${in_container[@]}" systemctl is-enabled grafmuvi-api)" \
  "active=$(show ActiveState) user=$(show User) main pid=$(show MainPID)"
[[ $(show User) == grafmuvi ]] || die "the service does not run as grafmuvi"

restarts_before=$(show NRestarts)
"${in_container[@]}" systemctl kill --kill-whom=main --signal=SIGKILL grafmuvi-api
answer=""
for _ in $(seq 1 60); do
  if [[ $(show NRestarts) -gt $restarts_before ]] &&
    answer=$("${in_container[@]}" curl -fsS --max-time 2 http://127.0.0.1:8080/status 2>/dev/null); then
    break
  fi
  answer=""
  sleep 1
done
[[ -n $answer ]] || die "the service was not restarted after SIGKILL (Restart=on-failure)"
log "killed with SIGKILL: restarted by systemd (NRestarts $restarts_before -> $(show NRestarts)), /status -> ${answer}"

"${in_container[@]}" systemctl stop grafmuvi-api
log "systemctl stop: ActiveState=$(show ActiveState) Result=$(show Result) exit status $(show ExecMainStatus)"
[[ $(show Result) == success ]] || die "the service did not stop cleanly"
"${in_container[@]}" journalctl -u grafmuvi-api --no-pager -n 6 | sed 's/^/    /'

nspawn_poweroff
log "pass 3 done in $((SECONDS - t))s"
log "OK in $((SECONDS - start))s: provisioning ran twice in a chroot (ExecStart answered /status)" \
  "and twice under systemd (service active, restarted after a kill, clean stop)"
upstream_machine
