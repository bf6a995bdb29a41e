#!/usr/bin/env bash
# Soak test: Gatehouse under 64 concurrent clients mixing password
# grants, refreshes, Bearer reads, userinfo and DELETE /Session for 10 minutes, then
# a consistency check of every Session (see bench/Soak.java). 127.0.0.1 only.
#
#   bench/soak.sh [--postgres]
#   env: SOAK_SECONDS (600; e.g. 60 to try it), SOAK_CLIENTS (64), SOAK_USERS (16),
#        SOAK_HASH_ITERATIONS (1024, the benchmark-only cheap cost; 600000 = production),
#        SOAK_RAMP_SECONDS, SOAK_SESSION_SECONDS (clients start over this time, and use each
#        Session this long; 0 and 0 at a cheap cost; 120 and 30 from 100,000 iterations on:
#        64 clients logging in back to back at the production cost ask for more hashes than
#        two cores make, a flood the hash gate refuses by design, and a cold JVM spends ~40% of
#        the machine compiling in its first 20 s, so the load arrives as a load balancer's
#        slow start would send it),
#        OUT (output directory), KEEP=1 (keep the PostgreSQL database)
# Exit status 0 when the check passed (0 responses 5xx, nothing lost or resurrected).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=lib.sh
source "$BENCH_DIR/lib.sh"

SOAK_SECONDS=${SOAK_SECONDS:-600}
SOAK_CLIENTS=${SOAK_CLIENTS:-64}
SOAK_USERS=${SOAK_USERS:-16}
SOAK_HASH_ITERATIONS=${SOAK_HASH_ITERATIONS:-1024}
if (( SOAK_HASH_ITERATIONS >= 100000 )); then
    SOAK_RAMP_SECONDS=${SOAK_RAMP_SECONDS:-120}
    SOAK_SESSION_SECONDS=${SOAK_SESSION_SECONDS:-30}
fi
SOAK_RAMP_SECONDS=${SOAK_RAMP_SECONDS:-0}
SOAK_SESSION_SECONDS=${SOAK_SESSION_SECONDS:-0}
POSTGRES=
while (( $# )); do
    case $1 in
        --postgres) POSTGRES=1 ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1" ;;
    esac
    shift
done

STAMP=$(date +%Y%m%d-%H%M%S)
OUT=${OUT:-$BENCH_DIR/out/soak-$STAMP}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
trap 'cleanup_all' EXIT
trap 'exit 130' INT TERM

ensure_war
ensure_payara
DB=
if [[ -n $POSTGRES ]]; then
    DB=gatehouse_soak_${STAMP//-/_}
    pg_create_db "$DB"
fi
log "load at start: $(uptime)"
start_server "$OUT" "GATEHOUSE_PASSWORD_HASH_ITERATIONS=$SOAK_HASH_ITERATIONS"
wait_ready
before=$(cpu_ticks "$SERVER_PID")
set +e
"$JAVA" "$BENCH_DIR/Soak.java" --url "$SERVER_URL" --root-secret "$ROOT_SECRET" \
    --seconds "$SOAK_SECONDS" --clients "$SOAK_CLIENTS" --users "$SOAK_USERS" \
    --ramp-seconds "$SOAK_RAMP_SECONDS" --session-seconds "$SOAK_SESSION_SECONDS" | tee "$OUT/soak.txt"
status=${PIPESTATUS[0]}
set -e
after=$(cpu_ticks "$SERVER_PID")
{
    echo "server: pid $SERVER_PID, $( [[ -n $DB ]] && echo "PostgreSQL $DB" || echo H2), hash iterations $SOAK_HASH_ITERATIONS, CPU $(( (after - before) * 1000 / CLK_TCK )) ms, RSS $(( $(rss_kb "$SERVER_PID") / 1024 )) MB"
    echo "server log: $(grep -c 'SEVERE' "$SERVER_LOG" || true) SEVERE, $(grep -c 'WARNING' "$SERVER_LOG" || true) WARNING lines ($SERVER_LOG)"
    echo "load at end: $(uptime)"
} | tee -a "$OUT/soak.txt"
exit "$status"
