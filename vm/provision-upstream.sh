#!/usr/bin/env bash
# Provisions a Debian 12 machine (the Vagrant machine "upstream") to run the real upstream GrafMuvi
# as two systemd services: grafmuvi-neo4j (Neo4j 3.5.35 + APOC on the guest's loopback, auth on)
# and grafmuvi-upstream (the Node.js app on port 8080, all interfaces), both through the project's
# runner scripts/upstream.sh: its `install` and `seed` here, its foreground `run-neo4j`/`run-app`
# as the units' ExecStart. Nothing of upstream is in the project: `install` clones it at the pinned
# commit from GRAFMUVI_UPSTREAM_SOURCE (a git directory synced into the VM) or from the public
# repository, runs npm ci (npm registry) and fetches Neo4j and APOC with Maven (Maven registry).
#
# Run as root. Vagrant calls it (shell provisioner); it is idempotent: with nothing changed, a second
# run leaves the running services alone and only checks GET /status (and one recommendation) again;
# a changed runner, unit, settings file, upstream commit or Neo4j configuration restarts both
# services (a restart owed is remembered until it is done: $GRAFMUVI_UPSTREAM_HOME/restart-pending);
# a changed graph is seeded again (Neo4j's store otherwise survives restarts and reboots).
#
# Layout: /opt/grafmuvi-upstream (the runner, the Maven wrapper, the project's jar for GraphExport:
# root's), /etc/grafmuvi-upstream.env (the runner's settings, read by both units),
# /var/lib/grafmuvi-upstream (the runner's work directory: upstream's clone and Neo4j's jars are
# root's; Neo4j's store, logs, certificates, the runner's state and the password are the service
# user's; the password file is mode 600 in a mode-700 directory, readable by grafmuvi only).
#
# Environment:
#   GRAFMUVI_SRC               project folder as seen by this machine (default /vagrant): needs
#                              scripts/upstream.sh, scripts/upstream/pom.xml, mvnw, .mvn/wrapper/,
#                              target/grafmuvi-api.jar and the vm/ files
#   GRAFMUVI_UPSTREAM_SOURCE   upstream's git directory or URL (default: the runner's, the public
#                              repository); the Vagrantfile sets /grafmuvi-git when GRAFMUVI_GIT is set
#   GRAFMUVI_UPSTREAM_COMMIT   commit to run (default: the runner's pinned commit)
#   GRAFMUVI_VM_GRAPH          graph to seed: seed (default), or the path of a graph file on the guest
#   GRAFMUVI_HEALTH_TIMEOUT    seconds to wait for Neo4j, then for the app (default 180 each)
#   GRAFMUVI_NO_SYSTEMD        1: no systemd running (a chroot): install everything, start nothing.
#                              Default: 1 when /run/systemd/system is missing, 0 otherwise.
#   MAVEN_ARGS, npm_config_cache   passed on to Maven and npm (e.g. a local cache)
set -euo pipefail
umask 022

readonly SERVICE_USER=grafmuvi
readonly RUNNER_DIR=/opt/grafmuvi-upstream
readonly RUNNER=${RUNNER_DIR}/scripts/upstream.sh
readonly ENV_PATH=/etc/grafmuvi-upstream.env
readonly UNITS=(grafmuvi-neo4j grafmuvi-upstream)
readonly PACKAGES=(git curl jq ca-certificates openjdk-17-jre-headless nodejs npm)

src=${GRAFMUVI_SRC:-/vagrant}
graph=${GRAFMUVI_VM_GRAPH:-seed}
health_timeout=${GRAFMUVI_HEALTH_TIMEOUT:-180}
if [[ -z ${GRAFMUVI_NO_SYSTEMD:-} ]]; then
  if [[ -d /run/systemd/system ]]; then GRAFMUVI_NO_SYSTEMD=0; else GRAFMUVI_NO_SYSTEMD=1; fi
fi
no_systemd=$GRAFMUVI_NO_SYSTEMD

log() { printf '[provision-upstream] %s\n' "$*"; }
die() { printf '[provision-upstream] ERROR: %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root (Vagrant's shell provisioner does)"
[[ -f $src/target/grafmuvi-api.jar ]] ||
  die "$src/target/grafmuvi-api.jar not found (seeding needs its GraphExport). Build it on the host" \
    "first with './mvnw package', then copy it into the VM with 'vagrant rsync upstream' (or" \
    "'vagrant reload upstream') and run 'vagrant provision upstream' again."
for f in scripts/upstream.sh scripts/upstream/pom.xml mvnw .mvn/wrapper/maven-wrapper.properties \
  vm/grafmuvi-neo4j.service vm/grafmuvi-upstream.service vm/grafmuvi-upstream.env; do
  [[ -f $src/$f ]] || die "$src/$f not found (is $src the project folder?)"
done

# 1. Packages from the distribution: git (the clone), curl and jq (the runner), Java 17 (Neo4j 3.5,
#    Maven, GraphExport), Node.js and npm (Debian 12: Node 18).
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$pkg")
done
if ((${#missing[@]} > 0)); then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  log "packages already installed: ${PACKAGES[*]}"
fi
log "$(java -version 2>&1 | head -n 1); node $(node -v); npm $(npm -v); $(git --version)"

# 2. The runner, the Maven wrapper, the jar, the units and the settings: copied off the synced
#    folder (the services must not depend on it), owned by root.
restart=0
install_if_changed() { # source destination mode [restart: 1 when a change needs the services restarted]
  if [[ -f $2 ]] && cmp -s "$1" "$2"; then
    return 0
  fi
  install -D -o root -g root -m "$3" "$1" "$2"
  log "installed: $2"
  if [[ ${4:-1} == 1 ]]; then restart=1; fi
}
install_if_changed "$src/scripts/upstream.sh" "$RUNNER" 0755
install_if_changed "$src/scripts/upstream/pom.xml" "$RUNNER_DIR/scripts/upstream/pom.xml" 0644
install_if_changed "$src/mvnw" "$RUNNER_DIR/mvnw" 0755
install_if_changed "$src/.mvn/wrapper/maven-wrapper.properties" "$RUNNER_DIR/.mvn/wrapper/maven-wrapper.properties" 0644
# (the runner's default GRAFMUVI_API_JAR; only seeding reads it, so a new jar restarts nothing)
install_if_changed "$src/target/grafmuvi-api.jar" "$RUNNER_DIR/target/grafmuvi-api.jar" 0644 0
install_if_changed "$src/vm/grafmuvi-upstream.env" "$ENV_PATH" 0644
for unit in "${UNITS[@]}"; do
  install_if_changed "$src/vm/$unit.service" "/etc/systemd/system/$unit.service" 0644
done
((restart == 0)) && log "unchanged: the runner, the units, $ENV_PATH"

set -a
# shellcheck source=vm/grafmuvi-upstream.env
. "$ENV_PATH"
set +a
home=${GRAFMUVI_UPSTREAM_HOME:?$ENV_PATH must set GRAFMUVI_UPSTREAM_HOME}
# A restart owed by a change is remembered until it is done, so that a provisioning which fails
# (or runs without systemd) after installing a change still gets the services restarted next time.
pending=$home/restart-pending
owe_restart() { [[ -f $pending ]] || touch "$pending"; }

# 3. An unprivileged system user, whose home is the runner's work directory.
if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
  log "creating system user $SERVICE_USER"
  useradd --system --user-group --home-dir "$home" --no-create-home \
    --shell /usr/sbin/nologin --comment "GrafMuvi (real upstream) services" "$SERVICE_USER"
fi
install -d -o root -g root -m 0755 "$home"
((restart == 0)) || owe_restart

# 4. The runner's install, as root (idempotent): the clone at the pinned commit with npm ci, Neo4j
#    and APOC with Maven, neo4j.conf, the password. What it changes decides a restart.
fingerprint() {
  # (before the first install none of these exist)
  {
    cat "$home/state/clone" "$home/neo4j/conf/neo4j.conf" "$home/secrets/neo4j-password" || true
    ls "$home/neo4j/lib" "$home/neo4j/plugins" || true
  } 2>/dev/null | sha256sum
}
before=$(fingerprint)
install_started=$SECONDS
"$RUNNER" install
[[ $(fingerprint) == "$before" ]] || owe_restart
log "scripts/upstream.sh install: $((SECONDS - install_started)) s"

# 5. What the services write belongs to the service user; everything else stays root's.
for dir in neo4j/data secrets; do
  install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 0700 "$home/$dir"
done
for dir in neo4j/logs neo4j/run neo4j/import neo4j/certificates state grafmuvi/logs; do
  install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 0755 "$home/$dir"
done
for dir in neo4j/data secrets neo4j/logs neo4j/run neo4j/import neo4j/certificates state grafmuvi/logs; do
  chown -R "$SERVICE_USER:$SERVICE_USER" "${home:?}/$dir"
done
chmod 600 "$home/secrets/neo4j-password"

if [[ $no_systemd == 1 ]]; then
  owed=""
  [[ -f $pending ]] && owed="; the next provisioning under systemd restarts them"
  log "no running systemd: installed ${UNITS[*]} (not enabled, not started; nothing seeded$owed)"
  exit 0
fi

# 6. systemd: enable at boot; (re)start when something changed or a service is not running.
systemctl daemon-reload
systemctl enable --quiet "${UNITS[@]}"
started=0
if [[ -f $pending ]]; then
  log "restarting ${UNITS[*]} (installed something new)"
  systemctl reset-failed "${UNITS[@]}" 2>/dev/null || true
  if systemctl restart "${UNITS[@]}"; then rm -f "$pending"; else log "systemctl restart failed"; fi
  started=1
elif ! systemctl is-active --quiet "${UNITS[@]}"; then
  log "starting ${UNITS[*]}"
  systemctl reset-failed "${UNITS[@]}" 2>/dev/null || true
  systemctl start "${UNITS[@]}" || log "systemctl start failed"
  started=1
else
  log "${UNITS[*]} already running with the installed runner, units and settings"
fi

fail_with_journal() { # message
  local unit
  for unit in "${UNITS[@]}"; do
    systemctl status --no-pager "$unit" >&2 || true
    journalctl -u "$unit" --no-pager -n 60 >&2 || true
  done
  die "$1 (journals above)"
}

as_service_user() { # runner arguments...: the runner as the service user, with the units' settings
  # shellcheck disable=SC2016 # $0 and $@ are the inner shell's
  setpriv --reuid="$SERVICE_USER" --regid="$SERVICE_USER" --init-groups --no-new-privs -- \
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$home" LANG=C.UTF-8 \
    bash -c 'set -a && . "$0" && set +a && exec "$@"' "$ENV_PATH" "$RUNNER" "$@"
}

# 7. Neo4j answers (its discovery endpoint needs no password).
neo4j_url="http://127.0.0.1:$GRAFMUVI_UPSTREAM_HTTP_PORT/"
deadline=$((SECONDS + health_timeout))
until [[ $(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$neo4j_url" 2>/dev/null) == 200 ]]; do
  ((SECONDS < deadline)) || fail_with_journal "Neo4j did not answer on $neo4j_url within ${health_timeout}s"
  sleep 1
done

# 8. Seed the graph when Neo4j does not hold it yet (the runner keeps the last seeded graph's JSON).
want=$(java -cp "$RUNNER_DIR/target/grafmuvi-api.jar" grafmuvi.api.GraphExport "$graph" | sha256sum) ||
  die "the graph $graph was refused (the lines above say why)"
have=$(sha256sum 2>/dev/null <"$home/state/graph.json" || true)
if [[ $want == "$have" && -f $home/state/graph ]]; then
  log "graph already seeded: $(cat "$home/state/graph")"
else
  as_service_user seed "$graph" || fail_with_journal "seeding $graph failed"
  started=1
fi

# 9. Health check: the app answers /status, and a recommendation for the graph's first movie with
#    200 (upstream answers 404 {} when its Neo4j session is broken).
app_url="http://127.0.0.1:$GRAFMUVI_UPSTREAM_PORT"
deadline=$((SECONDS + health_timeout))
until answer=$(curl -fsS --max-time 2 "$app_url/status" 2>/dev/null) && [[ $answer == *'"status":"OK"'* ]]; do
  ((SECONDS < deadline)) || fail_with_journal "GET $app_url/status did not answer {\"status\":\"OK\"} within ${health_timeout}s"
  sleep 1
done
log "GET $app_url/status -> $answer"
first=$(jq -r '.movies[0].imdbId // empty' "$home/state/graph.json")
if [[ -n $first ]]; then
  body=$(mktemp)
  code=$(curl -s --max-time 30 -o "$body" -w '%{http_code}' "$app_url/api/id/$first" || true)
  [[ $code == 200 ]] || fail_with_journal "GET $app_url/api/id/$first answered ${code:-nothing}, not 200"
  log "GET $app_url/api/id/$first -> $(head -c 200 "$body")"
  rm -f "$body"
fi
if ((started == 1)); then
  as_service_user warm-up || log "warm-up failed (the load test's first requests will be slower)"
fi
log "done: ${UNITS[*]} active; from the host: http://localhost:8082/status"
