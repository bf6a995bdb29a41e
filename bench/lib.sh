# Shared shell functions for bench/run.sh, bench/soak.sh and bench/fault.sh.
# Source it; it expects BENCH_DIR (this directory) and ROOT_DIR (the repository).
# Everything talks to 127.0.0.1 only.

PAYARA_VERSION=${PAYARA_VERSION:-6.2025.10}
PAYARA_JAR=${PAYARA_JAR:-$HOME/.m2/repository/fish/payara/extras/payara-micro/$PAYARA_VERSION/payara-micro-$PAYARA_VERSION.jar}
JAVA=${JAVA:-$(readlink -f "$(command -v java)")}
JCMD=${JCMD:-$(dirname "$JAVA")/jcmd}
ROOT_SECRET=${ROOT_SECRET:-bench-root-secret}
PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER=postgres
CLK_TCK=$(getconf CLK_TCK)
# The JVM settings of the README's run command (set in pom.xml); set it empty for the JVM's defaults.
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS--Xmx160m -XX:+UseG1GC -XX:TrimNativeHeapInterval=10000}
# And its environment variable (glibc's malloc arenas; docs/deployment.md, "Memory"): empty for glibc's default.
SERVER_MALLOC_ARENA_MAX=${SERVER_MALLOC_ARENA_MAX-2}

# Servers and databases this process started, for cleanup.
GH_STARTED_PIDS=()
GH_CREATED_DBS=()

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

now_ms() { date +%s%3N; }

# ---------------------------------------------------------------- prerequisites

ensure_wrk() {
    command -v wrk >/dev/null && return
    log "installing wrk (Debian package)"
    if ! apt-get install -y -q wrk >/dev/null 2>&1; then
        apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null || die "could not install wrk"
    fi
}

# The WAR the benches deploy on Payara Micro: built when missing, and rebuilt when the last build
# was a WildFly profile's (its WAR has no PayaraDatasource, so Payara would deploy it without a database).
ensure_war() {
    local war=$ROOT_DIR/target/gatehouse.war
    if [[ -f $war && $("$(dirname "$JAVA")/jar" tf "$war") != *gatehouse/config/PayaraDatasource.class* ]]; then
        log "target/gatehouse.war is a WildFly build: rebuilding Payara's"
        rm -f "$war"
    fi
    if [[ ! -f $war ]]; then
        log "building target/gatehouse.war (./mvnw -q -B package -DskipTests)"
        (cd "$ROOT_DIR" && ./mvnw -q -B package -DskipTests) || die "build failed"
    fi
}

# fetch_artifact GROUP:ARTIFACT:VERSION[:TYPE]: into ~/.m2, through the repository's Maven wrapper.
fetch_artifact() {
    (cd "$ROOT_DIR" && ./mvnw -q -B dependency:get -Dartifact="$1" -Dtransitive=false)
}

ensure_payara() {
    if [[ ! -f $PAYARA_JAR ]]; then
        log "fetching payara-micro $PAYARA_VERSION through Maven"
        fetch_artifact "fish.payara.extras:payara-micro:$PAYARA_VERSION" || die "could not fetch Payara Micro"
    fi
}

# A TCP port nobody listens on.
free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 20000))
        if ! ss -Hltn "sport = :$port" | grep -q .; then
            echo "$port"
            return
        fi
    done
    die "no free port found"
}

# prepare_run NAME: the output directory OUT (given, or bench/out/NAME-<time>; absolute), the
# wrk scripts' environment, servers stopped on exit or Ctrl-C; wrk, the WAR and Payara Micro present.
prepare_run() {
    OUT=${OUT:-$BENCH_DIR/out/$1-$(date +%Y%m%d-%H%M%S)}
    mkdir -p "$OUT"
    OUT=$(cd "$OUT" && pwd)
    export BENCH_LUA_DIR=$BENCH_DIR/lua
    export BENCH_THREADS=${THREADS:-2}
    trap 'cleanup_all' EXIT
    trap 'exit 130' INT TERM
    ensure_wrk
    ensure_war
    ensure_payara
}

# ---------------------------------------------------------------- PostgreSQL

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$@"; }

pg_create_db() {
    local db=$1
    psql_admin -d postgres -c "CREATE DATABASE \"$db\"" >/dev/null || die "could not create database $db"
    GH_CREATED_DBS+=("$db")
}

pg_drop_db() {
    psql_admin -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null 2>&1 || log "could not drop database $1"
}

# ---------------------------------------------------------------- the server

# start_server DIR [ENV=VALUE ...]
# Starts Gatehouse on Payara Micro with a fresh data directory DIR/data, the log
# in DIR/server.log. Sets SERVER_PID, SERVER_PORT, SERVER_URL, SERVER_LOG,
# SERVER_T0 (ms when java was launched). Extra ENV=VALUE pairs go to the server.
# With DB set (a PostgreSQL database name), the server uses PostgreSQL.
start_server() {
    local dir=$1
    shift
    mkdir -p "$dir/data" "$dir/payara-root"
    SERVER_PORT=${FIXED_PORT:-$(free_port)} # FIXED_PORT: a restart on the port a load client already uses
    SERVER_URL=http://127.0.0.1:$SERVER_PORT
    SERVER_LOG=$dir/server.log
    local env=(
        "GATEHOUSE_DATA_DIR=$dir/data"
        "GATEHOUSE_ROOT_CLIENT_SECRET=$ROOT_SECRET"
        "GATEHOUSE_ISSUER=$SERVER_URL"
        # One load generator on one address replays refresh tokens and fails credentials on purpose:
        # failure throttling would answer it 429. flood.sh measures throttling and sets BENCH_THROTTLE=true.
        "GATEHOUSE_THROTTLE_ENABLED=${BENCH_THROTTLE:-false}"
    )
    if [[ -n ${DB:-} ]]; then
        env+=(
            "GATEHOUSE_DATASOURCE_CLASS=org.postgresql.ds.PGSimpleDataSource"
            "GATEHOUSE_DATASOURCE_URL=jdbc:postgresql://$PG_HOST:$PG_PORT/$DB"
            "GATEHOUSE_DATASOURCE_USER=$PG_USER"
            "GATEHOUSE_DATASOURCE_PASSWORD=x"
        )
    fi
    [[ -n $SERVER_MALLOC_ARENA_MAX ]] && env+=("MALLOC_ARENA_MAX=$SERVER_MALLOC_ARENA_MAX")
    env+=("$@")
    # SERVER_ENV: more server settings, e.g. SERVER_ENV="GATEHOUSE_SESSION_RETENTION_SECONDS=60"
    # shellcheck disable=SC2206
    env+=(${SERVER_ENV:-})
    printf '%s\n' "${env[@]}" | grep -v SECRET > "$dir/server.env"
    # shellcheck disable=SC2086
    # SERVER_WAR: another build (drill-rolling.sh runs the previous release beside this one)
    local war=${SERVER_WAR:-$ROOT_DIR/target/gatehouse.war}
    # The collector's pauses, for the figures next to each measurement (measured_wrk: W_GC).
    local gc_log=("-Xlog:gc:file=$dir/gc-%p.log:uptime")   # %p: a restart in DIR keeps the first run's log
    echo "$JAVA ${SERVER_JAVA_OPTS:-} ${gc_log[*]} -jar $PAYARA_JAR --deploy $war --contextroot / --port $SERVER_PORT --nohazelcast --rootdir $dir/payara-root --postbootcommandfile $ROOT_DIR/server-config/payara/gatehouse.asadmin" > "$dir/server.cmd"
    SERVER_T0=$(now_ms)
    # exec: $! is the JVM itself, whose /proc/<pid>/stat we read.
    # shellcheck disable=SC2086
    (cd "$dir" && exec env "${env[@]}" "$JAVA" ${SERVER_JAVA_OPTS:-} "${gc_log[@]}" -jar "$PAYARA_JAR" \
        --deploy "$war" --contextroot / --port "$SERVER_PORT" \
        --nohazelcast --rootdir "$dir/payara-root" \
        --postbootcommandfile "$ROOT_DIR/server-config/payara/gatehouse.asadmin") > "$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    SERVER_GC_LOG=$dir/gc-$SERVER_PID.log
    GH_STARTED_PIDS+=("$SERVER_PID")
    echo "$SERVER_PID" > "$dir/server.pid"
    log "started Payara Micro pid $SERVER_PID on port $SERVER_PORT (log $SERVER_LOG)"
}

# floor_war DIR: DIR/floor.war, the application server's floor: one JAX-RS resource (GET /ping),
# nothing else (no CDI beans.xml, no JPA, no EJB). Built here with javac.
floor_war() {
    local dir=$1/floor-war api
    api=$(ls "$HOME"/.m2/repository/jakarta/ws/rs/jakarta.ws.rs-api/3.1.0/jakarta.ws.rs-api-3.1.0.jar 2>/dev/null) || {
        fetch_artifact jakarta.ws.rs:jakarta.ws.rs-api:3.1.0 || die "no jakarta.ws.rs-api"
        api=$HOME/.m2/repository/jakarta/ws/rs/jakarta.ws.rs-api/3.1.0/jakarta.ws.rs-api-3.1.0.jar
    }
    mkdir -p "$dir/src/floor" "$dir/war/WEB-INF/classes"
    cat > "$dir/src/floor/Ping.java" <<'EOF'
package floor;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;

@Path("ping")
public class Ping {
    @GET
    public String ping() {
        return "pong";
    }

    @ApplicationPath("")
    public static class App extends Application {
    }
}
EOF
    "$(dirname "$JAVA")/javac" -d "$dir/war/WEB-INF/classes" -cp "$api" "$dir/src/floor/Ping.java" || die "javac failed"
    "$(dirname "$JAVA")/jar" --create --file "$1/floor.war" -C "$dir/war" . || die "jar failed"
}

# wait_ready [TIMEOUT_S]: polls /health/ready (or READY_PATH); sets SERVER_READY_MS (since launch).
wait_ready() {
    local timeout=${1:-240}
    local deadline=$(( $(now_ms) + timeout * 1000 ))
    while (( $(now_ms) < deadline )); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            tail -50 "$SERVER_LOG" >&2
            die "the server exited during start-up"
        fi
        if grep -q 'Exception while loading the app' "$SERVER_LOG" 2>/dev/null; then
            grep -m3 -A4 'Caused by: .*Exception' "$SERVER_LOG" | tail -12 >&2
            die "the server did not deploy Gatehouse (log $SERVER_LOG)"
        fi
        # READY_PATH: a release from before /health/ready (drill-rolling.sh) is ready when its JWKS answers
        if curl -sf -o /dev/null --max-time 2 "$SERVER_URL${READY_PATH:-/health/ready}"; then
            SERVER_READY_MS=$(( $(now_ms) - SERVER_T0 ))
            return 0
        fi
        sleep 0.1
    done
    tail -50 "$SERVER_LOG" >&2
    die "the server was not ready after ${timeout}s"
}

# stop_server PID [SECONDS]: SIGTERM, then SIGKILL if it is still running after SECONDS (30).
stop_server() {
    local pid=$1 seconds=${2:-30} i
    kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid" 2>/dev/null
    for (( i = 0; i < seconds * 5; i++ )); do
        kill -0 "$pid" 2>/dev/null || { log "server pid $pid stopped"; return 0; }
        sleep 0.2
    done
    log "server pid $pid did not stop in $seconds s: SIGKILL"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
}

cleanup_all() {
    local pid db
    for pid in "${GH_STARTED_PIDS[@]}"; do stop_server "$pid"; done
    GH_STARTED_PIDS=()
    if [[ -z ${KEEP:-} ]]; then
        for db in "${GH_CREATED_DBS[@]}"; do pg_drop_db "$db"; done
        GH_CREATED_DBS=()
    fi
}

# utime+stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat,
# counted after the ")" that ends the command name).
cpu_ticks() {
    local stat
    stat=$(cat "/proc/$1/stat") || die "process $1 is gone"
    stat=${stat##*) }
    # shellcheck disable=SC2086
    set -- $stat
    # after "comm)" the state is field 3; utime is field 14 -> 12th word here
    echo $(( ${12} + ${13} ))
}

# The same summed over the JIT compiler threads ("C1 CompilerThre…", "C2 CompilerThre…"):
# how much of a scenario's CPU went into compiling rather than serving.
jit_ticks() {
    local total=0 stat
    for task in /proc/"$1"/task/*; do
        stat=$(cat "$task/stat" 2>/dev/null) || continue
        [[ $stat == *"(C1 Compiler"* || $stat == *"(C2 Compiler"* ]] || continue
        stat=${stat##*) }
        # shellcheck disable=SC2086
        set -- $stat
        total=$(( total + ${12} + ${13} ))
    done
    echo "$total"
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

load1() { cut -d' ' -f1 /proc/loadavg; }

# ---------------------------------------------------------------- load (wrk)

# Both expect OUT, THREADS, WRK_TIMEOUT, BENCH_LUA_DIR, SERVER_URL and SERVER_PID.
# run_wrk NAME SECONDS SCRIPT PATH CONNECTIONS -> sets W_* from the RESULT line
run_wrk() {
    local name=$1 seconds=$2 script=$3 path=$4 conns=$5
    local out=$OUT/wrk-$name.txt
    wrk -t"$THREADS" -c"$conns" -d"${seconds}s" --timeout "${WRK_TIMEOUT}s" \
        -s "$BENCH_LUA_DIR/$script" "$SERVER_URL$path" > "$out" 2>&1 || { cat "$out" >&2; die "wrk failed ($name)"; }
    local line
    line=$(grep '^RESULT ' "$out" | tail -1) || { cat "$out" >&2; die "no RESULT from wrk ($name)"; }
    W_REQUESTS=$(sed 's/.* requests=\([0-9]*\).*/\1/' <<<"$line")
    W_DURATION=$(sed 's/.* duration_us=\([0-9]*\).*/\1/' <<<"$line")
    W_P50=$(sed 's/.* p50_us=\([0-9]*\).*/\1/' <<<"$line")
    W_P99=$(sed 's/.* p99_us=\([0-9]*\).*/\1/' <<<"$line")
    W_STATUS=$(sed 's/.* status_errors=\([0-9]*\).*/\1/' <<<"$line")
    W_SOCK=$(awk '{for(i=1;i<=NF;i++){split($i,kv,"="); if(kv[1]=="connect"||kv[1]=="read"||kv[1]=="write"||kv[1]=="timeout") s+=kv[2]} print s+0}' <<<"$line")
    W_EXTRA=$(sed 's/.* extra=\(.*\)/\1/' <<<"$line")
}

# measured_wrk NAME SECONDS SCRIPT PATH CONNECTIONS [JFR_BASE]: one measured window of run_wrk (its
# W_* results) after and before settle, and the server's CPU and JIT-compiler milliseconds per
# request in W_CPU_PER and W_JIT_PER. The window holds every request the server started: the
# completed ones and the one in flight on each connection when wrk stopped (finished after wrk
# closed the connection, before settle returned). With PROFILE set, a JFR recording of the window
# in JFR_BASE.jfr, summarised by JfrTop.java in JFR_BASE.txt.
measured_wrk() {
    local name=$1 seconds=$2 script=$3 path=$4 conns=$5 jfr=${6:-}
    local before after jit_before jit_after
    settle
    if [[ -n ${PROFILE:-} ]]; then
        mkdir -p "$(dirname "$jfr")"
        "$JCMD" "$SERVER_PID" JFR.start name="$name" settings=profile filename="$jfr.jfr" >/dev/null
    fi
    before=$(cpu_ticks "$SERVER_PID")
    jit_before=$(jit_ticks "$SERVER_PID")
    local gc_from=0
    [[ -f ${SERVER_GC_LOG:-} ]] && gc_from=$(wc -l < "$SERVER_GC_LOG")
    run_wrk "$name" "$seconds" "$script" "$path" "$conns"
    settle
    after=$(cpu_ticks "$SERVER_PID")
    jit_after=$(jit_ticks "$SERVER_PID")
    W_GC=-
    [[ -f ${SERVER_GC_LOG:-} ]] && W_GC=$(tail -n +$(( gc_from + 1 )) "$SERVER_GC_LOG" | gc_pauses)
    if [[ -n ${PROFILE:-} ]]; then
        "$JCMD" "$SERVER_PID" JFR.stop name="$name" >/dev/null
        "$JAVA" "$BENCH_DIR/JfrTop.java" "$jfr.jfr" 25 > "$jfr.txt" 2>&1 || true
    fi
    W_CPU_PER=$(per_request $(( after - before )) "$conns")
    W_JIT_PER=$(per_request $(( jit_after - jit_before )) "$conns")
}

# gc_pauses < unified GC log lines: "N pauses, max M ms, F full", or "0 pauses".
gc_pauses() {
    awk '/ Pause / && $NF ~ /ms$/ {
            ms = $NF; sub(/ms$/, "", ms); n++; total += ms; if (ms + 0 > max) max = ms + 0; if (/Pause Full/) full++
        }
        END { if (n) printf "%d pauses, max %.1f ms, %d full", n, max, full; else printf "0 pauses" }'
}

# per_request TICKS CONNECTIONS: milliseconds per request of the last window, or "-" when none completed.
per_request() {
    awk -v t="$1" -v hz="$CLK_TCK" -v r="$W_REQUESTS" -v c="$2" \
        'BEGIN {if (r > 0) printf "%.3f", t * 1000 / hz / (r + c); else printf "-"}'
}

# settle: wait (at most 60 s) until the server is idle again, i.e. has finished the
# requests still in flight when wrk stopped: below 5 clock ticks (50 ms) of CPU per 500 ms.
settle() {
    local before after
    for _ in $(seq 1 120); do
        before=$(cpu_ticks "$SERVER_PID")
        sleep 0.5
        after=$(cpu_ticks "$SERVER_PID")
        (( after - before < 5 )) && return 0
    done
    log "WARNING: the server did not become idle within 60 s"
}

# ---------------------------------------------------------------- the API, as root

# api METHOD PATH [BODY] -> prints the body; fails unless the status is 2xx.
api() {
    local method=$1 path=$2 body=${3:-}
    local out status
    out=$(mktemp)
    if [[ -n $body ]]; then
        status=$(curl -s -o "$out" -w '%{http_code}' -u "root:$ROOT_SECRET" -X "$method" \
            -H 'Content-Type: application/json' -H 'Accept: application/json' --data-binary "$body" "$SERVER_URL$path")
    else
        status=$(curl -s -o "$out" -w '%{http_code}' -u "root:$ROOT_SECRET" -X "$method" \
            -H 'Accept: application/json' "$SERVER_URL$path")
    fi
    if [[ $status != 2* ]]; then
        log "$method $path -> $status: $(head -c 500 "$out")"
        rm -f "$out"
        return 1
    fi
    cat "$out"
    rm -f "$out"
}

# password_grant CLIENT SECRET USER PASSWORD -> the token response JSON
password_grant() {
    curl -sf -u "$1:$2" --data-urlencode grant_type=password --data-urlencode "username=$3" \
        --data-urlencode "password=$4" "$SERVER_URL/auth/token"
}

json_field() { # json_field NAME < json -> the string value, one line (fails when absent)
    local value
    value=$(sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p")
    [[ -n $value ]] && printf '%s\n' "$value"
}

basic_header() { printf 'Basic %s' "$(printf '%s:%s' "$1" "$2" | base64 -w0)"; }

# ---------------------------------------------------------------- a browser (curl), for the sign-in pages

# cookies_update JAR HEADERS: the Set-Cookie headers of a response (curl -D HEADERS) into JAR,
# one name=value a line; a cookie set empty, with Max-Age=0 or expired in 1970 is removed.
cookies_update() {
    local jar=$1 headers=$2 line pair name attrs
    touch "$jar"
    while IFS= read -r line; do
        line=${line%$'\r'}
        pair=${line#*:}
        pair=${pair# }
        attrs=${pair#*;}
        [[ $attrs == "$pair" ]] && attrs=
        pair=${pair%%;*}
        name=${pair%%=*}
        awk -v n="$name" 'index($0, n "=") != 1' "$jar" > "$jar.tmp"
        mv "$jar.tmp" "$jar"
        if [[ -n ${pair#*=} ]] && ! grep -qiE 'max-age=0([^0-9]|$)|expires=[^;]*1970' <<<"$attrs"; then
            printf '%s\n' "$pair" >> "$jar"
        fi
    done < <(grep -i '^set-cookie:' "$headers")
}

# cookie_header JAR: the Cookie header value of the cookies in JAR.
cookie_header() { awk 'NF { printf "%s%s", (n++ ? "; " : ""), $0 }' "$1"; }

# cookie_arg JAR: curl's option (one word) sending the cookies in JAR; none when JAR is empty.
cookie_arg() { local c; c=$(cookie_header "$1"); printf '%s' "-HCookie:${c:+ $c}"; }

html_unescape() {
    sed -e 's/&quot;/"/g' -e "s/&#39;/'/g" -e "s/&#x27;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' \
        -e 's/&#x2[fF];/\//g' -e 's/&#47;/\//g' -e 's/&#x3[dD];/=/g' -e 's/&amp;/\&/g'
}

# html_attr NAME < TAG: the value of the attribute NAME of one HTML tag ("..." or '...'), unescaped.
html_attr() {
    sed -nE "s/.*[[:space:]]$1=\"([^\"]*)\".*/\1/Ip; t; s/.*[[:space:]]$1='([^']*)'.*/\1/Ip" | head -1 | html_unescape
}

# form_action FILE: the action of the first <form> in the HTML page FILE.
form_action() { tr '\n\r' '  ' < "$1" | grep -oiE '<form[^>]*>' | head -1 | html_attr action; }

# form_fields FILE: name=value (raw, one a line) of every <input> of the first <form> that a
# browser would send: no unchecked check boxes or radio buttons, no submit buttons.
form_fields() {
    local tag name value type
    tr '\n\r' '  ' < "$1" | sed -E 's/.*(<form[^>]*>)/\1/I; s/<\/form>.*//I' | grep -oiE '<input[^>]*>' | while IFS= read -r tag; do
        name=$(html_attr name <<<"$tag")
        [[ -n $name ]] || continue
        type=$(html_attr type <<<"$tag" | tr 'A-Z' 'a-z')
        case $type in
            submit|button|image|reset) continue ;;
            checkbox|radio) grep -qiE '[[:space:]]checked([[:space:]=>/]|$)' <<<"$tag" || continue ;;
        esac
        value=$(html_attr value <<<"$tag")
        printf '%s=%s\n' "$name" "$value"
    done
}

# browser_login AUTHORIZE_URL USER PASSWORD JAR: as a browser with the cookies in JAR (updated):
# opens the authorization URL, which must answer with a login page, fills its first form's
# username and password, posts it to the form's action and prints the Location of the answer
# (the redirect back to the client, with a code). Pages and headers are left in JAR.*.
browser_login() {
    local url=$1 user=$2 password=$3 jar=$4 status action origin line args=()
    touch "$jar"
    status=$(curl -s -o "$jar.page.html" -D "$jar.page.headers" -w '%{http_code}' "$(cookie_arg "$jar")" "$url") || return 1
    cookies_update "$jar" "$jar.page.headers"
    [[ $status == 200 ]] || { log "login page: $status from $url"; return 1; }
    action=$(form_action "$jar.page.html")
    origin=$(sed -E 's|^(https?://[^/]+).*|\1|' <<<"$url")
    case $action in
        http://*|https://*) ;;
        /*) action=$origin$action ;;
        '') action=$url ;;
        *) action=${url%/*}/$action ;;
    esac
    while IFS= read -r line; do
        case ${line%%=*} in
            username) args+=(--data-urlencode "username=$user") ;;
            password) args+=(--data-urlencode "password=$password") ;;
            *) args+=(--data-urlencode "$line") ;;
        esac
    done < <(form_fields "$jar.page.html")
    [[ ${#args[@]} -gt 0 ]] || { log "login page without a form (see $jar.page.html)"; return 1; }
    status=$(curl -s -o "$jar.post.html" -D "$jar.post.headers" -w '%{http_code}' "$(cookie_arg "$jar")" "${args[@]}" "$action") || return 1
    cookies_update "$jar" "$jar.post.headers"
    [[ $status == 30* ]] || { log "login POST to $action: $status (see $jar.post.html)"; return 1; }
    redirect_location "$jar.post.headers"
}

redirect_location() { sed -n 's/^[Ll]ocation:[[:space:]]*//p' "$1" | tr -d '\r' | tail -1; }

# query_param NAME < URL: one parameter of a URL's query, as it stands (still encoded).
query_param() { sed -nE "s/.*[?&]$1=([^&#]*).*/\1/p"; }

# pkce_challenge VERIFIER: its S256 code_challenge (RFC 7636 §4.2).
pkce_challenge() { printf '%s' "$1" | openssl dgst -sha256 -binary | base64 -w0 | tr '+/' '-_' | tr -d '='; }

# urlencode STRING: form-urlencoded (RFC 3986 unreserved characters kept).
urlencode() {
    local s=$1 out= c i
    for (( i = 0; i < ${#s}; i++ )); do
        c=${s:i:1}
        case $c in
            [A-Za-z0-9.~_-]) out+=$c ;;
            *) out+=$(printf '%%%02X' "'$c") ;;
        esac
    done
    printf '%s' "$out"
}
