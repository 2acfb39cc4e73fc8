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
#
# Slowish (a fresh run took 1 min 45 s on a 2-core Debian 12 machine: debootstrap 49 s,
# pass 1 22 s, pass 2 7 s, pass 3 19 s), downloads ~100 MB and needs root; not for CI.
# Packages come from Debian's package registry: the mirror is the one this machine's
# own apt sources name for bookworm (no host name is written in this script).
#
# Usage: sudo vm/debootstrap-test.sh [ROOT_DIR]
#   ROOT_DIR  where to build the root (default /var/tmp/grafmuvi-debootstrap); a root
#             left there by an earlier run is reused unless FRESH=1. Removed at the
#             end only with CLEANUP=1.
# Needs target/grafmuvi-api.jar (./mvnw package); installs debootstrap (and
# systemd-container for pass 3) from Debian's packages if missing.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rootdir=${1:-/var/tmp/grafmuvi-debootstrap}
suite=bookworm
jar=${project}/target/grafmuvi-api.jar

log() { printf '[debootstrap-test] %s\n' "$*"; }
die() { printf '[debootstrap-test] ERROR: %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root (debootstrap, chroot, mount)"
[[ -f $jar ]] || die "${jar} not found: build it first with ./mvnw package"

systemd_pass=${SYSTEMD_PASS:-1}
need=()
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
[[ $systemd_pass == 1 ]] && ! command -v systemd-nspawn >/dev/null 2>&1 && need+=(systemd-container)
if ((${#need[@]} > 0)); then
  log "installing from Debian's packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q </dev/null
  apt-get install -y -q --no-install-recommends "${need[@]}" </dev/null
fi

# The mirror this machine's apt uses for the bookworm suite (deb822 or one-line sources).
# shellcheck disable=SC2016 # $(...) is apt's format syntax, not the shell's
mirror=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Created-By: Packages' |
  awk -v s="$suite" '$2 == s { print $1; exit }')
[[ -n $mirror ]] || die "no '${suite}' suite in this machine's apt sources (apt-get indextargets)"
log "mirror from this machine's apt sources: ${mirror}"

mounts=()
nspawn_pid=""
unmount_all() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount -l "${mounts[i]}" 2>/dev/null || true
  done
  mounts=()
}
cleanup() {
  if [[ -n $nspawn_pid ]] && kill -0 "$nspawn_pid" 2>/dev/null; then
    kill -TERM "$nspawn_pid" 2>/dev/null || true
    sleep 2
    kill -KILL "$nspawn_pid" 2>/dev/null || true
  fi
  unmount_all
  if [[ ${CLEANUP:-0} == 1 ]]; then
    rm -rf --one-file-system "$rootdir"
  fi
}
trap cleanup EXIT

if [[ ${FRESH:-0} == 1 ]]; then
  rm -rf --one-file-system "$rootdir"
fi
start=$SECONDS
if [[ -x $rootdir/usr/bin/apt-get ]]; then
  log "reusing the root in ${rootdir} (FRESH=1 to rebuild it)"
else
  log "debootstrap --variant=minbase ${suite} ${rootdir}"
  mkdir -p "$rootdir"
  debootstrap --variant=minbase "$suite" "$rootdir" "$mirror" >"$rootdir.debootstrap.log" 2>&1 ||
    { tail -n 30 "$rootdir.debootstrap.log" >&2; die "debootstrap failed (log: $rootdir.debootstrap.log)"; }
  log "debootstrap done in $((SECONDS - start))s"
fi
# The security updates too, as on a real Debian 12 machine (this machine's source for them).
# shellcheck disable=SC2016 # as above
security=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Created-By: Packages' |
  awk -v s="${suite}-security" '$2 == s { print $1; exit }')
{
  echo "deb ${mirror} ${suite} main"
  echo "deb ${mirror} ${suite}-updates main"
  [[ -n $security ]] && echo "deb ${security} ${suite}-security main"
} >"$rootdir/etc/apt/sources.list"
cp /etc/resolv.conf "$rootdir/etc/resolv.conf"

for fs in proc sys dev dev/pts; do
  mkdir -p "$rootdir/$fs"
  mount --bind "/$fs" "$rootdir/$fs"
  mounts+=("$rootdir/$fs")
done

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
  exit 0
fi

log "pass 3: provision.sh under systemd, in the root booted with systemd-nspawn"
t=$SECONDS
# shellcheck disable=SC2016 # dpkg-query's format syntax
if ! chroot "$rootdir" dpkg-query -W -f='${Status}' systemd-sysv 2>/dev/null | grep -q 'ok installed'; then
  log "installing systemd into the root"
  chroot "$rootdir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends systemd systemd-sysv dbus >"$rootdir.systemd-install.log" 2>&1 ||
    { tail -n 30 "$rootdir.systemd-install.log" >&2; die "installing systemd into the root failed"; }
fi
unmount_all # systemd-nspawn mounts /proc, /sys and /dev itself
# --register=no --keep-unit: no systemd (machined, scopes) is needed on this machine.
systemd-nspawn --quiet --directory="$rootdir" --boot --private-network --register=no --keep-unit \
  --machine=grafmuvi-test </dev/null >"$rootdir.nspawn.log" 2>&1 &
nspawn_pid=$!
container_pid=""
for _ in $(seq 1 60); do
  container_pid=$(pgrep -P "$nspawn_pid" -x systemd || true)
  [[ -n $container_pid ]] && break
  kill -0 "$nspawn_pid" 2>/dev/null || break
  sleep 1
done
[[ -n $container_pid ]] || { tail -n 30 "$rootdir.nspawn.log" >&2; die "systemd-nspawn did not boot the root"; }
in_container=(nsenter --target "$container_pid" --all --root --wd
  /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8)
state=""
for _ in $(seq 1 60); do
  state=$("${in_container[@]}" systemctl is-system-running 2>/dev/null || true)
  [[ $state == running || $state == degraded ]] && break
  sleep 1
done
log "container booted (systemd is-system-running: ${state:-unknown})"
[[ $state == running || $state == degraded ]] || die "the container's systemd did not finish booting"

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

"${in_container[@]}" systemctl poweroff || true
for _ in $(seq 1 30); do
  kill -0 "$nspawn_pid" 2>/dev/null || break
  sleep 1
done
if kill -0 "$nspawn_pid" 2>/dev/null; then
  log "container still running after 30 s: stopping systemd-nspawn"
else
  log "container powered off"
fi
log "pass 3 done in $((SECONDS - t))s"
log "OK in $((SECONDS - start))s: provisioning ran twice in a chroot (ExecStart answered /status)" \
  "and twice under systemd (service active, restarted after a kill, clean stop)"
