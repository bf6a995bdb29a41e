package gatehouse.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application server the tests started (Payara Micro or WildFly, a child of
 * this JVM), looked at from outside with the JDK's {@code jcmd}: for tests that
 * must see what a request did to the server's heap.
 */
public final class ServerProcess {

    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    private ServerProcess() {
    }

    /** The bytes of live objects on the server's heap, after a full collection. */
    public static long liveHeapBytes() {
        String histogram = jcmd(pid(), "GC.class_histogram");
        Matcher total = TOTAL.matcher(histogram);
        if (!total.find()) {
            throw new IllegalStateException("No total in the class histogram:\n" + histogram);
        }
        return Long.parseLong(total.group(1));
    }

    private static long pid() {
        List<ProcessHandle> servers = ProcessHandle.current().descendants()
                .filter(process -> process.info().commandLine()
                        .map(line -> line.contains("payara-micro") || line.contains("jboss-modules.jar")).orElse(false))
                .toList();
        if (servers.size() != 1) {
            throw new IllegalStateException("Expected one application server started by this JVM, found " + servers.size());
        }
        return servers.get(0).pid();
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
