package gatehouse.ops;

import java.util.Set;

import gatehouse.config.CanonicalPath;
import gatehouse.config.SourceAddresses;
import gatehouse.session.CallerContext;
import gatehouse.telemetry.Audit;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Audits every successful write to the types that decide who may do what
 * (Client, User, AccessPolicy) with its caller: {@code resource-written}, the
 * method and status as the outcome, the resource as {@code Type/id}. After the
 * response is made, so only writes that happened are recorded.
 */
@Provider
public class ResourceWriteAudit implements ContainerResponseFilter {

    private static final Set<String> AUDITED = Set.of("Client", "User", "AccessPolicy");
    private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE");

    @Inject
    Audit audit;

    @Inject
    SourceAddresses addresses;

    @Context
    HttpServletRequest http;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (!audit.enabled() || status < 200 || status >= 300 || !WRITES.contains(request.getMethod())) {
            return;
        }
        CanonicalPath path = CanonicalPath.of(request);
        String type = path.type().filter(AUDITED::contains).orElse(null);
        if (type == null) {
            return;
        }
        String id = path.id().orElseGet(() -> createdId(response));
        CallerContext caller = CallerContext.of(request.getSecurityContext());
        audit.record(Audit.RESOURCE_WRITTEN, caller.user().map(user -> user.id()).orElse(null), caller.clientId().orElse(null),
                caller.session().map(session -> session.id()).orElse(null), addresses.of(http),
                request.getMethod() + " " + status, null, type + "/" + id);
    }

    /** A POST names the new resource in its Location only. */
    private static String createdId(ContainerResponseContext response) {
        String location = response.getLocation() == null ? "" : response.getLocation().getPath();
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
