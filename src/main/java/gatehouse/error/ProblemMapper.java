package gatehouse.error;

import gatehouse.config.CanonicalPath;
import gatehouse.config.Protocol;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers a {@link Problem} with its kind's status and headers: as an
 * OperationOutcome, or, at the OAuth endpoints, as an RFC 6749 §5.2 error.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Problem> {

    @Context
    HttpHeaders headers;

    @Context
    HttpServletRequest http;

    @Override
    public Response toResponse(Problem problem) {
        if (Protocol.isOAuthEndpoint(CanonicalPath.of(http))) {
            return OAuthException.render(problem);
        }
        Response.ResponseBuilder response = OperationOutcome.response(problem.status(), problem.getMessage(), headers);
        problem.headers().forEach(response::header);
        return response.build();
    }
}
