#!/usr/bin/env bash
# Gatehouse performance benchmark. See bench/README.md.
#
#   bench/run.sh [--postgres] [--seed] [--build] [--duration S] [--warmup S] [--connections N]
#                [--scenarios a,b,...] [--out DIR] [--keep]
#
# Starts Gatehouse itself (twice: production password-hash cost, then the cheap
# benchmark-only cost), provisions clients, users, a policy and a Patient through
# the API, runs every scenario with wrk against 127.0.0.1 for a bounded time and
# prints one table. Servers it started are stopped on exit.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=lib.sh
source "$BENCH_DIR/lib.sh"

DURATION=${DURATION:-15}          # seconds per measured scenario
WARMUP=${WARMUP:-10}              # seconds of unmeasured load before each scenario (0: none)
PREWARM=${PREWARM:-60}            # seconds of every request kind before the first cheap-run scenario (0: none)
THREADS=${THREADS:-2}             # wrk threads
CONNECTIONS=${CONNECTIONS:-8}     # wrk connections
HASH_SECONDS=${HASH_SECONDS:-10}  # raw-hash micro-benchmark length
HASH_THREADS=${HASH_THREADS:-2}
PROD_ITERATIONS=${PROD_ITERATIONS:-600000}  # the server default; used for the raw-hash benchmark
CHEAP_ITERATIONS=${CHEAP_ITERATIONS:-1024}  # the least Pbkdf2PasswordHash accepts
BENCH_USERS=${BENCH_USERS:-16}
BENCH_PASSWORD=${BENCH_PASSWORD:-bench-Password-1}
CLIENT_SECRET=${CLIENT_SECRET:-bench-client-secret}
WRK_TIMEOUT=${WRK_TIMEOUT:-60}    # s; requests slower than this count as timeouts
CLOSE_MIN_TOKENS=${CLOSE_MIN_TOKENS:-3000}
BENCH_POLICY=${BENCH_POLICY:-constant}  # references: the Patient policy also compares request fields with .references
PROFILE=${PROFILE:-}              # 1: record each measured scenario with JFR and summarise it (bench/JfrTop.java)
# JFR keeps 64 frames by default, too few for Payara's call depth: inclusive figures would undercount.
[[ -n $PROFILE ]] && SERVER_JAVA_OPTS="$SERVER_JAVA_OPTS -XX:FlightRecorderOptions:stackdepth=256"
RAW_HASH_JVM=${RAW_HASH_JVM:-server}  # server: the raw-hash benchmark runs inside the server JVM (a Java agent); fresh: its own JVM
POSTGRES=
SEED=
ALL_SCENARIOS="raw-hash password-jwt password-opaque password-jwt-cheap password-opaque-cheap refresh-jwt refresh-opaque bearer-jwt bearer-opaque root-basic userinfo close"
SCENARIOS=${SCENARIOS:-$ALL_SCENARIOS}
OUT=${OUT:-}

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

while (( $# )); do
    case $1 in
        --postgres) POSTGRES=1 ;;
        --seed) SEED=1 ;;
        --build) BUILD=1 ;;
        --duration) DURATION=$2; shift ;;
        --warmup) WARMUP=$2; shift ;;
        --connections) CONNECTIONS=$2; shift ;;
        --threads) THREADS=$2; shift ;;
        --scenarios) SCENARIOS=${2//,/ }; shift ;;
        --out) OUT=$2; shift ;;
        --keep) KEEP=1 ;;
        -h|--help) usage 0 ;;
        *) log "unknown option $1"; usage 2 ;;
    esac
    shift
done
SCENARIOS=${SCENARIOS//,/ }
for s in $SCENARIOS; do
    [[ " $ALL_SCENARIOS " == *" $s "* ]] || die "unknown scenario $s (known: $ALL_SCENARIOS)"
done
[[ -n $SEED && -z $POSTGRES ]] && die "--seed needs --postgres (the seeding script is SQL for PostgreSQL; see bench/README.md)"

STAMP=$(date +%Y%m%d-%H%M%S)
OUT=${OUT:-$BENCH_DIR/out/$STAMP}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
RESULTS=$OUT/results.tsv
TABLE=$OUT/table.txt
export BENCH_LUA_DIR=$BENCH_DIR/lua
export BENCH_THREADS=$THREADS

trap 'cleanup_all' EXIT
trap 'exit 130' INT TERM

want() { [[ " $SCENARIOS " == *" $1 "* ]]; }
want_any() { local s; for s in "$@"; do want "$s" && return 0; done; return 1; }

ensure_wrk
[[ -n ${BUILD:-} ]] && rm -f "$ROOT_DIR/target/gatehouse.war"   # ensure_war builds it again
ensure_war
ensure_payara
command -v curl >/dev/null || die "curl is needed"
[[ -n $POSTGRES ]] && { command -v psql >/dev/null || die "psql is needed for --postgres"; }

# ---------------------------------------------------------------- reporting

ROW_FMT='%-22s %9s %9s %9s %9s %8s %7s %8s %7s %7s %6s\n'
header() {
    # shellcheck disable=SC2059
    printf "$ROW_FMT" scenario requests "req/s" "p50 ms" "p99 ms" "non-2xx" "sockerr" "cpu ms/r" "jit ms/r" "RSS MB" "load1"
}
row() {
    # shellcheck disable=SC2059
    printf "$ROW_FMT" "$@" | tee -a "$TABLE"
    (IFS=$'\t'; echo "$*") >> "$RESULTS"
}

{
    echo "# Gatehouse bench $STAMP"
    echo "# machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2 " RAM"}'), $(uname -sr)"
    echo "# java: $("$JAVA" -version 2>&1 | head -1)"
    echo "# database: $( [[ -n $POSTGRES ]] && echo PostgreSQL || echo 'H2 (embedded)')${SEED:+, seeded with 1,000,000 Sessions and 100,000 Users}"
    echo "# wrk: $THREADS threads, $CONNECTIONS connections, ${DURATION}s per scenario after ${WARMUP}s warm-up, policy $BENCH_POLICY${PROFILE:+ (JFR profiling on: figures include its overhead)}"
    echo "# load at start: $(uptime)"
} | tee "$TABLE"
printf 'scenario\trequests\treq_s\tp50_ms\tp99_ms\tnon2xx\tsockerr\tcpu_ms_per_req\tjit_ms_per_req\trss_mb\tload1\n' > "$RESULTS"

# scenario NAME SCRIPT PATH [CONNECTIONS] [nowarmup]: env for the Lua script must be exported by the caller.
scenario() {
    local name=$1 script=$2 path=$3 conns=${4:-$CONNECTIONS} nowarm=${5:-}
    if (( WARMUP > 0 )) && [[ -z $nowarm ]]; then
        log "$name: warm-up ${WARMUP}s"
        BENCH_HARVEST='' run_wrk "$name-warmup" "$WARMUP" "$script" "$path" "$conns"
    fi
    log "$name: measuring ${DURATION}s"
    measured_wrk "$name" "$DURATION" "$script" "$path" "$conns" "$OUT/jfr/$name"
    local rss=$(( $(rss_kb "$SERVER_PID") / 1024 ))
    local rps p50 p99
    rps=$(awk -v r="$W_REQUESTS" -v d="$W_DURATION" 'BEGIN {printf "%.1f", (d > 0 ? r / (d / 1e6) : 0)}')
    p50=$(awk -v v="$W_P50" 'BEGIN {printf "%.2f", v / 1000}')
    p99=$(awk -v v="$W_P99" 'BEGIN {printf "%.2f", v / 1000}')
    row "$name" "$W_REQUESTS" "$rps" "$p50" "$p99" "$W_STATUS" "$W_SOCK" "$W_CPU_PER" "$W_JIT_PER" "$rss" "$(load1)"
    [[ $W_EXTRA != - ]] && log "$name: $W_EXTRA"
    (( W_REQUESTS > 0 )) || log "WARNING: $name completed no request in ${DURATION}s (see $OUT/wrk-$name.txt and the server log)"
    return 0
}

# prewarm: before the first measured scenario of the cheap run, PREWARM seconds of every
# request kind in turn (password grants, Bearer and Basic reads, userinfo), so that the JIT
# has compiled the shared request path and the first scenarios do not pay for it. The
# "jit ms/r" column shows what compiling still cost during each measurement.
prewarm() {
    (( PREWARM > 0 )) || return 0
    local each=$(( (PREWARM + 5) / 6 ))
    log "pre-warm: ${PREWARM}s over every request kind"
    BENCH_HARVEST='' BENCH_BASIC=$BASIC_JWT run_wrk prewarm-password-jwt "$each" password.lua /auth/token "$CONNECTIONS"
    BENCH_HARVEST='' BENCH_BASIC=$BASIC_OPAQUE run_wrk prewarm-password-opaque "$each" password.lua /auth/token "$CONNECTIONS"
    BENCH_AUTH="Bearer $BEARER_JWT" run_wrk prewarm-bearer-jwt "$each" get.lua /Patient/pt-bench-1 "$CONNECTIONS"
    BENCH_AUTH="Bearer $BEARER_OPAQUE" run_wrk prewarm-bearer-opaque "$each" get.lua /Patient/pt-bench-1 "$CONNECTIONS"
    BENCH_AUTH=$(basic_header root "$ROOT_SECRET") run_wrk prewarm-root-basic "$each" get.lua /Patient/pt-bench-1 "$CONNECTIONS"
    BENCH_AUTH="Bearer $BEARER_JWT" run_wrk prewarm-userinfo "$each" get.lua /auth/userinfo "$CONNECTIONS"
}

# ---------------------------------------------------------------- provisioning

put_client() { # put_client ID FORMAT
    api PUT "/Client/$1" "{\"secret\":\"$CLIENT_SECRET\",\"grant_types\":[\"password\",\"refresh_token\"],\"auth\":{\"password\":{\"token_format\":\"$2\",\"refresh_token\":true,\"access_token_expiration\":7200}}}" >/dev/null
}
put_user() { # put_user N
    api PUT "/User/bench-user-$1" "{\"userName\":\"bench-user-$1\",\"email\":\"bench-user-$1@bench.invalid\",\"password\":\"$BENCH_PASSWORD\",\"name\":{\"givenName\":\"Bench\",\"familyName\":\"User $1\"},\"roles\":[{\"value\":\"bench\"}]}" >/dev/null
}

provision_rest() {
    local n
    log "provisioning: clients, $BENCH_USERS users, AccessPolicy, Patient"
    put_client bench-opaque opaque
    # users 2..N, two at a time (each costs one password hash)
    local other
    for (( n = 2; n <= BENCH_USERS; n += 2 )); do
        put_user "$n" &
        other=$!
        if (( n + 1 <= BENCH_USERS )); then put_user $((n + 1)); fi
        wait "$other" || die "could not create bench-user-$n"   # not a bare wait: the server is a child too
    done
    local links="" sep=""
    for (( n = 1; n <= BENCH_USERS; n++ )); do
        links+="$sep{\"resourceType\":\"User\",\"id\":\"bench-user-$n\"}"
        sep=,
    done
    local matcho='{"uri":"#/Patient/[^/]+","request-method":"get"}'
    # Always true, but resolved on every request: what a policy with references costs.
    [[ $BENCH_POLICY == references ]] \
        && matcho='{"uri":"#/Patient/[^/]+","request-method":"get","resource-type":"Patient","user":{"id":".user.id"},"client":{"id":".client.id"}}'
    api PUT /AccessPolicy/bench-patient-read "{\"engine\":\"matcho\",\"matcho\":$matcho,\"link\":[$links]}" >/dev/null
    api PUT /Patient/pt-bench-1 '{"name":[{"family":"Bench","given":["Patty"]}],"birthDate":"1970-01-01","gender":"female","active":true}' >/dev/null
}

# start_gatehouse NAME [ENV...]: start, time the first token (provisioning one client and one user), provision the rest.
start_gatehouse() {
    local name=$1
    shift
    local dir=$OUT/$name
    DB=
    if [[ -n $POSTGRES ]]; then
        DB=gatehouse_bench_${STAMP//-/_}_$name
        pg_create_db "$DB"
        log "PostgreSQL database $DB"
    fi
    start_server "$dir" "$@"
    wait_ready
    put_client bench-jwt jwt
    put_user 1
    password_grant bench-jwt "$CLIENT_SECRET" bench-user-1 "$BENCH_PASSWORD" > "$dir/first-token.json" || die "first token failed"
    local first_token_ms=$(( $(now_ms) - SERVER_T0 ))
    local line
    line=$(printf 'start-up %s: ready (jwks 200) %.1f s, first token %.1f s (incl. creating 1 client + 1 user), RSS %d MB, load %s' \
        "$name" "$(awk -v v="$SERVER_READY_MS" 'BEGIN{print v/1000}')" "$(awk -v v="$first_token_ms" 'BEGIN{print v/1000}')" \
        $(( $(rss_kb "$SERVER_PID") / 1024 )) "$(load1)")
    echo "# $line" >> "$OUT/startup.txt"
    log "$line"
    provision_rest
    jfr_init
    if [[ -n $SEED ]]; then
        log "seeding 1,000,000 Sessions and 100,000 Users into $DB"
        "$BENCH_DIR/seed.sh" "$DB" >&2
    fi
}

# issue_tokens CLIENT COUNT FIELD FILE: COUNT password grants, FIELD of each response to FILE
issue_tokens() {
    local client=$1 count=$2 field=$3 file=$4 i
    : > "$file"
    for (( i = 0; i < count; i++ )); do
        password_grant "$client" "$CLIENT_SECRET" "bench-user-$(( i % BENCH_USERS + 1 ))" "$BENCH_PASSWORD" | json_field "$field" >> "$file" \
            || die "could not issue a token for $client"
    done
}

# The raw-hash benchmark as a Java agent, to run inside the server's JVM.
hash_agent() {
    local dir=$OUT/hash-agent
    if [[ ! -f $dir/pbkdf2bench.jar ]]; then
        mkdir -p "$dir/classes"
        "$(dirname "$JAVA")/javac" -d "$dir/classes" "$BENCH_DIR/Pbkdf2Bench.java" || return 1
        printf 'Agent-Class: Pbkdf2Bench\n' > "$dir/manifest.txt"
        "$(dirname "$JAVA")/jar" --create --file "$dir/pbkdf2bench.jar" --manifest "$dir/manifest.txt" -C "$dir/classes" . || return 1
    fi
    echo "$dir/pbkdf2bench.jar"
}

# raw_hash NAME ITERATIONS: the PBKDF2 micro-benchmark as a table row, run inside the
# server's JVM (RAW_HASH_JVM=server, the default: loaded with jcmd JVMTI.agent_load) or in
# a fresh JVM of the same java binary (RAW_HASH_JVM=fresh, or when the agent cannot load).
# Its "cpu ms/r" is the CPU time of one hash (the hashing threads' CPU time / hashes).
raw_hash() {
    local name=$1 iterations=$2 raw="" hashes jar where=fresh
    log "$name: PBKDF2WithHmacSHA256, $iterations iterations, 32-byte salt and key, $HASH_THREADS threads, ${HASH_SECONDS}s (server idle)"
    if [[ ${RAW_HASH_JVM:-server} == server ]] && jar=$(hash_agent); then
        rm -f "$OUT/$name.txt"
        if "$JCMD" "$SERVER_PID" JVMTI.agent_load "$jar" "$HASH_SECONDS,$HASH_THREADS,$iterations,$OUT/$name.txt" > "$OUT/$name.jcmd.txt" 2>&1 \
                && raw=$(grep '^RAWHASH' "$OUT/$name.txt"); then
            where=server
        else
            log "$name: could not run inside the server JVM (see $OUT/$name.jcmd.txt); using a fresh JVM"
        fi
    fi
    if [[ -z $raw ]]; then
        raw=$("$JAVA" "$BENCH_DIR/Pbkdf2Bench.java" rate "$HASH_SECONDS" "$HASH_THREADS" "$iterations" | grep '^RAWHASH') || die "raw-hash benchmark failed"
    fi
    log "$name: measured in the $where JVM: $raw"
    RAW_HASH_RATE=$(sed 's/.* rate=\([0-9.]*\).*/\1/' <<<"$raw")
    hashes=$(sed 's/.* hashes=\([0-9]*\).*/\1/' <<<"$raw")
    row "$name" "$hashes" "$RAW_HASH_RATE" - - - - "$(sed 's/.* cpu_ms_per_hash=\([0-9.]*\).*/\1/' <<<"$raw")" - - "$(load1)"
}

# With PROFILE, JFR's first start costs the JVM seconds of CPU: pay it before measuring.
jfr_init() {
    [[ -n $PROFILE ]] || return 0
    "$JCMD" "$SERVER_PID" JFR.start name=jfr-init settings=profile >/dev/null
    sleep 3
    "$JCMD" "$SERVER_PID" JFR.stop name=jfr-init >/dev/null
}

export BENCH_USERS BENCH_PASSWORD
BASIC_JWT=$(basic_header bench-jwt "$CLIENT_SECRET")
BASIC_OPAQUE=$(basic_header bench-opaque "$CLIENT_SECRET")
RSS_END=()

# ---------------------------------------------------------------- run A: production hash cost

if want_any raw-hash password-jwt password-opaque; then
    header | tee -a "$TABLE"
    start_gatehouse prod  # the server's default GATEHOUSE_PASSWORD_HASH_ITERATIONS (600000)
    if want raw-hash; then
        raw_hash raw-hash "$PROD_ITERATIONS"
        RAW_RATE=$RAW_HASH_RATE
    fi
    if want password-jwt; then
        BENCH_BASIC=$BASIC_JWT scenario password-jwt password.lua /auth/token
    fi
    if want password-opaque; then
        BENCH_BASIC=$BASIC_OPAQUE scenario password-opaque password.lua /auth/token
    fi
    RSS_END+=("prod $(( $(rss_kb "$SERVER_PID") / 1024 )) MB")
    stop_server "$SERVER_PID"
fi

# ---------------------------------------------------------------- run B: cheap hash cost (benchmark-only)

if want_any password-jwt-cheap password-opaque-cheap refresh-jwt refresh-opaque bearer-jwt bearer-opaque root-basic userinfo close; then
    header | tee -a "$TABLE"
    start_gatehouse cheap "GATEHOUSE_PASSWORD_HASH_ITERATIONS=$CHEAP_ITERATIONS"
    dir=$OUT/cheap
    # What the cheap hash itself costs: part of every password-*-cheap request.
    if want_any password-jwt-cheap password-opaque-cheap; then
        raw_hash raw-hash-cheap "$CHEAP_ITERATIONS"
    fi
    CLOSE_TOKENS=$dir/close-tokens.txt
    : > "$CLOSE_TOKENS"
    # Chains for the refresh scenarios: 3 per connection (the warm-up ends with up
    # to one chain per connection in flight, which the next run cannot continue).
    issue_tokens bench-jwt $(( CONNECTIONS * 3 )) refresh_token "$dir/refresh-jwt.txt"
    issue_tokens bench-opaque $(( CONNECTIONS * 3 )) refresh_token "$dir/refresh-opaque.txt"
    issue_tokens bench-jwt 1 access_token "$dir/bearer-jwt.txt"
    issue_tokens bench-opaque 1 access_token "$dir/bearer-opaque.txt"
    BEARER_JWT=$(cat "$dir/bearer-jwt.txt")
    BEARER_OPAQUE=$(cat "$dir/bearer-opaque.txt")
    # sanity: the policy lets the bench users read the Patient
    curl -sf -o /dev/null -H "Authorization: Bearer $BEARER_JWT" "$SERVER_URL/Patient/pt-bench-1" || die "GET /Patient/pt-bench-1 with a Bearer token is not allowed"

    prewarm
    if want password-jwt-cheap; then
        BENCH_BASIC=$BASIC_JWT BENCH_HARVEST=$CLOSE_TOKENS scenario password-jwt-cheap password.lua /auth/token
    fi
    if want password-opaque-cheap; then
        BENCH_BASIC=$BASIC_OPAQUE BENCH_HARVEST=$CLOSE_TOKENS scenario password-opaque-cheap password.lua /auth/token
    fi
    if want refresh-jwt; then
        BENCH_BASIC=$BASIC_JWT BENCH_TOKENS=$dir/refresh-jwt.txt scenario refresh-jwt refresh.lua /auth/token
    fi
    if want refresh-opaque; then
        BENCH_BASIC=$BASIC_OPAQUE BENCH_TOKENS=$dir/refresh-opaque.txt scenario refresh-opaque refresh.lua /auth/token
    fi
    if want bearer-jwt; then
        BENCH_AUTH="Bearer $BEARER_JWT" scenario bearer-jwt get.lua /Patient/pt-bench-1
    fi
    if want bearer-opaque; then
        BENCH_AUTH="Bearer $BEARER_OPAQUE" scenario bearer-opaque get.lua /Patient/pt-bench-1
    fi
    if want root-basic; then
        BENCH_AUTH=$(basic_header root "$ROOT_SECRET") scenario root-basic get.lua /Patient/pt-bench-1
    fi
    if want userinfo; then
        BENCH_AUTH="Bearer $BEARER_JWT" scenario userinfo get.lua /auth/userinfo
    fi
    if want close; then
        # Access tokens issued by the password-*-cheap runs; top up if there are too few.
        for _ in 1 2 3 4 5 6; do
            (( $(wc -l < "$CLOSE_TOKENS") >= CLOSE_MIN_TOKENS )) && break
            log "close: issuing more tokens ($(wc -l < "$CLOSE_TOKENS") so far)"
            BENCH_BASIC=$BASIC_OPAQUE BENCH_HARVEST=$CLOSE_TOKENS run_wrk close-topup 5 password.lua /auth/token "$CONNECTIONS"
        done
        log "close: $(wc -l < "$CLOSE_TOKENS") tokens, one Session closed per request"
        BENCH_TOKENS=$CLOSE_TOKENS scenario close close.lua /Session "$CONNECTIONS" nowarmup
    fi
    RSS_END+=("cheap $(( $(rss_kb "$SERVER_PID") / 1024 )) MB")
    stop_server "$SERVER_PID"
fi

# ---------------------------------------------------------------- summary and budgets

{
    echo
    cat "$OUT/startup.txt" 2>/dev/null || true
    echo "# server RSS at the end of each run: ${RSS_END[*]}"
    echo "# load at end: $(uptime)"
} | tee -a "$TABLE"

# The budgets (bench/README.md, "Results"), checked against this run's figures.
awk -F'\t' -v raw="${RAW_RATE:-}" '
    NR == 1 { next }
    { rps[$1] = $3; cpu[$1] = $8; p99[$1] = $5 }
    function check(label, ok, detail) { printf "# budget %-52s %s  (%s)\n", label, ok ? "MET " : "MISS", detail }
    function cpu_budget(name, limit) {
        if (name in cpu && cpu[name] != "-") check(name " cpu <= " limit " ms/request", cpu[name] + 0 <= limit, cpu[name] " ms")
    }
    END {
        cpu_budget("password-jwt-cheap", 2.0); cpu_budget("password-opaque-cheap", 1.0)
        if ("raw-hash" in cpu)
            for (i = 1; i <= 2; i++) {
                name = i == 1 ? "password-jwt" : "password-opaque"
                if (name in cpu && cpu[name] != "-")
                    printf "# note   %-52s %.3f ms (one production hash alone: %.3f ms)\n", name " cpu minus one hash", cpu[name] - cpu["raw-hash"], cpu["raw-hash"]
            }
        if ("raw-hash-cheap" in cpu)
            for (i = 1; i <= 2; i++) {
                name = i == 1 ? "password-jwt-cheap" : "password-opaque-cheap"
                if (name in cpu && cpu[name] != "-")
                    printf "# note   %-52s %.3f ms (the cheap hash alone: %.3f ms)\n", name " cpu minus one cheap hash", cpu[name] - cpu["raw-hash-cheap"], cpu["raw-hash-cheap"]
            }
        cpu_budget("refresh-jwt", 2.0); cpu_budget("refresh-opaque", 0.8)
        cpu_budget("bearer-jwt", 0.2); cpu_budget("bearer-opaque", 0.2)
        for (i = 1; i <= 2; i++) {
            name = i == 1 ? "bearer-jwt" : "bearer-opaque"
            if ((name in rps) && ("root-basic" in rps) && rps["root-basic"] > 0)
                check(name " req/s >= 90% of root-basic", rps[name] >= 0.9 * rps["root-basic"], sprintf("%.0f%%", 100 * rps[name] / rps["root-basic"]))
            name = i == 1 ? "password-jwt" : "password-opaque"
            if ((name in rps) && raw > 0)
                check(name " req/s >= 90% of raw-hash rate", rps[name] >= 0.9 * raw, sprintf("%.0f%% of %.2f/s", 100 * rps[name] / raw, raw))
        }
    }' "$RESULTS" | tee -a "$TABLE"
for entry in "${RSS_END[@]}"; do
    mb=${entry#* }; mb=${mb% MB}
    printf '# budget %-52s %s  (%s MB)\n' "RSS after the ${entry%% *} run <= 512 MB" "$( (( mb <= 512 )) && echo 'MET ' || echo MISS)" "$mb" | tee -a "$TABLE"
done
if [[ -f $OUT/startup.txt ]]; then
    { grep -o 'start-up prod: .*first token [0-9.]*' "$OUT/startup.txt" || true; } | sed 's/.*first token \([0-9.]*\)/\1/' | while read -r s; do
        printf '# budget %-52s %s  (%s s; the machine was %s)\n' "start-up to first token <= 10 s (idle machine)" \
            "$(awk -v s="$s" 'BEGIN{print s <= 10 ? "MET " : "MISS"}')" "$s" "not necessarily idle: see the load" | tee -a "$TABLE"
    done
fi
log "results in $OUT (table.txt, results.tsv, wrk-*.txt, */server.log${PROFILE:+, jfr/*.jfr and jfr/*.txt})"
