package gatehouse.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in, for tests that read its files (docs, configuration, migrations). */
public final class Repository {

    private Repository() {
    }

    /** The directory with pom.xml, from where the tests run or above. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no pom.xml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
