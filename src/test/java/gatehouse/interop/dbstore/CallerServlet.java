package gatehouse.interop.dbstore;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Any authenticated caller: its name and, for each {@code role} parameter,
 * whether {@link SecurityContext#isCallerInRole} says it has that role.
 */
@WebServlet("/caller")
@ServletSecurity(@HttpConstraint(rolesAllowed = "**"))
public class CallerServlet extends HttpServlet {

    @Inject
    SecurityContext security;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObjectBuilder roles = Json.createObjectBuilder();
        String[] asked = request.getParameterValues("role");
        if (asked != null) {
            for (String role : asked) {
                roles.add(role, security.isCallerInRole(role));
            }
        }
        response.setContentType("application/json");
        response.getWriter().write(Json.createObjectBuilder()
                .add("caller", security.getCallerPrincipal().getName())
                .add("roles", roles)
                .build().toString());
    }
}
