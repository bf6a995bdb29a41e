package gatehouse.hardening;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import gatehouse.testing.GatehouseIT;
import gatehouse.testing.Http;
import gatehouse.testing.Http.Reply;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestClients;
import gatehouse.testing.TestClients.TestClient;
import gatehouse.testing.TestUsers;
import gatehouse.testing.TestUsers.TestUser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sends {@value #REQUESTS} generated requests (random and mutated bodies, media
 * types, methods, paths, parameters, headers and tokens) across /auth, the
 * resource API and /Session. None may get a 5xx or a stack trace, and the data
 * that existed before must be byte-identical after. Each request is derived
 * from the seed and its index, so a failure prints everything needed to replay
 * it: {@code -Dfuzz.seed=S}.
 */
class FuzzIT extends GatehouseIT {

    static final int REQUESTS = 10_000;
    /** Passes of the whole bomb corpus before any is timed (see parserBombsGet4xxAtOnceAndLeaveTheHeapAsItWas). */
    static final int WARM_UP_PASSES = 5;
    /** A bomb may cost at most this many ordinary small writes (and 100 ms when those are fast). */
    static final int BOMB_VERSUS_WRITE = 25;
    static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "GET", "POST", "PUT"};
    static final String[] MEDIA_TYPES = {null, "application/json", "text/yaml", "application/x-yaml", "application/yaml",
            "application/x-www-form-urlencoded", "text/plain", "garbage", "application/json; charset=ISO-8859-1",
            "multipart/form-data; boundary=x", "application/fhir+json", "*/*", "application/json;;;"};

    /** See {@link #beforeAnyApplication}. */
    private final List<String> containerDefects = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
    /** Requests that got no response at all (an IOException: refused, reset, closed before any status line). */
    private final List<String> transportFailures = java.util.Collections.synchronizedList(new ArrayList<>());
    private TestClient client;
    private TestUser user;
    private String token;
    private String patientId;
    private String policyId;

    @Test
    void generatedRequestsNeverGet5xxNorChangeExistingData() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.currentTimeMillis());
        System.out.println("FuzzIT seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        createFixtures();
        Map<String, String> before = snapshot();

        AtomicInteger fiveHundreds = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> workers = new ArrayList<>();
        for (int worker = 0; worker < 2; worker++) {
            int first = worker;
            workers.add(pool.submit(() -> {
                for (int i = first; i < REQUESTS; i += 2) {
                    Random random = new Random(seed * 31 + i);
                    String described = send(random);
                    if (described != null) {
                        fiveHundreds.incrementAndGet();
                        fail("seed " + seed + ", request " + i + ": " + described);
                    }
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        System.out.println("FuzzIT statuses " + statuses + ", transport failures " + transportFailures.size());
        transportFailures.forEach(failure -> System.out.println("FuzzIT transport failure: " + failure));
        System.out.println("FuzzIT failures of the servlet container before any application, on paths Gatehouse refuses: "
                + containerDefects);
        assertEquals(0, fiveHundreds.get());
        // A response followed by a closed connection (Connection: close on a 400) is a response;
        // a request that got none is a finding, whatever it was.
        assertEquals(List.of(), transportFailures, "requests without any response (seed " + seed + ")");
        assertEquals(before, snapshot(), "existing data unchanged (seed " + seed + ")");
    }

    /**
     * Parser bombs, each shape in JSON and YAML where it has one, to a
     * public endpoint and to authenticated ones: every one gets a 4xx within 100 ms
     * in steady state, which is what an attacker who repeats a bomb meets (on a machine
     * so busy that an ordinary small write, measured in the same test, takes more than
     * 100/{@value #BOMB_VERSUS_WRITE} ms, within {@value #BOMB_VERSUS_WRITE} such writes), and the
     * server's live heap after the whole corpus is within 10% of before. Steady state:
     * the corpus is sent to every target {@value #WARM_UP_PASSES} times first, since
     * on a busy 2-core machine C2 compiles SnakeYAML's scanner only after a dozen
     * long bodies (before that a long flow sequence costs ~100 ms, after it ~15 ms);
     * then the best of three tries counts, so that one GC pause is not the verdict.
     */
    @Test
    void parserBombsGet4xxAtOnceAndLeaveTheHeapAsItWas() {
        createFixtures();
        assertEquals(201, http.put("/AccessPolicy/" + "bomb-" + policyId).root().json("{\"engine\":\"allow\","
                + "\"link\":[{\"resourceType\":\"User\",\"id\":\"" + user.id() + "\"}]}").send().status());
        long heapBefore = ServerProcess.liveHeapBytes();
        List<Http.Request> targets = List.of(
                http.post("/auth/token").basic(client.id(), client.secret()),
                http.put("/Patient/bomb").root(),
                http.post("/AccessPolicy").root(),
                http.put("/Patient/bomb").bearer(token));
        for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
            for (String[] bomb : bombs().values()) {
                for (Http.Request target : targets) {
                    int status = target.body(bomb[0], bomb[1]).send().status();
                    assertTrue(status >= 400 && status < 500, "warm-up: HTTP " + status);
                }
            }
        }
        long write = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5; attempt++) {
            long start = System.nanoTime();
            assertEquals(200, http.put("/Patient/bomb-baseline").root().json("{\"name\":\"baseline\"}").send().status() / 100 * 100);
            write = Math.min(write, (System.nanoTime() - start) / 1_000_000);
        }
        long bound = Math.max(100, BOMB_VERSUS_WRITE * write);
        System.out.println("FuzzIT bombs: an ordinary write takes " + write + " ms, a bomb may take " + bound + " ms");
        for (Map.Entry<String, String[]> bomb : bombs().entrySet()) {
            String type = bomb.getValue()[0];
            String content = bomb.getValue()[1];
            for (Http.Request target : targets) {
                long best = Long.MAX_VALUE;
                Reply reply = null;
                for (int attempt = 0; attempt < 3; attempt++) {
                    long start = System.nanoTime();
                    reply = target.body(type, content).send();
                    best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
                }
                System.out.println("FuzzIT bomb " + bomb.getKey() + " -> HTTP " + reply.status() + " in " + best + " ms");
                assertTrue(reply.status() >= 400 && reply.status() < 500, bomb.getKey() + ": " + reply);
                assertTrue(best < bound, bomb.getKey() + " took " + best + " ms: " + reply);
            }
        }
        long heapAfter = ServerProcess.liveHeapBytes();
        assertTrue(heapAfter <= heapBefore * 1.10, "live heap " + heapBefore + " -> " + heapAfter + " bytes");
        assertEquals(404, http.get("/Patient/bomb").root().send().status(), "no bomb was stored");
    }

    /** Each shape of body that costs more to read than to send, by name: media type and content. */
    static Map<String, String[]> bombs() {
        Map<String, String[]> bombs = new java.util.LinkedHashMap<>();
        StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char level = 'b'; level <= 'i'; level++) {
            char previous = (char) (level - 1);
            laughs.append(level).append(": &").append(level).append(" [").append(("*" + previous + ",").repeat(8))
                    .append('*').append(previous).append("]\n");
        }
        bombs.put("yaml nested aliases", new String[] {"text/yaml", laughs.toString()});
        bombs.put("yaml alias of a long string", new String[] {"text/yaml",
                "s: &s \"" + "x".repeat(10_000) + "\"\nl: [" + "*s,".repeat(49) + "*s]\n"});
        StringBuilder merges = new StringBuilder("a0: &a0 {k0: v}\n");
        for (int i = 1; i < 25; i++) {
            merges.append("a").append(i).append(": &a").append(i).append(" {? !!merge '<<' : [*a").append(i - 1)
                    .append(", *a").append(i - 1).append("], k").append(i).append(": v}\n");
        }
        bombs.put("yaml merge keys", new String[] {"text/yaml", merges.toString()});
        bombs.put("yaml plain merge keys", new String[] {"text/yaml", merges.toString().replace("? !!merge '<<' :", "<<:")});
        String longList = "[" + "1,".repeat(400_000) + "1]";
        bombs.put("json long flow sequence", new String[] {"application/json", "{\"a\":" + longList + "}"});
        bombs.put("yaml long flow sequence", new String[] {"text/yaml", "a: " + longList + "\n"});
        bombs.put("json deep nesting", new String[] {"application/json", "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"});
        bombs.put("yaml deep nesting", new String[] {"text/yaml", "a: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n"});
        String digits = "9".repeat(200_000); // hundreds of thousands of digits, parsed quadratically if they became a number
        bombs.put("json long number", new String[] {"application/json", "{\"n\":" + digits + "}"});
        bombs.put("yaml long number", new String[] {"text/yaml", "n: " + digits + "\n"});
        bombs.put("json long decimal", new String[] {"application/json", "{\"n\":0." + digits + "}"});
        bombs.put("json huge exponent", new String[] {"application/json", "{\"n\":1e999999999}"});
        bombs.put("yaml huge exponent", new String[] {"text/yaml", "n: 1e999999999\n"});
        StringBuilder manyKeys = new StringBuilder("{");
        for (int i = 0; i < 120_000; i++) {
            manyKeys.append("\"k").append(i).append("\":1,");
        }
        bombs.put("json many keys", new String[] {"application/json", manyKeys.append("\"z\":1}").toString()});
        bombs.put("yaml over the body limit", new String[] {"text/yaml", "a: \"" + "x".repeat(2 * 1024 * 1024) + "\"\n"});
        return bombs;
    }

    private void createFixtures() {
        client = TestClients.confidential().jwt().refreshTokens().create(http);
        user = TestUsers.user().roles("fuzz").create(http);
        token = http.post("/auth/token").oauthBasic(client.id(), client.secret())
                .form("grant_type", "password", "username", user.userName(), "password", user.password())
                .send().json().getString("access_token");
        patientId = "pt-" + UUID.randomUUID();
        assertEquals(201, http.put("/Patient/" + patientId).root().json("{\"name\":{\"family\":\"Fuzz\"},\"n\":1}").send().status());
        policyId = "policy-" + UUID.randomUUID();
        assertEquals(201, http.put("/AccessPolicy/" + policyId).root().json("{\"engine\":\"matcho\",\"matcho\":{\"request-method\":\"get\"},"
                + "\"link\":[{\"resourceType\":\"User\",\"id\":\"" + user.id() + "\"}]}").send().status());
    }

    /** Everything the fuzzer could damage, as root sees it (lock state excluded: it never uses the user's name). */
    private Map<String, String> snapshot() {
        return Map.of(
                "patient", http.get("/Patient/" + patientId).root().send().body(),
                "user", http.get("/User/" + user.id()).root().send().body(),
                "client", http.get("/Client/" + client.id()).root().send().body(),
                "policy", http.get("/AccessPolicy/" + policyId).root().send().body(),
                "session", http.get("/Session?user.id=" + user.id()).root().send().body().replaceAll(",\"lastUsed\":\"[^\"]*\"", ""),
                "token works", Integer.toString(http.get("/auth/userinfo").bearer(token).send().status()));
    }

    /** Sends one generated request; returns its description if the answer is a 5xx or leaks a stack trace. */
    private String send(Random random) {
        String method = pick(random, METHODS);
        String path = path(random) + query(random);
        String type = pick(random, MEDIA_TYPES);
        String authorization = authorization(random);
        if (authorization != null && authorization.equals("Bearer " + token) && method.equals("DELETE")) {
            authorization = "Bearer " + mutate(random, token); // the fixture Session must survive
        }
        byte[] body = random.nextInt(4) == 0 ? null : body(random);
        Http.Request request = http.method(method, path);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (random.nextInt(5) == 0) {
            request.accept(pick(random, new String[] {"text/yaml", "application/json", "text/html", "garbage/x", "*/*",
                    "text/yaml;q=abc", ";;;", "application/json;q=2", "*/*;q=", "text/yaml, application/json;q=0.5", ",,,"}));
        }
        if (body != null) {
            request.body(type, body);
        } else if (type != null) {
            request.header("Content-Type", type);
        }
        Reply reply;
        try {
            reply = request.send();
        } catch (IllegalStateException transport) {
            StringBuilder causes = new StringBuilder();
            for (Throwable cause = transport.getCause(); cause != null; cause = cause.getCause()) {
                causes.append(" <- ").append(cause);
            }
            transportFailures.add(method + " " + path + " [" + type + "] auth=" + authorization + " body="
                    + (body == null ? null : body.length + " bytes") + ":" + causes);
            return null; // counted and failed on at the end, after the statuses are printed
        }
        statuses.computeIfAbsent(reply.status(), status -> new AtomicInteger()).incrementAndGet();
        boolean leaks = reply.body().contains("Exception") || reply.body().contains("\tat ") || reply.body().contains("at gatehouse.")
                || reply.body().toLowerCase(java.util.Locale.ROOT).contains("<html") && !path.startsWith("/console/");
        if (reply.status() >= 500 && !leaks && beforeAnyApplication(reply, path)) {
            containerDefects.add(method + " " + path + " -> " + reply.status());
            return null;
        }
        if (reply.status() >= 500 || leaks) {
            return method + " " + path + " [" + type + "] auth=" + authorization + " body="
                    + (body == null ? null : new String(body, StandardCharsets.UTF_8)) + " -> " + reply;
        }
        return null;
    }

    /**
     * Whether an answer came from the servlet container before any application ran: every
     * answer of Gatehouse, errors included, carries {@code X-Content-Type-Options}. Payara's
     * URI normalizer fails now and then on paths such as {@code /Session/.} or with {@code %25}
     * and dots, with an empty 500 of its own; that is a finding about the container, and
     * only for a path Gatehouse itself refuses as not canonical does it not fail this test.
     */
    private static boolean beforeAnyApplication(Reply reply, String pathAndQuery) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        if (reply.header("X-Content-Type-Options") != null || !reply.body().isEmpty()) {
            return false;
        }
        try {
            gatehouse.config.CanonicalPath.parse(path);
            return false;
        } catch (gatehouse.config.CanonicalPath.NotCanonical refused) {
            return true;
        }
    }

    private String path(Random random) {
        String[] paths = {"/auth/token", "/auth/token", "/auth/token", "/auth/introspect", "/auth/revoke", "/auth/userinfo",
                "/Session", "/Session/" + word(random), "/Patient", "/Patient/" + patientId, "/Patient/" + word(random),
                "/User/" + user.id(), "/Client/" + client.id(), "/AccessPolicy", "/AccessPolicy/" + policyId, "/User",
                "/.well-known/jwks.json", "/.well-known/openid-configuration", "/", "/auth", "/auth/token/x",
                "/Patient/%2e%2e", "/Patient/" + "x".repeat(random.nextInt(300)), "/%00", "/" + word(random) + "/" + word(random),
                "/Patient/a%20b", "/Observation/" + UUID.randomUUID(), "/lowercase/x",
                // the operating endpoints and the console
                "/auth/explain", "/auth/keys/rotate", "/health", "/health/ready", "/health/" + word(random), "/metrics",
                "/openapi", "/AuditEvent", "/AuditEvent/" + word(random), "/console/", "/console/app.js",
                "/console/..%2fWEB-INF%2fweb.xml", "/console/" + word(random)};
        String path = pick(random, paths);
        if (random.nextInt(3) == 0 && path.length() > 1 && !path.endsWith("/")) {
            // a spelling of the path that some reader could take for another (CanonicalPathIT's mutations)
            return pick(random, CanonicalPathIT.mutations(path).toArray(String[]::new));
        }
        return path;
    }

    private String query(Random random) {
        if (random.nextInt(3) != 0) {
            return "";
        }
        String[] names = {"_count", "_page", "_sort", "_id", "_foo", "name.family", "n", "a.b.c.d.e.f.g.h.i", "_count", "%25zz",
                "recorded", "user.id", "_cursor", "_total", "_elements"};
        String[] values = {"1", "0", "-1", "1001", "99999999999", "abc", "", "-n", "name,-id", "%00", "١٠", "x".repeat(500), "a,b,c", "gt2026-01-01", "le-1e999"};
        StringBuilder query = new StringBuilder("?");
        for (int i = random.nextInt(4); i >= 0; i--) {
            query.append(pick(random, names)).append('=').append(pick(random, values)).append('&');
        }
        return query.toString();
    }

    private String authorization(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> null;
            case 1 -> "Bearer " + token;
            case 2 -> "Bearer " + mutate(random, token);
            case 3 -> "Bearer " + word(random);
            case 4 -> "Basic " + Base64.getEncoder().encodeToString((client.id() + ":" + word(random)).getBytes(StandardCharsets.UTF_8));
            case 5 -> "Basic " + word(random);
            case 6 -> "Basic " + Base64.getEncoder().encodeToString(word(random).getBytes(StandardCharsets.UTF_8));
            case 7 -> pick(random, new String[] {"Bearer", "Basic", "Digest abc", "bearer  ", "Bearer a.b.c", "Basic Og=="});
            default -> null;
        };
    }

    private byte[] body(Random random) {
        String[] seeds = {
                "{\"grant_type\":\"password\",\"client_id\":\"" + client.id() + "\",\"client_secret\":\"x\",\"username\":\"decoy\",\"password\":\"p\"}",
                "grant_type=password&username=decoy&password=p&client_id=" + client.id(),
                "grant_type=refresh_token&refresh_token=" + word(random),
                "token=" + mutate(random, token) + "&token_type_hint=access_token",
                "{\"resourceType\":\"Patient\",\"name\":{\"family\":\"X\"},\"n\":1}",
                "resourceType: Patient\nname:\n  family: X\nlist: [1, 2, {a: b}]\n",
                "{\"engine\":\"matcho\",\"matcho\":{\"uri\":\"#(a+)+$\"}}",
                "{\"id\":\"" + word(random) + "\",\"meta\":{\"versionId\":\"9\"}}",
                "a: &a [*a, *a]\nb: *a\n",
                "[" .repeat(300) + "]".repeat(300),
                "{\"a\":" .repeat(200) + "1" + "}".repeat(200),
        };
        String text = pick(random, seeds);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int mutations = random.nextInt(4);
        for (int i = 0; i < mutations && bytes.length > 0; i++) {
            switch (random.nextInt(4)) {
                case 0 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
                case 1 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                case 2 -> {
                    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
                    longer[bytes.length] = (byte) random.nextInt(256);
                    bytes = longer;
                }
                default -> bytes = (new String(bytes, StandardCharsets.UTF_8) + word(random).repeat(random.nextInt(50)))
                        .getBytes(StandardCharsets.UTF_8);
            }
        }
        return bytes;
    }

    /** The value with one character changed: never the value itself. */
    private static String mutate(Random random, String value) {
        char[] chars = value.toCharArray();
        int at = random.nextInt(chars.length);
        char replacement = (char) ('A' + random.nextInt(26));
        chars[at] = replacement == chars[at] ? (char) ('A' + (replacement - 'A' + 1) % 26) : replacement;
        return new String(chars);
    }

    private static String word(Random random) {
        String alphabet = "abcXYZ019-._~%";
        StringBuilder word = new StringBuilder();
        for (int i = 1 + random.nextInt(40); i > 0; i--) {
            word.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return word.toString().replace("%", "%25");
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
