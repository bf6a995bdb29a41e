#!/usr/bin/env bash
# Instance-killed-under-load drill (docs/drills.md, "Losing an instance"): two Gatehouse
# instances on one fresh PostgreSQL database, bench/Soak.java sending password grants,
# refreshes, Bearer reads and Session closes round-robin to both (a refused connection is
# retried on the other instance, as a load balancer does); at KILL_AT seconds one instance
# gets `kill -9` and is restarted on the same port. Figures: requests failed (only those in
# flight on the killed instance may), Sessions lost or inconsistent (0), refresh tokens that
# stopped working (0), seconds until the restarted instance serves. Exits non-zero otherwise.
#
#   bench/drill-kill.sh
#   env: DRILL_SECONDS (120; the load goes on until the restarted instance served 20 s, at most
#        three times that), KILL_AT (40), SOAK_CLIENTS (8), SOAK_USERS (8), KEEP=1
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=lib.sh
source "$BENCH_DIR/lib.sh"
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0; }
SERVER_SETTINGS=("GATEHOUSE_PASSWORD_HASH_ITERATIONS=1024")

# Called by Soak.java at the kill: kill -9, then start again on the same port in the background.
if [[ ${1:-} == --kill-and-restart ]]; then
    kill -9 "$(cat "$2/server.pid")"
    log "killed pid $(cat "$2/server.pid") with SIGKILL; restarting on port $FIXED_PORT"
    start_server "$3" "GATEHOUSE_KEY_ENCRYPTION_KEY=$DRILL_KEK" "${SERVER_SETTINGS[@]}"
    exit 0
fi

DRILL_SECONDS=${DRILL_SECONDS:-120}
KILL_AT=${KILL_AT:-40}
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=${OUT:-$BENCH_DIR/out/drill-kill-$STAMP}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
restarted() { [[ -f $OUT/b-restarted/server.pid ]] && stop_server "$(cat "$OUT/b-restarted/server.pid")"; }
trap 'restarted; cleanup_all' EXIT
trap 'exit 130' INT TERM
ensure_war
ensure_payara
export DB=gatehouse_drill_kill_${STAMP//-/_}
export DRILL_KEK
DRILL_KEK=$(head -c 32 /dev/urandom | base64)
echo "drill-kill $(date -u +%FT%TZ) on $(hostname) ($(nproc) cores); load at start: $(uptime)" | tee "$OUT/figures.txt"
pg_create_db "$DB"
start_server "$OUT/a" "GATEHOUSE_KEY_ENCRYPTION_KEY=$DRILL_KEK" "${SERVER_SETTINGS[@]}"
A_PID=$SERVER_PID A_URL=$SERVER_URL
wait_ready 400
start_server "$OUT/b" "GATEHOUSE_KEY_ENCRYPTION_KEY=$DRILL_KEK" "${SERVER_SETTINGS[@]}"
B_URL=$SERVER_URL B_PORT=$SERVER_PORT
wait_ready 400
log "both ready: A $A_URL (pid $A_PID), B $B_URL"
set +e
"$JAVA" "$BENCH_DIR/Soak.java" --url "$A_URL,$B_URL" --root-secret "$ROOT_SECRET" \
    --seconds "$DRILL_SECONDS" --clients "${SOAK_CLIENTS:-8}" --users "${SOAK_USERS:-8}" \
    --kill-at "$KILL_AT" --kill-url "$B_URL" \
    --kill-cmd "FIXED_PORT=$B_PORT $BENCH_DIR/drill-kill.sh --kill-and-restart $OUT/b $OUT/b-restarted" | tee "$OUT/soak.txt"
status=${PIPESTATUS[0]}
set -e
{
    grep '^kill: at' "$OUT/soak.txt" || echo "kill: no figures (the load client failed)"
    grep '^RESULT' "$OUT/soak.txt" || true
    echo "server logs: $(cat "$OUT"/a/server.log "$OUT"/b-restarted/server.log 2>/dev/null | grep -c SEVERE || true) SEVERE lines (A and restarted B)"
    echo "load at end: $(uptime)"
} | tee -a "$OUT/figures.txt"
exit "$status"
