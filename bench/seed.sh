#!/usr/bin/env bash
# Seeds a Gatehouse PostgreSQL database for the scale check of issue 8:
#
#   bench/seed.sh DATABASE [SESSIONS] [USERS]      (defaults 1000000 and 100000)
#
# The database must already have Gatehouse's schema (start Gatehouse on it once:
# Flyway creates it); it may be running. Rows are generated in SQL with
# generate_series on 127.0.0.1:5432 as user postgres. Every seeded row has an id
# starting with "seed-" (users seed-u-N / userName seed-user-N, sessions seed-s-N),
# so nothing collides with the bench's own bench-user-N; rerunning adds nothing
# twice (ON CONFLICT DO NOTHING). PostgreSQL only: see README for H2.
#
# Sessions: 90% open (access token valid 1 h, refresh for 30 days), 10% closed
# an hour ago (kept: the purge only deletes Sessions ended more than
# gatehouse.session.retention.seconds = 1 day ago). Token hashes are
# unique values nobody holds a token for.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DB=${1:?usage: seed.sh DATABASE [SESSIONS] [USERS]}
SESSIONS=${2:-1000000}
USERS=${3:-100000}
CHUNK=${CHUNK:-200000}
SEED_HASH_ITERATIONS=${SEED_HASH_ITERATIONS:-600000}
JAVA=${JAVA:-$(readlink -f "$(command -v java)")}

q() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 5432 -U postgres -d "$DB" "$@"; }
say() { printf '[%s] seed: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

q -tAc "SELECT 1 FROM users LIMIT 0" >/dev/null 2>&1 \
    || { echo "seed: database $DB has no Gatehouse schema (start Gatehouse on it first)" >&2; exit 1; }

# One real Pbkdf2PasswordHash value (password "seed-password") shared by all seeded users.
HASH=$("$JAVA" "$BENCH_DIR/Pbkdf2Bench.java" hash seed-password "$SEED_HASH_ITERATIONS")
NOW=$(date +%s%3N)
start=$(date +%s)

say "$USERS users"
q <<SQL
INSERT INTO users (id, user_name, email, password_hash, inactive, version_id, last_updated, content)
SELECT 'seed-u-' || n, 'seed-user-' || n, 'seed-user-' || n || '@seed.invalid', '$HASH', false, 1, $NOW,
       '{"userName":"seed-user-' || n || '","email":"seed-user-' || n || '@seed.invalid","name":{"givenName":"Seed","familyName":"User ' || n || '"}}'
FROM generate_series(1, $USERS) AS n
ON CONFLICT DO NOTHING;
SQL

for (( from = 1; from <= SESSIONS; from += CHUNK )); do
    to=$(( from + CHUNK - 1 )); (( to > SESSIONS )) && to=$SESSIONS
    say "sessions $from..$to"
    q <<SQL
INSERT INTO sessions (id, session_type, user_id, client_id, access_hash, access_exp, refresh_hash, refresh_exp,
                      exp_at, created_at, last_used, closed_at, version_id, last_updated)
SELECT 'seed-s-' || n, 'password', 'seed-u-' || (1 + n % $USERS), 'seed-client',
       md5('seed-access-' || n), $NOW + 3600000,
       md5('seed-refresh-' || n), $NOW + 2592000000,
       $NOW + 2592000000, $NOW - n, NULL,
       CASE WHEN n % 10 = 0 THEN $NOW - 3600000 END,
       1, $NOW
FROM generate_series($from, $to) AS n
ON CONFLICT DO NOTHING;
SQL
done
say "VACUUM ANALYZE"
# VACUUM, not only ANALYZE: otherwise autovacuum (triggered by the inserts) and the first
# reads (setting hint bits on a million fresh rows) compete with the measured requests.
q -c "VACUUM ANALYZE users, sessions;"
say "done in $(( $(date +%s) - start )) s: $(q -tAc "SELECT count(*) FROM sessions") sessions, $(q -tAc "SELECT count(*) FROM users") users in $DB"
