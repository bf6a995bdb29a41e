package gatehouse.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this build, the pom's: Maven writes it into {@code gatehouse/version.properties}
 * (the one filtered resource), so the start-up line and {@code /openapi} cannot disagree with
 * the WAR they come from.
 */
final class Version {

    static final String NUMBER = load();

    private Version() {
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/gatehouse/version.properties")) {
            if (in == null) {
                throw new IllegalStateException("gatehouse/version.properties is missing from the WAR");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            if (version.isBlank() || version.contains("${")) {
                throw new IllegalStateException("gatehouse/version.properties was not filtered by the build: " + version);
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
