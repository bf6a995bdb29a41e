package gatehouse.error;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a {@link Problem} as an OperationOutcome with its kind's status and headers. */
@Provider
public class ProblemMapper implements ExceptionMapper<Problem> {

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(Problem problem) {
        Response.ResponseBuilder response = OperationOutcome.response(problem.status(), problem.getMessage(), headers);
        problem.headers().forEach(response::header);
        return response.build();
    }
}
