package gatehouse.error;

import jakarta.annotation.Priority;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.Providers;

/**
 * A {@code @Transactional} method that failed to begin, commit or roll back (the
 * database went away under it): answered like every other outage, not by the
 * JAX-RS runtime's own mapper for this exception, which answers an HTML 500.
 */
@Provider
@Priority(1)
public class TransactionFailureMapper implements ExceptionMapper<TransactionalException> {

    @Context
    HttpHeaders headers;

    @Context
    Providers providers;

    @Override
    public Response toResponse(TransactionalException exception) {
        return UnexpectedExceptionMapper.answer(exception, headers, providers);
    }
}
