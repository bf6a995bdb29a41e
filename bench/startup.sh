#!/usr/bin/env bash
# Start-up against the application server's own floor. See bench/README.md, "Start-up".
#
#   bench/startup.sh [--runs N] [--jfr] [--out DIR]
#
# Alternates, RUNS times (default 3), on 127.0.0.1:
#   floor      Payara Micro with a one-resource JAX-RS WAR (built here with javac): launch -> first 200
#   fresh      Gatehouse on an empty data directory: launch -> first token (creating 1 client + 1 user first)
#   restart    Gatehouse on that data directory again: launch -> first token
# and prints each run and the medians. PAYARA_JAR / JAVA choose the runtime (default
# Payara Micro 6.2025.10 on the java on the PATH); SERVER_JAVA_OPTS as bench/run.sh.
# --jfr records the fresh and restart starts of the first round (bench/out/.../*.jfr).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=lib.sh
source "$BENCH_DIR/lib.sh"

RUNS=${RUNS:-3}
JFR=
CLIENT_SECRET=bench-client-secret
BENCH_PASSWORD=bench-Password-1
while (( $# )); do
    case $1 in
        --runs) RUNS=$2; shift ;;
        --jfr) JFR=1 ;;
        --out) OUT=$2; shift ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1" ;;
    esac
    shift
done
prepare_run startup

# launch DIR WAR [ENV...]: Payara Micro with WAR at /, as lib.sh's start_server does for Gatehouse.
launch() {
    local dir=$1 war=$2
    shift 2
    mkdir -p "$dir/payara-root"
    SERVER_PORT=$(free_port)
    SERVER_URL=http://127.0.0.1:$SERVER_PORT
    SERVER_LOG=$dir/server-$(date +%H%M%S).log
    local jfr=()
    [[ -n ${JFR_FILE:-} ]] && jfr=("-XX:StartFlightRecording=filename=$JFR_FILE,settings=profile" "-XX:FlightRecorderOptions:stackdepth=256")
    SERVER_T0=$(now_ms)
    # shellcheck disable=SC2086
    (cd "$dir" && exec env "$@" "$JAVA" ${SERVER_JAVA_OPTS:-} "${jfr[@]}" -jar "$PAYARA_JAR" --deploy "$war" --contextroot / \
        --port "$SERVER_PORT" --nohazelcast --rootdir "$dir/payara-root") > "$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    GH_STARTED_PIDS+=("$SERVER_PID")
}

# until_ok SECONDS COMMAND...: polls every 50 ms; prints ms since launch.
until_ok() {
    local deadline=$(( $(now_ms) + $1 * 1000 ))
    shift
    until "$@" > /dev/null 2>&1; do
        kill -0 "$SERVER_PID" 2>/dev/null || { tail -30 "$SERVER_LOG" >&2; die "the server exited during start-up"; }
        (( $(now_ms) < deadline )) || die "not up in time (see $SERVER_LOG)"
        sleep 0.05
    done
    echo $(( $(now_ms) - SERVER_T0 ))
}

gatehouse_env() {
    # no GATEHOUSE_ISSUER: it needs the port, chosen at launch; the default (and its warning) is fine here
    echo "GATEHOUSE_DATA_DIR=$1/data" "GATEHOUSE_ROOT_CLIENT_SECRET=$ROOT_SECRET" \
        GATEHOUSE_PASSWORD_HASH_ITERATIONS=1024 GATEHOUSE_THROTTLE_ENABLED=false ${SERVER_ENV:-}
}

floor_answers() {
    curl -sf --max-time 2 "$SERVER_URL/ping"
}

first_token() {
    password_grant bench-jwt "$CLIENT_SECRET" bench-user-1 "$BENCH_PASSWORD"
}

fresh_first_token() { # the API calls a fresh server needs before its first token
    curl -sf -o /dev/null --max-time 5 "$SERVER_URL/.well-known/jwks.json" || return 1
    api PUT /Client/bench-jwt "{\"secret\":\"$CLIENT_SECRET\",\"grant_types\":[\"password\"],\"auth\":{\"password\":{\"token_format\":\"jwt\"}}}" >/dev/null || return 1
    api PUT /User/bench-user-1 "{\"userName\":\"bench-user-1\",\"password\":\"$BENCH_PASSWORD\"}" >/dev/null || return 1
    first_token
}

floor_war "$OUT"
{
    echo "# start-up $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; $("$JAVA" -version 2>&1 | head -1); $(basename "$PAYARA_JAR"); opts: ${SERVER_JAVA_OPTS:-none}"
    printf '%-4s %-9s %9s %9s %7s\n' run server "ms" "RSS MB" load1
} | tee "$OUT/startup.txt"
# measure RUN NAME DIR WAR SECONDS PROBE...: launch, time the probe's first success, one row, stop.
# JFR records the first round's Gatehouse starts when --jfr is given.
measure() {
    local run=$1 name=$2 dir=$3 war=$4 seconds=$5
    shift 5
    JFR_FILE=
    (( run == 1 )) && [[ -n $JFR && $name != floor ]] && JFR_FILE=$OUT/$name.jfr
    if [[ $name == floor ]]; then
        launch "$dir" "$war"
    else
        # shellcheck disable=SC2046
        launch "$dir" "$war" $(gatehouse_env "$dir")
    fi
    local ms
    ms=$(until_ok "$seconds" "$@")
    printf '%-4s %-9s %9s %9s %7s\n' "$run" "$name" "$ms" $(( $(rss_kb "$SERVER_PID") / 1024 )) "$(load1)" | tee -a "$OUT/startup.txt"
    stop_server "$SERVER_PID"
    JFR_FILE=
}

for (( run = 1; run <= RUNS; run++ )); do
    measure "$run" floor "$OUT/floor-$run" "$OUT/floor.war" 120 floor_answers
    mkdir -p "$OUT/gatehouse-$run"
    measure "$run" fresh "$OUT/gatehouse-$run" "$ROOT_DIR/target/gatehouse.war" 240 fresh_first_token
    measure "$run" restart "$OUT/gatehouse-$run" "$ROOT_DIR/target/gatehouse.war" 240 first_token
done
for server in floor fresh restart; do
    awk -v s=$server 'NR > 2 && $2 == s { print $3 }' "$OUT/startup.txt" | sort -n | awk -v s=$server '{ a[NR] = $1 }
        END { if (NR) printf "# median %-8s %6.1f s over %d runs\n", s, a[int((NR + 1) / 2)] / 1000, NR }'
done | tee -a "$OUT/startup.txt"
log "results in $OUT"
