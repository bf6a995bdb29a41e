package gatehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A Payara Micro started the way an operator starts it, {@code java -jar
 * payara-micro.jar --deploy gatehouse.war --contextroot / --port N}, for tests
 * that restart servers or run several. Configuration comes from environment
 * variables only; the working directory is the given folder.
 */
public final class PayaraMicroProcess implements AutoCloseable {

    /** -Dit.startup.seconds raises it on a machine loaded by other work (two servers starting at once take twice as long). */
    private static final Duration STARTUP = Duration.ofSeconds(Long.getLong("it.startup.seconds", 180));

    private final Process process;
    private final int port;
    private final Path log;

    private PayaraMicroProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * The environment plus the JVM options of arquillian.xml's servers (C1-compiled code
     * only, the serial collector), passed the way an operator can pass them, in
     * {@code JDK_JAVA_OPTIONS} (read by the {@code java} launcher, which notes it in the log).
     * For servers that live for one test whose JIT does not matter: their start costs
     * less CPU on 2 cores, where C2 compilations otherwise compete with it.
     */
    public static Map<String, String> withShortLivedJvm(Map<String, String> environment) {
        Map<String, String> changed = new HashMap<>(environment);
        changed.put("JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        return changed;
    }

    public static PayaraMicroProcess start(Path workDir, Map<String, String> environment) throws IOException, InterruptedException {
        return start(workDir, freePort(), environment, List.of());
    }

    /**
     * {@link #start(Path, Map)} on another thread: servers that start together (as
     * instances of one database do) start side by side, not one after the other.
     */
    public static CompletableFuture<PayaraMicroProcess> startAsync(Path workDir, Map<String, String> environment) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return start(workDir, environment);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * Gatehouse at {@code /} on the given port and, deployed after it in the same
     * server, other WARs, each at the context root its file name gives
     * ({@code other-app.war} at {@code /other-app}). Ready once Gatehouse answers;
     * the other WARs may still be deploying then.
     */
    public static PayaraMicroProcess start(Path workDir, int port, Map<String, String> environment, List<Path> otherWars)
            throws IOException, InterruptedException {
        PayaraMicroProcess server = launch(workDir, port, environment, otherWars);
        server.awaitReady();
        return server;
    }

    /** Starts the server and returns at once, for tests that watch the start-up itself. */
    public static PayaraMicroProcess launch(Path workDir, int port, Map<String, String> environment, List<Path> otherWars)
            throws IOException {
        if (System.getProperty("wildfly.home") != null) {
            throw new IllegalStateException("The WildFly profiles build WildFly's WAR, which Payara Micro cannot deploy: mark the test @StartsPayaraMicro");
        }
        Files.createDirectories(workDir);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("payara.micro.jar"),
                "--deploy", Path.of(System.getProperty("gatehouse.war", "target/gatehouse.war")).toAbsolutePath().toString(),
                "--contextroot", "/",
                "--port", Integer.toString(port),
                "--nohazelcast",
                "--postbootcommandfile", Path.of(System.getProperty("payara.commands", "server-config/payara/gatehouse.asadmin")).toAbsolutePath().toString()));
        for (Path war : otherWars) {
            command.add("--deploy");
            command.add(war.toAbsolutePath().toString());
        }
        Path log = workDir.resolve("payara-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(TestDatabase.environment());
        builder.environment().putAll(environment);
        return new PayaraMicroProcess(builder.start(), port, log);
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** A client that reaches the server at this address of the machine (any of 127.0.0.0/8, or the machine's own). */
    public Http httpVia(String address) {
        return new Http("http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port);
    }

    /**
     * Starts a server that must fail to deploy Gatehouse: returns the log once it
     * shows {@code expected}, and stops the server. Fails if Gatehouse comes up.
     */
    public static String startExpectingDeploymentFailure(Path workDir, Map<String, String> environment, String expected)
            throws IOException, InterruptedException {
        PayaraMicroProcess server = launch(workDir, freePort(), environment, List.of());
        try {
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (System.nanoTime() < deadline) {
                String text = Files.exists(server.log) ? Files.readString(server.log) : "";
                if (text.contains(expected)) {
                    return text;
                }
                if (text.contains("Payara Micro") && text.contains("ready in")) {
                    throw new IllegalStateException(server.answers() ? "Gatehouse started although it should not have:\n" + text
                            : "Payara Micro is ready and Gatehouse failed, but not as expected (" + expected + "):\n" + text);
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException("Not seen within " + STARTUP + ": " + expected + "\n" + Files.readString(server.log));
        } finally {
            server.close();
        }
    }

    private boolean answers() throws InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/.well-known/jwks.json"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    public Http http() {
        return new Http(baseUrl());
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    private void awaitReady() throws InterruptedException, IOException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited at start:\n" + log());
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/.well-known/jwks.json"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("Payara Micro not ready within " + STARTUP + ":\n" + log());
    }

    /**
     * Stops the servers (null ones skipped) the way Ctrl-C does, all at once rather than
     * one after the other, and waits for each to exit.
     */
    public static void closeAll(PayaraMicroProcess... servers) throws InterruptedException {
        for (PayaraMicroProcess server : servers) {
            if (server != null) {
                server.process.destroy();
            }
        }
        for (PayaraMicroProcess server : servers) {
            if (server != null) {
                server.close();
            }
        }
    }

    /** Stops the server the way Ctrl-C does, and waits for it to exit. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(60).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** A port free now, for a server about to start; callers that must know it before the start pass it in. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
