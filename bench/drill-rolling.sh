#!/usr/bin/env bash
# Rolling-upgrade drill (docs/drills.md, "Rolling upgrade"): the previous release (a build of
# PREV_REF, default HEAD~1, made in a git worktree under /tmp) serves on a fresh PostgreSQL
# database under a steady load of password grants and Bearer reads while this release starts
# on the same database and runs its migrations; the old instance must answer every request
# without an error, before, during and after. Then tokens cross: one issued by each instance
# is accepted by the other. Prints its figures; exits non-zero on any failed request.
#
#   bench/drill-rolling.sh
#   env: PREV_REF (HEAD~1; a commit before a migration exercises it, e.g. the parent of the
#        commit that added it), AFTER_READY (20: seconds of load after the new one is ready), KEEP=1
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=lib.sh
source "$BENCH_DIR/lib.sh"
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0; }

PREV_REF=${PREV_REF:-HEAD~1}
AFTER_READY=${AFTER_READY:-20}
PASSWORD=drill-password-1
CLIENT_SECRET=drill-client-secret-1
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=${OUT:-$BENCH_DIR/out/drill-rolling-$STAMP}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
trap 'touch "$OUT/load.stop"; cleanup_all' EXIT
trap 'exit 130' INT TERM
ensure_war
ensure_payara
PREV_COMMIT=$(git -C "$ROOT_DIR" rev-parse --short "$PREV_REF")
PREV_DIR=/tmp/gatehouse-prev-$PREV_COMMIT
if [[ ! -f $PREV_DIR/target/gatehouse.war ]]; then
    [[ -d $PREV_DIR ]] || git -C "$ROOT_DIR" worktree add --detach "$PREV_DIR" "$PREV_COMMIT" >/dev/null
    log "building the previous release ($PREV_COMMIT) in $PREV_DIR"
    # Its own Maven wrapper, online: a fresh machine may lack what that release's build needs.
    (cd "$PREV_DIR" && ./mvnw -q -B package -Dmaven.test.skip=true) || die "could not build $PREV_COMMIT"
fi
KEK=$(head -c 32 /dev/urandom | base64)
SETTINGS=("GATEHOUSE_KEY_ENCRYPTION_KEY=$KEK" "GATEHOUSE_PASSWORD_HASH_ITERATIONS=1024")
echo "drill-rolling $(date -u +%FT%TZ) on $(hostname) ($(nproc) cores), previous release $PREV_COMMIT, this one $(git -C "$ROOT_DIR" rev-parse --short HEAD); load at start: $(uptime)" | tee "$OUT/figures.txt"
DB=gatehouse_drill_rolling_${STAMP//-/_}
pg_create_db "$DB"

SERVER_WAR=$PREV_DIR/target/gatehouse.war start_server "$OUT/old" "${SETTINGS[@]}"
OLD_PID=$SERVER_PID OLD_URL=$SERVER_URL OLD_LOG=$SERVER_LOG
READY_PATH=/.well-known/jwks.json wait_ready 400
api PUT /Client/drill-jwt "{\"secret\":\"$CLIENT_SECRET\",\"grant_types\":[\"password\",\"refresh_token\"],\"auth\":{\"password\":{\"token_format\":\"jwt\",\"refresh_token\":true}}}" >/dev/null
for i in 1 2 3 4; do api PUT "/User/drill-user-$i" "{\"userName\":\"drill-user-$i\",\"password\":\"$PASSWORD\"}" >/dev/null; done
api PUT /AccessPolicy/drill-patient-read '{"engine":"matcho","matcho":{"uri":"#/Patient/[^/]+","request-method":"get"},"link":[{"resourceType":"Client","id":"drill-jwt"}]}' >/dev/null
api PUT /Patient/pt-drill-1 '{"name":[{"family":"Drill"}]}' >/dev/null
OLD_TOKEN=$(password_grant drill-jwt "$CLIENT_SECRET" drill-user-1 "$PASSWORD" | json_field access_token)
SCHEMA_BEFORE=$(psql_admin -d "$DB" -tAc "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1" 2>/dev/null || echo "?")

# Steady load on the old instance: a password grant and 4 Bearer reads per round, until told to stop (at most 15 minutes).
( end=$(( $(date +%s) + 900 )); n=0; bad=0; token=$OLD_TOKEN
  while [[ ! -f $OUT/load.stop ]] && (( $(date +%s) < end )); do
      if (( n % 5 == 0 )); then
          reply=$(curl -s --max-time 30 -w ' %{http_code}' -u "drill-jwt:$CLIENT_SECRET" --data-urlencode grant_type=password \
              --data-urlencode "username=drill-user-$(( n % 4 + 1 ))" --data-urlencode "password=$PASSWORD" "$OLD_URL/auth/token")
          if [[ $reply == *' 200' ]]; then token=$(json_field access_token <<<"$reply"); else bad=$((bad + 1)); echo "$(date +%T) grant ${reply: -3}" >> "$OUT/load-failures.txt"; fi
      else
          s=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -H "Authorization: Bearer $token" "$OLD_URL/Patient/pt-drill-1")
          [[ $s == 200 ]] || { bad=$((bad + 1)); echo "$(date +%T) read $s" >> "$OUT/load-failures.txt"; }
      fi
      n=$((n + 1))
      echo "$n $bad" > "$OUT/load.txt"
      sleep 0.05
  done ) &
LOAD_PID=$!
sleep 5
log "starting this release on the same database"
start_server "$OUT/new" "${SETTINGS[@]}"
NEW_T0=$SERVER_T0
wait_ready 400
NEW_READY_MS=$SERVER_READY_MS
read -r N_AT_READY BAD_AT_READY < "$OUT/load.txt"
sleep "$AFTER_READY"
touch "$OUT/load.stop"
wait "$LOAD_PID"
read -r LOAD_N LOAD_BAD < "$OUT/load.txt"
SCHEMA_AFTER=$(psql_admin -d "$DB" -tAc "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1")
MIGRATED=$(grep -o 'migrations applied now' "$SERVER_LOG" >/dev/null && grep -o '([0-9]* migrations applied now)' "$SERVER_LOG" | tail -1 || echo "(no migration line)")
NEW_TOKEN=$(password_grant drill-jwt "$CLIENT_SECRET" drill-user-2 "$PASSWORD" | json_field access_token)
CROSS_NEW=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $OLD_TOKEN" "$SERVER_URL/auth/userinfo")
CROSS_OLD=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $NEW_TOKEN" "$OLD_URL/auth/userinfo")
OLD_SEVERE=$(grep -c SEVERE "$OLD_LOG" || true)
FAILURES=$(( LOAD_BAD ))
[[ $CROSS_NEW == 200 ]] || FAILURES=$((FAILURES + 1))
[[ $CROSS_OLD == 200 ]] || FAILURES=$((FAILURES + 1))
{
    echo "schema $SCHEMA_BEFORE -> $SCHEMA_AFTER $MIGRATED; this release ready ${NEW_READY_MS} ms after launch"
    echo "old instance: $LOAD_N requests during the drill ($N_AT_READY until the new one was ready), $LOAD_BAD failed; $OLD_SEVERE SEVERE log lines"
    echo "old token on the new instance: $CROSS_NEW; new token on the old instance: $CROSS_OLD"
    echo "failures: $FAILURES; load at end: $(uptime)"
} | tee -a "$OUT/figures.txt"
(( FAILURES == 0 ))
