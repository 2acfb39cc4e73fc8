#!/usr/bin/env bash
# Provisions a Debian 12 machine to run the GrafMuvi-compatible API as the systemd
# service grafmuvi-api on port 8080 (all interfaces), then waits for GET /status.
#
# Run as root. Vagrant calls it from the Vagrantfile (shell provisioner); it is
# idempotent, so `vagrant provision` can be run any number of times: a rebuilt jar
# or an edited unit file is installed and the service restarted, otherwise the
# running service is left alone and only checked.
#
# Environment:
#   GRAFMUVI_SRC             project folder as seen by this machine (default /vagrant,
#                            the synced folder); needs target/grafmuvi-api.jar and
#                            vm/grafmuvi-api.service in it
#   GRAFMUVI_HEALTH_TIMEOUT  seconds to wait for GET /status to answer (default 90)
#   GRAFMUVI_NO_SYSTEMD      1: do not call systemctl (no systemd running, e.g. in a
#                            chroot): install everything, then run the unit's
#                            ExecStart command directly as the service user, check
#                            /status, and stop it with SIGTERM. Default: 1 when
#                            systemd is not the running init (/run/systemd/system
#                            missing), 0 otherwise.
set -euo pipefail

readonly SERVICE=grafmuvi-api
readonly SERVICE_USER=grafmuvi
readonly INSTALL_DIR=/opt/grafmuvi
readonly JAR_NAME=grafmuvi-api.jar
readonly UNIT_PATH=/etc/systemd/system/${SERVICE}.service
readonly PORT=8080
readonly STATUS_URL="http://127.0.0.1:${PORT}/status"
readonly PACKAGES=(openjdk-17-jre-headless curl ca-certificates)

src=${GRAFMUVI_SRC:-/vagrant}
health_timeout=${GRAFMUVI_HEALTH_TIMEOUT:-90}
if [[ -z ${GRAFMUVI_NO_SYSTEMD:-} ]]; then
  if [[ -d /run/systemd/system ]]; then GRAFMUVI_NO_SYSTEMD=0; else GRAFMUVI_NO_SYSTEMD=1; fi
fi
no_systemd=$GRAFMUVI_NO_SYSTEMD

log() { printf '[provision] %s\n' "$*"; }
die() { printf '[provision] ERROR: %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root (Vagrant's shell provisioner does)"

jar_src="${src}/target/${JAR_NAME}"
unit_src="${src}/vm/${SERVICE}.service"
if [[ ! -f $jar_src ]]; then
  die "${jar_src} not found. Build it on the host first with './mvnw package'" \
    "then copy it into the VM with 'vagrant rsync' (or 'vagrant reload')" \
    "and run 'vagrant provision' again."
fi
[[ -f $unit_src ]] || die "${unit_src} not found (is ${src} the project folder?)"

# 1. Java runtime and curl (for the health check) from the distribution's packages.
missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]} > 0)); then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  log "packages already installed: ${PACKAGES[*]}"
fi
java_version=$(java -version 2>&1 | head -n 1)
log "java: ${java_version}"

# 2. An unprivileged system user that owns nothing it could rewrite.
if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
  log "creating system user ${SERVICE_USER}"
  useradd --system --user-group --home-dir "$INSTALL_DIR" --no-create-home \
    --shell /usr/sbin/nologin --comment "GrafMuvi API service" "$SERVICE_USER"
else
  log "system user ${SERVICE_USER} exists"
fi

# 3. Jar and unit file, copied off the synced folder (the service must not depend on
#    the share at boot). Owned by root, readable by the service user.
changed=0
install_if_changed() { # source destination mode
  if [[ -f $2 ]] && cmp -s "$1" "$2"; then
    log "unchanged: $2"
  else
    install -D -o root -g root -m "$3" "$1" "$2"
    log "installed: $2"
    changed=1
  fi
}
install -d -o root -g root -m 0755 "$INSTALL_DIR"
install_if_changed "$jar_src" "${INSTALL_DIR}/${JAR_NAME}" 0644
install_if_changed "$unit_src" "$UNIT_PATH" 0644

wait_for_status() { # pid-to-watch (empty: none); prints the answer on success
  local deadline=$((SECONDS + health_timeout)) body
  while ((SECONDS < deadline)); do
    if body=$(curl -fsS --max-time 2 "$STATUS_URL" 2>/dev/null) && [[ $body == *'"status":"OK"'* ]]; then
      printf '%s\n' "$body"
      return 0
    fi
    if [[ -n ${1:-} ]] && ! kill -0 "$1" 2>/dev/null; then
      return 1
    fi
    sleep 1
  done
  return 1
}

if [[ $no_systemd == 1 ]]; then
  # 4a. No systemd (chroot, container): run the unit's own ExecStart command.
  log "no running systemd: not calling systemctl; running the unit's ExecStart directly"
  exec_start=$(sed -n 's/^ExecStart=//p' "$UNIT_PATH")
  workdir=$(sed -n 's/^WorkingDirectory=//p' "$UNIT_PATH")
  [[ -n $exec_start && -n $workdir ]] || die "cannot read ExecStart/WorkingDirectory from ${UNIT_PATH}"
  if curl -sS --max-time 2 -o /dev/null "$STATUS_URL" 2>/dev/null; then
    die "something already answers on port ${PORT}; refusing to check a server that is not ours"
  fi
  read -r -a cmd <<<"$exec_start"
  log "starting as ${SERVICE_USER} in ${workdir}: ${exec_start}"
  service_log=$(mktemp)
  # setpriv (util-linux, always present) execs the command itself under the service
  # user, so SIGTERM reaches the JVM directly, as when systemd stops the unit.
  (cd "$workdir" && exec setpriv --reuid="$SERVICE_USER" --regid="$SERVICE_USER" --init-groups \
    --no-new-privs -- "${cmd[@]}") >"$service_log" 2>&1 &
  pid=$!
  if answer=$(wait_for_status "$pid"); then
    log "GET ${STATUS_URL} -> ${answer}"
    log "service process ${pid}: uid $(awk '/^Uid:/ { print $2 }' "/proc/${pid}/status")" \
      "($(id -u "$SERVICE_USER") is ${SERVICE_USER})"
  else
    if kill "$pid" 2>/dev/null; then why="did not answer {\"status\":\"OK\"} within ${health_timeout}s"; else why="exited before answering"; fi
    cat "$service_log" >&2
    die "the service's command ${why} (its output is above)"
  fi
  kill -TERM "$pid"
  rc=0
  wait "$pid" || rc=$?
  log "service output:"
  sed 's/^/    /' "$service_log"
  rm -f "$service_log"
  if [[ $rc == 0 || $rc == 143 ]]; then
    log "stopped by SIGTERM, exit status ${rc} (clean)"
  else
    die "exit status ${rc} after SIGTERM (expected 0 or 143)"
  fi
  log "done (no systemd: the service is installed but not enabled or running)"
  exit 0
fi

# 4b. systemd: enable at boot, (re)start when something changed.
systemctl daemon-reload
systemctl enable --quiet "$SERVICE"
if [[ $changed == 1 ]] || ! systemctl is-active --quiet "$SERVICE"; then
  log "restarting ${SERVICE}"
  # Clear a start-limit hit left by an earlier crash loop, or systemd refuses to start.
  systemctl reset-failed "$SERVICE" 2>/dev/null || true
  # A failed start is reported by the health check below, with the journal.
  systemctl restart "$SERVICE" || log "systemctl restart ${SERVICE} failed"
else
  log "${SERVICE} already running with the installed jar and unit"
fi

# 5. Health check: bounded wait for /status, else fail with the journal.
if answer=$(wait_for_status ""); then
  log "GET ${STATUS_URL} -> ${answer}"
  log "done: ${SERVICE} is active; from the host: http://localhost:8083/status"
else
  systemctl status --no-pager "$SERVICE" >&2 || true
  journalctl -u "$SERVICE" --no-pager -n 200 >&2 || true
  die "GET ${STATUS_URL} did not answer {\"status\":\"OK\"} within ${health_timeout}s (journal above)"
fi
