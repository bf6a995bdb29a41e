package gatehouse.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Expand, then contract one release later: a migration never drops or renames a table,
 * view or column that the previous release reads, because during a rolling upgrade the
 * previous release keeps serving on the migrated database (docs/upgrading.md). A release
 * adds what it needs and stops reading what it no longer needs; the release after it
 * may drop that. Such a drop is then added to {@link #ALLOWED} with the release that
 * stopped reading it, reviewed like any other change.
 */
class MigrationRuleTest {

    static final Path SQL = Path.of("src/main/resources/db/migration");
    static final Path JAVA = Path.of("src/main/java");

    /**
     * Migrations allowed to drop or rename, by file name, each with why. Empty: V1 to V10
     * and the Java migration 9.1 were checked when the rule came, and none drops or renames a
     * table, view or column (V8 drops a NOT NULL constraint, V9 two indexes: neither breaks a
     * reader). V4 and V6 replace the view gatehouse_callers, keeping its columns.
     */
    static final Map<String, String> ALLOWED = Map.of();

    /**
     * The first 16 hex digits of each SQL migration's SHA-256. Flyway keeps a checksum of
     * every migration it applied and refuses to start when a file changed since, even in a
     * comment: an edited migration stops every database migrated before the edit. A new
     * migration is added here once; an existing one never changes (a fix is a new migration).
     * (Comments of V3 and V6 to V10 were once edited after release; they are back byte for
     * byte as every database applied them.)
     */
    static final Map<String, String> PINNED = Map.ofEntries(
            Map.entry("V1__schema.sql", "e2e172912c9f6165"),
            Map.entry("V2__signing_key_lock.sql", "7159a495aecc4ef1"),
            Map.entry("V3__lockout_and_roles.sql", "317b94eba4eece78"),
            Map.entry("V4__callers_exclude_locked.sql", "925c72814bf2877e"),
            Map.entry("V5__client_counter.sql", "82e593a561eadb72"),
            Map.entry("V6__login_names.sql", "2597250626d3e526"),
            Map.entry("V7__signing_key_expiry.sql", "a69d80fdd0732ddf"),
            Map.entry("V8__client_sessions.sql", "e860bfec0a0145c0"),
            Map.entry("V9__search_values.sql", "812b35a993ae40d8"),
            Map.entry("V10__audit_events.sql", "2a03b04c4af104e4"),
            Map.entry("V11__sign_in.sql", "a1fba404546b4125"));

    /** DROP TABLE/VIEW/COLUMN, ALTER TABLE ... DROP name (PostgreSQL's COLUMN is optional), and RENAME of a table, view or column. */
    private static final List<Pattern> CONTRACTING = List.of(
            Pattern.compile("\\bDROP\\s+(TABLE|VIEW|MATERIALIZED\\s+VIEW|COLUMN)\\b", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\bALTER\\s+TABLE\\b[^;]*?\\bDROP\\s+(?!NOT\\s+NULL\\b|DEFAULT\\b|CONSTRAINT\\b|IDENTITY\\b|EXPRESSION\\b|PRIMARY\\b)\\w+",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\bALTER\\s+(TABLE|VIEW|MATERIALIZED\\s+VIEW)\\b[^;]*?\\bRENAME\\b(?!\\s+CONSTRAINT\\b)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\bsp_rename\\b|\\bRENAME\\s+TABLE\\b", Pattern.CASE_INSENSITIVE));

    @Test
    void migrationsOutsideTheAllowListThenNeverDropOrRenameATableViewOrColumn() throws IOException {
        List<String> offences = new ArrayList<>();
        for (Path migration : migrations()) {
            String name = migration.getFileName().toString();
            if (!ALLOWED.containsKey(name)) {
                contracting(Files.readString(migration)).forEach(found -> offences.add(name + ": " + found));
            }
        }
        assertTrue(offences.isEmpty(), "a migration drops or renames what the previous release may still read;"
                + " expand now, contract one release later (docs/upgrading.md):\n" + String.join("\n", offences));
    }

    @Test
    void migrationsOnceAddedThenNeverEditedAndEveryOnePinned() throws Exception {
        List<String> changed = new ArrayList<>();
        for (Path migration : migrations()) {
            String name = migration.getFileName().toString();
            if (!name.endsWith(".sql")) {
                continue;
            }
            String hash = java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(migration)), 0, 8);
            if (!hash.equals(PINNED.get(name))) {
                changed.add(name + " " + hash + (PINNED.containsKey(name) ? " (was " + PINNED.get(name) + ")" : " (new: pin it)"));
            }
        }
        assertTrue(changed.isEmpty(), "a migration that databases may have applied changed, or a new one is not pinned;"
                + " never edit an applied migration, add a new one:\n" + String.join("\n", changed));
    }

    @Test
    void allowListNamesOnlyMigrationsThatExistAndContract() throws IOException {
        for (String name : ALLOWED.keySet()) {
            Path file = migrations().stream().filter(path -> path.getFileName().toString().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("allowed but not found: " + name));
            assertFalse(contracting(Files.readString(file)).isEmpty(), "allowed but contracts nothing: " + name);
        }
    }

    @Test
    void contractingStatementsThenFoundAndExpandingOnesNot() {
        for (String sql : List.of("DROP TABLE sessions;", "drop view if exists gatehouse_callers;",
                "ALTER TABLE users DROP COLUMN email;", "ALTER TABLE users DROP email;", "ALTER TABLE users DROP IF EXISTS email;",
                "ALTER TABLE users RENAME TO people;", "ALTER TABLE users RENAME COLUMN email TO mail;",
                "ALTER TABLE users\n  ADD COLUMN a INT,\n  DROP COLUMN b;", "ALTER VIEW gatehouse_callers RENAME TO callers;")) {
            assertFalse(contracting(sql).isEmpty(), sql);
        }
        for (String sql : List.of("ALTER TABLE sessions ALTER COLUMN user_id DROP NOT NULL;", "DROP INDEX sessions_user;",
                "ALTER TABLE users ADD COLUMN locked_until BIGINT;", "ALTER TABLE users DROP CONSTRAINT users_email_key;",
                "ALTER TABLE users ALTER COLUMN failed_logins DROP DEFAULT;", "ALTER INDEX a RENAME TO b;",
                "-- DROP TABLE sessions once nothing reads it\nSELECT 1;", "/* ALTER TABLE x RENAME TO y; */ SELECT 1;",
                "INSERT INTO audit VALUES ('DROP TABLE users');")) {
            assertEquals(List.of(), contracting(sql), sql);
        }
    }

    /** The SQL migrations and the Java ones (Flyway's JavaMigration, whose SQL is in string literals). */
    static List<Path> migrations() throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(SQL)) {
            files.filter(path -> path.toString().endsWith(".sql")).sorted().forEach(all::add);
        }
        assertTrue(all.size() >= 10, "the migrations are not where Flyway reads them: " + SQL);
        try (Stream<Path> files = Files.walk(JAVA)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
                if (Files.readString(file).contains("implements JavaMigration")) {
                    all.add(file);
                }
            }
        }
        return all;
    }

    /** The contracting statements in a migration, comments and (outside Java files) string literals left out. */
    static List<String> contracting(String text) {
        String sql = text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ");
        if (!text.contains("class ")) {
            sql = sql.replaceAll("'(?:[^']|'')*'", "''");
        }
        List<String> found = new ArrayList<>();
        for (Pattern pattern : CONTRACTING) {
            Matcher matcher = pattern.matcher(sql);
            while (matcher.find()) {
                found.add(matcher.group().replaceAll("\\s+", " "));
            }
        }
        return found;
    }
}
