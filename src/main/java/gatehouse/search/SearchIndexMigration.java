package gatehouse.search;

import java.io.StringReader;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Base64;
import java.util.logging.Logger;

import gatehouse.config.Jsonp;
import jakarta.enterprise.context.Dependent;
import jakarta.json.JsonObject;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Schema version 9.1, after V9__search_values.sql made the tables: the search values
 * of every resource stored before (generic documents, Users, Clients), made by the
 * same code that keeps them on every write, and the key that signs search cursors.
 * Streams the rows, so any number of resources fits in the heap.
 */
@Dependent
public class SearchIndexMigration implements JavaMigration {

    private static final Logger LOG = Logger.getLogger(SearchIndexMigration.class.getName());
    private static final int BATCH = 1000;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("9.1");
    }

    @Override
    public String getDescription() {
        return "search values of existing resources";
    }

    @Override
    public Integer getChecksum() {
        return 91;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO server_secrets (name, secret) VALUES (?, ?)")) {
            insert.setString(1, Cursors.SECRET_NAME);
            insert.setString(2, Base64.getEncoder().encodeToString(key));
            insert.executeUpdate();
        }
        long resources = index(connection, "SELECT res_type, res_id, content FROM resources")
                + index(connection, "SELECT 'User', id, content FROM users")
                + index(connection, "SELECT 'Client', id, content FROM clients");
        LOG.info(() -> "Search values made for " + resources + " stored resources");
    }

    private static long index(Connection connection, String select) throws SQLException {
        long count = 0;
        int pending = 0;
        try (PreparedStatement read = connection.prepareStatement(select);
             PreparedStatement insert = connection.prepareStatement(SearchValues.INSERT)) {
            read.setFetchSize(BATCH);
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    String type = rows.getString(1);
                    String id = rows.getString(2);
                    JsonObject document;
                    try (var reader = Jsonp.PROVIDER.createReader(new StringReader(rows.getString(3)))) {
                        document = reader.readObject();
                    }
                    for (SearchValues.Row row : SearchValues.of(document)) {
                        Object[] parameters = SearchValues.parameters(type, id, row);
                        for (int i = 0; i < parameters.length; i++) {
                            if (parameters[i] == null) {
                                insert.setNull(i + 1, i == 5 ? Types.DOUBLE : Types.VARCHAR);
                            } else {
                                insert.setObject(i + 1, parameters[i]);
                            }
                        }
                        insert.addBatch();
                        if (++pending == BATCH) {
                            insert.executeBatch();
                            pending = 0;
                        }
                    }
                    count++;
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
        }
        return count;
    }
}
