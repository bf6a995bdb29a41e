package gatehouse.session;

import java.util.Optional;

import gatehouse.search.SearchTable;
import gatehouse.store.ReadOnlyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

/** {@code /Session} as a resource type: read, searched and deleted (a delete closes) like any, written only by the server. */
@ApplicationScoped
public class SessionStore implements ReadOnlyStore {

    @Inject
    Sessions sessions;

    @Override
    public String type() {
        return Session.TYPE;
    }

    @Override
    public String writtenBy() {
        return "Sessions are created by POST /auth/token, not by clients";
    }

    @Override
    public String allowed() {
        return "GET, DELETE";
    }

    @Override
    public Optional<JsonObject> read(String type, String id) {
        return sessions.find(id).map(Session::render);
    }

    @Override
    public SearchTable searchTable(String type) {
        return sessions.table();
    }

    @Override
    public Optional<JsonObject> delete(String type, String id) {
        return sessions.delete(id).map(Session::render);
    }
}
