#!/usr/bin/env bash
# Exercises the Vagrant machine "upstream" (the real upstream GrafMuvi, vm/provision-upstream.sh)
# for real without a hypervisor, in a Debian 12 root of its own made with debootstrap:
#
#   pass 1: vm/provision-upstream.sh in a chroot, in this machine's network namespace (apt, npm and
#           Maven need the registries): packages, the grafmuvi user, the runner in
#           /opt/grafmuvi-upstream, scripts/upstream.sh install (clone of GRAFMUVI_GIT at the pinned
#           commit, npm ci, Neo4j + APOC with Maven, the password), the units. No systemd: nothing
#           starts (Neo4j's ports would meet this machine's own).
#   pass 2: installs systemd into the root, boots it with systemd-nspawn (private network: its own
#           loopback only; GRAFMUVI_GIT bound read-only at /grafmuvi-git, as the Vagrantfile syncs
#           it) and runs vm/provision-upstream.sh twice under systemd 252; the second run must leave
#           both services alone (same main processes). Then checks: both units active as grafmuvi,
#           GET /status and GET /api/id/tt0068646 (the seed graph's answer), Neo4j listening on
#           127.0.0.1 only with authentication on, the password file mode 600 and handed to the app
#           as GRAPHENEDB_PASSWD; SIGKILL of the app (restarted, answers again); SIGKILL of Neo4j
#           (Neo4j restarted, the app restarted with it, the API answers again); provisioning with
#           another graph (GRAFMUVI_VM_GRAPH): seeded, nothing restarted; systemctl stop of both
#           (clean: result "success"). Powers the container off.
#
# Needs root, target/grafmuvi-api.jar (./mvnw package) and a git copy of GrafMuvi (GRAFMUVI_GIT);
# downloads ~300 MB on a fresh root. The host's Maven and npm caches ($HOME/.m2, $HOME/.npm) are
# bound into the chroot for pass 1 when present (HOST_CACHES=0: not), so a warm machine downloads
# less; pass 2 needs no network. Bounded: every wait has a deadline. A fresh run took 481 s on a
# shared, busy 2-core Debian 12 machine (debootstrap 104 s, pass 1 276 s with warm caches, boot
# 29 s, provisioning 24 s then 6 s, the kills 6 s and 23 s, another graph 8 s, the stop 1 s); with
# cold caches (HOST_CACHES=0) scripts/upstream.sh install took 158 s instead of 95 s.
#
# Usage: sudo GRAFMUVI_GIT=/path/to/GrafMuvi vm/upstream-nspawn-test.sh [ROOT_DIR]
#   ROOT_DIR  where to build the root (default /var/tmp/grafmuvi-debootstrap-upstream); reused
#             unless FRESH=1; removed at the end only with CLEANUP=1.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rootdir=${1:-/var/tmp/grafmuvi-debootstrap-upstream}
jar=$project/target/grafmuvi-api.jar
git_dir=${GRAFMUVI_GIT:-}
readonly EXPECTED='{"1":"American gangster","2":"Black mass","3":"Training day"}'
readonly UNITS=(grafmuvi-neo4j grafmuvi-upstream)
readonly HOME_DIR=/var/lib/grafmuvi-upstream

log() { printf '[upstream-nspawn-test] %s\n' "$*"; }
die() { printf '[upstream-nspawn-test] ERROR: %s\n' "$*" >&2; exit 1; }
# shellcheck source=vm/nspawn-lib.sh
. "$project/vm/nspawn-lib.sh"

[[ $(id -u) -eq 0 ]] || die "must run as root (debootstrap, chroot, mount, systemd-nspawn)"
[[ -f $jar ]] || die "$jar not found: build it first with ./mvnw package"
[[ -n $git_dir ]] || die "set GRAFMUVI_GIT to a git copy of GrafMuvi (bare or not), as for vagrant up"
git_dir=$(cd "$git_dir" && pwd)
git -C "$git_dir" rev-parse --git-dir >/dev/null 2>&1 || die "GRAFMUVI_GIT=$git_dir is not a git directory"

start=$SECONDS
timings=()
took() { # name, seconds since
  timings+=("$1 $((SECONDS - $2)) s")
  log "$1: $((SECONDS - $2)) s"
}
nspawn_need_tools
trap 'nspawn_cleanup "$rootdir"' EXIT

t=$SECONDS
nspawn_make_root "$rootdir"
took "root (debootstrap or reuse)" "$t"
nspawn_mount_chroot_fs "$rootdir"
nspawn_trust_local_cas "$rootdir"

# What the Vagrant synced folders would hold: /vagrant (the project: what provisioning reads) and
# /grafmuvi-git (GRAFMUVI_GIT).
rm -rf "$rootdir/vagrant"
mkdir -p "$rootdir/vagrant"
(cd "$project" && cp --parents scripts/upstream.sh scripts/upstream/pom.xml mvnw .mvn/wrapper/maven-wrapper.properties \
  vm/provision-upstream.sh vm/grafmuvi-neo4j.service vm/grafmuvi-upstream.service vm/grafmuvi-upstream.env \
  target/grafmuvi-api.jar "$rootdir/vagrant/")
nspawn_bind "$git_dir" "$rootdir/grafmuvi-git" ro
if [[ ${HOST_CACHES:-1} == 1 ]]; then
  for cache in .m2 .npm; do
    if [[ -d $HOME/$cache ]]; then
      nspawn_bind "$HOME/$cache" "$rootdir/root/$cache"
      log "host cache bound: $HOME/$cache -> $rootdir/root/$cache"
    fi
  done
fi

log "pass 1: provision-upstream.sh in the chroot (this machine's network namespace; no systemd)"
t=$SECONDS
chroot "$rootdir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  GRAFMUVI_SRC=/vagrant GRAFMUVI_NO_SYSTEMD=1 GRAFMUVI_UPSTREAM_SOURCE=/grafmuvi-git \
  bash /vagrant/vm/provision-upstream.sh
took "pass 1 (chroot: packages, clone, npm ci, Maven, password)" "$t"
# shellcheck disable=SC2016 # dpkg-query's format syntax
log "installed: $(chroot "$rootdir" dpkg-query -W -f='${Package} ${Version}\n' openjdk-17-jre-headless nodejs npm |
  paste -sd ',' | sed 's/,/, /g'); user $(chroot "$rootdir" id grafmuvi)"
secret=$(chroot "$rootdir" stat -c '%U %a' "$HOME_DIR/secrets/neo4j-password" "$HOME_DIR/secrets" | paste -sd ' ')
[[ $secret == 'grafmuvi 600 grafmuvi 700' ]] || die "the password file and its directory are '$secret', not grafmuvi 600 / 700"
log "password file: owner grafmuvi, mode 600, in a mode-700 directory"

log "pass 2: provision-upstream.sh under systemd, in the root booted with systemd-nspawn"
t=$SECONDS
nspawn_install_systemd "$rootdir" iproute2
nspawn_boot "$rootdir" grafmuvi-upstream-test --bind-ro="$git_dir:/grafmuvi-git"
took "systemd install and boot" "$t"

show() { "${in_container[@]}" systemctl show -P "$2" "$1"; }
get() { "${in_container[@]}" curl -sS --max-time 30 "http://127.0.0.1:8080$1"; }

for run in 1 2; do
  log "provision-upstream.sh under systemd, run $run"
  pids_before="$(show grafmuvi-neo4j MainPID) $(show grafmuvi-upstream MainPID)"
  t=$SECONDS
  "${in_container[@]}" GRAFMUVI_SRC=/vagrant GRAFMUVI_UPSTREAM_SOURCE=/grafmuvi-git bash /vagrant/vm/provision-upstream.sh
  took "provisioning under systemd, run $run" "$t"
done
pids_after="$(show grafmuvi-neo4j MainPID) $(show grafmuvi-upstream MainPID)"
[[ $pids_after == "$pids_before" ]] || die "run 2 restarted a service (main pids $pids_before -> $pids_after)"
log "run 2 left both services alone (main pids $pids_after)"

for unit in "${UNITS[@]}"; do
  log "$unit: enabled=$("${in_container[@]}" systemctl is-enabled "$unit") active=$(show "$unit" ActiveState)" \
    "user=$(show "$unit" User) main pid=$(show "$unit" MainPID) ($("${in_container[@]}" cat "/proc/$(show "$unit" MainPID)/comm"))"
  [[ $(show "$unit" ActiveState) == active && $(show "$unit" User) == grafmuvi ]] || die "$unit is not active as grafmuvi"
done

answer=$(get /status)
[[ $answer == '{"status":"OK"}' ]] || die "GET /status answered $answer"
answer=$(get /api/id/tt0068646)
[[ $answer == "$EXPECTED" ]] || die "GET /api/id/tt0068646 answered $answer, not $EXPECTED"
log "GET /status -> {\"status\":\"OK\"}; GET /api/id/tt0068646 -> $answer"

# Neo4j on the loopback only; the app on every interface (Vagrant forwards guest 8080).
listening=$("${in_container[@]}" ss -Hltn | awk '{ print $4 }' | sort | paste -sd ' ')
log "listening: $listening"
for port in 7474 7687; do
  grep -Eq "(^| )(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):$port( |$)" <<<"$listening" || die "Neo4j is not listening on 127.0.0.1:$port"
  grep -Eo "[^ ]*:$port( |$)" <<<"$listening" | grep -Evq '127\.0\.0\.1' && die "Neo4j listens on $port beyond the loopback"
done
grep -Eq "(^| )(0\.0\.0\.0|\*|\[::\]):8080( |$)" <<<"$listening" || die "the app is not listening on every interface, port 8080"
code=$("${in_container[@]}" curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  --data '{"statements":[{"statement":"RETURN 1"}]}' http://127.0.0.1:7474/db/data/transaction/commit)
[[ $code == 401 ]] || die "Neo4j answered $code to a Cypher request without a password, not 401"
# (compared inside the container; the password is never printed)
# shellcheck disable=SC2016 # $1, $2 and $(...) are the inner shell's
"${in_container[@]}" sh -c 'tr "\0" "\n" </proc/"$1"/environ | grep -qxF "GRAPHENEDB_PASSWD=$(cat "$2")"' \
  sh "$(show grafmuvi-upstream MainPID)" "$HOME_DIR/secrets/neo4j-password" ||
  die "the app's GRAPHENEDB_PASSWD is not the password in $HOME_DIR/secrets/neo4j-password"
log "Neo4j: loopback only, 401 without the password; the app has the password file's GRAPHENEDB_PASSWD"

wait_for_api() { # seconds: until /api/id/tt0068646 answers the seed's list again
  local deadline=$((SECONDS + $1)) got=""
  while ((SECONDS < deadline)); do
    got=$(get /api/id/tt0068646 2>/dev/null || true)
    [[ $got == "$EXPECTED" ]] && return 0
    sleep 1
  done
  log "last answer: ${got:-none}"
  return 1
}

log "SIGKILL of the app"
t=$SECONDS
restarts=$(show grafmuvi-upstream NRestarts)
neo4j_pid=$(show grafmuvi-neo4j MainPID)
"${in_container[@]}" systemctl kill --kill-whom=main --signal=SIGKILL grafmuvi-upstream
wait_for_api 120 || die "the API did not answer again within 120 s after SIGKILL of the app"
[[ $(show grafmuvi-upstream NRestarts) -gt $restarts ]] || die "the app was not restarted by systemd"
[[ $(show grafmuvi-neo4j MainPID) == "$neo4j_pid" ]] || die "Neo4j was restarted when only the app was killed"
took "app SIGKILL -> restarted, API answers again (Neo4j untouched)" "$t"

log "SIGKILL of Neo4j"
t=$SECONDS
restarts=$(show grafmuvi-neo4j NRestarts)
app_pid=$(show grafmuvi-upstream MainPID)
app_invocation=$(show grafmuvi-upstream InvocationID)
"${in_container[@]}" systemctl kill --kill-whom=main --signal=SIGKILL grafmuvi-neo4j
deadline=$((SECONDS + 240))
until [[ $(show grafmuvi-neo4j NRestarts) -gt $restarts ]]; do
  ((SECONDS < deadline)) || die "Neo4j was not restarted within 240 s after SIGKILL (Restart=on-failure)"
  sleep 1
done
wait_for_api 240 || die "the API did not answer again within 240 s after SIGKILL of Neo4j"
# (upstream keeps answering 404 {} after a Neo4j restart until the app itself restarts)
[[ $(show grafmuvi-upstream InvocationID) != "$app_invocation" && $(show grafmuvi-upstream MainPID) != "$app_pid" ]] ||
  die "the app was not restarted with Neo4j"
log "Neo4j restarted (NRestarts $restarts -> $(show grafmuvi-neo4j NRestarts)); the app restarted with it" \
  "(main pid $app_pid -> $(show grafmuvi-upstream MainPID)); GET /api/id/tt0068646 -> $EXPECTED"
took "Neo4j SIGKILL -> Neo4j and the app restarted, API answers again" "$t"

log "provision-upstream.sh with another graph (GRAFMUVI_VM_GRAPH)"
t=$SECONDS
printf 'movie\ttt0000001\t2000\tFirst\nmovie\ttt0000002\t2001\tSecond\nsimilar\ttt0000001\ttt0000002\t7\n' \
  >"$rootdir/vagrant/test.graph"
pids_before="$(show grafmuvi-neo4j MainPID) $(show grafmuvi-upstream MainPID)"
"${in_container[@]}" GRAFMUVI_SRC=/vagrant GRAFMUVI_UPSTREAM_SOURCE=/grafmuvi-git GRAFMUVI_VM_GRAPH=/vagrant/test.graph \
  bash /vagrant/vm/provision-upstream.sh
answer=$(get /api/id/tt0000001)
[[ $answer == '{"1":"Second"}' ]] || die "after seeding another graph, GET /api/id/tt0000001 answered $answer"
pids_after="$(show grafmuvi-neo4j MainPID) $(show grafmuvi-upstream MainPID)"
[[ $pids_after == "$pids_before" ]] || die "seeding another graph restarted a service ($pids_before -> $pids_after)"
took "another graph: seeded, nothing restarted, GET /api/id/tt0000001 -> $answer" "$t"

t=$SECONDS
"${in_container[@]}" systemctl stop "${UNITS[@]}"
for unit in "${UNITS[@]}"; do
  log "systemctl stop $unit: ActiveState=$(show "$unit" ActiveState) Result=$(show "$unit" Result)" \
    "exit: $(show "$unit" ExecMainCode)/$(show "$unit" ExecMainStatus)"
  [[ $(show "$unit" ActiveState) == inactive && $(show "$unit" Result) == success ]] || die "$unit did not stop cleanly"
  "${in_container[@]}" journalctl -u "$unit" --no-pager -n 4 | sed 's/^/    /'
done
took "systemctl stop (clean)" "$t"

nspawn_poweroff
log "timings: $(printf '%s; ' "${timings[@]}")"
log "OK in $((SECONDS - start)) s: the upstream machine provisioned in a chroot and twice under systemd" \
  "(idempotent), answered /status and the seed's list, restarted after SIGKILL of the app and of Neo4j, seeded" \
  "another graph without a restart, stopped cleanly"
