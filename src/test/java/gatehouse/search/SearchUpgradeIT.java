package gatehouse.search;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import gatehouse.testing.Http;
import gatehouse.testing.LastResponseWatcher;
import gatehouse.testing.PayaraMicroProcess;
import gatehouse.testing.TestDatabase;
import gatehouse.testing.StartsPayaraMicro;
import jakarta.json.JsonObject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Data written by the schema before search values existed (version 8)
 * is searchable once Gatehouse has upgraded the database: the 9.1 migration makes
 * the search values of every stored resource, User and Client. The old database
 * is made by the real migrations up to version 8 and filled with SQL, as that
 * version wrote it; on PostgreSQL in a database of its own.
 */
@ExtendWith(LastResponseWatcher.class)
@StartsPayaraMicro
class SearchUpgradeIT {

    @Test
    void resourcesUsersAndClientsStoredBeforeTheUpgradeAreSearchableAfterIt() throws Exception {
        Path workDir = Path.of("target", "search-upgrade-it", UUID.randomUUID().toString()).toAbsolutePath();
        Map<String, String> environment = new HashMap<>(Map.of(
                "GATEHOUSE_ROOT_CLIENT_SECRET", System.getProperty("it.root.secret"),
                "GATEHOUSE_PASSWORD_HASH_ITERATIONS", System.getProperty("it.hash.iterations", "1024")));
        String url;
        String user;
        String password;
        if (TestDatabase.isPostgres()) {
            String shared = System.getProperty("it.db.url");
            String name = "upgrade_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            user = System.getProperty("it.db.user");
            password = System.getProperty("it.db.password");
            try (Connection admin = DriverManager.getConnection(shared, user, password)) {
                admin.createStatement().execute("CREATE DATABASE " + name);
            }
            url = shared.substring(0, shared.lastIndexOf('/') + 1) + name;
            environment.put("GATEHOUSE_DATASOURCE_URL", url);
        } else {
            url = "jdbc:h2:file:" + workDir.resolve("data").resolve("gatehouse");
            user = "gatehouse";
            password = "gatehouse";
        }
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").target("8").load().migrate();
        try (Connection db = DriverManager.getConnection(url, user, password)) {
            insert(db, "INSERT INTO resources (res_type, res_id, version_id, last_updated, content) VALUES (?, ?, 1, 1700000000000, ?)",
                    List.of("Patient", "old-1", "{\"name\":[{\"family\":\"Older\",\"given\":[\"Ada\"]}],\"birthDate\":\"1950-02-03\",\"org\":\"o1\"}"),
                    List.of("Patient", "old-2", "{\"name\":[{\"family\":\"Older\"}],\"birthDate\":\"1940-01-01\",\"org\":\"o2\"}"),
                    List.of("Patient", "old-3", "{\"name\":{\"family\":\"Newer\"},\"age\":7}"),
                    List.of("AccessPolicy", "old-policy", "{\"engine\":\"allow\",\"link\":[{\"resourceType\":\"Client\",\"id\":\"old-client\"}]}"));
            insert(db, "INSERT INTO users (id, user_name, email, inactive, version_id, last_updated, content, failed_logins)"
                            + " VALUES (?, ?, ?, FALSE, 1, 1700000000000, ?, 0)",
                    List.of("old-user", "olduser", "old@example.org",
                            "{\"userName\":\"olduser\",\"email\":\"old@example.org\",\"name\":{\"familyName\":\"Elder\"},"
                                    + "\"roles\":[{\"value\":\"auditor\"}]}"));
            insert(db, "INSERT INTO login_names (name, user_id) VALUES (?, ?)",
                    List.of("old-user", "old-user"), List.of("olduser", "old-user"), List.of("old@example.org", "old-user"));
            insert(db, "INSERT INTO clients (id, version_id, last_updated, content) VALUES (?, 1, 1700000000000, ?)",
                    List.of("old-client", "{\"grant_types\":[\"password\"],\"auth\":{\"password\":{\"token_format\":\"jwt\"}}}"));
        }

        try (PayaraMicroProcess server = PayaraMicroProcess.start(workDir, PayaraMicroProcess.withShortLivedJvm(environment))) {
            Http http = server.http();
            assertEquals(List.of("old-1", "old-2"), ids(http, "/Patient?name.family=Older"));
            assertEquals(List.of("old-2", "old-1", "old-3"), ids(http, "/Patient?_sort=birthDate"));
            assertEquals(List.of("old-1"), ids(http, "/Patient?birthDate=lt1951&birthDate=gt1949-12-31"));
            assertEquals(List.of("old-3"), ids(http, "/Patient?age=ge7"));
            assertEquals(List.of("old-user"), ids(http, "/User?roles.value=auditor"));
            assertEquals(List.of("old-user"), ids(http, "/User?name.familyName=Elder"));
            assertEquals(List.of("old-client"), ids(http, "/Client?auth.password.token_format=jwt&grant_types=password"));
            assertEquals(List.of("old-policy"), ids(http, "/AccessPolicy?link.id=old-client"));
            // and the values of what is written after the upgrade are kept as before
            assertEquals(200, http.put("/Patient/old-1").root().json("{\"name\":[{\"family\":\"Renamed\"}]}").send().status());
            assertEquals(List.of("old-2"), ids(http, "/Patient?name.family=Older"));
            assertEquals(List.of("old-1"), ids(http, "/Patient?name.family=Renamed"));
        }
    }

    @SafeVarargs
    private static void insert(Connection db, String sql, List<String>... rows) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(sql)) {
            for (List<String> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    insert.setString(i + 1, row.get(i));
                }
                insert.executeUpdate();
            }
        }
    }

    private static List<String> ids(Http http, String path) {
        JsonObject bundle = http.get(path).root().send().json();
        return bundle.getJsonArray("entry").stream()
                .map(entry -> entry.asJsonObject().getJsonObject("resource").getString("id")).toList();
    }
}
