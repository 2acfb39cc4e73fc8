#!/usr/bin/env bash
# Records the real upstream GrafMuvi's answers to a corpus of read requests, for UpstreamReplayTest
# (which replays them against the embedded API). For each graph, starts upstream with
# scripts/upstream.sh on a fresh store seeded from it, sends every request once with curl, and
# stops upstream. Only loopback; only GET, HEAD, OPTIONS, PUT, PATCH and DELETE: never a POST (its
# POST endpoints call the OMDb web service).
#
#   scripts/record-upstream-corpus.sh [OUT]   (default src/test/resources/upstream-corpus/recorded.json)
#
# Needs what scripts/upstream.sh needs (root for apt-get when packages are missing); its
# environment variables apply (GRAFMUVI_UPSTREAM_SOURCE, GRAFMUVI_UPSTREAM_COMMIT, ports...).
set -euo pipefail

PROJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly PROJECT
readonly RUNNER="$PROJECT/scripts/upstream.sh"
readonly CORPUS_DIR="$PROJECT/src/test/resources/upstream-corpus"
readonly OUT="${1:-$CORPUS_DIR/recorded.json}"
readonly UPSTREAM_HOME="${GRAFMUVI_UPSTREAM_HOME:-$PROJECT/target/upstream}"

log() { printf '[record] %s\n' "$*" >&2; }
die() { printf '[record] ERROR: %s\n' "$*" >&2; exit 1; }

BASE="$("$RUNNER" url)"
case "$BASE" in http://127.0.0.1:* | http://localhost:* | http://\[::1\]:*) ;; *) die "not a loopback URL: $BASE" ;; esac
if "$RUNNER" status >/dev/null; then
  die "upstream already runs ($RUNNER status): stop it first, the recording starts it on a fresh store"
fi
TMP="$(mktemp -d)"
readonly TMP
started=false
cleanup() {
  if $started; then "$RUNNER" stop; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
: >"$TMP/entries.jsonl"

GRAPH=""       # the graph of the entries being recorded: seed, or a file name in $CORPUS_DIR
LAST_ETAG=""   # the ETag of the last answer, for a following If-None-Match request

# rec NAME METHOD RAW-PATH [REQUEST-HEADER...]: one request, sent as is (curl --path-as-is, no
# re-encoding), recorded with the status, every response header but Date, and the body.
rec() {
  local name="$1" method="$2" path="$3" args=(-o "$TMP/body") header
  shift 3
  : >"$TMP/body"
  case "$method" in
    HEAD) args=(--head -o /dev/null) ;; # (curl would print the headers as the body)
    GET) ;;
    POST) die "no POST to upstream" ;;
    *) args+=(-X "$method") ;;
  esac
  for header in "$@"; do args+=(-H "$header"); done
  curl -s --path-as-is --max-time 60 -D "$TMP/headers" "${args[@]}" "$BASE$path" \
    || die "$name: no answer from $BASE$path"
  # error pages of Express in development mode carry a stack trace with the clone's path
  sed -i "s#$UPSTREAM_HOME/grafmuvi#<upstream>#g" "$TMP/body"
  jq -n --arg graph "$GRAPH" --arg name "$name" --arg method "$method" --arg path "$path" \
    --rawfile head "$TMP/headers" --rawfile body "$TMP/body" --args '
    ($head | split("\r\n") | map(select(length > 0))) as $lines
    | {graph: $graph, name: $name,
       request: {method: $method, path: $path,
                 headers: ($ARGS.positional | map(capture("^(?<n>[^:]+):[ ]*(?<v>.*)$") | [.n, .v]))},
       response: {status: ($lines[0] | split(" ")[1] | tonumber),
                  headers: ($lines[1:] | map(capture("^(?<n>[^:]+):[ ]*(?<v>.*)$") | [.n, .v])
                            | map(select(.[0] | ascii_downcase != "date"))),
                  body: $body}}' "$@" >>"$TMP/entries.jsonl"
  LAST_ETAG="$(tr -d '\r' <"$TMP/headers" | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')"
  printf '  %-62s %s\n' "$name" "$(sed -n '1s/\r$//p' "$TMP/headers")" >&2
}

start() { # graph
  GRAPH="$1"
  local arg="$1"
  [[ $arg == seed ]] || arg="$CORPUS_DIR/$arg"
  "$RUNNER" start "$arg" >/dev/null
  started=true
  log "recording on the graph $GRAPH"
}

stop() {
  "$RUNNER" stop
  started=false
}

# ---- the seed graph: the seed's requests and how every part of a request is read
start seed
rec "root" GET /
rec "status" GET /status
rec "status: If-None-Match of its ETag" GET /status "If-None-Match: $LAST_ETAG"
rec "similar by id (the seed's request)" GET /api/id/tt0068646
rec "similar by id: If-None-Match of its ETag" GET /api/id/tt0068646 "If-None-Match: $LAST_ETAG"
rec "similar by id: If-None-Match of another ETag" GET /api/id/tt0068646 'If-None-Match: W/"3d-0000000000000000000000000"'
rec "similar by title (the seed's request)" GET /api/title/The%20godfather/1972
rec "similar by title: If-None-Match of its ETag" GET /api/title/The%20godfather/1972 "If-None-Match: $LAST_ETAG"
rec "root: If-None-Match of its ETag" GET / "If-None-Match: $(curl -s -D - -o /dev/null "$BASE/" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')"
rec "HEAD status" HEAD /status
rec "HEAD similar by id" HEAD /api/id/tt0068646
rec "HEAD similar by id: If-None-Match of its ETag" HEAD /api/id/tt0068646 "If-None-Match: $LAST_ETAG"
rec "HEAD similar by title" HEAD /api/title/The%20godfather/1972
rec "HEAD root" HEAD /
rec "HEAD unknown route" HEAD /nope
rec "the other movies by id: American gangster" GET /api/id/tt0765429
rec "the other movies by id: Training day" GET /api/id/tt0139654
rec "the other movies by id: Black mass" GET /api/id/tt1355683
rec "the other movies by title: Black mass" GET /api/title/Black%20mass/2015
rec "unknown id" GET /api/id/tt0000000
rec "unknown title" GET /api/title/No%20Such%20Movie/1972
rec "id case: upper-case TT" GET /api/id/TT0068646
rec "title case: The Godfather (OMDb's spelling)" GET /api/title/The%20Godfather/1972
rec "title case: all upper case" GET /api/title/THE%20GODFATHER/1972
rec "title case: all lower case" GET /api/title/the%20godfather/1972
rec "title with a trailing space" GET /api/title/The%20godfather%20/1972
rec "title with + for the space" GET /api/title/The+godfather/1972
rec "id percent-encoded (%30 for 0)" GET /api/id/tt%30068646
rec "id with a query string" GET "/api/id/tt0068646?x=1&y"
rec "title with an encoded slash" GET /api/title/AC%2FDC/1972
rec "wrong year" GET /api/title/The%20godfather/1973
rec "year: abc" GET /api/title/The%20godfather/abc
rec "year: 1972.0" GET /api/title/The%20godfather/1972.0
rec "year: 1972.9" GET /api/title/The%20godfather/1972.9
rec "year: %201972 (leading space)" GET /api/title/The%20godfather/%201972
rec "year: 1972%20 (trailing space)" GET /api/title/The%20godfather/1972%20
rec "year: +1972" GET /api/title/The%20godfather/+1972
rec "year: %2B1972" GET /api/title/The%20godfather/%2B1972
rec "year: 01972" GET /api/title/The%20godfather/01972
rec "year: 1972abc" GET /api/title/The%20godfather/1972abc
rec "year: 1.972e3" GET /api/title/The%20godfather/1.972e3
rec "year: 0x7B4" GET /api/title/The%20godfather/0x7B4
rec "year: -1972" GET /api/title/The%20godfather/-1972
rec "year: 1972 followed by a query string" GET "/api/title/The%20godfather/1972?year=1973"
rec "year: 99999999999999999999" GET /api/title/The%20godfather/99999999999999999999
rec "unknown route" GET /nope
rec "unknown route: /api" GET /api
rec "unknown route: /api/id (no id)" GET /api/id
rec "unknown route: /api/id/ (empty id)" GET /api/id/
rec "unknown route: /api/title/The%20godfather (no year)" GET /api/title/The%20godfather
rec "unknown route: /api/title/The%20godfather/1972/extra" GET /api/title/The%20godfather/1972/extra
rec "unknown route: //status" GET //status
rec "trailing slash: /status/" GET /status/
rec "trailing slash: /api/id/tt0068646/" GET /api/id/tt0068646/
rec "trailing slash: /api/title/The%20godfather/1972/" GET /api/title/The%20godfather/1972/
rec "route case: /STATUS" GET /STATUS
rec "route case: /API/ID/tt0068646" GET /API/ID/tt0068646
rec "route case: /Api/Title/The%20godfather/1972" GET /Api/Title/The%20godfather/1972
rec "OPTIONS /status" OPTIONS /status
rec "OPTIONS /api/id/tt0068646" OPTIONS /api/id/tt0068646
rec "OPTIONS /" OPTIONS /
rec "OPTIONS unknown route" OPTIONS /nope
rec "wrong method: PUT /status" PUT /status
rec "wrong method: DELETE /api/id/tt0068646" DELETE /api/id/tt0068646
rec "wrong method: PATCH /api/title/The%20godfather/1972" PATCH /api/title/The%20godfather/1972
rec "bad percent-encoding in the id: %E0%A4%A" GET /api/id/%E0%A4%A
rec "bad percent-encoding in the title: %E0%A4%A" GET /api/title/%E0%A4%A/1972
rec "bad percent-encoding in the year: %ZZ" GET /api/title/The%20godfather/%ZZ
rec "bad percent-encoding in an unknown route" GET /nope/%ZZ
rec "id of 1000 characters" GET "/api/id/$(printf 'a%.0s' {1..1000})"
stop

# ---- the corpus graph: every movie, by id and by title
start corpus.graph
declare -A asked=()
while IFS=$'\t' read -r id title year uri; do
  rec "by id: $id ($title, $year)" GET "/api/id/$id"
  # (two movies may share a title and a year: one request answers for both)
  [[ -n ${asked["$uri/$year"]:-} ]] && continue
  asked["$uri/$year"]=1
  rec "by title: $title ($year)" GET "/api/title/$uri/$year"
done < <(jq -r '.movies[] | [.imdbId, .title, .released, (.title | @uri)] | @tsv' "$UPSTREAM_HOME/state/graph.json")
rec "by title: Alpha in the wrong year" GET /api/title/Alpha/2002
rec "by title: Twin without a year match" GET /api/title/Twin/1995
rec "by title: Yankee as year 00" GET /api/title/Yankee/00
rec "by title: Amélie decomposed (e + combining accent)" GET /api/title/Ame%CC%81lie/2001
rec "by title: Amélie in Latin-1 (%E9)" GET /api/title/Am%E9lie/2001
"$RUNNER" versions >"$TMP/versions.json"
stop

mkdir -p "$(dirname "$OUT")"
jq -s --slurpfile versions "$TMP/versions.json" \
  '{recorded: (now | strftime("%Y-%m-%d")), upstream: $versions[0],
    note: "Written by scripts/record-upstream-corpus.sh; see README.md beside this file.",
    entries: .}' "$TMP/entries.jsonl" >"$OUT"
log "$(jq '.entries | length' "$OUT") entries in $OUT"
