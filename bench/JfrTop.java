import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the server's CPU went in a JFR recording (bench/run.sh with PROFILE=1):
 * {@code java JfrTop.java FILE.jfr [N]} prints the N hottest methods by self
 * samples, by inclusive samples, and the gatehouse methods by inclusive samples.
 */
public class JfrTop {

    public static void main(String[] args) throws Exception {
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> suspects = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            Set<String> hit = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = name(frame);
                if (seen.add(name)) {
                    inclusive.merge(name, 1, Integer::sum);
                }
                for (Map.Entry<String, String> suspect : SUSPECTS.entrySet()) {
                    if (name.startsWith(suspect.getValue()) && hit.add(suspect.getKey())) {
                        suspects.merge(suspect.getKey(), 1, Integer::sum);
                    }
                }
            }
        }
        System.out.printf("%d execution samples in %s%n", samples, args[0]);
        print("self", self, samples, n, false);
        print("inclusive", inclusive, samples, n, false);
        print("inclusive, gatehouse.* only", inclusive, samples, n, true);
        print("usual suspects (share of samples with such a frame)", suspects, samples, n, false);
    }

    /** Label -> method-name prefix: the usual suspects of a request's cost (JSON, JWS, PBKDF2, JDBC, JPA, JTA, logging). */
    static final Map<String, String> SUSPECTS = new java.util.LinkedHashMap<>();
    static {
        SUSPECTS.put("JSON-P provider lookup (ServiceLoader per Json.createXxx call)", "jakarta.json.spi.JsonProvider.provider");
        SUSPECTS.put("JSON parsing (parsson)", "org.eclipse.parsson.JsonParserImpl");
        SUSPECTS.put("JSON writing (parsson)", "org.eclipse.parsson.JsonGeneratorImpl");
        SUSPECTS.put("JWS signing/verification (jose4j)", "org.jose4j.jws.JsonWebSignature");
        SUSPECTS.put("PBKDF2", "com.sun.crypto.provider.PBKDF2KeyImpl");
        SUSPECTS.put("SecureRandom", "java.security.SecureRandom.nextBytes");
        SUSPECTS.put("H2 (JDBC)", "org.h2.jdbc");
        SUSPECTS.put("PostgreSQL (JDBC)", "org.postgresql.jdbc");
        SUSPECTS.put("EclipseLink", "org.eclipse.persistence");
        SUSPECTS.put("JTA transactions", "com.sun.enterprise.transaction");
        SUSPECTS.put("connection pool", "com.sun.enterprise.resource.pool");
        SUSPECTS.put("java.util.logging", "java.util.logging.Logger.log");
        SUSPECTS.put("Jersey", "org.glassfish.jersey.server.ServerRuntime");
        SUSPECTS.put("Weld interceptors", "org.jboss.weld.bean.proxy.InterceptorMethodHandler");
        SUSPECTS.put("OpenTelemetry JAX-RS listener", "fish.payara.microprofile.telemetry");
        SUSPECTS.put("regex", "java.util.regex.Pattern");
    }

    static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    static void print(String title, Map<String, Integer> counts, int samples, int n, boolean gatehouseOnly) {
        System.out.println("--- " + title);
        counts.entrySet().stream()
                .filter(e -> !gatehouseOnly || (e.getKey().startsWith("gatehouse.") && !e.getKey().contains("$Proxy$")))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(n)
                .forEach(e -> System.out.printf("%5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
    }
}
