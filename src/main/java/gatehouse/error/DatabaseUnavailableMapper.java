package gatehouse.error;

import java.sql.SQLException;
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
 * itself once the database is back. The same answer for every shape an outage
 * takes on its way up: a JPA or SQL exception, a failed commit or rollback of
 * the transaction, a connection the pool could not make.
 */
@Provider
public class DatabaseUnavailableMapper implements ExceptionMapper<PersistenceException> {

    private static final Logger LOG = Logger.getLogger(DatabaseUnavailableMapper.class.getName());

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(PersistenceException exception) {
        return unavailable(exception, headers);
    }

    /** Whether the exception, or one of its causes, is the database or the transaction manager failing. */
    static boolean outage(Throwable exception) {
        Throwable cause = exception;
        for (int depth = 0; cause != null && depth < 16; cause = cause.getCause(), depth++) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return false; // an integrity violation: the request's fault, answered by the stores as a conflict
            }
            if (cause instanceof PersistenceException || cause instanceof SQLException
                    || cause instanceof jakarta.transaction.SystemException || cause instanceof jakarta.transaction.RollbackException
                    || cause instanceof jakarta.transaction.HeuristicMixedException
                    || cause instanceof jakarta.transaction.HeuristicRollbackException
                    || cause instanceof jakarta.resource.ResourceException) {
                return true;
            }
        }
        return false;
    }

    static Response unavailable(Throwable exception, HttpHeaders headers) {
        LOG.warning(() -> "Database unavailable: " + exception.getClass().getSimpleName());
        return OperationOutcome.response(503, "The database is unavailable; retry shortly", headers)
                .header("Retry-After", "1")
                .build();
    }
}
