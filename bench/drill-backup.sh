#!/usr/bin/env bash
# Backup and restore drill (docs/drills.md, "Backup and restore"), on PostgreSQL or the
# embedded H2 (DRILL_DB=h2). Starts Gatehouse on a fresh database, provisions Users, Clients,
# an AccessPolicy and Patients through the API, issues tokens, takes the backup while a load
# loop keeps serving (PostgreSQL: `pg_dump -Fc`; H2: the H2 shell's `BACKUP TO` through
# AUTO_SERVER, as the docs give it), then closes a Session and adds a User (both after the
# backup). Stops the server, restores into a fresh database (`pg_restore`; H2: the backup's
# gatehouse.mv.db unzipped into a new data directory), starts Gatehouse on it with the same
# key-encryption key and checks: every User, Client, AccessPolicy and Patient of the
# backup is there; tokens and refresh tokens issued before the backup still work; the
# Session closed after the backup is open again, and the documented command closes it.
# Prints its figures; exits non-zero on any loss.
#
#   bench/drill-backup.sh
#   env: DRILL_DB (postgres | h2), DRILL_USERS (20), DRILL_PATIENTS (50), KEEP=1 (keep the databases)
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=lib.sh
source "$BENCH_DIR/lib.sh"

DRILL_DB=${DRILL_DB:-postgres}
DRILL_USERS=${DRILL_USERS:-20}
DRILL_PATIENTS=${DRILL_PATIENTS:-50}
PASSWORD=drill-password-1
CLIENT_SECRET=drill-client-secret-1
KEK=$(head -c 32 /dev/urandom | base64)
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0; }
[[ $DRILL_DB == postgres || $DRILL_DB == h2 ]] || die "DRILL_DB is postgres or h2, not $DRILL_DB"

STAMP=$(date +%Y%m%d-%H%M%S)
OUT=${OUT:-$BENCH_DIR/out/drill-backup-$DRILL_DB-$STAMP}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
trap 'cleanup_all' EXIT
trap 'exit 130' INT TERM
ensure_war
ensure_payara
FAILURES=0
check() { # check WHAT EXPECTED ACTUAL
    if [[ $2 == "$3" ]]; then log "ok: $1 ($3)"; else log "LOSS: $1: expected $2, got $3"; FAILURES=$((FAILURES + 1)); fi
}
status_of() { curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$@"; }
ids() { api GET "/$1?_count=1000&_elements=id" | jq -r '[(.entry // [])[].resource.id] | sort | join(",")'; }
refresh() { curl -s -o "$OUT/refresh.json" -w '%{http_code}' -u "drill-jwt:$CLIENT_SECRET" \
    --data-urlencode grant_type=refresh_token --data-urlencode "refresh_token=$1" "$SERVER_URL/auth/token"; }

# The H2 shell of the H2 that Payara Micro 6.2025.10 bundles (2.2.224), as the docs give it.
H2_VERSION=2.2.224
H2_JAR=$HOME/.m2/repository/com/h2database/h2/$H2_VERSION/h2-$H2_VERSION.jar
if [[ $DRILL_DB == h2 && ! -f $H2_JAR ]]; then
    fetch_artifact "com.h2database:h2:$H2_VERSION" || die "could not fetch H2 $H2_VERSION"
fi
# start DIR: Gatehouse on this drill's database (H2: the documented online-backup settings, AUTO_SERVER bound to 127.0.0.1).
start() {
    local dir=$1 opts=$SERVER_JAVA_OPTS settings=("GATEHOUSE_KEY_ENCRYPTION_KEY=$KEK" "GATEHOUSE_PASSWORD_HASH_ITERATIONS=1024")
    if [[ $DRILL_DB == h2 ]]; then
        opts="$opts -Dh2.bindAddress=127.0.0.1"
        settings+=("GATEHOUSE_DATASOURCE_URL=jdbc:h2:file:$dir/data/gatehouse;AUTO_SERVER=TRUE")
    fi
    SERVER_JAVA_OPTS=$opts start_server "$dir" "${settings[@]}"
    wait_ready
}
backup() {
    if [[ $DRILL_DB == h2 ]]; then
        "$JAVA" -cp "$H2_JAR" org.h2.tools.Shell -url "jdbc:h2:file:$OUT/before/data/gatehouse;AUTO_SERVER=TRUE" \
            -user gatehouse -password gatehouse -sql "BACKUP TO '$OUT/gatehouse-backup.zip'" > "$OUT/h2-shell.log" 2>&1 \
            || { cat "$OUT/h2-shell.log" >&2; die "H2 BACKUP failed"; }
        BACKUP_FILE=$OUT/gatehouse-backup.zip
    else
        pg_dump -Fc -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$DB" -f "$OUT/gatehouse.dump"
        BACKUP_FILE=$OUT/gatehouse.dump
    fi
}
restore() {
    if [[ $DRILL_DB == h2 ]]; then
        mkdir -p "$OUT/after/data"
        unzip -q -o "$BACKUP_FILE" gatehouse.mv.db -d "$OUT/after/data" || die "the backup holds no gatehouse.mv.db"
    else
        pg_create_db "$DB_RESTORED"
        pg_restore --no-owner -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$DB_RESTORED" "$BACKUP_FILE"
        DB=$DB_RESTORED
    fi
}

echo "drill-backup $(date -u +%FT%TZ) on $(hostname) ($(nproc) cores); load at start: $(uptime)" | tee "$OUT/figures.txt"
DB=gatehouse_drill_backup_${STAMP//-/_}
DB_RESTORED=${DB}_restored
if [[ $DRILL_DB == postgres ]]; then pg_create_db "$DB"; else DB=; fi
start "$OUT/before"
log "provisioning: 2 clients, $DRILL_USERS users, an AccessPolicy, $DRILL_PATIENTS Patients"
for format in jwt opaque; do
    api PUT "/Client/drill-$format" "{\"secret\":\"$CLIENT_SECRET\",\"grant_types\":[\"password\",\"refresh_token\"],\"auth\":{\"password\":{\"token_format\":\"$format\",\"refresh_token\":true,\"access_token_expiration\":7200}}}" >/dev/null
done
for i in $(seq 1 "$DRILL_USERS"); do
    api PUT "/User/drill-user-$i" "{\"userName\":\"drill-user-$i\",\"password\":\"$PASSWORD\"}" >/dev/null
done
api PUT /AccessPolicy/drill-patient-read '{"engine":"matcho","matcho":{"uri":"#/Patient/[^/]+","request-method":"get"},"link":[{"resourceType":"Client","id":"drill-jwt"},{"resourceType":"Client","id":"drill-opaque"}]}' >/dev/null
for i in $(seq 1 "$DRILL_PATIENTS"); do
    api PUT "/Patient/pt-drill-$i" "{\"name\":[{\"family\":\"Drill $i\"}]}" >/dev/null
done
JWT=$(password_grant drill-jwt "$CLIENT_SECRET" drill-user-1 "$PASSWORD")
OPAQUE=$(password_grant drill-opaque "$CLIENT_SECRET" drill-user-2 "$PASSWORD")
DOOMED=$(password_grant drill-jwt "$CLIENT_SECRET" drill-user-3 "$PASSWORD")
JWT_ACCESS=$(json_field access_token <<<"$JWT"); JWT_REFRESH=$(json_field refresh_token <<<"$JWT")
OPAQUE_ACCESS=$(json_field access_token <<<"$OPAQUE")
DOOMED_ACCESS=$(json_field access_token <<<"$DOOMED"); DOOMED_REFRESH=$(json_field refresh_token <<<"$DOOMED")
DOOMED_SESSION=$(curl -sf -H "Authorization: Bearer $DOOMED_ACCESS" "$SERVER_URL/auth/userinfo" >/dev/null \
    && api GET "/Session?user.id=drill-user-3&_elements=id" | jq -r '.entry[0].resource.id')
declare -A BEFORE
for type in User Client AccessPolicy Patient; do BEFORE[$type]=$(ids "$type"); done

# The backup, taken while serving: password grants and Bearer reads go on during pg_dump.
log "backup ($DRILL_DB) under load"
( end=$(( $(date +%s) + 30 )); n=0; bad=0
  while (( $(date +%s) < end && n < 2000 )); do
      n=$((n + 1))
      s=$(status_of -H "Authorization: Bearer $OPAQUE_ACCESS" "$SERVER_URL/Patient/pt-drill-$(( n % DRILL_PATIENTS + 1 ))")
      [[ $s == 200 ]] || bad=$((bad + 1))
      if (( n % 10 == 0 )); then password_grant drill-opaque "$CLIENT_SECRET" "drill-user-$(( n % DRILL_USERS + 1 ))" "$PASSWORD" >/dev/null || bad=$((bad + 1)); fi
      [[ -f $OUT/backup.done ]] && break
  done
  echo "$n $bad" > "$OUT/load-during-backup.txt" ) &
LOAD_PID=$!
sleep 1
BACKUP_T0=$(now_ms)
BACKUP_AT=$(date -u +%FT%TZ)
backup
BACKUP_MS=$(( $(now_ms) - BACKUP_T0 ))
touch "$OUT/backup.done"
wait "$LOAD_PID"
read -r LOAD_N LOAD_BAD < "$OUT/load-during-backup.txt"
check "requests failed while the backup ran (of $LOAD_N)" 0 "$LOAD_BAD"

# After the backup: a Session closed, a User added (both unknown to the backup).
check "closing a Session after the backup" 200 "$(status_of -u "root:$ROOT_SECRET" -X DELETE "$SERVER_URL/Session/$DOOMED_SESSION")"
api PUT /User/drill-after-backup "{\"userName\":\"drill-after-backup\",\"password\":\"$PASSWORD\"}" >/dev/null
stop_server "$SERVER_PID"

log "restore ($DRILL_DB) into a fresh database"
RESTORE_T0=$(now_ms)
restore
RESTORE_MS=$(( $(now_ms) - RESTORE_T0 ))
start "$OUT/after"
for type in User Client AccessPolicy Patient; do
    check "$type ids after restore" "${BEFORE[$type]}" "$(ids "$type")"
done
check "JWT access token from before the backup (userinfo)" 200 "$(status_of -H "Authorization: Bearer $JWT_ACCESS" "$SERVER_URL/auth/userinfo")"
check "opaque access token from before the backup (Patient read)" 200 "$(status_of -H "Authorization: Bearer $OPAQUE_ACCESS" "$SERVER_URL/Patient/pt-drill-1")"
check "refresh token from before the backup" 200 "$(refresh "$JWT_REFRESH")"
check "password grant after restore" 0 "$(password_grant drill-jwt "$CLIENT_SECRET" drill-user-4 "$PASSWORD" >/dev/null; echo $?)"
RESURRECTED=$(status_of -H "Authorization: Bearer $DOOMED_ACCESS" "$SERVER_URL/auth/userinfo")
log "the Session closed after the backup answers $RESURRECTED after the restore (200: open again)"

# The documented command: close every Session the restored database holds open.
CLOSE_T0=$(now_ms)
CLOSED=$(curl -s -u "root:$ROOT_SECRET" -X DELETE "$SERVER_URL/Session?closed:missing=true" | tee "$OUT/close.json" | jq -r '.issue[0].diagnostics // .')
CLOSE_MS=$(( $(now_ms) - CLOSE_T0 ))
log "DELETE /Session?closed:missing=true -> $CLOSED"
sleep 1 # GATEHOUSE_TOKEN_CACHE_MILLIS (500 ms) on this one instance
check "token of the Session closed after the backup, after the command" 401 "$(status_of -H "Authorization: Bearer $DOOMED_ACCESS" "$SERVER_URL/auth/userinfo")"
check "its refresh token, after the command" 400 "$(refresh "$DOOMED_REFRESH")"
check "open Sessions after the command" 0 "$(api GET '/Session?closed:missing=true&_count=0' | jq -r .total)"
check "password grant after the command" 0 "$(password_grant drill-jwt "$CLIENT_SECRET" drill-user-5 "$PASSWORD" >/dev/null; echo $?)"
{
    echo "$DRILL_DB: backup ${BACKUP_MS} ms ($(du -k "$BACKUP_FILE" | cut -f1) kB) while serving $LOAD_N requests (${LOAD_BAD} failed); restore ${RESTORE_MS} ms"
    echo "restored: $(for t in User Client AccessPolicy Patient; do printf '%s %s, ' "$t" "$(tr ',' '\n' <<<"${BEFORE[$t]}" | grep -c .)"; done)ready ${SERVER_READY_MS} ms after launch"
    echo "Session closed after the backup: $RESURRECTED after restore; the close command: $CLOSED in ${CLOSE_MS} ms"
    echo "backup taken at $BACKUP_AT; checks failed: $FAILURES; load at end: $(uptime)"
} | tee -a "$OUT/figures.txt"
(( FAILURES == 0 ))
