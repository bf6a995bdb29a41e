#!/usr/bin/env bash
# Availability under a credential flood. See bench/README.md, "Credential flood".
#
#   bench/flood.sh [--duration S] [--flood-connections N] [--delay-ms MS] [--out DIR]
#
# Starts Gatehouse with the production password hash (600,000 iterations) and every
# default (throttling on, the slow-hash gate at the number of cores), then measures
# Bearer GETs alone (quiet), and again while FLOOD_CONNECTIONS connections from
# 127.0.0.1 send wrong client secrets and wrong passwords as fast as they can; meanwhile
# a correct password grant for the same client comes every few seconds from 127.0.0.2.
# Prints one table: Bearer p50/p99 quiet and under flood, errors, the flood's answers by
# status, and how long each correct grant from the other address took.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=lib.sh
source "$BENCH_DIR/lib.sh"

DURATION=${DURATION:-30}                  # seconds per measured phase
WARMUP=${WARMUP:-60}                      # seconds of Bearer load before the quiet phase
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-8}             # the Bearer load
FLOOD_CONNECTIONS=${FLOOD_CONNECTIONS:-32}
BENCH_USERS=${BENCH_USERS:-16}
BENCH_PASSWORD=${BENCH_PASSWORD:-bench-Password-1}
CLIENT_SECRET=${CLIENT_SECRET:-bench-client-secret}
LEGIT_ADDRESS=${LEGIT_ADDRESS:-127.0.0.2}
DELAY_MS=${DELAY_MS:-}                    # GATEHOUSE_THROTTLE_DELAY_MS, if not the default
OUT=${OUT:-}

while (( $# )); do
    case $1 in
        --duration) DURATION=$2; shift ;;
        --flood-connections) FLOOD_CONNECTIONS=$2; shift ;;
        --delay-ms) DELAY_MS=$2; shift ;;
        --out) OUT=$2; shift ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1" ;;
    esac
    shift
done

prepare_run flood
export BENCH_THROTTLE=true # every default, throttling included

# wrk_run NAME SECONDS SCRIPT PATH CONNECTIONS -> the RESULT line of wrk's output
wrk_run() {
    wrk -t"$THREADS" -c"$5" -d"$2s" --timeout 60s -s "$BENCH_LUA_DIR/$3" "$SERVER_URL$4" > "$OUT/wrk-$1.txt" 2>&1 \
        || { cat "$OUT/wrk-$1.txt" >&2; die "wrk failed ($1)"; }
    grep '^RESULT ' "$OUT/wrk-$1.txt" | tail -1
}
field() { sed "s/.* $1=\([^ ]*\).*/\1/" <<<"$2"; }

log "starting Gatehouse (production hash, every default)"
start_server "$OUT/server" "GATEHOUSE_PASSWORD_HASH_ITERATIONS=600000" ${DELAY_MS:+"GATEHOUSE_THROTTLE_DELAY_MS=$DELAY_MS"}
wait_ready
log "ready after ${SERVER_READY_MS} ms; provisioning (hashing $BENCH_USERS production passwords takes a while)"
api PUT /Client/bench "{\"secret\":\"$CLIENT_SECRET\",\"grant_types\":[\"password\"]}" >/dev/null
for i in $(seq 1 "$BENCH_USERS"); do
    api PUT "/User/bench-user-$i" "{\"userName\":\"bench-user-$i\",\"password\":\"$BENCH_PASSWORD\"}" >/dev/null
done
api PUT /User/legit "{\"userName\":\"legit\",\"password\":\"$BENCH_PASSWORD\"}" >/dev/null
api PUT /Patient/pt-flood '{"name":"Flood"}' >/dev/null
api PUT /AccessPolicy/bench-flood-read '{"engine":"allow","link":[{"resourceType":"Client","id":"bench"}]}' >/dev/null
TOKEN=$(password_grant bench "$CLIENT_SECRET" bench-user-1 "$BENCH_PASSWORD" | json_field access_token) || die "no token"
export BENCH_AUTH="Bearer $TOKEN"

log "warm-up: ${WARMUP}s of Bearer GETs"
wrk_run warmup "$WARMUP" get.lua /Patient/pt-flood "$CONNECTIONS" >/dev/null
load_quiet=$(load1)
quiet=$(wrk_run quiet "$DURATION" get.lua /Patient/pt-flood "$CONNECTIONS")
log "quiet: $quiet"

log "flood: $FLOOD_CONNECTIONS connections of wrong credentials, Bearer GETs beside them, a correct grant from $LEGIT_ADDRESS"
export FLOOD_CLIENT=bench FLOOD_SECRET=$CLIENT_SECRET FLOOD_USERS=$BENCH_USERS
wrk_run flood $((DURATION + 10)) flood.lua /auth/token "$FLOOD_CONNECTIONS" > "$OUT/flood-result.txt" &
FLOOD_PID=$!
sleep 5
load_flood=$(load1)
legit_times=()
( sleep 1; for _ in $(seq 1 $((DURATION / 5))); do
      curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --interface "$LEGIT_ADDRESS" -u "bench:$CLIENT_SECRET" \
          --data-urlencode grant_type=password --data-urlencode username=legit --data-urlencode "password=$BENCH_PASSWORD" \
          "http://$LEGIT_ADDRESS:$SERVER_PORT/auth/token"
      sleep 4
  done ) > "$OUT/legit.txt" &
LEGIT_PID=$!
flooded=$(wrk_run flooded "$DURATION" get.lua /Patient/pt-flood "$CONNECTIONS")
wait "$LEGIT_PID"
wait "$FLOOD_PID"
flood=$(cat "$OUT/flood-result.txt")
log "under flood: $flooded"

{
    echo "# Gatehouse credential flood $(date +%Y%m%d-%H%M%S)"
    echo "# machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') RAM; java: $("$JAVA" -version 2>&1 | head -1)"
    echo "# server: production hash (600,000 iterations), defaults${DELAY_MS:+ but GATEHOUSE_THROTTLE_DELAY_MS=$DELAY_MS}; Bearer load: wrk $THREADS threads, $CONNECTIONS connections, ${DURATION}s per phase after ${WARMUP}s warm-up"
    echo "# flood: $FLOOD_CONNECTIONS connections from 127.0.0.1, wrong client secrets and wrong passwords alternately; correct grants from $LEGIT_ADDRESS"
    printf '%-24s %10s %10s %10s %10s %9s %7s\n' phase requests p50_ms p99_ms max_ms non-2xx load1
    for phase in quiet flooded; do
        line=${!phase}
        printf '%-24s %10s %10.2f %10.2f %10.2f %9s %7s\n' "bearer-get-$phase" "$(field requests "$line")" \
            "$(bc -l <<<"$(field p50_us "$line")/1000")" "$(bc -l <<<"$(field p99_us "$line")/1000")" \
            "$(bc -l <<<"$(field max_us "$line")/1000")" "$(field status_errors "$line")" \
            "$([[ $phase == quiet ]] && echo "$load_quiet" || echo "$load_flood")"
    done
    q=$(field p99_us "$quiet"); f=$(field p99_us "$flooded")
    printf '# bearer p99 under flood / quiet: %.2f (budget < 3)\n' "$(bc -l <<<"$f/$q")"
    echo "# flood answers by status: $(field extra "$flood") ($(field requests "$flood") requests in $(( $(field duration_us "$flood") / 1000000 ))s)"
    echo "# correct grants from $LEGIT_ADDRESS (status seconds): $(tr '\n' ';' < "$OUT/legit.txt")"
} | tee "$OUT/table.txt"
