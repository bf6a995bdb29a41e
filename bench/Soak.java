import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Soak and fault load client for Gatehouse, one file, JDK only:
 *
 * <pre>
 * java Soak.java --url http://127.0.0.1:PORT --root-secret S [--seconds 600] [--clients 64] [--users 16]
 *                [--ramp-seconds 0] [--session-seconds 0]
 *                [--fault-at SECONDS --fault-cmd "pg_ctlcluster --skip-systemctl-redirect 15 main restart"]
 * </pre>
 *
 * Every client (a thread) loops: a password grant (jwt or opaque client, random
 * user), then a few Bearer reads of a Patient, userinfo calls and refreshes
 * (rotation) — with --session-seconds, for that long, 100 ms apart, as a user of an
 * application would — then most of the time {@code DELETE /Session} (checking at once
 * that the token is refused), otherwise it leaves the Session open. The client
 * keeps its own record of every Session. At the end it checks that record against
 * the server: every Session the server lists as open is one the client holds open,
 * and its access token still works and its refresh token still rotates; every
 * Session the client closed is listed as closed and both its tokens are refused;
 * no Session is missing (lost) or unknown (resurrected); and no response was 5xx.
 * With --ramp-seconds the clients start one after another over that time, as users
 * arrive, instead of all logging in in the same instant.
 *
 * With --fault-at, the fault command (a PostgreSQL restart) runs once at that
 * second; requests that failed while the database was away make their Session
 * "uncertain" (the outcome may or may not have committed) and it is left out of
 * the strict checks. The report gives the seconds from the database being back
 * to the application serving again (the start of the last failed request after
 * that moment). Exit status 0 when every check passed.
 *
 * With several instances ({@code --url A,B}) requests go round-robin, like a load
 * balancer: a refused connection (nothing was sent) is retried on another instance
 * and takes that one out until its {@code /health/ready} answers 200 again. With
 * {@code --kill-at S --kill-url B --kill-cmd CMD} the command (a {@code kill -9} of
 * B, and its restart) runs once at that second; the report counts the requests that
 * failed because they were in flight on B when it died (allowed), every other failed
 * request (none allowed), and the seconds until B serves again; the load then goes
 * on until B served 20 s (at most three times {@code --seconds}). The check of a
 * closed Session's token goes to the instance that closed it.
 */
public class Soak {

    // ------------------------------------------------------------------ options

    static String url;
    static List<String> urls;
    static final java.util.concurrent.atomic.AtomicInteger NEXT = new java.util.concurrent.atomic.AtomicInteger();
    static final java.util.Set<String> DOWN = ConcurrentHashMap.newKeySet();
    static int killAt = -1;
    static String killUrl;
    static String killCmd;
    static volatile long killMs = -1;
    static volatile long killDoneMs = -1;
    static volatile long killedBackMs = -1;
    static volatile long loadDeadline;
    static final AtomicLong FAILED_IN_FLIGHT = new AtomicLong();
    static final AtomicLong FAILED_OTHERWISE = new AtomicLong();
    static final AtomicLong REROUTED = new AtomicLong();
    static final AtomicLong SERVED_BY_RESTARTED = new AtomicLong();
    static final AtomicLong REFRESH_LOST = new AtomicLong();
    static String rootSecret;
    static int seconds = 600;
    static int clients = 64;
    static int users = 16;
    static int rampSeconds = 0;
    static int sessionSeconds = 0;
    static int faultAt = -1;
    static String faultCmd;
    static int maxRecoverySeconds = 5;
    static final String PASSWORD = "soak-Password-1";
    static final String CLIENT_SECRET = "soak-client-secret";
    static final String[] CLIENT_IDS = {"soak-jwt", "soak-opaque"};
    static final String PATIENT = "/Patient/soak-pt-1";

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    // ------------------------------------------------------------------ bookkeeping

    /** One Session as the load client knows it. */
    static final class Sess {
        final String client;
        volatile String id;        // Session id (jti), when known
        volatile String access;
        volatile String refresh;
        volatile boolean closed;
        volatile boolean uncertain; // an operation on it failed without a definite answer

        Sess(String client, String access, String refresh) {
            this.client = client;
            this.access = access;
            this.refresh = refresh;
            this.id = jti(access);
        }
    }

    static final ConcurrentLinkedQueue<Sess> SESSIONS = new ConcurrentLinkedQueue<>();
    static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();
    static final AtomicLong REQUESTS = new AtomicLong();
    static final AtomicLong FIVE_XX = new AtomicLong();
    static final AtomicLong IO_ERRORS = new AtomicLong();
    static final AtomicLong UNEXPECTED = new AtomicLong();
    static final AtomicLong AMBIGUOUS_GRANTS = new AtomicLong();
    static final ConcurrentLinkedQueue<String> PROBLEMS = new ConcurrentLinkedQueue<>();
    static final AtomicLong INTERNAL_ERRORS = new AtomicLong();
    static final ConcurrentLinkedQueue<long[]> FAILURES = new ConcurrentLinkedQueue<>(); // {startMs, endMs}

    static long startMs;
    static final int TIMELINE = 4000;
    static final AtomicLongArray OK_PER_SECOND = new AtomicLongArray(TIMELINE);
    static final AtomicLongArray FAIL_PER_SECOND = new AtomicLongArray(TIMELINE);
    static volatile long dbBackMs = -1;
    static volatile long faultStartMs = -1;
    static volatile boolean faultFailed;

    static void count(String key) {
        COUNTS.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    /** Every answer's latency in microseconds, by the same key as {@link #COUNTS}: the report's p50, p99 and max. */
    static final Map<String, ConcurrentLinkedQueue<Long>> LATENCIES = new ConcurrentHashMap<>();

    static String latencies(String key) {
        ConcurrentLinkedQueue<Long> queue = LATENCIES.get(key);
        if (queue == null || queue.isEmpty()) {
            return "";
        }
        long[] sorted = queue.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(Locale.ROOT, "  p50 %.1f ms, p99 %.1f ms, max %.1f ms", sorted[sorted.length / 2] / 1000.0,
                sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1000.0, sorted[sorted.length - 1] / 1000.0);
    }

    static void problem(String text) {
        UNEXPECTED.incrementAndGet();
        if (PROBLEMS.size() < 40) {
            PROBLEMS.add(Instant.now() + " " + text);
        }
    }

    /** The result of one request: status (or -1 on an I/O error / timeout) and body. */
    record Reply(int status, String body, String base) {
        Reply(int status, String body) {
            this(status, body, null);
        }

        boolean failed() {
            return status < 0 || status >= 500;
        }
    }

    static Reply send(String op, HttpRequest.Builder request) {
        long begin = System.currentTimeMillis();
        long beginNanos = System.nanoTime();
        Reply reply;
        String base;
        for (int attempt = 1; ; attempt++) {
            URI uri = request.timeout(Duration.ofSeconds(30)).build().uri();
            base = uri.getScheme() + "://" + uri.getRawAuthority();
            try {
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                reply = new Reply(response.statusCode(), response.body());
            } catch (java.net.ConnectException refused) {
                if (urls.size() > 1 && attempt < urls.size()) { // nothing was sent: another instance, as a load balancer does
                    DOWN.add(base);
                    REROUTED.incrementAndGet();
                    request.uri(URI.create(pick() + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
                    continue;
                }
                reply = new Reply(-1, refused.toString());
            } catch (IOException e) {
                reply = new Reply(-1, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply = new Reply(-1, e.toString());
            }
            break;
        }
        reply = new Reply(reply.status(), reply.body(), base);
        long end = System.currentTimeMillis();
        if (killMs > 0) {
            if (reply.failed()) {
                if (base.equals(killUrl) && (killDoneMs < 0 || begin <= killDoneMs)) {
                    FAILED_IN_FLIGHT.incrementAndGet();
                } else {
                    FAILED_OTHERWISE.incrementAndGet();
                    problem(op + " to " + base + " failed, not in flight at the kill: " + abbreviate(reply.body()));
                }
                if (base.equals(killUrl)) {
                    DOWN.add(base);
                }
            } else if (base.equals(killUrl) && killedBackMs > 0) {
                SERVED_BY_RESTARTED.incrementAndGet();
            }
        }
        REQUESTS.incrementAndGet();
        String key = op + " " + (reply.status() < 0 ? "io-error" : Integer.toString(reply.status()));
        count(key);
        LATENCIES.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add((System.nanoTime() - beginNanos) / 1000);
        int second = (int) Math.min(TIMELINE - 1, Math.max(0, (end - startMs) / 1000));
        if (reply.failed()) {
            if (reply.status() >= 500) {
                FIVE_XX.incrementAndGet();
                if (reply.status() == 500) { // a bug: during an outage the answer is 503, never 500
                    INTERNAL_ERRORS.incrementAndGet();
                    problem(op + " answered 500: " + reply.body());
                }
            } else {
                IO_ERRORS.incrementAndGet();
            }
            FAIL_PER_SECOND.incrementAndGet(second);
            FAILURES.add(new long[] {begin, end});
        } else {
            OK_PER_SECOND.incrementAndGet(second);
        }
        return reply;
    }

    // ------------------------------------------------------------------ requests

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static String form(String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    static HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create(pick() + path)).header("Accept", "application/json");
    }

    /** The next instance round-robin, leaving out those down (unless all are). */
    static String pick() {
        for (int i = 0; i < urls.size(); i++) {
            String candidate = urls.get(Math.floorMod(NEXT.getAndIncrement(), urls.size()));
            if (!DOWN.contains(candidate)) {
                return candidate;
            }
        }
        return urls.get(Math.floorMod(NEXT.getAndIncrement(), urls.size()));
    }

    /** Brings instances back once their readiness check answers 200, as a load balancer's health check does. */
    static void probe() {
        while (true) {
            for (String base : DOWN) {
                try {
                    int status = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) {
                        if (base.equals(killUrl) && killDoneMs > 0 && killedBackMs < 0) {
                            killedBackMs = System.currentTimeMillis();
                            // load on both again for 20 s at least, within three times --seconds
                            loadDeadline = Math.max(loadDeadline, Math.min(killedBackMs + 20_000, startMs + 3_000L * seconds));
                            log("kill: " + base + " ready again " + (killedBackMs - killMs) + " ms after the kill");
                        }
                        DOWN.remove(base);
                    }
                } catch (IOException notYet) {
                    // still down
                } catch (InterruptedException e) {
                    return;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** With --kill-at: the killed instance is not back yet, within three times --seconds. */
    static boolean awaitingRestart() {
        return killAt >= 0 && killedBackMs < 0 && System.currentTimeMillis() < startMs + 3_000L * seconds;
    }

    static void kill() {
        try {
            Thread.sleep(killAt * 1000L);
            killMs = System.currentTimeMillis();
            log("kill: running " + killCmd);
            int exit = new ProcessBuilder("/bin/sh", "-c", killCmd).inheritIO().start().waitFor();
            killDoneMs = System.currentTimeMillis();
            DOWN.add(killUrl);
            log("kill: command exited " + exit + " after " + (killDoneMs - killMs) + " ms");
            if (exit != 0) {
                faultFailed = true;
            }
        } catch (IOException | InterruptedException e) {
            log("kill: " + e);
            faultFailed = true;
        }
    }

    static Reply root(String method, String path, String json) {
        HttpRequest.Builder request = to(path).header("Authorization", basic("root", rootSecret));
        request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        return send("root " + method, request);
    }

    static Reply token(String client, String body) {
        return send(body.startsWith("grant_type=password") ? "password" : "refresh",
                to("/auth/token").header("Authorization", basic(client, CLIENT_SECRET))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static Reply bearer(String op, String method, String path, String access) {
        return send(op, to(path).header("Authorization", "Bearer " + access).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    // ------------------------------------------------------------------ one client's loop

    static void client(long fixedDeadline) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.currentTimeMillis() < Math.max(fixedDeadline, loadDeadline) || awaitingRestart()) {
            long deadline = awaitingRestart() ? startMs + 3_000L * seconds : Math.max(fixedDeadline, loadDeadline);
            String client = CLIENT_IDS[random.nextInt(CLIENT_IDS.length)];
            String user = "soak-user-" + (1 + random.nextInt(users));
            Reply grant = token(client, form("grant_type", "password", "username", user, "password", PASSWORD));
            if (grant.failed()) {
                AMBIGUOUS_GRANTS.incrementAndGet(); // a Session may exist that we never learn about
                if (grant.status() == 503) {
                    sleep(1000); // the hash gate's Retry-After, as a well-behaved client waits it out (still a 5xx here)
                } else {
                    pause();
                }
                continue;
            }
            if (grant.status() != 200) {
                problem("password grant for " + user + " at " + client + ": " + grant.status() + " " + abbreviate(grant.body()));
                continue;
            }
            Sess s = new Sess(client, str(grant.body(), "access_token"), str(grant.body(), "refresh_token"));
            SESSIONS.add(s);
            int ops = 3 + random.nextInt(10);
            long sessionEnd = System.currentTimeMillis() + sessionSeconds * 1000L;
            for (int i = 0; (i < ops || System.currentTimeMillis() < sessionEnd) && !s.uncertain
                    && System.currentTimeMillis() < deadline; i++) {
                if (sessionSeconds > 0) {
                    pause();
                }
                double p = random.nextDouble();
                if (p < 0.55) {
                    expect(s, bearer("bearer-read", "GET", PATIENT, s.access), 200, "GET " + PATIENT);
                } else if (p < 0.70) {
                    expect(s, bearer("userinfo", "GET", "/auth/userinfo", s.access), 200, "GET /auth/userinfo");
                } else {
                    Reply r = token(client, form("grant_type", "refresh_token", "refresh_token", s.refresh));
                    if (expect(s, r, 200, "refresh")) {
                        s.access = str(r.body(), "access_token");
                        s.refresh = str(r.body(), "refresh_token");
                    }
                }
            }
            if (!s.uncertain && random.nextDouble() < 0.6) {
                Reply r = bearer("close", "DELETE", "/Session", s.access);
                if (expect(s, r, 200, "DELETE /Session")) {
                    s.closed = true;
                    String id = str(r.body(), "id");
                    if (s.id == null) {
                        s.id = id;
                    } else if (!s.id.equals(id)) {
                        problem("DELETE /Session closed " + id + " but the token's jti is " + s.id);
                    }
                    // On the instance that closed it: another one may take GATEHOUSE_TOKEN_CACHE_MILLIS (500 ms) to see it.
                    Reply after = send("closed-token-use", HttpRequest.newBuilder(URI.create(r.base() + "/auth/userinfo"))
                            .header("Accept", "application/json").header("Authorization", "Bearer " + s.access).GET());
                    if (!after.failed() && after.status() != 401) {
                        problem("access token of closed Session " + s.id + " got " + after.status() + " instead of 401");
                    }
                }
            }
        }
    }

    /** True when the status is the expected one; a failure makes the Session uncertain. */
    static boolean expect(Sess s, Reply r, int status, String what) {
        if (r.status() == status) {
            return true;
        }
        if (r.failed()) {
            s.uncertain = true;
            pause();
            return false;
        }
        if (faultAt >= 0 && inFaultWindow()) {
            // A 4xx while the database was away (e.g. a refresh whose first attempt committed) is not a verdict.
            s.uncertain = true;
            return false;
        }
        problem(what + " on Session " + s.id + " (" + s.client + "): " + r.status() + " " + abbreviate(r.body()));
        s.uncertain = true;
        return false;
    }

    static boolean inFaultWindow() {
        long now = System.currentTimeMillis();
        return faultStartMs > 0 && (dbBackMs < 0 || now - dbBackMs < 30_000);
    }

    static void pause() {
        sleep(100);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the fault

    static void fault() {
        try {
            Thread.sleep(faultAt * 1000L);
            faultStartMs = System.currentTimeMillis();
            log("fault: running " + faultCmd);
            Process process = new ProcessBuilder("/bin/sh", "-c", faultCmd).inheritIO().start();
            int exit = process.waitFor();
            long commandDone = System.currentTimeMillis();
            log("fault: command exited " + exit + " after " + (commandDone - faultStartMs) + " ms");
            if (exit != 0) {
                faultFailed = true;
            }
            // The database is back when it accepts connections again.
            while (true) {
                Process ready = new ProcessBuilder("pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432").start();
                if (ready.waitFor() == 0) {
                    break;
                }
                Thread.sleep(50);
            }
            dbBackMs = System.currentTimeMillis();
            log("fault: PostgreSQL accepts connections again, " + (dbBackMs - faultStartMs) + " ms after the restart began");
        } catch (IOException | InterruptedException e) {
            log("fault: " + e);
        }
    }

    // ------------------------------------------------------------------ set-up

    static void provision() {
        for (String id : CLIENT_IDS) {
            String format = id.endsWith("jwt") ? "jwt" : "opaque";
            must(root("PUT", "/Client/" + id, "{\"secret\":\"" + CLIENT_SECRET + "\",\"grant_types\":[\"password\"],"
                    + "\"auth\":{\"password\":{\"token_format\":\"" + format + "\",\"refresh_token\":true,\"access_token_expiration\":86400}}}"), "Client " + id);
        }
        StringBuilder links = new StringBuilder();
        for (int i = 1; i <= users; i++) {
            must(root("PUT", "/User/soak-user-" + i, "{\"userName\":\"soak-user-" + i + "\",\"password\":\"" + PASSWORD
                    + "\",\"roles\":[{\"value\":\"soak\"}]}"), "User soak-user-" + i);
            links.append(i > 1 ? "," : "").append("{\"resourceType\":\"User\",\"id\":\"soak-user-").append(i).append("\"}");
        }
        must(root("PUT", "/AccessPolicy/soak-patient-read", "{\"engine\":\"matcho\",\"matcho\":{\"uri\":\"#/Patient/[^/]+\","
                + "\"request-method\":\"get\"},\"link\":[" + links + "]}"), "AccessPolicy");
        must(root("PUT", PATIENT, "{\"name\":[{\"family\":\"Soak\"}]}"), "Patient");
    }

    static void must(Reply r, String what) {
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("provisioning " + what + " failed: " + r.status() + " " + abbreviate(r.body()));
        }
    }

    // ------------------------------------------------------------------ the consistency check

    static Map<String, Boolean> serverSessions() {
        Map<String, Boolean> closedById = new HashMap<>();
        for (String client : CLIENT_IDS) {
            for (int page = 1; ; page++) {
                Reply r = root("GET", "/Session?client.id=" + client + "&_count=1000&_page=" + page, null);
                if (r.status() != 200) {
                    throw new IllegalStateException("listing Sessions failed: " + r.status() + " " + abbreviate(r.body()));
                }
                Map<?, ?> bundle = (Map<?, ?>) Json.parse(r.body());
                List<?> entries = (List<?>) bundle.get("entry");
                if (entries == null || entries.isEmpty()) {
                    break;
                }
                for (Object entry : entries) {
                    Map<?, ?> resource = (Map<?, ?>) ((Map<?, ?>) entry).get("resource");
                    closedById.put((String) resource.get("id"), resource.get("closed") != null);
                }
                if (entries.size() < 1000) {
                    break;
                }
            }
        }
        return closedById;
    }

    static int check() throws InterruptedException {
        log("check: listing the server's Sessions");
        Map<String, Boolean> server = serverSessions();
        List<Sess> all = new ArrayList<>(SESSIONS);
        AtomicLong checked = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong uncertain = new AtomicLong();
        ConcurrentLinkedQueue<String> failuresText = new ConcurrentLinkedQueue<>();
        Map<String, Boolean> known = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (Sess s : all) {
            pool.submit(() -> {
                if (s.uncertain) {
                    uncertain.incrementAndGet();
                    if (s.id != null) {
                        known.put(s.id, true);
                    }
                    return;
                }
                List<String> wrong = new ArrayList<>();
                if (s.id == null) { // an open opaque Session: introspection names it
                    Reply r = send("check introspect", to("/auth/introspect").header("Authorization", basic(s.client, CLIENT_SECRET))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form("token", s.access))));
                    s.id = r.status() == 200 ? str(r.body(), "jti") : null;
                    if (s.id == null) {
                        wrong.add("its open access token is not active at introspection (" + r.status() + " " + abbreviate(r.body()) + ")");
                    }
                }
                if (s.id != null) {
                    known.put(s.id, true);
                    Boolean serverClosed = server.get(s.id);
                    if (serverClosed == null) {
                        wrong.add("missing from the server's Sessions (lost)");
                    } else if (serverClosed != s.closed) {
                        wrong.add("the server lists it " + (serverClosed ? "closed" : "open"));
                    }
                }
                Reply use = bearer("check userinfo", "GET", "/auth/userinfo", s.access);
                Reply rotate = token(s.client, form("grant_type", "refresh_token", "refresh_token", s.refresh));
                if (s.closed) {
                    if (use.status() != 401) {
                        wrong.add("its access token got " + use.status() + ", not 401 (resurrected)");
                    }
                    if (rotate.status() != 400 || !rotate.body().contains("invalid_grant")) {
                        wrong.add("its refresh token got " + rotate.status() + " " + abbreviate(rotate.body()) + ", not invalid_grant");
                    }
                } else {
                    if (use.status() != 200) {
                        wrong.add("its access token got " + use.status() + ", not 200 (lost)");
                    }
                    if (rotate.status() != 200) {
                        REFRESH_LOST.incrementAndGet();
                        wrong.add("its refresh token got " + rotate.status() + " " + abbreviate(rotate.body()) + ", not 200 (lost)");
                    }
                }
                checked.incrementAndGet();
                if (!wrong.isEmpty()) {
                    failures.incrementAndGet();
                    if (failuresText.size() < 20) {
                        failuresText.add("Session " + s.id + " (" + s.client + ", " + (s.closed ? "closed" : "open") + "): " + String.join("; ", wrong));
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
        long unknownOpen = 0;
        long unknownClosed = 0;
        for (Map.Entry<String, Boolean> entry : server.entrySet()) {
            if (!known.containsKey(entry.getKey())) {
                if (entry.getValue()) {
                    unknownClosed++;
                } else {
                    unknownOpen++;
                }
            }
        }
        long open = all.stream().filter(s -> !s.closed && !s.uncertain).count();
        long closed = all.stream().filter(s -> s.closed && !s.uncertain).count();
        System.out.printf(Locale.ROOT, "check: %d Sessions held by the load client (%d open, %d closed, %d uncertain), %d listed by the server%n",
                all.size(), open, closed, uncertain.get(), server.size());
        System.out.printf(Locale.ROOT, "check: %d checked, %d inconsistent; server Sessions unknown to the client: %d open, %d closed "
                + "(grants without an answer: %d)%n", checked.get(), failures.get(), unknownOpen, unknownClosed, AMBIGUOUS_GRANTS.get());
        failuresText.forEach(text -> System.out.println("  INCONSISTENT " + text));
        int bad = (int) failures.get();
        long uncertainWithoutId = all.stream().filter(x -> x.uncertain && x.id == null).count();
        if (unknownOpen + unknownClosed > AMBIGUOUS_GRANTS.get() + uncertainWithoutId) {
            System.out.println("  INCONSISTENT the server holds more Sessions than the client could have caused");
            bad++;
        }
        return bad;
    }

    // ------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--url" -> url = value;
                case "--root-secret" -> rootSecret = value;
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--clients" -> clients = Integer.parseInt(value);
                case "--users" -> users = Integer.parseInt(value);
                case "--ramp-seconds" -> rampSeconds = Integer.parseInt(value);
                case "--session-seconds" -> sessionSeconds = Integer.parseInt(value);
                case "--fault-at" -> faultAt = Integer.parseInt(value);
                case "--fault-cmd" -> faultCmd = value;
                case "--max-recovery" -> maxRecoverySeconds = Integer.parseInt(value);
                case "--kill-at" -> killAt = Integer.parseInt(value);
                case "--kill-url" -> killUrl = value;
                case "--kill-cmd" -> killCmd = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (url == null || rootSecret == null || (faultAt >= 0 && faultCmd == null)
                || (killAt >= 0 && (killCmd == null || killUrl == null || !List.of(url.split(",")).contains(killUrl)))) {
            System.err.println("usage: java Soak.java --url URL --root-secret S [--seconds N] [--clients N] [--users N] "
                    + "[--ramp-seconds S] [--session-seconds S] [--fault-at S --fault-cmd CMD] [--max-recovery S] "
                    + "[--kill-at S --kill-url ONE_OF_THE_URLS --kill-cmd CMD]");
            System.exit(2);
        }
        urls = List.of(url.split(","));
        if (!urls.stream().allMatch(u -> u.startsWith("http://127.0.0.1:"))) {
            throw new IllegalArgumentException("the soak talks to 127.0.0.1 only");
        }
        provision();
        log("load: " + clients + " clients for " + seconds + " s" + (rampSeconds > 0 ? ", starting over " + rampSeconds + " s" : "")
                + (sessionSeconds > 0 ? ", each Session used " + sessionSeconds + " s" : "") + (faultAt >= 0 ? ", fault at " + faultAt + " s" : ""));
        startMs = System.currentTimeMillis();
        long deadline = startMs + seconds * 1000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            long startAt = startMs + (long) i * rampSeconds * 1000L / clients;
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(Math.max(0, startAt - System.currentTimeMillis()));
                    client(deadline);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    problem("load client crashed: " + e);
                }
            }, "soak-" + i);
            t.start();
            threads.add(t);
        }
        Thread faulter = null;
        if (faultAt >= 0) {
            faulter = new Thread(Soak::fault, "fault");
            faulter.start();
        }
        Thread prober = new Thread(Soak::probe, "probe");
        prober.setDaemon(true);
        prober.start();
        if (killAt >= 0) {
            faulter = new Thread(Soak::kill, "kill");
            faulter.start();
        }
        Thread progress = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(10_000);
                    log(String.format(Locale.ROOT, "progress: %d requests, %d 5xx, %d I/O errors, %d unexpected, %d Sessions",
                            REQUESTS.get(), FIVE_XX.get(), IO_ERRORS.get(), UNEXPECTED.get(), SESSIONS.size()));
                }
            } catch (InterruptedException e) {
                // done
            }
        });
        progress.setDaemon(true);
        progress.start();
        for (Thread t : threads) {
            t.join();
        }
        if (faulter != null) {
            faulter.join();
        }
        long loadMs = System.currentTimeMillis() - startMs;
        long loadRequests = REQUESTS.get();
        long load5xx = FIVE_XX.get();
        long loadIo = IO_ERRORS.get();

        System.out.println();
        System.out.printf(Locale.ROOT, "load: %d requests in %.1f s (%.1f/s), %d responses 5xx, %d I/O errors or timeouts, %d unexpected statuses%n",
                loadRequests, loadMs / 1000.0, loadRequests * 1000.0 / loadMs, load5xx, loadIo, UNEXPECTED.get());
        new TreeMap<>(COUNTS).forEach((k, v) -> System.out.printf("  %-32s %7d%s%n", k, v.get(), latencies(k)));
        PROBLEMS.forEach(p -> System.out.println("  UNEXPECTED " + p));

        boolean pass = true;
        if (killAt >= 0) {
            pass &= !faultFailed && killedBackMs > 0 && FAILED_OTHERWISE.get() == 0 && UNEXPECTED.get() == 0;
        } else if (faultAt >= 0) {
            pass &= reportFault();
            pass &= UNEXPECTED.get() == 0;
        } else if (load5xx > 0 || loadIo > 0 || UNEXPECTED.get() > 0) {
            pass = false;
        }
        int inconsistent = check();
        long check5xx = FIVE_XX.get() - load5xx;
        if (check5xx > 0) {
            System.out.println("check: " + check5xx + " responses 5xx during the check");
        }
        pass &= inconsistent == 0 && check5xx == 0;
        if (killAt >= 0) {
            System.out.printf(Locale.ROOT, "kill: at %.1f s; failed requests: %d in flight on the killed instance, %d otherwise;"
                    + " %d rerouted (refused connection); restarted instance ready %s s after the kill, then served %d requests;"
                    + " Sessions inconsistent: %d; refresh tokens that stopped working: %d%n",
                    (killMs - startMs) / 1000.0, FAILED_IN_FLIGHT.get(), FAILED_OTHERWISE.get(), REROUTED.get(),
                    killedBackMs > 0 ? String.format(Locale.ROOT, "%.1f", (killedBackMs - killMs) / 1000.0) : "never",
                    SERVED_BY_RESTARTED.get(), inconsistent, REFRESH_LOST.get());
            pass &= SERVED_BY_RESTARTED.get() > 0;
        }
        System.out.println("RESULT " + (pass ? "PASS" : "FAIL") + String.format(Locale.ROOT,
                " requests=%d seconds=%.0f 5xx=%d io_errors=%d unexpected=%d inconsistent=%d sessions=%d",
                REQUESTS.get(), loadMs / 1000.0, FIVE_XX.get(), IO_ERRORS.get(), UNEXPECTED.get(), inconsistent, SESSIONS.size()));
        System.exit(pass ? 0 : 1);
    }

    static boolean reportFault() {
        if (faultFailed) {
            System.out.println("fault: the fault command failed: no fault was injected");
            return false;
        }
        if (dbBackMs < 0) {
            System.out.println("fault: the database never came back");
            return false;
        }
        long lastFailedStart = -1;
        long firstFailedStart = Long.MAX_VALUE;
        for (long[] f : FAILURES) {
            lastFailedStart = Math.max(lastFailedStart, f[0]);
            firstFailedStart = Math.min(firstFailedStart, f[0]);
        }
        double recovery = Math.max(0, lastFailedStart - dbBackMs) / 1000.0;
        System.out.printf(Locale.ROOT, "fault: restart began at %.1f s, database back at %.1f s; failed requests: %d (first began at %s s, last at %s s)%n",
                (faultStartMs - startMs) / 1000.0, (dbBackMs - startMs) / 1000.0, FAILURES.size(),
                FAILURES.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f", (firstFailedStart - startMs) / 1000.0),
                FAILURES.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f", (lastFailedStart - startMs) / 1000.0));
        System.out.printf(Locale.ROOT, "fault: RECOVERY %.1f s after the database was back (every request begun later succeeded); budget %d s%n",
                recovery, maxRecoverySeconds);
        int from = (int) Math.max(0, (faultStartMs - startMs) / 1000 - 3);
        int to = (int) Math.min(TIMELINE - 1, (dbBackMs - startMs) / 1000 + 10);
        StringBuilder timeline = new StringBuilder("fault: timeline (second: ok/failed)");
        for (int s = from; s <= to; s++) {
            timeline.append(' ').append(s).append(':').append(OK_PER_SECOND.get(s)).append('/').append(FAIL_PER_SECOND.get(s));
        }
        System.out.println(timeline);
        return recovery <= maxRecoverySeconds;
    }

    // ------------------------------------------------------------------ small helpers

    static void log(String text) {
        synchronized (System.out) {
            System.out.println("[" + java.time.LocalTime.now().withNano(0) + "] " + text);
            System.out.flush();
        }
    }

    static String abbreviate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    /** A string field of a JSON object, or null (also for a body that is no JSON object). */
    static String str(String json, String field) {
        try {
            Object value = ((Map<?, ?>) Json.parse(json)).get(field);
            return value instanceof String s ? s : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /** The jti of a JWT (payload decoded, not verified), or null for an opaque token. */
    static String jti(String token) {
        if (token == null) {
            return null;
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        return str(payload, "jti");
    }

    /** A minimal JSON parser: objects (LinkedHashMap), arrays (List), strings, numbers (Double), booleans, null. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json json = new Json(text);
            Object value = json.value();
            json.space();
            if (json.i != text.length()) {
                throw new IllegalArgumentException("trailing characters in JSON at " + json.i);
            }
            return value;
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            space();
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    Map<String, Object> map = new LinkedHashMap<>();
                    i++;
                    space();
                    if (s.charAt(i) == '}') {
                        i++;
                        return map;
                    }
                    while (true) {
                        space();
                        String key = string();
                        space();
                        expect(':');
                        map.put(key, value());
                        space();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expect('}');
                            return map;
                        }
                    }
                }
                case '[': {
                    List<Object> list = new ArrayList<>();
                    i++;
                    space();
                    if (s.charAt(i) == ']') {
                        i++;
                        return list;
                    }
                    while (true) {
                        list.add(value());
                        space();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expect(']');
                            return Collections.unmodifiableList(list);
                        }
                    }
                }
                case '"':
                    return string();
                case 't':
                    i += 4;
                    return Boolean.TRUE;
                case 'f':
                    i += 5;
                    return Boolean.FALSE;
                case 'n':
                    i += 4;
                    return null;
                default: {
                    int start = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                        i++;
                    }
                    return Double.parseDouble(s.substring(start, i));
                }
            }
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i);
            }
            i++;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
        }
    }
}
