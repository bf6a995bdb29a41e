#!/usr/bin/env bash
# Gatehouse side by side with Keycloak. See bench/README.md, "Gatehouse vs Keycloak".
#
#   bench/versus.sh [--warm S] [--duration S] [--warmup S] [--connections N]
#                   [--algorithms "RS256 ES256"] [--no-keycloak] [--no-floor] [--out DIR]
#
# One server at a time on 127.0.0.1: the floor (the same Payara Micro with a one-resource
# JAX-RS WAR, bench/lib.sh floor_war), Gatehouse (Payara Micro, H2) once per JWT
# signing algorithm, then Keycloak (its Quarkus distribution from Maven, production
# mode, its embedded dev-file database). Each is provisioned through its API with
# the same cheap password hash (PBKDF2-HMAC-SHA256, CHEAP_ITERATIONS), warmed for
# WARM seconds over every request kind, then measured with the same wrk scripts,
# threads, connections, per-scenario warm-up and duration. Prints one table:
# server CPU ms per request (from /proc) for each, and the ratio per row. The sign-in
# row (signin-flow) is per flow: a browser signed in once through each server's login
# page asks for a code and the client redeems it (PKCE S256) for tokens with an ID token.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=lib.sh
source "$BENCH_DIR/lib.sh"

KEYCLOAK_VERSION=${KEYCLOAK_VERSION:-26.7.3}
KEYCLOAK_HOME=${KEYCLOAK_HOME:-}   # an unpacked distribution; default: fetched through Maven into bench/out/keycloak
DURATION=${DURATION:-15}           # s per measured scenario
WARMUP=${WARMUP:-10}               # s of unmeasured load just before each scenario
WARM=${WARM:-120}                  # s of every request kind after start-up, per server
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-8}
CHEAP_ITERATIONS=${CHEAP_ITERATIONS:-1024}  # bench/run.sh's cheap hash, on both servers
BENCH_USERS=${BENCH_USERS:-16}
BENCH_PASSWORD=${BENCH_PASSWORD:-bench-Password-1}
CLIENT_SECRET=${CLIENT_SECRET:-bench-client-secret}
WRK_TIMEOUT=${WRK_TIMEOUT:-60}
ALGORITHMS=${ALGORITHMS:-RS256 ES256}
KEYCLOAK=${KEYCLOAK:-1}
FLOOR=${FLOOR:-1}
KC_ADMIN_PASSWORD=bench-admin-password
PROFILE=${PROFILE:-}               # 1: JFR recording of each measured scenario (summaries by bench/JfrTop.java)
[[ -n $PROFILE ]] && SERVER_JAVA_OPTS="$SERVER_JAVA_OPTS -XX:FlightRecorderOptions:stackdepth=256"
NMT=${NMT:-}                       # 1: Gatehouse with -XX:NativeMemoryTracking=summary, what holds its memory printed after its runs
[[ -n $NMT ]] && SERVER_JAVA_OPTS="$SERVER_JAVA_OPTS -XX:NativeMemoryTracking=summary"

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while (( $# )); do
    case $1 in
        --warm) WARM=$2; shift ;;
        --duration) DURATION=$2; shift ;;
        --warmup) WARMUP=$2; shift ;;
        --connections) CONNECTIONS=$2; shift ;;
        --algorithms) ALGORITHMS=$2; shift ;;
        --no-keycloak) KEYCLOAK= ;;
        --no-floor) FLOOR= ;;
        --out) OUT=$2; shift ;;
        -h|--help) usage 0 ;;
        *) log "unknown option $1"; usage 2 ;;
    esac
    shift
done

prepare_run versus
export BENCH_USERS BENCH_PASSWORD
RESULTS=$OUT/results.tsv   # server, scenario, requests, req/s, p50 ms, p99 ms, non-2xx, cpu ms/req, rss MB, load1, jit ms/req
GC_PAUSES=$OUT/gc-pauses.tsv  # server, scenario, the collector's pauses while it was measured (Payara servers; Keycloak: -)
: > "$GC_PAUSES"
TABLE=$OUT/table.txt
: > "$RESULTS"
STARTUP=$OUT/startup.txt
: > "$STARTUP"

# With PROFILE, JFR's first start costs the JVM seconds of CPU and a round of recompilation: pay it before measuring.
jfr_init() {
    [[ -n $PROFILE ]] || return 0
    "$JCMD" "$SERVER_PID" JFR.start name=jfr-init settings=profile >/dev/null
    sleep 3
    "$JCMD" "$SERVER_PID" JFR.stop name=jfr-init >/dev/null
}

# measure SERVER NAME SCRIPT PATH [PER]: per-scenario warm-up, then DURATION s measured; one line to
# RESULTS. PER: requests per unit measured (signin-flow: 2, the authorization and the token request);
# requests, rate, CPU and JIT are then per unit (latency stays per request). A script's own count
# of failed outcomes ("bad=N" in its RESULT, e.g. a login page where a redirect was due) adds to non-2xx.
measure() {
    local server=$1 name=$2 script=$3 path=$4 unit=${5:-1}
    if (( WARMUP > 0 )); then
        BENCH_HARVEST='' run_wrk "$server-$name-warmup" "$WARMUP" "$script" "$path" "$CONNECTIONS"
    fi
    measured_wrk "$server-$name" "$DURATION" "$script" "$path" "$CONNECTIONS" "$OUT/jfr-$server-$name"
    local per=$W_CPU_PER jit=$W_JIT_PER bad units=$W_REQUESTS
    bad=$(sed -n 's/.*bad=\([0-9]*\).*/\1/p' <<<"$W_EXTRA")
    W_STATUS=$(( W_STATUS + ${bad:-0} ))
    if (( unit > 1 )); then
        units=$(( W_REQUESTS / unit ))
        per=$(awk -v v="$per" -v u="$unit" 'BEGIN {if (v == "-") print v; else printf "%.3f", v * u}')
        jit=$(awk -v v="$jit" -v u="$unit" 'BEGIN {if (v == "-") print v; else printf "%.3f", v * u}')
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$server" "$name" "$units" \
        "$(awk -v r="$W_REQUESTS" -v d="$W_DURATION" -v u="$unit" 'BEGIN {printf "%.0f", (d > 0 ? r / u / (d / 1e6) : 0)}')" \
        "$(awk -v v="$W_P50" 'BEGIN {printf "%.2f", v / 1000}')" "$(awk -v v="$W_P99" 'BEGIN {printf "%.2f", v / 1000}')" \
        "$W_STATUS" "$per" $(( $(rss_kb "$SERVER_PID") / 1024 )) "$(load1)" "$jit" >> "$RESULTS"
    printf '%s\t%s\t%s\n' "$server" "$name" "$W_GC" >> "$GC_PAUSES"
    local what=request
    (( unit > 1 )) && what="unit of $unit requests"
    log "$server $name: $per ms CPU/$what ($jit JIT), $units units, non-2xx or bad $W_STATUS, load $(load1) [$W_EXTRA]"
    (( W_STATUS == 0 )) || log "WARNING: $server $name had $W_STATUS non-2xx or bad responses (see $OUT/wrk-$server-$name.txt)"
}

# ---------------------------------------------------------------- sign-in (both servers)

# The client's redirect URI (never fetched: the flow stops at the redirect) and a fixed PKCE pair.
SIGNIN_REDIRECT_URI=http://bench.invalid/callback
SIGNIN_VERIFIER=bench-pkce-verifier-0123456789-abcdefghijklmnopqrstuvwxyz
SIGNIN_CHALLENGE=$(pkce_challenge "$SIGNIN_VERIFIER")

# signin_query CLIENT: the authorization request's query (OpenID Connect, code + PKCE S256).
signin_query() {
    printf 'response_type=code&client_id=%s&redirect_uri=%s&scope=openid%%20profile&state=bench-state&nonce=bench-nonce&code_challenge=%s&code_challenge_method=S256' \
        "$1" "$(urlencode "$SIGNIN_REDIRECT_URI")" "$SIGNIN_CHALLENGE"
}

# signin_setup SERVER AUTHORIZE_PATH TOKEN_PATH CLIENT DIR: a browser signs in once through the
# server's real login page (bench-user-1); its cookies, the authorization request and the client
# go to the environment of bench/lua/signin.lua. One flow is run here with curl and checked: a
# redirect with a code, then a token response with an ID token.
signin_setup() {
    local server=$1 authorize=$2 token_path=$3 client=$4 dir=$5
    local jar=$dir/browser.cookies query location code
    query=$(signin_query "$client")
    rm -f "$jar"
    location=$(browser_login "$SERVER_URL$authorize?$query" bench-user-1 "$BENCH_PASSWORD" "$jar") \
        || die "$server: the browser could not sign in through the login page (see $jar.*)"
    [[ -n $(query_param code <<<"$location") ]] || die "$server: the login POST redirected without a code: $location"
    export BENCH_AUTHORIZE_PATH="$authorize?$query" BENCH_SSO_COOKIE BENCH_SIGNIN_BASIC BENCH_TOKEN_PATH=$token_path
    export BENCH_REDIRECT_URI BENCH_VERIFIER=$SIGNIN_VERIFIER
    BENCH_SSO_COOKIE=$(cookie_header "$jar")
    BENCH_SIGNIN_BASIC=$(basic_header "$client" "$CLIENT_SECRET")
    BENCH_REDIRECT_URI=$(urlencode "$SIGNIN_REDIRECT_URI")
    curl -s -o /dev/null -D "$dir/signin-check.headers" -H "Cookie: $BENCH_SSO_COOKIE" "$SERVER_URL$BENCH_AUTHORIZE_PATH" \
        || die "$server: authorization request failed"
    location=$(redirect_location "$dir/signin-check.headers")
    code=$(query_param code <<<"$location")
    [[ -n $code ]] || die "$server: the signed-in browser got no code (cookies: ${BENCH_SSO_COOKIE%%=*}...; see $dir/signin-check.headers)"
    curl -s -o "$dir/signin-check.json" -H "Authorization: $BENCH_SIGNIN_BASIC" \
        -d "grant_type=authorization_code&code=$code&redirect_uri=$BENCH_REDIRECT_URI&code_verifier=$SIGNIN_VERIFIER" \
        "$SERVER_URL$token_path" || die "$server: token request failed"
    local id_token
    id_token=$(json_field id_token < "$dir/signin-check.json") || die "$server: no ID token from the code: $(head -c 300 "$dir/signin-check.json")"
    log "$server: signed in through the login page (cookies $(sed 's/=[^;]*//g' <<<"$BENCH_SSO_COOKIE")); ID token header $(jwt_header "$id_token")"
}

# jwt_header JWT: its decoded JOSE header.
jwt_header() {
    local h=${1%%.*}
    h=$(tr -- '-_' '+/' <<<"$h")
    while (( ${#h} % 4 )); do h+='='; done
    base64 -d <<<"$h" 2>/dev/null
}

# warm SECONDS KIND:SCRIPT:PATH ...: the JIT warm-up, the time shared out over every request kind, twice round.
warm() {
    local seconds=$1
    shift
    (( seconds > 0 )) || return 0
    local each=$(( (seconds + 2 * $# - 1) / (2 * $#) )) round spec
    log "warming for ${seconds}s over $# request kinds"
    for round in 1 2; do
        for spec in "$@"; do
            IFS=: read -r kind script path <<<"$spec"
            # shellcheck disable=SC2034
            BENCH_HARVEST='' run_wrk "warm-$kind-$round" "$each" "$script" "$path" "$CONNECTIONS"
        done
    done
}

# refresh_chains FILE CURL-ARGS...: CONNECTIONS*8 refresh tokens, one per line. Every wrk run ends
# with up to one chain per connection in flight, lost to the next run (bench/lua/refresh.lua); the
# warm-up's runs, the scenario's warm-up and its measurement take that many.
refresh_chains() {
    local file=$1 i
    shift
    : > "$file"
    for (( i = 0; i < CONNECTIONS * 8; i++ )); do
        curl -sf "$@" --data-urlencode "username=bench-user-$(( i % BENCH_USERS + 1 ))" | json_field refresh_token >> "$file" \
            || die "could not issue a refresh token"
    done
}

# ---------------------------------------------------------------- the floor

# The application server's own floor: the same Payara Micro, JVM options and post-boot commands as
# Gatehouse, deploying a one-resource JAX-RS WAR (GET /ping: no security, no CDI, no database). The
# requests carry the Bearer rows' Authorization header, which it ignores, so that they are the same size.
floor() {
    local dir=$OUT/floor
    floor_war "$OUT"
    SERVER_WAR=$OUT/floor.war start_server "$dir"
    READY_PATH=/ping wait_ready
    printf 'start-up floor: first 200 %.1f s, load %s\n' "$(awk -v v="$SERVER_READY_MS" 'BEGIN {print v / 1000}')" "$(load1)" >> "$STARTUP"
    jfr_init
    BENCH_AUTH="Bearer floor" warm "$WARM" floor:get.lua:/ping
    BENCH_AUTH="Bearer floor" measure floor floor-get get.lua /ping
    echo "rss floor $(( $(rss_kb "$SERVER_PID") / 1024 )) MB after its run" >> "$STARTUP"
    stop_server "$SERVER_PID"
}

# ---------------------------------------------------------------- Gatehouse

gatehouse() {
    local alg=$1 server=gatehouse-$1 dir=$OUT/gatehouse-$1
    local basic_jwt basic_opaque
    basic_jwt=$(basic_header bench-jwt "$CLIENT_SECRET")
    basic_opaque=$(basic_header bench-opaque "$CLIENT_SECRET")
    DB=
    start_server "$dir" "GATEHOUSE_PASSWORD_HASH_ITERATIONS=$CHEAP_ITERATIONS" "GATEHOUSE_JWT_ALGORITHM=$alg"
    wait_ready
    local client n
    for client in bench-jwt:jwt bench-opaque:opaque; do
        api PUT "/Client/${client%%:*}" "{\"secret\":\"$CLIENT_SECRET\",\"grant_types\":[\"password\",\"refresh_token\"],\"auth\":{\"password\":{\"token_format\":\"${client#*:}\",\"refresh_token\":true,\"access_token_expiration\":7200}}}" >/dev/null
    done
    for (( n = 1; n <= BENCH_USERS; n++ )); do
        api PUT "/User/bench-user-$n" "{\"userName\":\"bench-user-$n\",\"email\":\"bench-user-$n@bench.invalid\",\"password\":\"$BENCH_PASSWORD\",\"name\":{\"givenName\":\"Bench\",\"familyName\":\"User $n\"},\"roles\":[{\"value\":\"bench\"}]}" >/dev/null
        if (( n == 1 )); then
            password_grant bench-jwt "$CLIENT_SECRET" bench-user-1 "$BENCH_PASSWORD" > "$dir/first-token.json" || die "first token failed"
            printf 'start-up %s: ready %.1f s, first token %.1f s (fresh data dir, incl. creating 2 clients + 1 user), load %s\n' "$server" \
                "$(awk -v v="$SERVER_READY_MS" 'BEGIN {print v / 1000}')" "$(awk -v v=$(( $(now_ms) - SERVER_T0 )) 'BEGIN {print v / 1000}')" "$(load1)" >> "$STARTUP"
        fi
    done
    local links="" sep=""
    for (( n = 1; n <= BENCH_USERS; n++ )); do links+="$sep{\"resourceType\":\"User\",\"id\":\"bench-user-$n\"}"; sep=,; done
    api PUT /AccessPolicy/bench-patient-read "{\"engine\":\"matcho\",\"matcho\":{\"uri\":\"#/Patient/[^/]+\",\"request-method\":\"get\"},\"link\":[$links]}" >/dev/null
    api PUT /Patient/pt-bench-1 '{"name":[{"family":"Bench","given":["Patty"]}],"birthDate":"1970-01-01","gender":"female","active":true}' >/dev/null
    # The web application that signs users in: first party (no consent page), confidential, JWT access tokens.
    api PUT /Client/bench-signin "{\"secret\":\"$CLIENT_SECRET\",\"first_party\":true,\"grant_types\":[\"authorization_code\"],\"auth\":{\"authorization_code\":{\"redirect_uri\":\"$SIGNIN_REDIRECT_URI\",\"token_format\":\"jwt\",\"access_token_expiration\":7200}}}" >/dev/null
    signin_setup "$server" /auth/authorize /auth/token bench-signin "$dir"

    local grant=(-u "bench-jwt:$CLIENT_SECRET" --data-urlencode grant_type=password --data-urlencode "password=$BENCH_PASSWORD" "$SERVER_URL/auth/token")
    refresh_chains "$dir/refresh-jwt.txt" "${grant[@]}"
    local bearer
    bearer=$(password_grant bench-jwt "$CLIENT_SECRET" bench-user-1 "$BENCH_PASSWORD" | json_field access_token)
    export BENCH_TOKEN_PATH=/auth/token BENCH_EXTRA=
    local full=1
    [[ $alg == "${ALGORITHMS%% *}" ]] || full=   # the opaque and read paths do not depend on the algorithm: measured once
    if [[ -n $full ]]; then
        refresh_chains "$dir/refresh-opaque.txt" -u "bench-opaque:$CLIENT_SECRET" --data-urlencode grant_type=password \
            --data-urlencode "password=$BENCH_PASSWORD" "$SERVER_URL/auth/token"
    fi
    local kinds=(password:password.lua:/auth/token refresh:refresh.lua:/auth/token userinfo:get.lua:/auth/userinfo
        bearer:get.lua:/Patient/pt-bench-1 "signin:signin.lua:$BENCH_AUTHORIZE_PATH")
    if [[ -n $full ]]; then
        login_form_setup "$server" "$dir"
        kinds+=(login:login.lua:"$BENCH_LOGIN_PATH")
    fi
    jfr_init
    BENCH_BASIC=$basic_jwt BENCH_TOKENS=$dir/refresh-jwt.txt BENCH_AUTH="Bearer $bearer" warm "$WARM" "${kinds[@]}"
    BENCH_BASIC=$basic_jwt measure "$server" password-jwt password.lua /auth/token
    [[ -n $full ]] && BENCH_BASIC=$basic_opaque measure "$server" password-opaque password.lua /auth/token
    BENCH_BASIC=$basic_jwt BENCH_TOKENS=$dir/refresh-jwt.txt measure "$server" refresh-jwt refresh.lua /auth/token
    [[ -n $full ]] && BENCH_BASIC=$basic_opaque BENCH_TOKENS=$dir/refresh-opaque.txt measure "$server" refresh-opaque refresh.lua /auth/token
    measure "$server" signin-flow signin.lua "$BENCH_AUTHORIZE_PATH" 2
    [[ -n $full ]] && measure "$server" login-post login.lua "$BENCH_LOGIN_PATH"
    if [[ -n $full ]]; then
        BENCH_AUTH="Bearer $bearer" measure "$server" userinfo get.lua /auth/userinfo
        BENCH_AUTH="Bearer $bearer" measure "$server" bearer-read get.lua /Patient/pt-bench-1
    fi
    echo "rss $server $(( $(rss_kb "$SERVER_PID") / 1024 )) MB after its runs" >> "$STARTUP"
    # What the runs left stored: login-post and signin-flow open Sessions (browser and authorization_code) as they go.
    echo "sessions $server $(api GET '/Session?_count=0' | sed -n 's/.*"total"[[:space:]]*:[[:space:]]*\([0-9]*\).*/\1/p') stored after its runs" >> "$STARTUP"
    [[ -n $NMT ]] && "$JCMD" "$SERVER_PID" VM.native_memory summary > "$OUT/nmt-$server.txt" 2>&1
    stop_server "$SERVER_PID"
    if [[ -n $full ]]; then
        # Restart to first token, as measured for Keycloak: the data (client, user, keys) exist.
        start_server "$dir" "GATEHOUSE_PASSWORD_HASH_ITERATIONS=$CHEAP_ITERATIONS" "GATEHOUSE_JWT_ALGORITHM=$alg"
        local tries=0
        until password_grant bench-jwt "$CLIENT_SECRET" bench-user-1 "$BENCH_PASSWORD" > /dev/null 2>&1; do
            kill -0 "$SERVER_PID" 2>/dev/null || die "Gatehouse exited during its restart (see $SERVER_LOG)"
            (( ++tries < 2400 )) || die "Gatehouse: no token 240 s after its restart"
            sleep 0.1
        done
        printf 'start-up %s: restart to first token %.1f s (client and user exist), load %s\n' "$server" \
            "$(awk -v v=$(( $(now_ms) - SERVER_T0 )) 'BEGIN {print v / 1000}')" "$(load1)" >> "$STARTUP"
        stop_server "$SERVER_PID"
    fi
}

# login_form_setup SERVER DIR: a browser without a session opens Gatehouse's login page once; its
# form (action, hidden fields) and the browser's binding cookie go to bench/lua/login.lua's
# environment, which posts that form again and again with the bench users' credentials (the form's
# token is bound to the browser and the request, not to one use). Checked once here with curl.
login_form_setup() {
    local server=$1 dir=$2 jar=$2/login-form.cookies status line form= sep=
    rm -f "$jar"
    status=$(curl -s -o "$jar.html" -D "$jar.headers" -w '%{http_code}' "$SERVER_URL/auth/authorize?$(signin_query bench-signin)")
    [[ $status == 200 ]] || die "$server: no login page ($status)"
    cookies_update "$jar" "$jar.headers"
    BENCH_LOGIN_PATH=$(form_action "$jar.html")
    [[ $BENCH_LOGIN_PATH == /* ]] || BENCH_LOGIN_PATH=/${BENCH_LOGIN_PATH#"$SERVER_URL"/}
    while IFS= read -r line; do
        case ${line%%=*} in username|password) continue ;; esac
        form+="$sep$(urlencode "${line%%=*}")=$(urlencode "${line#*=}")"
        sep='&'
    done < <(form_fields "$jar.html")
    export BENCH_LOGIN_PATH BENCH_LOGIN_FORM=$form BENCH_LOGIN_COOKIE
    BENCH_LOGIN_COOKIE=$(cookie_header "$jar")
    [[ -n $BENCH_LOGIN_COOKIE ]] || die "$server: the login page set no cookie"
    curl -s -o /dev/null -D "$jar.check" -H "Cookie: $BENCH_LOGIN_COOKIE" \
        --data "username=bench-user-2&password=$BENCH_PASSWORD&$form" "$SERVER_URL$BENCH_LOGIN_PATH"
    [[ -n $(redirect_location "$jar.check" | query_param code) ]] || die "$server: the login form's POST did not redirect with a code (see $jar.check)"
}

# ---------------------------------------------------------------- Keycloak

ensure_keycloak() {
    if [[ -n $KEYCLOAK_HOME ]]; then return; fi
    local base=$BENCH_DIR/out/keycloak
    KEYCLOAK_HOME=$base/keycloak-$KEYCLOAK_VERSION
    [[ -x $KEYCLOAK_HOME/bin/kc.sh ]] && return
    local zip=$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip
    if [[ ! -f $zip ]]; then
        log "fetching org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip through Maven"
        fetch_artifact "org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" || die "could not fetch Keycloak"
    fi
    mkdir -p "$base"
    (cd "$base" && unzip -q "$zip") || die "could not unpack $zip"
}

# The options baked in by `kc.sh build` (build-time options); `start --optimized` must not change them.
KC_BUILD_OPTS=(--db=dev-file)
KC_RUN_OPTS=(--http-enabled=true --hostname-strict=false --http-host=127.0.0.1)

# start_keycloak DIR: production mode (`start`), the pre-built image, data in DIR/data.
start_keycloak() {
    local dir=$1
    mkdir -p "$dir"
    SERVER_PORT=$(free_port)
    SERVER_URL=http://127.0.0.1:$SERVER_PORT
    SERVER_LOG=$dir/server.log
    SERVER_GC_LOG=
    SERVER_T0=$(now_ms)
    # exec + JAVA_OPTS_APPEND: kc.sh runs the JVM as its child; its pid is found below.
    (exec env JAVA="$JAVA" KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$KC_ADMIN_PASSWORD" \
        "$KEYCLOAK_HOME/bin/kc.sh" start --optimized "${KC_RUN_OPTS[@]}" --http-port="$SERVER_PORT" \
        --http-management-port="$(free_port)") >> "$SERVER_LOG" 2>&1 &
    local script_pid=$!
    GH_STARTED_PIDS+=("$script_pid")
    SERVER_PID=
    for _ in $(seq 1 100); do
        SERVER_PID=$(pgrep -P "$script_pid" -f QuarkusEntryPoint || true)
        [[ -n $SERVER_PID ]] && break
        sleep 0.1
    done
    [[ -n $SERVER_PID ]] || die "Keycloak's JVM did not start (see $SERVER_LOG)"
    GH_STARTED_PIDS+=("$SERVER_PID")
    log "started Keycloak pid $SERVER_PID on port $SERVER_PORT (log $SERVER_LOG)"
    local deadline=$(( $(now_ms) + 240000 ))
    until curl -sf -o /dev/null --max-time 2 "$SERVER_URL/realms/master/.well-known/openid-configuration"; do
        kill -0 "$SERVER_PID" 2>/dev/null || { tail -30 "$SERVER_LOG" >&2; die "Keycloak exited during start-up"; }
        (( $(now_ms) < deadline )) || die "Keycloak was not ready after 240 s"
        sleep 0.1
    done
    SERVER_READY_MS=$(( $(now_ms) - SERVER_T0 ))
}

kc_admin_token() {
    curl -sf -d grant_type=password -d client_id=admin-cli -d username=admin -d "password=$KC_ADMIN_PASSWORD" \
        "$SERVER_URL/realms/master/protocol/openid-connect/token" | json_field access_token
}

kc_api() { # kc_api METHOD PATH BODY: as the bootstrap admin; fails unless 2xx
    local status
    status=$(curl -s -o "$OUT/kc-api.out" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $KC_TOKEN" \
        -H 'Content-Type: application/json' --data-binary "$3" "$SERVER_URL/admin$2")
    [[ $status == 2* ]] || die "Keycloak $1 $2 -> $status: $(head -c 300 "$OUT/kc-api.out")"
}

keycloak() {
    local server=keycloak dir=$OUT/keycloak
    ensure_keycloak
    log "Keycloak $KEYCLOAK_VERSION: kc.sh build ${KC_BUILD_OPTS[*]} (not timed)"
    JAVA=$JAVA "$KEYCLOAK_HOME/bin/kc.sh" build "${KC_BUILD_OPTS[@]}" > "$OUT/keycloak-build.log" 2>&1 || die "kc.sh build failed"
    rm -rf "$KEYCLOAK_HOME/data/h2"   # dev-file keeps its database there: start from an empty one
    start_keycloak "$dir"
    printf 'start-up %s: first start to ready %.1f s (empty database)\n' "$server" "$(awk -v v="$SERVER_READY_MS" 'BEGIN {print v / 1000}')" >> "$STARTUP"
    KC_TOKEN=$(kc_admin_token) || die "no Keycloak admin token"
    # The realm: the cheap hash (pbkdf2-sha256, CHEAP_ITERATIONS, as Gatehouse's bench), tokens
    # and sessions that outlive the run (Gatehouse's bench tokens live 2 hours).
    kc_api POST /realms "{\"realm\":\"bench\",\"enabled\":true,\"passwordPolicy\":\"hashAlgorithm(pbkdf2-sha256) and hashIterations($CHEAP_ITERATIONS)\",\"accessTokenLifespan\":7200,\"ssoSessionIdleTimeout\":36000,\"ssoSessionMaxLifespan\":36000}"
    kc_api POST /realms/bench/clients "{\"clientId\":\"bench-jwt\",\"enabled\":true,\"publicClient\":false,\"secret\":\"$CLIENT_SECRET\",\"clientAuthenticatorType\":\"client-secret\",\"directAccessGrantsEnabled\":true,\"standardFlowEnabled\":false}"
    # The web application: confidential, the standard (authorization code) flow, PKCE S256 required, no consent.
    kc_api POST /realms/bench/clients "{\"clientId\":\"bench-signin\",\"enabled\":true,\"publicClient\":false,\"secret\":\"$CLIENT_SECRET\",\"clientAuthenticatorType\":\"client-secret\",\"standardFlowEnabled\":true,\"directAccessGrantsEnabled\":false,\"consentRequired\":false,\"redirectUris\":[\"$SIGNIN_REDIRECT_URI\"],\"attributes\":{\"pkce.code.challenge.method\":\"S256\"}}"
    local n
    for (( n = 1; n <= BENCH_USERS; n++ )); do
        kc_api POST /realms/bench/users "{\"username\":\"bench-user-$n\",\"enabled\":true,\"email\":\"bench-user-$n@bench.invalid\",\"emailVerified\":true,\"firstName\":\"Bench\",\"lastName\":\"User $n\",\"credentials\":[{\"type\":\"password\",\"value\":\"$BENCH_PASSWORD\",\"temporary\":false}]}"
    done
    local token_path=/realms/bench/protocol/openid-connect/token
    curl -sf -u "bench-jwt:$CLIENT_SECRET" -d grant_type=password -d username=bench-user-1 -d "password=$BENCH_PASSWORD" \
        "$SERVER_URL$token_path" > /dev/null || die "Keycloak: first token failed"

    # Restart to first token: what an operator waits for after a restart (the realm exists).
    stop_server "$SERVER_PID"
    stop_server "${GH_STARTED_PIDS[-2]}"
    start_keycloak "$dir"
    local tries=0
    until curl -sf -o /dev/null -u "bench-jwt:$CLIENT_SECRET" -d grant_type=password -d username=bench-user-1 \
            -d "password=$BENCH_PASSWORD" "$SERVER_URL$token_path"; do
        (( ++tries < 300 )) || die "Keycloak: no token 30 s after it was ready"
        sleep 0.1
    done
    printf 'start-up %s: restart to ready %.1f s, to first token %.1f s (realm, client and users exist), load %s\n' "$server" \
        "$(awk -v v="$SERVER_READY_MS" 'BEGIN {print v / 1000}')" "$(awk -v v=$(( $(now_ms) - SERVER_T0 )) 'BEGIN {print v / 1000}')" "$(load1)" >> "$STARTUP"

    local grant=(-u "bench-jwt:$CLIENT_SECRET" --data-urlencode grant_type=password --data-urlencode "password=$BENCH_PASSWORD" "$SERVER_URL$token_path")
    refresh_chains "$dir/refresh.txt" "${grant[@]}"
    # userinfo needs a token with the openid scope; the grants do not ask for it (no ID token: Gatehouse mints none)
    local bearer
    bearer=$(curl -sf -u "bench-jwt:$CLIENT_SECRET" -d grant_type=password -d username=bench-user-1 -d "password=$BENCH_PASSWORD" \
        -d scope=openid "$SERVER_URL$token_path" | json_field access_token) || die "Keycloak: no token for userinfo"
    signin_setup "$server" /realms/bench/protocol/openid-connect/auth "$token_path" bench-signin "$dir"
    export BENCH_TOKEN_PATH=$token_path BENCH_EXTRA=
    local basic
    basic=$(basic_header bench-jwt "$CLIENT_SECRET")
    jfr_init
    BENCH_BASIC=$basic BENCH_TOKENS=$dir/refresh.txt BENCH_AUTH="Bearer $bearer" \
        warm "$WARM" password:password.lua:$token_path refresh:refresh.lua:$token_path userinfo:get.lua:/realms/bench/protocol/openid-connect/userinfo \
        "signin:signin.lua:$BENCH_AUTHORIZE_PATH"
    BENCH_BASIC=$basic measure "$server" password-jwt password.lua "$token_path"
    BENCH_BASIC=$basic BENCH_TOKENS=$dir/refresh.txt measure "$server" refresh-jwt refresh.lua "$token_path"
    measure "$server" signin-flow signin.lua "$BENCH_AUTHORIZE_PATH" 2
    BENCH_AUTH="Bearer $bearer" measure "$server" userinfo get.lua /realms/bench/protocol/openid-connect/userinfo
    echo "rss $server $(( $(rss_kb "$SERVER_PID") / 1024 )) MB after its runs" >> "$STARTUP"
    stop_server "$SERVER_PID"
}

# ---------------------------------------------------------------- run

{
    echo "# Gatehouse vs Keycloak $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "# machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2 " RAM"}'), $(uname -sr); java: $("$JAVA" -version 2>&1 | head -1)"
    echo "# wrk: $THREADS threads, $CONNECTIONS connections; each server warmed ${WARM}s, then per scenario ${WARMUP}s warm-up + ${DURATION}s measured${PROFILE:+ (JFR on: figures include its overhead)}"
    echo "# password hash on both: PBKDF2-HMAC-SHA256, $CHEAP_ITERATIONS iterations (benchmark-only cost)"
    echo "# load at start: $(uptime)"
} > "$TABLE"

[[ -n $FLOOR ]] && floor
for alg in $ALGORITHMS; do gatehouse "$alg"; done
[[ -n $KEYCLOAK ]] && keycloak

# The table: Gatehouse rows against Keycloak's row for the same kind of request.
{
    echo
    printf '%-16s %-6s %9s %9s %9s %9s %-16s %9s %9s %8s %7s\n' path alg "cpu ms/r" "jit ms/r" "p50 ms" "p99 ms" keycloak "cpu ms/r" "jit ms/r" ratio load1
    awk -F'\t' '
        $1 == "keycloak" { kc[$2] = $8; kcjit[$2] = $11; next }
        { rows[++n] = $0 }
        END {
            for (i = 1; i <= n; i++) {
                split(rows[i], f, "\t")
                alg = f[1]; sub(/^gatehouse-/, "", alg)
                ref = f[2] ~ /^password/ ? "password-jwt" : f[2] ~ /^refresh/ ? "refresh-jwt" : f[2] ~ /^signin/ ? "signin-flow" \
                    : f[2] ~ /^login/ ? "login-post" : "userinfo"
                k = (ref in kc) ? kc[ref] : "-"
                kj = (ref in kcjit) ? kcjit[ref] : "-"
                ratio = (k != "-" && k + 0 > 0 && f[8] != "-") ? sprintf("%.2fx", f[8] / k) : "-"
                printf "%-16s %-6s %9s %9s %9s %9s %-16s %9s %9s %8s %7s\n", f[2], alg, f[8], f[11], f[5], f[6], "vs " ref, k, kj, ratio, f[10]
            }
        }' "$RESULTS"
    echo "# ratio: Gatehouse CPU per request / Keycloak CPU per request for the same kind of request (< 1: Gatehouse cheaper)"
    echo "# signin-flow: per flow (an authorization request of a signed-in browser -> redirect with a code, then"
    echo "#   the code + PKCE verifier for tokens with an ID token); p50 per request. login-post: the login page's POST."
    # The login POST against the password grant on the same server: both check one password.
    awk -F'\t' '
        $1 != "keycloak" && $2 == "password-jwt" { pw[$1] = $8 }
        $1 != "keycloak" && $2 == "login-post" { lp[$1] = $8 }
        END {
            for (s in lp) if ((s in pw) && pw[s] + 0 > 0)
                printf "# %s: login-post %s ms CPU vs password-jwt %s ms CPU per request: %.2fx\n", s, lp[s], pw[s], lp[s] / pw[s]
        }' "$RESULTS"
    # The Bearer reads against the floor (the same server answering a trivial GET), and the floor against Keycloak.
    awk -F'\t' '
        $1 == "floor" && $2 == "floor-get" { floor = $8 }
        $1 == "keycloak" && $2 == "userinfo" { kc = $8 }
        $1 ~ /^gatehouse/ && ($2 == "bearer-read" || $2 == "userinfo") { row[$2] = $8 }
        END {
            if (floor + 0 > 0) for (r in row) printf "# %s: %s ms CPU vs the floor'"'"'s %s ms per request: %.2fx the floor\n", r, row[r], floor, row[r] / floor
            if (floor + 0 > 0 && kc + 0 > 0) printf "# the floor: %.2fx Keycloak'"'"'s userinfo (%s ms)\n", floor / kc, kc
        }' "$RESULTS"
    echo
    echo "# the collector's pauses during each measured scenario (-Xlog:gc; $SERVER_JAVA_OPTS):"
    awk -F'\t' '$3 != "-" { printf "#   %-16s %-16s %s\n", $1, $2, $3 }' "$GC_PAUSES"
    echo
    cat "$STARTUP"
    echo "# load at end: $(uptime)"
} >> "$TABLE"
cat "$TABLE"
log "results in $OUT (table.txt, results.tsv, wrk-*.txt, */server.log)"
