#!/usr/bin/env bash
# Search at scale. See bench/README.md, "Search at scale".
#
#   bench/search.sh --postgres [--patients N] [--sessions N] [--users N] [--out DIR]
#   bench/search.sh [--patients N] [--out DIR]                     (H2, the embedded default)
#
# Starts Gatehouse (the run command's JVM settings) on a fresh database and fills it: on
# PostgreSQL with bench/seed.sh (1,000,000 Sessions, 100,000 Users, 1,000,000 Patients by
# default), on H2 through the API (100,000 Patients by default, PUT by SearchBench.java).
# Then checks the searches' totals against the seed's formulas, measures each search with
# wrk, follows next links from page 1 to 1,000 of /Patient?_sort=birthDate, times
# DELETE /Session?user.id=X for a user with 1,000 open Sessions, and samples the server's
# RSS throughout. Prints one table.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=lib.sh
source "$BENCH_DIR/lib.sh"

POSTGRES=false
PATIENTS=
SESSIONS=1000000
USERS=100000
DURATION=${DURATION:-20}   # seconds per search
WARMUP=${WARMUP:-60}       # seconds of every search before measuring
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-4}
PAGES=${PAGES:-1000}
OUT=

while (( $# )); do
    case $1 in
        --postgres) POSTGRES=true ;;
        --patients) PATIENTS=$2; shift ;;
        --sessions) SESSIONS=$2; shift ;;
        --users) USERS=$2; shift ;;
        --out) OUT=$2; shift ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1" ;;
    esac
    shift
done
if $POSTGRES; then PATIENTS=${PATIENTS:-1000000}; else PATIENTS=${PATIENTS:-100000}; SESSIONS=0; fi

prepare_run search

if $POSTGRES; then
    DB=gh_search_$(date +%Y%m%d%H%M%S)
    pg_create_db "$DB"
    export DB
fi
log "starting Gatehouse ($($POSTGRES && echo "PostgreSQL $DB" || echo H2), cheap hash for the 1,000 grants)"
start_server "$OUT/server" "GATEHOUSE_PASSWORD_HASH_ITERATIONS=1024"
wait_ready
( while kill -0 "$SERVER_PID" 2>/dev/null; do rss_kb "$SERVER_PID" 2>/dev/null || true; sleep 1; done ) > "$OUT/rss.txt" &
GH_STARTED_PIDS+=($!)

api PUT /Client/bench '{"secret":"bench-client-secret","grant_types":["password"]}' >/dev/null
api PUT /User/bench-heavy '{"userName":"bench-heavy","password":"bench-Password-1"}' >/dev/null
fill_start=$(now_ms)
if $POSTGRES; then
    log "seeding $SESSIONS Sessions, $USERS Users, $PATIENTS Patients"
    "$BENCH_DIR/seed.sh" "$DB" "$SESSIONS" "$USERS" "$PATIENTS" 2>&1 | tee "$OUT/seed.log" >&2
else
    log "loading $PATIENTS Patients through the API"
    "$JAVA" "$BENCH_DIR/SearchBench.java" load "$SERVER_URL" "$ROOT_SECRET" "$PATIENTS" | tee "$OUT/load.txt"
fi
fill_s=$(( ($(now_ms) - fill_start) / 1000 ))

log "checking results"
"$JAVA" "$BENCH_DIR/SearchBench.java" check "$SERVER_URL" "$ROOT_SECRET" "$PATIENTS" "$SESSIONS" | tee "$OUT/check.txt"

NOW_ISO=$(date -u +%Y-%m-%dT%H:%M:%SZ)
declare -a NAMES PATHS
add() { NAMES+=("$1"); PATHS+=("$2"); }
if $POSTGRES; then
    add session-by-user "/Session?user.id=seed-u-77&_count=100"
    add session-by-client-exp "/Session?client.id=seed-client-7&exp=gt$NOW_ISO&_count=100"
    add user-by-email "/User?email=seed-user-77@seed.invalid&_count=100"
fi
add patient-by-family "/Patient?name.family=Fam77&_count=100"
add patient-by-org-sorted "/Patient?org=org-7&_sort=-birthDate&_count=100"
add patient-sorted "/Patient?_sort=birthDate&_count=100"

export BENCH_AUTH
BENCH_AUTH=$(basic_header root "$ROOT_SECRET")
wrk_run() { # NAME SECONDS PATH -> the RESULT line
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2s" --timeout 30s -s "$BENCH_LUA_DIR/get.lua" "$SERVER_URL$3" > "$OUT/wrk-$1.txt" 2>&1 \
        || { cat "$OUT/wrk-$1.txt" >&2; die "wrk failed ($1)"; }
    grep '^RESULT ' "$OUT/wrk-$1.txt" | tail -1
}
field() { sed "s/.* $1=\([^ ]*\).*/\1/" <<<"$2"; }

log "warm-up: ${WARMUP}s over every search"
per=$(( WARMUP / ${#NAMES[@]} + 1 ))
for i in "${!NAMES[@]}"; do wrk_run "warmup-${NAMES[$i]}" "$per" "${PATHS[$i]}" >/dev/null; done

declare -a ROWS
for i in "${!NAMES[@]}"; do
    load=$(load1)
    result=$(wrk_run "${NAMES[$i]}" "$DURATION" "${PATHS[$i]}")
    log "${NAMES[$i]}: $result"
    requests=$(field requests "$result")
    errors=$(field status_errors "$result")
    ROWS+=("$(printf '%-24s %9s %9.1f %8.2f %8.2f %8.2f %7s %6s' "${NAMES[$i]}" "$requests" \
        "$(awk -v r="$requests" -v d="$DURATION" 'BEGIN{print r/d}')" \
        "$(awk -v v="$(field p50_us "$result")" 'BEGIN{print v/1000}')" \
        "$(awk -v v="$(field p99_us "$result")" 'BEGIN{print v/1000}')" \
        "$(awk -v v="$(field max_us "$result")" 'BEGIN{print v/1000}')" "$errors" "$load")")
done

log "following next links, $PAGES pages"
pages=$("$JAVA" "$BENCH_DIR/SearchBench.java" pages "$SERVER_URL" "$ROOT_SECRET" "$PAGES" | tee "$OUT/pages.txt")
log "closing 1,000 Sessions of one user, 3 times"
close=$("$JAVA" "$BENCH_DIR/SearchBench.java" close "$SERVER_URL" "$ROOT_SECRET" bench bench-client-secret bench-heavy \
    bench-Password-1 1000 3 | tee "$OUT/close.txt")
rss_max=$(sort -n "$OUT/rss.txt" | tail -1)

{
    echo "# Gatehouse search at scale $(date +%Y%m%d-%H%M%S)"
    echo "# machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') RAM; java: $("$JAVA" -version 2>&1 | head -1)"
    if $POSTGRES; then
        echo "# database: PostgreSQL $(psql_admin -d postgres -tAc 'SHOW server_version'), $SESSIONS Sessions, $USERS Users, $PATIENTS Patients (seed.sh, ${fill_s}s)"
    else
        echo "# database: H2 (embedded), $PATIENTS Patients PUT through the API in ${fill_s}s"
    fi
    echo "# server: ${SERVER_JAVA_OPTS:-default JVM}; wrk $THREADS threads, $CONNECTIONS connections, ${DURATION}s per search after ${WARMUP}s warm-up"
    echo "# $(cat "$OUT/check.txt")"
    printf '%-24s %9s %9s %8s %8s %8s %7s %6s\n' search requests req/s p50_ms p99_ms max_ms errors load1
    printf '%s\n' "${ROWS[@]}"
    echo "# $pages"
    echo "# $close"
    echo "# server RSS: max $(( rss_max / 1024 )) MB over the run (sampled every second)"
} | tee "$OUT/summary.txt"
