#!/usr/bin/env bash
# Fault test: the soak load (bench/Soak.java) for 2 minutes on
# PostgreSQL while PostgreSQL is restarted once. Reports the seconds from the database
# accepting connections again to the application serving every request again
# (budget 5 s), and checks that nothing committed was lost and that no answer was a 500
# (an outage is answered 503; see bench/Soak.java). Exits non-zero otherwise.
#
#   bench/fault.sh
#   env: FAULT_SECONDS (120), FAULT_AT (40: seconds into the load), SOAK_CLIENTS (64),
#        SOAK_USERS (16), SOAK_HASH_ITERATIONS (1024), PG_RESTART (the restart command,
#        default: pg_ctlcluster --skip-systemctl-redirect 15 main restart),
#        FAULT_FORCE=1 (restart even though other databases have open connections), KEEP=1
#
# The restart hits the whole PostgreSQL cluster on 127.0.0.1:5432, so every other
# client of it too: the script refuses while other databases have connections,
# unless FAULT_FORCE=1.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=lib.sh
source "$BENCH_DIR/lib.sh"

FAULT_SECONDS=${FAULT_SECONDS:-120}
FAULT_AT=${FAULT_AT:-40}
SOAK_CLIENTS=${SOAK_CLIENTS:-64}
SOAK_USERS=${SOAK_USERS:-16}
SOAK_HASH_ITERATIONS=${SOAK_HASH_ITERATIONS:-1024}
PG_RESTART=${PG_RESTART:-pg_ctlcluster --skip-systemctl-redirect 15 main restart}
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0; }

# Connections to databases other than ours (and the maintenance database).
others() {
    psql_admin -d postgres -tAc "SELECT coalesce(string_agg(DISTINCT datname, ', '), '') FROM pg_stat_activity
        WHERE datname IS NOT NULL AND datname NOT IN ('postgres', '$1') AND pid <> pg_backend_pid()"
}

# Called by Soak.java at the moment of the fault: checks again, then restarts.
if [[ ${1:-} == --restart-db ]]; then
    busy=$(others "$FAULT_DB")
    if [[ -n $busy && -z ${FAULT_FORCE:-} ]]; then
        log "NOT restarting PostgreSQL: other databases have open connections now ($busy); FAULT_FORCE=1 overrides"
        exit 3
    fi
    exec $PG_RESTART
fi

STAMP=$(date +%Y%m%d-%H%M%S)
OUT=${OUT:-$BENCH_DIR/out/fault-$STAMP}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
trap 'cleanup_all' EXIT
trap 'exit 130' INT TERM

ensure_war
ensure_payara
command -v pg_isready >/dev/null || die "pg_isready is needed"
DB=gatehouse_fault_${STAMP//-/_}

busy=$(others "$DB")
if [[ -n $busy && -z ${FAULT_FORCE:-} ]]; then
    die "other databases have open connections ($busy): restarting PostgreSQL would disturb them; set FAULT_FORCE=1 to do it anyway"
fi

pg_create_db "$DB"
log "load at start: $(uptime)"
start_server "$OUT" "GATEHOUSE_PASSWORD_HASH_ITERATIONS=$SOAK_HASH_ITERATIONS"
wait_ready
set +e
"$JAVA" "$BENCH_DIR/Soak.java" --url "$SERVER_URL" --root-secret "$ROOT_SECRET" \
    --seconds "$FAULT_SECONDS" --clients "$SOAK_CLIENTS" --users "$SOAK_USERS" \
    --fault-at "$FAULT_AT" --fault-cmd "FAULT_DB=$DB $BENCH_DIR/fault.sh --restart-db" | tee "$OUT/fault.txt"
status=${PIPESTATUS[0]}
set -e
{
    echo "server: pid $SERVER_PID, PostgreSQL $DB, RSS $(( $(rss_kb "$SERVER_PID") / 1024 )) MB"
    echo "server log: $(grep -c 'SEVERE' "$SERVER_LOG" || true) SEVERE, $(grep -c 'WARNING' "$SERVER_LOG" || true) WARNING lines ($SERVER_LOG)"
    echo "load at end: $(uptime)"
} | tee -a "$OUT/fault.txt"
exit "$status"
