package gatehouse.store;

import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A request body that was parsed before the resource ran (by the access
 * policies, which may look at it): kept on the request, so it is parsed once.
 */
public final class RequestBody {

    private static final String ATTRIBUTE = RequestBody.class.getName();

    private RequestBody() {
    }

    public static void keep(HttpServletRequest request, JsonObject body) {
        request.setAttribute(ATTRIBUTE, body);
    }

    static JsonObject kept(HttpServletRequest request) {
        return request == null ? null : (JsonObject) request.getAttribute(ATTRIBUTE);
    }
}
