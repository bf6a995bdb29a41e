#!/usr/bin/env bash
# Start-up with the JDK's ahead-of-time cache (JEP 483, created in one step by JEP 514's
# -XX:AOTCacheOutput; JDK 25). See docs/deployment.md, "Faster start-up on JDK 25".
#
#   bench/aot-cache.sh [--runs N] [--out DIR]
#
# 1. A training run: Gatehouse on Payara Micro 7 with -XX:AOTCacheOutput=DIR/gatehouse.aot and
#    a fixed --rootdir (Payara Micro unpacks its jars there; the cache holds their paths), one
#    Client, one User and a few tokens through the API, then a normal stop: the JVM writes the
#    cache as it exits.
# 2. RUNS times (default 3), alternately on the same data: launch -> first token without the
#    cache, and with -XX:AOTCache=DIR/gatehouse.aot. Prints each run and the medians.
# JAVA (default the Temurin 25 JDK) and PAYARA_VERSION (7.2026.11) choose the runtime.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
PAYARA_VERSION=${PAYARA_VERSION:-7.2026.11}
# shellcheck source=lib.sh
source "$BENCH_DIR/lib.sh"

RUNS=3
CLIENT_SECRET=bench-client-secret
BENCH_PASSWORD=bench-Password-1
while (( $# )); do
    case $1 in
        --runs) RUNS=$2; shift ;;
        --out) OUT=$2; shift ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1" ;;
    esac
    shift
done
"$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q AOTCacheOutput || die "$JAVA has no -XX:AOTCacheOutput (JDK 25 or later)"
prepare_run aot-cache
DIR=$OUT/gatehouse          # one data directory and one Payara root for every start
CACHE=$OUT/gatehouse.aot
BASE_OPTS=$SERVER_JAVA_OPTS

first_token() { password_grant bench-jwt "$CLIENT_SECRET" bench-user-1 "$BENCH_PASSWORD" > /dev/null; }

log "training run: -XX:AOTCacheOutput=$CACHE"
SERVER_JAVA_OPTS="$BASE_OPTS -XX:AOTCacheOutput=$CACHE" start_server "$DIR" GATEHOUSE_PASSWORD_HASH_ITERATIONS=1024
wait_ready
api PUT /Client/bench-jwt "{\"secret\":\"$CLIENT_SECRET\",\"grant_types\":[\"password\",\"refresh_token\"],\"auth\":{\"password\":{\"token_format\":\"jwt\",\"refresh_token\":true}}}" >/dev/null
api PUT /User/bench-user-1 "{\"userName\":\"bench-user-1\",\"password\":\"$BENCH_PASSWORD\"}" >/dev/null
for _ in 1 2 3; do first_token || die "no token in the training run"; done
TRAIN_T0=$(now_ms)
stop_server "$SERVER_PID" 300   # the JVM writes the cache on its way out: longer than the usual 30 s
[[ -s $CACHE ]] || die "no cache written (see $SERVER_LOG)"
log "cache written: $(du -m "$CACHE" | cut -f1) MB, $(( ($(now_ms) - TRAIN_T0) / 1000 )) s from SIGTERM to exit"

{
    echo "# AOT cache $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; $("$JAVA" -version 2>&1 | head -1); payara-micro-$PAYARA_VERSION; opts: $BASE_OPTS"
    echo "# cache: $(du -m "$CACHE" | cut -f1) MB; restart -> first token on the same data and --rootdir"
    printf '%-4s %-10s %9s %7s\n' run start ms load1
} | tee "$OUT/aot.txt"
for (( run = 1; run <= RUNS; run++ )); do
    for mode in plain cached; do
        opts=$BASE_OPTS
        # -XX:AOTMode=on: fail rather than start without the cache (the JVM's default) if it does not fit
        [[ $mode == cached ]] && opts="$opts -XX:AOTCache=$CACHE -XX:AOTMode=on"
        SERVER_JAVA_OPTS=$opts start_server "$DIR" GATEHOUSE_PASSWORD_HASH_ITERATIONS=1024
        until first_token 2>/dev/null; do
            kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited during start-up (see $SERVER_LOG)"
            (( $(now_ms) - SERVER_T0 < 240000 )) || die "no token 240 s after launch"
            sleep 0.05
        done
        printf '%-4s %-10s %9s %7s\n' "$run" "$mode" $(( $(now_ms) - SERVER_T0 )) "$(load1)" | tee -a "$OUT/aot.txt"
        stop_server "$SERVER_PID"
    done
done
for mode in plain cached; do
    awk -v m=$mode 'NR > 3 && $2 == m { print $3 }' "$OUT/aot.txt" | sort -n | awk -v m=$mode '{ a[NR] = $1 }
        END { if (NR) printf "# median %-7s %6.1f s over %d runs\n", m, a[int((NR + 1) / 2)] / 1000, NR }'
done | tee -a "$OUT/aot.txt"
log "results in $OUT"
