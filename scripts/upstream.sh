#!/usr/bin/env bash
# Runs the real upstream GrafMuvi (lzontar/GrafMuvi: Node.js/Express on Neo4j 3.5 with APOC) on
# loopback, seeded from one of the project's graph files, as a target for the load test.
# Upstream is GPL-3.0: nothing of it is in this project. `install` clones it at a pinned commit into
# a work directory at run time (see "Load-testing the real GrafMuvi" in README.md).
#
# Usage: scripts/upstream.sh COMMAND [ARG]
#   install        prepare everything, idempotent: missing packages (apt-get, as root), the clone at
#                  the pinned commit (manifest patch, npm ci), Neo4j and APOC (Maven), neo4j.conf,
#                  the Neo4j password
#   start [GRAPH]  install, then Neo4j on a fresh store, seed GRAPH, the app, a warm-up; prints the
#                  app's URL (on a failure, stops what it started). GRAPH: seed (default) | dataset |
#                  the path of a graph file
#   stop           stop what start started (app first, then Neo4j)
#   status         what runs (also under a service manager); exit status 0 when both run, 3 otherwise
#   seed [GRAPH]   replace the graph in the running Neo4j by GRAPH (default seed)
#   warm-up        send each read request shape a few times (Cypher planning, JIT)
#   run-neo4j      Neo4j in the foreground (for a service manager; SIGTERM stops it)
#   run-app        the app in the foreground, once Neo4j answers (for a service manager)
#   url            print the app's URL
#   versions       what runs, as JSON: upstream's commit, Neo4j, APOC, Java, Node, npm, express, driver
#
# Environment (default):
#   GRAFMUVI_UPSTREAM_HOME        work directory (<project>/target/upstream)
#   GRAFMUVI_UPSTREAM_SOURCE      GrafMuvi git directory or repository URL (the public repository)
#   GRAFMUVI_UPSTREAM_COMMIT      commit to run (82fa161a3048e0327a0ecd05ee7872ef35910173)
#   GRAFMUVI_UPSTREAM_HOST        address the app listens on (127.0.0.1)
#   GRAFMUVI_UPSTREAM_PORT        the app's port (18080)
#   GRAFMUVI_UPSTREAM_BOLT_PORT   Neo4j Bolt port on 127.0.0.1 (7687)
#   GRAFMUVI_UPSTREAM_HTTP_PORT   Neo4j HTTP port on 127.0.0.1 (7474)
#   GRAFMUVI_UPSTREAM_JAVA_OPTS   Neo4j's JVM options (-Xms256m -Xmx1g)
#   GRAFMUVI_UPSTREAM_PAGECACHE   Neo4j's page cache (256m)
#   GRAFMUVI_UPSTREAM_TIMEOUT     seconds to wait for Neo4j or the app to answer (180)
#   GRAFMUVI_UPSTREAM_WARM_UP_ROUNDS  rounds of the warm-up's four requests (20)
#   GRAFMUVI_API_JAR              jar holding grafmuvi.api.GraphExport (<project>/target/grafmuvi-api.jar,
#                                 built with ./mvnw when missing)
#   MAVEN_ARGS, npm_config_cache  read by Maven and npm themselves (e.g. MAVEN_ARGS=-o)
set -euo pipefail

PROJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly PROJECT
readonly SELF="$PROJECT/scripts/upstream.sh"
readonly UPSTREAM_HOME="${GRAFMUVI_UPSTREAM_HOME:-$PROJECT/target/upstream}"
readonly SOURCE="${GRAFMUVI_UPSTREAM_SOURCE:-https://github.com/lzontar/GrafMuvi.git}"
readonly COMMIT="${GRAFMUVI_UPSTREAM_COMMIT:-82fa161a3048e0327a0ecd05ee7872ef35910173}"
readonly APP_HOST="${GRAFMUVI_UPSTREAM_HOST:-127.0.0.1}"
readonly APP_PORT="${GRAFMUVI_UPSTREAM_PORT:-18080}"
readonly BOLT_PORT="${GRAFMUVI_UPSTREAM_BOLT_PORT:-7687}"
readonly HTTP_PORT="${GRAFMUVI_UPSTREAM_HTTP_PORT:-7474}"
readonly JAVA_OPTS="${GRAFMUVI_UPSTREAM_JAVA_OPTS:--Xms256m -Xmx1g}"
readonly PAGECACHE="${GRAFMUVI_UPSTREAM_PAGECACHE:-256m}"
readonly TIMEOUT="${GRAFMUVI_UPSTREAM_TIMEOUT:-180}"
readonly WARM_UP_ROUNDS="${GRAFMUVI_UPSTREAM_WARM_UP_ROUNDS:-20}"
readonly API_JAR="${GRAFMUVI_API_JAR:-$PROJECT/target/grafmuvi-api.jar}"

readonly CLONE="$UPSTREAM_HOME/grafmuvi"
readonly NEO4J_HOME="$UPSTREAM_HOME/neo4j"
readonly SECRETS="$UPSTREAM_HOME/secrets"
readonly PASSWORD_FILE="$SECRETS/neo4j-password"
readonly STATE="$UPSTREAM_HOME/state"
readonly LOGS="$UPSTREAM_HOME/logs"
readonly NEO4J_PID="$STATE/neo4j.pid"
readonly APP_PID="$STATE/app.pid"
readonly NEO4J_URL="http://127.0.0.1:$HTTP_PORT"
readonly NEO4J_VERSION=3.5.35
readonly APOC_VERSION=3.5.0.21
case "$APP_HOST" in *:*) APP_URL="http://[$APP_HOST]:$APP_PORT" ;; 0.0.0.0) APP_URL="http://127.0.0.1:$APP_PORT" ;; *) APP_URL="http://$APP_HOST:$APP_PORT" ;; esac
readonly APP_URL

# Neo4j 3.5 predates JDK 17's strong encapsulation. The least it starts and serves with (Bolt with
# TLS, HTTP, Cypher, APOC), found by trial: its exception helper reads Throwable's fields (java.lang)
# and its page cache calls FileChannelImpl (sun.nio.ch).
readonly JDK17_FLAGS=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED)

log() { printf '[upstream] %s\n' "$*" >&2; }
die() { printf '[upstream] ERROR: %s\n' "$*" >&2; exit 1; }

alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------------------------------------- install

ensure_packages() {
  local need=() missing=()
  command -v git >/dev/null || need+=(git)
  command -v curl >/dev/null || need+=(curl)
  command -v jq >/dev/null || need+=(jq)
  command -v java >/dev/null || need+=(openjdk-17-jre-headless)
  command -v node >/dev/null || need+=(nodejs)
  command -v npm >/dev/null || need+=(npm)
  [[ -f $API_JAR ]] || command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)
  ((${#need[@]} == 0)) && return 0
  missing=("${need[@]}")
  [[ $(id -u) -eq 0 ]] || die "missing: ${missing[*]}; install them (apt-get install ${missing[*]}) or run this as root"
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The clone at the pinned commit. Blobs a git copy lacks (appData/model.json, a word-vector model
# over 4 MiB, is absent from some mirrors) are left out with a sparse checkout; the app reads that
# file only to check posted plots, so an empty model ({}) keeps every GET exact.
prepare_clone() {
  local stamp="$STATE/clone" new="$CLONE.new" want missing=() path sha
  if [[ -f $stamp && -d $CLONE/node_modules ]] && [[ $(head -n 1 "$stamp") == "$COMMIT" ]]; then
    return 0
  fi
  # (built beside the old clone, which stays usable until the new one is complete)
  rm -rf "$new"
  mkdir -p "$UPSTREAM_HOME" "$STATE"
  log "cloning $SOURCE"
  git clone -q --no-checkout "$SOURCE" "$new" \
    || die "cannot clone $SOURCE; without a network, set GRAFMUVI_UPSTREAM_SOURCE to a local git copy of GrafMuvi"
  want="$(git -C "$new" rev-parse --verify -q "$COMMIT^{commit}")" || die "commit $COMMIT not found in $SOURCE"
  while read -r sha path; do
    git -C "$new" cat-file -e "$sha" 2>/dev/null || missing+=("$path")
  done < <(git -C "$new" ls-tree -r "$want" | awk '$2 == "blob" { print $3 " " substr($0, index($0, "\t") + 1) }')
  if ((${#missing[@]} > 0)); then
    log "absent from this git copy, left out: ${missing[*]}"
    local patterns=('/*')
    for path in "${missing[@]}"; do patterns+=("!/$path"); done
    # (git names the missing object while it sets the patterns; the checkout below is what counts)
    git -C "$new" sparse-checkout set --no-cone "${patterns[@]}" 2>/dev/null
  fi
  # (with blobs left out, git still complains about them on stderr: kept in a log, not shown)
  git -C "$new" -c advice.detachedHead=false checkout -q --detach "$want" 2>"$LOGS/git-checkout.log" \
    || { cat "$LOGS/git-checkout.log" >&2; die "cannot check out $want"; }
  [[ -f $new/appData/model.json ]] || printf '{}\n' >"$new/appData/model.json"
  log "upstream at $(git -C "$new" rev-parse --short HEAD): $(git -C "$new" log -1 --format='%cs %s')"
  patch_manifests "$new"
  log "npm ci (upstream's lockfile; no lifecycle scripts) ..."
  (cd "$new" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund >"$LOGS/npm-ci.log" 2>&1) \
    || { tail -n 20 "$LOGS/npm-ci.log" >&2; die "npm ci failed (log: $LOGS/npm-ci.log)"; }
  log "$(tail -n 1 "$LOGS/npm-ci.log")"
  rm -rf "$CLONE"
  mv "$new" "$CLONE"
  printf '%s\n%s %s\n' "$COMMIT" "$want" "$SOURCE" >"$stamp"
}

# The one change to upstream's files, in its manifests only: package.json depends on
# "fs": "0.0.1-security", a placeholder the npm registry no longer serves (npm ci fails with E404);
# require('fs') is Node's core module either way.
patch_manifests() { # clone directory
  local f
  for f in package.json package-lock.json; do
    jq 'del(.dependencies.fs)' "$1/$f" >"$1/$f.tmp"
    mv "$1/$f.tmp" "$1/$f"
  done
  log "manifest patch: $(git -C "$1" diff --shortstat -- package.json package-lock.json | sed 's/^ *//') (dropped the \"fs\" placeholder)"
}

prepare_neo4j() {
  if [[ -f $NEO4J_HOME/lib/neo4j-server-$NEO4J_VERSION.jar && -f $NEO4J_HOME/plugins/apoc-$APOC_VERSION.jar ]]; then
    return 0
  fi
  log "fetching Neo4j $NEO4J_VERSION and APOC $APOC_VERSION with Maven ..."
  rm -rf "${NEO4J_HOME:?}/lib" "${NEO4J_HOME:?}/plugins"
  (cd "$PROJECT" && ./mvnw -B -q -f scripts/upstream/pom.xml dependency:copy-dependencies@neo4j-lib dependency:copy@apoc \
    -Dupstream.neo4j.home="$NEO4J_HOME" >"$LOGS/maven.log" 2>&1) \
    || { tail -n 20 "$LOGS/maven.log" >&2; die "Maven could not fetch Neo4j/APOC (log: $LOGS/maven.log)"; }
}

write_neo4j_conf() {
  mkdir -p "$NEO4J_HOME/conf" "$NEO4J_HOME/data" "$NEO4J_HOME/logs" "$NEO4J_HOME/run" "$NEO4J_HOME/import"
  chmod 700 "$NEO4J_HOME/data" # the password's hash is in data/dbms
  cat >"$NEO4J_HOME/conf/neo4j.conf.tmp" <<EOF
# Written by scripts/upstream.sh install: do not edit (it is rewritten).
dbms.directories.data=$NEO4J_HOME/data
dbms.directories.plugins=$NEO4J_HOME/plugins
dbms.directories.logs=$NEO4J_HOME/logs
dbms.directories.run=$NEO4J_HOME/run
dbms.directories.import=$NEO4J_HOME/import
dbms.directories.certificates=$NEO4J_HOME/certificates
# Loopback only: the app is Neo4j's one client.
dbms.connectors.default_listen_address=127.0.0.1
dbms.connectors.default_advertised_address=127.0.0.1
dbms.connector.bolt.enabled=true
dbms.connector.bolt.listen_address=127.0.0.1:$BOLT_PORT
# upstream's driver (neo4j-driver 1.7) connects with TLS by default: Neo4j makes a self-signed pair
dbms.connector.bolt.tls_level=OPTIONAL
dbms.connector.http.enabled=true
dbms.connector.http.listen_address=127.0.0.1:$HTTP_PORT
dbms.connector.https.enabled=false
dbms.security.auth_enabled=true
# upstream calls apoc.coll.toSet() in both read queries
dbms.security.procedures.unrestricted=apoc.*
dbms.memory.pagecache.size=$PAGECACHE
# no usage reports (Neo4j 3.5 would send them to its vendor)
dbms.udc.enabled=false
EOF
  mv "$NEO4J_HOME/conf/neo4j.conf.tmp" "$NEO4J_HOME/conf/neo4j.conf"
}

neo4j_java() { # main class and arguments (always in a subshell or the last command: it execs)
  export NEO4J_HOME NEO4J_CONF="$NEO4J_HOME/conf"
  # shellcheck disable=SC2086 # JAVA_OPTS holds several options
  exec java $JAVA_OPTS "${JDK17_FLAGS[@]}" \
    -cp "$NEO4J_HOME/lib/*" "$@"
}

# Authentication on, with a password made here (mode 600, never printed) and given to the app as
# GRAPHENEDB_PASSWD. Neo4j's own admin tool stores it before the first start; the password reaches
# it in a java @argument file, so it never shows in a process list.
prepare_password() {
  local args
  mkdir -p "$SECRETS"
  chmod 700 "$SECRETS"
  if [[ ! -s $PASSWORD_FILE ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32 >"$PASSWORD_FILE")
    rm -rf "$NEO4J_HOME/data/dbms"
    log "new Neo4j password in $PASSWORD_FILE (mode 600)"
  fi
  chmod 600 "$PASSWORD_FILE"
  # (the admin tool writes auth.ini; Neo4j turns it into auth at its first start)
  [[ -f $NEO4J_HOME/data/dbms/auth || -f $NEO4J_HOME/data/dbms/auth.ini ]] && return 0
  args="$SECRETS/set-initial-password.args"
  # (the launcher expands an @file only up to the main class, so the file names the class too)
  (umask 077 && printf 'org.neo4j.commandline.admin.AdminTool set-initial-password %s\n' "$(cat "$PASSWORD_FILE")" >"$args")
  (neo4j_java "@$args") >"$LOGS/neo4j-admin.log" 2>&1 \
    || { rm -f "$args"; sed "s/$(cat "$PASSWORD_FILE")/****/g" "$LOGS/neo4j-admin.log" >&2; die "setting the Neo4j password failed"; }
  rm -f "$args"
  [[ -f $NEO4J_HOME/data/dbms/auth.ini ]] || die "Neo4j's admin tool wrote no $NEO4J_HOME/data/dbms/auth.ini"
}

cmd_install() {
  ensure_packages
  mkdir -p "$UPSTREAM_HOME" "$STATE" "$LOGS"
  prepare_clone
  prepare_neo4j
  write_neo4j_conf
  prepare_password
  log "ready in $UPSTREAM_HOME: node $(node -v), npm $(npm -v), $(java -version 2>&1 | head -n 1)"
}

# --------------------------------------------------------------------------------------- foreground

cmd_run_neo4j() {
  [[ -f $NEO4J_HOME/conf/neo4j.conf && -s $PASSWORD_FILE ]] || die "not installed: run $SELF install"
  cd "$NEO4J_HOME"
  neo4j_java org.neo4j.server.CommunityEntryPoint --home-dir="$NEO4J_HOME" --config-dir="$NEO4J_HOME/conf"
}

# Configuration as upstream reads it (src/api/database.js, src/api.js, src/logging/logger.js), in an
# otherwise empty environment: GRAPHENEDB_URL/USER/PASSWD for Neo4j, IP/PORT for the listener, and
# OMDB_KEY, which must be non-empty for the app to start; it is used only by the POST endpoints,
# which call the OMDb web service (never send them here). DNS (Sentry) and NODE_ENV stay unset, as
# in upstream's Dockerfile: Express runs in development mode.
cmd_run_app() {
  [[ -f $STATE/clone && -s $PASSWORD_FILE ]] || die "not installed: run $SELF install"
  wait_for_neo4j
  cd "$CLONE"
  local name password
  password="$(cat "$PASSWORD_FILE")"
  # (the password goes through the environment, never through a command line)
  for name in $(compgen -e); do
    case "$name" in PATH | HOME) ;; *) unset "$name" 2>/dev/null || true ;; esac
  done
  export LANG=C.UTF-8 GRAPHENEDB_URL="bolt://127.0.0.1:$BOLT_PORT" GRAPHENEDB_USER=neo4j \
    GRAPHENEDB_PASSWD="$password" IP="$APP_HOST" PORT="$APP_PORT" OMDB_KEY=offline-unused
  exec node server.js
}

# -------------------------------------------------------------------------------------------- Neo4j

cypher() { # JSON request file -> JSON answer on stdout; fails on an HTTP error or a Cypher error
  local answer
  answer="$(printf 'user = "neo4j:%s"\n' "$(cat "$PASSWORD_FILE")" | curl -sS -f -K - --max-time 600 \
    -H 'Content-Type: application/json' -H 'Accept: application/json' --data-binary "@$1" \
    "$NEO4J_URL/db/data/transaction/commit")" || return 1
  if [[ $(jq '.errors | length' <<<"$answer") != 0 ]]; then
    jq -r '.errors[] | "Neo4j: \(.code): \(.message)"' <<<"$answer" >&2
    return 1
  fi
  printf '%s\n' "$answer"
}

neo4j_ready() {
  printf '{"statements":[{"statement":"RETURN 1"}]}' >"$STATE/ping.json"
  cypher "$STATE/ping.json" >/dev/null 2>&1 && port_taken "$BOLT_PORT"
}

wait_for_neo4j() { # [pid to watch]
  local deadline=$((SECONDS + TIMEOUT))
  until neo4j_ready; do
    if [[ -n ${1:-} ]] && ! kill -0 "$1" 2>/dev/null; then
      tail -n 30 "$LOGS/neo4j.log" >&2 || true
      die "Neo4j exited (log: $LOGS/neo4j.log)"
    fi
    ((SECONDS < deadline)) || die "Neo4j did not answer on $NEO4J_URL within ${TIMEOUT}s (log: $LOGS/neo4j.log)"
    sleep 1
  done
}

absolute_graph() { # seed | dataset | a path, made absolute (the runner changes directories)
  case "$1" in
    seed | dataset) printf '%s\n' "$1" ;;
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$PWD" "$1" ;;
  esac
}

graph_json() { # graph -> $STATE/graph.json, validated by the project's own reader
  local graph="$1"
  if [[ ! -f $API_JAR ]]; then
    log "building $API_JAR ..."
    (cd "$PROJECT" && ./mvnw -B -q -Dmaven.test.skip=true -Dgatling.skip=true package >"$LOGS/build.log" 2>&1) \
      || { tail -n 20 "$LOGS/build.log" >&2; die "building the project failed (log: $LOGS/build.log)"; }
  fi
  java -cp "$API_JAR" grafmuvi.api.GraphExport "$graph" >"$STATE/graph.json.tmp" \
    || die "the graph $graph was refused (the lines above say why)"
  mv "$STATE/graph.json.tmp" "$STATE/graph.json"
}

# Over Neo4j's HTTP transactional endpoint. One transaction deletes everything and creates the
# movies in file order; then each similar line is one transaction of its own, in file order, creating
# both directed relationships in the order upstream's POST creates them (to the first movie, then from
# it). One transaction per edge, as upstream's POSTs write them, matters: Neo4j links a node's
# relationships into its chain, newest first, at commit, and a transaction holding many of them links
# them in the order of a hash set; the chain order decides the order of equally ranked answers.
# The edges go through one curl process (a config file of one request per edge, one connection).
cmd_seed() {
  local graph="${1:-seed}" request answer movies edges failed started=$SECONDS
  graph="$(absolute_graph "$graph")"
  alive "$NEO4J_PID" || neo4j_ready || die "Neo4j is not running (start it with $SELF start or run-neo4j)"
  graph_json "$graph"
  request="$STATE/seed-request.json"
  jq '{statements: [{statement: "MATCH (n) DETACH DELETE n"},
    {statement: "UNWIND $movies AS m CREATE (n:Movie {imdbId: m.imdbId, title: m.title, released: m.released}) RETURN id(n)",
     parameters: {movies: .movies | map({imdbId, title, released})}}]}' "$STATE/graph.json" >"$request"
  answer="$(cypher "$request")" || die "seeding Neo4j failed (movies)"
  jq '.results[1].data | map(.row[0])' <<<"$answer" >"$STATE/node-ids.json"
  edges="$(jq '.similar | length' "$STATE/graph.json")"
  if ((edges > 0)); then
    # (the curl config holds the password, so it lives in the secrets directory while it is used)
    (umask 077 && jq -r --rawfile password "$PASSWORD_FILE" --slurpfile ids "$STATE/node-ids.json" --arg url "$NEO4J_URL/db/data/transaction/commit" '
      (.movies | map(.imdbId) | to_entries | map({key: .value, value: .key}) | from_entries) as $at
      | [.similar[] | {statements: [{statement: ("MATCH (a) WHERE id(a) = $a MATCH (b) WHERE id(b) = $b "
            + "CREATE (b)-[:SIMILAR {promotions: $p}]->(a) CREATE (a)-[:SIMILAR {promotions: $p}]->(b)"),
          parameters: {a: $ids[0][$at[.from]], b: $ids[0][$at[.to]], p: .promotions}}]}
        | "url = \($url | @json)\nuser = \("neo4j:\($password)" | @json)\nheader = \"Content-Type: application/json\"\n"
          + "header = \"Accept: application/json\"\nmax-time = 60\ndata-binary = \(tojson | @json)\n"]
      | join("next\n")' "$STATE/graph.json" >"$SECRETS/seed-edges.curl")
    curl -sS -K "$SECRETS/seed-edges.curl" >"$STATE/seed-edges.out" || { rm -f "$SECRETS/seed-edges.curl"; die "seeding Neo4j failed (edges)"; }
    rm -f "$SECRETS/seed-edges.curl"
    failed="$(jq -s --argjson n "$edges" 'if length != $n then "\($n - length) answers missing" else
      (map(.errors[]) | if length > 0 then "\(length) errors, the first: \(.[0].message)" else "" end) end' -r "$STATE/seed-edges.out")"
    [[ -z $failed ]] || die "seeding Neo4j failed (edges): $failed"
  fi
  printf '{"statements":[{"statement":"MATCH (m:Movie) WITH count(m) AS movies OPTIONAL MATCH ()-[s:SIMILAR]->() RETURN movies, count(s)"}]}' >"$request"
  answer="$(cypher "$request")" || die "Neo4j does not answer"
  movies="$(jq '.results[0].data[0].row[0]' <<<"$answer")"
  edges="$(jq '.results[0].data[0].row[1]' <<<"$answer")"
  [[ $movies == "$(jq '.movies | length' "$STATE/graph.json")" && $edges == "$(jq '.similar | length * 2' "$STATE/graph.json")" ]] \
    || die "Neo4j holds $movies movies and $edges SIMILAR relationships, not what $graph says"
  printf '%s\n' "$graph" >"$STATE/graph"
  log "seeded $graph in $((SECONDS - started)) s: $movies movies, $edges SIMILAR relationships (both directions; one transaction per edge)"
}

# ------------------------------------------------------------------------------------ start / stop

start_background() { # pid file, log file, command...
  local pidfile="$1" logfile="$2"; shift 2
  nohup setsid "$@" >"$logfile" 2>&1 </dev/null &
  printf '%s\n' "$!" >"$pidfile"
}

wait_for_app() {
  local deadline=$((SECONDS + TIMEOUT))
  until curl -sf --max-time 2 -o /dev/null "$APP_URL/status"; do
    if ! alive "$APP_PID"; then
      tail -n 30 "$LOGS/app.log" >&2 || true
      die "the app exited (log: $LOGS/app.log)"
    fi
    ((SECONDS < deadline)) || die "no answer from $APP_URL/status within ${TIMEOUT}s (log: $LOGS/app.log)"
    sleep 1
  done
}

# The first requests after a start are slow (Cypher planning, then both JITs warming up): rounds of
# the seeded graph's first movie, by id and by title, before a load test measures anything.
cmd_warm_up() {
  local id title year i code path
  [[ -f $STATE/graph.json ]] || die "nothing seeded yet"
  curl -sf --max-time 5 -o /dev/null "$APP_URL/status" || die "the app does not answer on $APP_URL"
  id="$(jq -r '.movies[0].imdbId // empty' "$STATE/graph.json")"
  [[ -n $id ]] || return 0
  title="$(jq -r '.movies[0].title | @uri' "$STATE/graph.json")"
  year="$(jq -r '.movies[0].released' "$STATE/graph.json")"
  for ((i = 1; i <= WARM_UP_ROUNDS; i++)); do
    for path in / /status "/api/id/$id" "/api/title/$title/$year"; do
      code="$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' "$APP_URL$path")" || code=timeout
      [[ $code == 200 ]] || { log "warm-up: GET $path answered $code (round $i)"; return 0; }
    done
  done
  log "warm-up: $WARM_UP_ROUNDS rounds of /, /status, /api/id/$id, /api/title/$title/$year"
}

cmd_start() {
  local graph="${1:-seed}" started=$SECONDS
  graph="$(absolute_graph "$graph")"
  if alive "$APP_PID" || alive "$NEO4J_PID"; then
    die "already running ($SELF status); stop it first with $SELF stop"
  fi
  cmd_install
  graph_json "$graph" # (a graph the reader refuses stops the start here, before anything runs)
  port_taken "$BOLT_PORT" && die "127.0.0.1:$BOLT_PORT is taken"
  port_taken "$HTTP_PORT" && die "127.0.0.1:$HTTP_PORT is taken"
  port_taken "$APP_PORT" && die "port $APP_PORT is taken"
  # a fresh store (the password lives beside it, in data/dbms)
  rm -rf "$NEO4J_HOME/data/databases" "$NEO4J_HOME/data/transactions"
  trap 'log "start failed: stopping what it started"; cmd_stop' EXIT
  log "starting Neo4j $NEO4J_VERSION on 127.0.0.1:$BOLT_PORT (Bolt) and :$HTTP_PORT (HTTP) ..."
  start_background "$NEO4J_PID" "$LOGS/neo4j.log" "$SELF" run-neo4j
  wait_for_neo4j "$(cat "$NEO4J_PID")"
  cmd_seed "$graph"
  log "starting the app on $APP_URL ..."
  start_background "$APP_PID" "$LOGS/app.log" "$SELF" run-app
  wait_for_app
  cmd_warm_up
  trap - EXIT
  log "started in $((SECONDS - started)) s; logs in $LOGS; stop with $SELF stop"
  printf '%s\n' "$APP_URL"
}

stop_one() { # pid file, name
  local pid i
  [[ -f $1 ]] || return 0
  pid="$(cat "$1")"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $2 (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 60; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$2 still runs after 30 s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$1"
}

cmd_stop() {
  stop_one "$APP_PID" "the app"
  stop_one "$NEO4J_PID" "Neo4j"
}

cmd_versions() {
  local answer
  printf '{"statements":[{"statement":"CALL dbms.components() YIELD versions, edition RETURN versions[0] + \\" \\" + edition, apoc.version()"}]}' \
    >"$STATE/versions-request.json"
  answer="$(cypher "$STATE/versions-request.json")" || die "Neo4j does not answer"
  jq -n --arg commit "$(git -C "$CLONE" rev-parse HEAD)" \
    --arg neo4j "$(jq -r '.results[0].data[0].row[0]' <<<"$answer")" --arg apoc "$(jq -r '.results[0].data[0].row[1]' <<<"$answer")" \
    --arg java "$(java -version 2>&1 | head -n 1)" --arg node "$(node -v)" --arg npm "$(npm -v)" \
    --arg express "$(jq -r .version "$CLONE/node_modules/express/package.json")" \
    --arg driver "$(jq -r .version "$CLONE/node_modules/neo4j-driver/package.json")" \
    '{repository: "lzontar/GrafMuvi", commit: $commit, neo4j: $neo4j, apoc: $apoc, java: $java, node: $node,
      npm: $npm, express: $express, "neo4j-driver": $driver,
      patch: "package.json and package-lock.json without the \"fs\" placeholder"}'
}

cmd_status() {
  local rc=0
  if alive "$NEO4J_PID"; then
    echo "neo4j: running (pid $(cat "$NEO4J_PID")), bolt://127.0.0.1:$BOLT_PORT"
  elif [[ -s $PASSWORD_FILE ]] && neo4j_ready; then
    echo "neo4j: answering on bolt://127.0.0.1:$BOLT_PORT (not started by $SELF start)"
  else
    echo "neo4j: stopped"; rc=3
  fi
  if alive "$APP_PID"; then
    echo "app: running (pid $(cat "$APP_PID")), $APP_URL"
  elif curl -sf --max-time 2 -o /dev/null "$APP_URL/status"; then
    echo "app: answering on $APP_URL (not started by $SELF start)"
  else
    echo "app: stopped"; rc=3
  fi
  [[ -f $STATE/graph ]] && echo "graph: $(cat "$STATE/graph")"
  [[ -f $STATE/clone ]] && echo "upstream: $(sed -n 2p "$STATE/clone")"
  return "$rc"
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start "${2:-seed}" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  seed) mkdir -p "$STATE" "$LOGS"; cmd_seed "${2:-seed}" ;;
  warm-up) cmd_warm_up ;;
  run-neo4j) cmd_run_neo4j ;;
  run-app) cmd_run_app ;;
  url) printf '%s\n' "$APP_URL" ;;
  versions) cmd_versions ;;
  *) sed -n '/^# Usage:/,/^#$/s/^# \{0,1\}//p' "$SELF" >&2; exit 2 ;;
esac
