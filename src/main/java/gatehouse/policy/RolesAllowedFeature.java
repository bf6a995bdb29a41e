package gatehouse.policy;

import java.lang.reflect.AnnotatedElement;
import java.util.Arrays;
import java.util.List;

import gatehouse.config.Protocol;
import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

/**
 * {@code @RolesAllowed}, {@code @DenyAll} and {@code @PermitAll} on every JAX-RS
 * resource of the WAR, against the request's {@link SecurityContext}: the same on
 * Jersey (Payara), which enforces them only with its own feature registered, and
 * RESTEasy (WildFly), which needs a switch. A method's annotation wins over its
 * class's. Runs after the access policies: a role check narrows what a policy
 * allows, never widens it.
 */
@Provider
public class RolesAllowedFeature implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        AnnotatedElement method = resource.getResourceMethod();
        AnnotatedElement type = resource.getResourceClass();
        if (method.isAnnotationPresent(PermitAll.class)) {
            return;
        }
        if (method.isAnnotationPresent(DenyAll.class)) {
            context.register(new RoleCheck(List.of()));
            return;
        }
        RolesAllowed roles = method.isAnnotationPresent(RolesAllowed.class)
                ? method.getAnnotation(RolesAllowed.class)
                : type.getAnnotation(RolesAllowed.class);
        if (roles != null) {
            context.register(new RoleCheck(Arrays.asList(roles.value())));
        } else if (type.isAnnotationPresent(DenyAll.class) && !type.isAnnotationPresent(PermitAll.class)) {
            context.register(new RoleCheck(List.of()));
        }
    }

    @Priority(Priorities.AUTHORIZATION + 10)
    private record RoleCheck(List<String> roles) implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            SecurityContext caller = request.getSecurityContext();
            if (caller == null || caller.getUserPrincipal() == null) {
                throw new NotAuthorizedException("Authentication required", Protocol.BASIC_CHALLENGE, Protocol.BEARER_CHALLENGE);
            }
            if (roles.stream().noneMatch(caller::isUserInRole)) {
                throw new ForbiddenException("Forbidden: this endpoint needs one of the roles " + roles);
            }
        }
    }
}
