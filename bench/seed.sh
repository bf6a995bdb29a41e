#!/usr/bin/env bash
# Seeds a Gatehouse PostgreSQL database for the scale checks of bench/run.sh --seed and bench/search.sh:
#
#   bench/seed.sh DATABASE [SESSIONS] [USERS] [PATIENTS]   (defaults 1000000, 100000, 0)
#
# The database must already have Gatehouse's schema (start Gatehouse on it once:
# Flyway creates it); it may be running. Rows are generated in SQL with
# generate_series on 127.0.0.1:5432 as user postgres. Every seeded row has an id
# starting with "seed-" (users seed-u-N / userName seed-user-N, sessions seed-s-N),
# so nothing collides with the bench's own bench-user-N; rerunning adds nothing
# twice (ON CONFLICT DO NOTHING; search values are replaced). PostgreSQL only: see bench/README.md for H2.
#
# Patients (for bench/search.sh), seed-p-N: name [{family: FamK, given: [GivenJ]}] with K = N mod 10,000
# and J = N mod 1,000, birthDate 1930-01-01 plus N mod 30,000 days, org org-M with
# M = N mod 1,000; with their search values, as Gatehouse's SearchValues makes them.
# Sessions belong to 100 clients, seed-client-0 .. seed-client-99.
#
# Sessions: 90% open (access token valid 1 h, refresh for 30 days), 10% closed
# an hour ago (kept: the purge only deletes Sessions ended more than
# gatehouse.session.retention.seconds = 1 day ago). Token hashes are
# unique values nobody holds a token for.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DB=${1:?usage: seed.sh DATABASE [SESSIONS] [USERS] [PATIENTS]}
SESSIONS=${2:-1000000}
USERS=${3:-100000}
PATIENTS=${4:-0}
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
-- their login names (V6) and the search values of their documents (V9)
INSERT INTO login_names (name, user_id)
SELECT LOWER(name), user_id FROM (
    SELECT 'seed-u-' || n AS name, 'seed-u-' || n AS user_id FROM generate_series(1, $USERS) AS n
    UNION ALL SELECT 'seed-user-' || n, 'seed-u-' || n FROM generate_series(1, $USERS) AS n
    UNION ALL SELECT 'seed-user-' || n || '@seed.invalid', 'seed-u-' || n FROM generate_series(1, $USERS) AS n
) names
ON CONFLICT DO NOTHING;
DELETE FROM search_values WHERE res_type = 'User' AND res_id LIKE 'seed-u-%';
INSERT INTO search_values (res_type, res_id, path, kind, text_value, number_value, sort_key)
SELECT 'User', 'seed-u-' || n, v.path, 's', v.text, NULL, '3' || v.text
FROM generate_series(1, $USERS) AS n
CROSS JOIN LATERAL (VALUES ('userName', 'seed-user-' || n), ('email', 'seed-user-' || n || '@seed.invalid'),
                           ('name.givenName', 'Seed'), ('name.familyName', 'User ' || n)) AS v(path, text);
SQL

for (( from = 1; from <= SESSIONS; from += CHUNK )); do
    to=$(( from + CHUNK - 1 )); (( to > SESSIONS )) && to=$SESSIONS
    say "sessions $from..$to"
    q <<SQL
INSERT INTO sessions (id, session_type, user_id, client_id, access_hash, access_exp, refresh_hash, refresh_exp,
                      exp_at, created_at, last_used, closed_at, version_id, last_updated)
SELECT 'seed-s-' || n, 'password', 'seed-u-' || (1 + n % $USERS), 'seed-client-' || (n % 100),
       md5('seed-access-' || n), $NOW + 3600000,
       md5('seed-refresh-' || n), $NOW + 2592000000,
       $NOW + 2592000000, $NOW - n, NULL,
       CASE WHEN n % 10 = 0 THEN $NOW - 3600000 END,
       1, $NOW
FROM generate_series($from, $to) AS n
ON CONFLICT DO NOTHING;
SQL
done
for (( from = 1; from <= PATIENTS; from += CHUNK )); do
    to=$(( from + CHUNK - 1 )); (( to > PATIENTS )) && to=$PATIENTS
    say "patients $from..$to"
    q <<SQL
INSERT INTO resources (res_type, res_id, version_id, last_updated, content)
SELECT 'Patient', 'seed-p-' || n, 1, $NOW,
       '{"name":[{"family":"Fam' || (n % 10000) || '","given":["Given' || (n % 1000) || '"]}],"birthDate":"'
       || to_char(DATE '1930-01-01' + (n % 30000), 'YYYY-MM-DD') || '","org":"org-' || (n % 1000) || '"}'
FROM generate_series($from, $to) AS n
ON CONFLICT DO NOTHING;
DELETE FROM search_values WHERE res_type = 'Patient' AND res_id IN (SELECT 'seed-p-' || n FROM generate_series($from, $to) AS n);
-- kinds, texts, numbers and sort keys as SearchValues makes them: a date is 't', its number the epoch
-- milliseconds of its first instant, its sort key '2' and 16 digits of (milliseconds + 10^15)
INSERT INTO search_values (res_type, res_id, path, kind, text_value, number_value, sort_key)
SELECT 'Patient', 'seed-p-' || n, v.path, v.kind, v.text, v.number, v.sort_key
FROM generate_series($from, $to) AS n
CROSS JOIN LATERAL (SELECT DATE '1930-01-01' + (n % 30000) AS day) AS d
CROSS JOIN LATERAL (SELECT CAST(EXTRACT(EPOCH FROM d.day) AS BIGINT) * 1000 AS ms) AS t
CROSS JOIN LATERAL (VALUES
    ('name.family', 's', 'Fam' || (n % 10000), NULL::DOUBLE PRECISION, '3Fam' || (n % 10000)),
    ('name.given', 's', 'Given' || (n % 1000), NULL, '3Given' || (n % 1000)),
    ('birthDate', 't', to_char(d.day, 'YYYY-MM-DD'), t.ms::DOUBLE PRECISION, '2' || lpad(CAST(t.ms + 1000000000000000 AS TEXT), 16, '0')),
    ('org', 's', 'org-' || (n % 1000), NULL, '3org-' || (n % 1000))
) AS v(path, kind, text, number, sort_key);
SQL
done
say "VACUUM ANALYZE"
# VACUUM, not only ANALYZE: otherwise autovacuum (triggered by the inserts) and the first
# reads (setting hint bits on a million fresh rows) compete with the measured requests.
q -c "VACUUM ANALYZE users, sessions, login_names, resources, search_values;"
say "done in $(( $(date +%s) - start )) s: $(q -tAc "SELECT count(*) FROM sessions") sessions, $(q -tAc "SELECT count(*) FROM users") users, $(q -tAc "SELECT count(*) FROM resources WHERE res_type = 'Patient'") patients in $DB"
