import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Which layer of the request path a JFR recording's CPU samples fall in (bench/versus.sh or
 * bench/run.sh with PROFILE=1): {@code java JfrLayers.java FILE.jfr [CPU_MS_PER_REQUEST]}.
 * Each sample goes to the innermost layer on its stack, so the shares add up to 100% and a
 * layer's figure is its own work, not what it calls. Given the scenario's CPU per request,
 * it also prints each layer's share of that in milliseconds. Recordings of the floor and of
 * a Gatehouse row, side by side, show what Gatehouse adds and where.
 * JFR samples Java code only: collector, compiler and kernel time are in the CPU figure
 * but not in the samples, so the milliseconds spread them over the layers pro rata.
 */
public class JfrLayers {

    /**
     * Layer names and the class-name prefixes of their frames. Walking a stack from its leaf,
     * the first frame that matches decides; a frame that matches several takes the later entry.
     */
    private static final String[][] LAYERS = {
            {"Gatehouse, other", "gatehouse."},
            {"Grizzly (HTTP parsing, writing)", "org.glassfish.grizzly."},
            {"Payara's container mapper", "com.sun.enterprise.v3.services.impl.ContainerMapper"},
            {"Catalina (valves, filter chain)", "org.apache.catalina."},
            {"Gatehouse servlet filters", "gatehouse.error.CanonicalRequestFilter", "gatehouse.config.ResponseHeaders",
                    "gatehouse.client.ThrottleDelay"},
            {"Jersey (routing, injection, stages)", "org.glassfish.jersey.", "org.jvnet.hk2.", "org.glassfish.hk2."},
            {"Payara's OpenTelemetry listener", "fish.payara.microprofile.telemetry."},
            {"Weld (CDI proxies)", "org.jboss.weld."},
            {"Gatehouse authentication (Soteria, stores)", "gatehouse.session.", "gatehouse.client.", "gatehouse.user.",
                    "org.glassfish.soteria."},
            {"Gatehouse access policies", "gatehouse.policy."},
            {"Gatehouse resource and JSON", "gatehouse.store.", "gatehouse.token.", "gatehouse.session.SessionResource"},
            {"Jersey writing the response", "org.glassfish.jersey.server.ServerRuntime$Responder", "org.eclipse.parsson."},
            {"EclipseLink", "org.eclipse.persistence."},
            {"JTA", "com.sun.enterprise.transaction."},
            {"connection pool", "com.sun.gjc.", "com.sun.enterprise.resource."},
            {"H2", "org.h2."},
            {"PostgreSQL driver", "org.postgresql."},
    };

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java JfrLayers.java FILE.jfr [CPU_MS_PER_REQUEST]");
            System.exit(2);
        }
        double perRequest = args.length > 1 ? Double.parseDouble(args[1]) : 0;
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String[] layer : LAYERS) {
            counts.put(layer[0], 0);
        }
        counts.put("other", 0);
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                samples++;
                counts.merge(layerOf(event.getStackTrace().getFrames()), 1, Integer::sum);
            }
        }
        System.out.printf(Locale.ROOT, "%d execution samples in %s%s%n", samples, args[0],
                perRequest > 0 ? String.format(Locale.ROOT, "; %.3f ms CPU per request", perRequest) : "");
        int total = Math.max(1, samples);
        counts.forEach((layer, count) -> {
            if (count > 0) {
                System.out.printf(Locale.ROOT, "  %-38s %5.1f%%%s%n", layer, 100.0 * count / total,
                        perRequest > 0 ? String.format(Locale.ROOT, "  %.3f ms", perRequest * count / total) : "");
            }
        });
    }

    /** The innermost layer on the stack (frames are leaf first). */
    private static String layerOf(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String method = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
            for (int i = LAYERS.length - 1; i >= 0; i--) {
                for (int p = 1; p < LAYERS[i].length; p++) {
                    if (method.startsWith(LAYERS[i][p])) {
                        return LAYERS[i][0];
                    }
                }
            }
        }
        return "other";
    }
}
