package gatehouse.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import gatehouse.testing.PayaraMicroProcess;
import gatehouse.testing.TestDatabase;
import gatehouse.testing.StartsPayaraMicro;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Readiness as a load balancer sees it, on a Payara Micro started the way an
 * operator starts it: polled from the moment the JVM starts, {@code /health/ready}
 * turns UP only when every request after it succeeds; with the database cut
 * (PostgreSQL) it goes DOWN while live stays UP, and comes back by itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@StartsPayaraMicro
class HealthIT {

    private static final String ROOT_SECRET = "health-it-root-secret";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static PayaraMicroProcess server;
    /** The statuses /health/ready answered before its first 200, in order and deduplicated (Payara's own 404, 500, ...). */
    private static final List<String> beforeUp = new ArrayList<>();
    private static long upAfterMillis;

    @BeforeAll
    static void startAndWatch() throws Exception {
        Path dir = Path.of(System.getProperty("it.data.dir", "target/it-data"), "health");
        long started = System.nanoTime();
        server = PayaraMicroProcess.launch(dir, PayaraMicroProcess.freePort(),
                Map.of("GATEHOUSE_ROOT_CLIENT_SECRET", ROOT_SECRET, "GATEHOUSE_PASSWORD_HASH_ITERATIONS",
                        System.getProperty("it.hash.iterations", "1024")), List.of());
        long deadline = started + Duration.ofSeconds(180).toNanos();
        while (true) {
            if (!server.alive() || System.nanoTime() > deadline) {
                fail("Never ready:\n" + server.log());
            }
            Answer ready = get("/health/ready", false);
            if (ready.status == 200) {
                assertTrue(ready.body.contains("\"status\":\"UP\""), ready.body);
                upAfterMillis = (System.nanoTime() - started) / 1_000_000;
                break;
            }
            if (ready.status != 0 && (beforeUp.isEmpty() || !beforeUp.get(beforeUp.size() - 1).equals(Integer.toString(ready.status)))) {
                beforeUp.add(Integer.toString(ready.status));
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void afterTheFirstUpEveryRequestSucceeds() throws Exception {
        // Straight after the first UP, for two seconds: discovery, a search, a client and a token, and readiness.
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        int requests = 0;
        String client = "health-" + System.nanoTime();
        assertEquals(201, put("/Client/" + client, "{\"secret\":\"health-client-secret\",\"grant_types\":[\"client_credentials\"]}"));
        while (System.nanoTime() < until) {
            for (String path : List.of("/health/ready", "/.well-known/jwks.json", "/.well-known/openid-configuration")) {
                assertEquals(200, get(path, false).status, path + " after ready at " + upAfterMillis + " ms");
            }
            assertEquals(200, get("/Client?_count=1", true).status);
            assertEquals(200, token(client, "health-client-secret"));
            requests += 5;
        }
        System.out.println("HealthIT: ready " + upAfterMillis + " ms after the JVM started; before that: "
                + beforeUp + "; " + requests + " requests after it, all 200");
        String log = server.log();
        assertEquals(1, log.split("Gatehouse started: database ", -1).length - 1, "one start-up line");
        assertTrue(log.contains("root client configured; health at /health/ready, metrics at /metrics"), log);
    }

    @Test
    @Order(2)
    void whenTheDatabaseIsCutThenReadyIsDownAndComesBack() throws Exception {
        assumeTrue(TestDatabase.isPostgres(), "cutting the database needs PostgreSQL (-Ppostgres)");
        String url = System.getProperty("it.db.url");
        String name = url.substring(url.lastIndexOf('/') + 1).split("\\?")[0];
        try (Connection admin = DriverManager.getConnection(url.substring(0, url.lastIndexOf('/')) + "/postgres",
                System.getProperty("it.db.user"), System.getProperty("it.db.password"))) {
            try {
                admin.createStatement().execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
                admin.createStatement().execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + name + "' AND pid <> pg_backend_pid()");
                long cut = System.nanoTime();
                awaitReady(503, "DOWN", Duration.ofSeconds(20));
                System.out.println("HealthIT: DOWN " + (System.nanoTime() - cut) / 1_000_000 + " ms after the cut");
                assertEquals(200, get("/health/live", false).status, "live stays UP without the database");
                assertEquals(200, get("/health/started", false).status);
            } finally {
                admin.createStatement().execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            }
            long back = System.nanoTime();
            awaitReady(200, "UP", Duration.ofSeconds(30));
            System.out.println("HealthIT: UP again " + (System.nanoTime() - back) / 1_000_000 + " ms after the database came back");
            assertEquals(200, get("/Client?_count=1", true).status);
        }
    }

    private static void awaitReady(int status, String expected, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        Answer last = null;
        while (System.nanoTime() < deadline) {
            last = get("/health/ready", false);
            if (last.status == status && last.body.contains("\"status\":\"" + expected + "\"")) {
                return;
            }
            Thread.sleep(100);
        }
        fail("/health/ready not " + expected + " within " + within + ": " + (last == null ? "" : last.status + " " + last.body));
    }

    private record Answer(int status, String body) {
    }

    private static Answer get(String path, boolean root) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(10));
        if (root) {
            request.header("Authorization", basic("root", ROOT_SECRET));
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException notListening) {
            return new Answer(0, "");
        }
    }

    private static int put(String path, String json) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Authorization", basic("root", ROOT_SECRET))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int token(String client, String secret) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/auth/token")).header("Authorization", basic(client, secret))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
