package gatehouse.error;

import java.util.logging.Logger;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A database error that no store turned into a client error (conflicts are 409
 * there) means the database is unreachable or failing: 503 with Retry-After,
 * not a 500, since nothing is wrong with the request. The pool reconnects by
 * itself once the database is back.
 */
@Provider
public class DatabaseUnavailableMapper implements ExceptionMapper<PersistenceException> {

    private static final Logger LOG = Logger.getLogger(DatabaseUnavailableMapper.class.getName());

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(PersistenceException exception) {
        LOG.warning(() -> "Database unavailable: " + exception.getClass().getSimpleName());
        return OperationOutcome.response(503, "The database is unavailable; retry shortly", headers)
                .header("Retry-After", "1")
                .build();
    }
}
