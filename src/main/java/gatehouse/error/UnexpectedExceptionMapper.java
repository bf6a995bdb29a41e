package gatehouse.error;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import gatehouse.config.Logs;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.Providers;

/**
 * Everything else: first the causes are searched for an exception another mapper
 * knows (an EJB, a transaction or Soteria wraps what it throws), so a wrapped
 * 4xx or database outage keeps its answer. What is left is a 500 OperationOutcome
 * with an incident id; the stack trace goes to the server log under that id,
 * never to the client.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Context
    HttpHeaders headers;

    @Context
    Providers providers;

    @Override
    public Response toResponse(Throwable exception) {
        return answer(exception, headers, providers);
    }

    /** The answer to an exception that reached no mapper of its own: a wrapped one's, an outage's, or a 500. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Response answer(Throwable exception, HttpHeaders headers, Providers providers) {
        Throwable cause = exception.getCause();
        for (int depth = 0; cause != null && depth < 16; cause = cause.getCause(), depth++) {
            if (cause instanceof WebApplicationException web && web.getResponse().hasEntity()) {
                return web.getResponse();
            }
            if (cause instanceof WebApplicationException || cause instanceof Problem) {
                ExceptionMapper mapper = providers.getExceptionMapper(cause.getClass());
                return mapper.toResponse(cause);
            }
        }
        if (DatabaseUnavailableMapper.outage(exception)) {
            return DatabaseUnavailableMapper.unavailable(exception, headers);
        }
        return internalError(exception, headers);
    }

    /**
     * The exception as the log may show it: messages can hold request data, so each
     * is escaped onto one line (the stack frames are kept as they are).
     */
    static Throwable loggable(Throwable exception) {
        Throwable cause = exception.getCause() == null || exception.getCause() == exception ? null : loggable(exception.getCause());
        Throwable safe = new Throwable(Logs.safe(exception.toString()), cause, false, true) {
        };
        safe.setStackTrace(exception.getStackTrace());
        return safe;
    }

    static Response internalError(Throwable exception, HttpHeaders headers) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Incident " + incident, loggable(exception));
        return OperationOutcome.response(500, "Internal error, incident " + incident, headers).build();
    }
}
