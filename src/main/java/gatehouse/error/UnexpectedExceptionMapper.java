package gatehouse.error;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import gatehouse.store.MediaTypes;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Everything unforeseen is a 500 OperationOutcome with an incident id; the
 * stack trace goes to the server log under that id, never to the client.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(Throwable exception) {
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof jakarta.persistence.PersistenceException database) { // e.g. inside a TransactionalException
                return new DatabaseUnavailableMapper().withHeaders(headers).toResponse(database);
            }
        }
        return internalError(exception, headers);
    }

    static Response internalError(Throwable exception, HttpHeaders headers) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Incident " + incident, exception);
        return Response.serverError()
                .entity(OperationOutcome.of(500, "Internal error, incident " + incident))
                .type(MediaTypes.preferred(headers))
                .build();
    }
}
