package gatehouse.error;

import jakarta.ejb.EJBException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.Providers;

/** An EJB wraps what it throws; map the cause as if it had been thrown directly. */
@Provider
public class EJBExceptionMapper implements ExceptionMapper<EJBException> {

    @Context
    Providers providers;

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Response toResponse(EJBException exception) {
        Throwable cause = exception.getCause() != null ? exception.getCause() : exception.getCausedByException();
        if (cause == null || cause instanceof EJBException) {
            cause = new IllegalStateException(exception);
        }
        if (cause instanceof jakarta.ws.rs.WebApplicationException web && web.getResponse().hasEntity()) {
            return web.getResponse();
        }
        ExceptionMapper mapper = providers.getExceptionMapper(cause.getClass());
        return mapper.toResponse(cause);
    }
}
