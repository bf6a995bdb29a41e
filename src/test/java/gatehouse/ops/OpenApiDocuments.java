package gatehouse.ops;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter.StyleEnum;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /openapi} as a client generator reads it (swagger-parser), and the routes of the
 * WAR's classes (JAX-RS resource methods, by reflection) it must describe, both ways:
 * operations, their path and query parameters, and that each operation documents its answers.
 */
final class OpenApiDocuments {

    private static final Map<Class<? extends Annotation>, String> VERBS = Map.of(GET.class, "GET", POST.class, "POST",
            PUT.class, "PUT", DELETE.class, "DELETE", PATCH.class, "PATCH", HEAD.class, "HEAD", OPTIONS.class, "OPTIONS");
    /** A JAX-RS template variable, with or without its regular expression: {id} or {id: [a-z]+}. */
    private static final Pattern VARIABLE = Pattern.compile("\\{\\s*(\\w[\\w.-]*)\\s*(?::[^}]*)?}");

    private OpenApiDocuments() {
    }

    /** One JAX-RS resource method: "GET /{type}/{id}", its @PathParam and @QueryParam names, and whether it reads any query. */
    record Route(String verb, String path, Set<String> pathParams, Set<String> queryParams, boolean readsWholeQuery) {
        String key() {
            return verb + " " + path;
        }
    }

    static OpenAPI parse(String text) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true); // $ref'd parameters and responses inlined, so they can be compared
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        assertEquals(List.of(), result.getMessages() == null ? List.of() : result.getMessages(),
                "errors and warnings of swagger-parser");
        assertNotNull(result.getOpenAPI());
        return result.getOpenAPI();
    }

    /** "GET /auth/userinfo", "PUT /{type}/{id}", ...: every resource method of the WAR's classes. */
    static Set<String> routes() {
        return new TreeSet<>(routeMap().keySet());
    }

    /** Every resource method of the WAR's classes, by "VERB /path" (template variables without their expressions). */
    static Map<String, Route> routeMap() {
        Map<String, Route> routes = new TreeMap<>();
        for (JavaClass javaClass : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("gatehouse")) {
            if (!javaClass.isAnnotatedWith(Path.class)) {
                continue;
            }
            Class<?> type = javaClass.reflect();
            String root = "/" + trim(type.getAnnotation(Path.class).value());
            Set<String> fieldPathParams = new TreeSet<>();
            Set<String> fieldQueryParams = new TreeSet<>();
            for (Field field : type.getDeclaredFields()) {
                if (field.isAnnotationPresent(PathParam.class)) {
                    fieldPathParams.add(field.getAnnotation(PathParam.class).value());
                }
                if (field.isAnnotationPresent(QueryParam.class)) {
                    fieldQueryParams.add(field.getAnnotation(QueryParam.class).value());
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                VERBS.forEach((annotation, verb) -> {
                    if (!method.isAnnotationPresent(annotation)) {
                        return;
                    }
                    Path sub = method.getAnnotation(Path.class);
                    String path = normalized(root + (sub == null ? "" : "/" + trim(sub.value())));
                    Set<String> pathParams = new TreeSet<>(fieldPathParams);
                    Set<String> queryParams = new TreeSet<>(fieldQueryParams);
                    boolean readsWholeQuery = false;
                    for (Parameter parameter : method.getParameters()) {
                        if (parameter.isAnnotationPresent(PathParam.class)) {
                            pathParams.add(parameter.getAnnotation(PathParam.class).value());
                        }
                        if (parameter.isAnnotationPresent(QueryParam.class)) {
                            queryParams.add(parameter.getAnnotation(QueryParam.class).value());
                        }
                        readsWholeQuery |= parameter.isAnnotationPresent(Context.class) && parameter.getType() == UriInfo.class;
                    }
                    Route route = new Route(verb, path, pathParams, queryParams, readsWholeQuery);
                    Route earlier = routes.put(route.key(), route);
                    assertTrue(earlier == null, "two resource methods answer " + route.key());
                });
            }
        }
        assertTrue(routes.size() > 20, "found the routes: " + routes.keySet());
        return routes;
    }

    /** Every documented operation, by "VERB /path". */
    static Map<String, Operation> operations(OpenAPI api) {
        Map<String, Operation> operations = new TreeMap<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> operations.put(method.name() + " " + path, operation)));
        return operations;
    }

    /**
     * What differs between the document and the routes, one line per difference (empty when they agree):
     * an operation on one side only; path parameters other than the route's template variables and its
     * {@code @PathParam}s; a {@code @QueryParam} the document lacks, or a documented query parameter that
     * the method neither declares nor could read (no {@code @Context UriInfo}); an operation without a
     * documented success, or a status code that is not one; one that needs credentials without a 401.
     */
    static List<String> differences(OpenAPI api, Map<String, Route> routes) {
        List<String> differences = new ArrayList<>();
        Map<String, Operation> operations = operations(api);
        for (String route : routes.keySet()) {
            if (!operations.containsKey(route)) {
                differences.add(route + ": a route the document lacks");
            }
        }
        for (String operation : operations.keySet()) {
            if (!routes.containsKey(operation)) {
                differences.add(operation + ": documented, but no resource method answers it");
            }
        }
        operations.forEach((key, operation) -> {
            Route route = routes.get(key);
            if (route == null) {
                return;
            }
            String path = key.substring(key.indexOf(' ') + 1);
            Map<String, Set<String>> documented = parameters(api.getPaths().get(path), operation);
            Set<String> templated = variables(path);
            if (!documented.get("path").equals(templated)) {
                differences.add(key + ": path parameters documented " + documented.get("path") + ", in the path " + templated);
            }
            if (!route.pathParams().equals(templated)) {
                differences.add(key + ": @PathParam " + route.pathParams() + ", in the path " + templated);
            }
            Set<String> undocumentedQuery = new TreeSet<>(route.queryParams());
            undocumentedQuery.removeAll(documented.get("query"));
            if (!undocumentedQuery.isEmpty()) {
                differences.add(key + ": @QueryParam " + undocumentedQuery + " not documented");
            }
            Set<String> undeclaredQuery = new TreeSet<>(documented.get("query"));
            undeclaredQuery.removeAll(route.queryParams());
            if (!undeclaredQuery.isEmpty() && !route.readsWholeQuery()) {
                differences.add(key + ": query parameters " + undeclaredQuery + " documented, but the method reads none of them");
            }
            Set<String> statuses = operation.getResponses() == null ? Set.of() : operation.getResponses().keySet();
            if (statuses.stream().noneMatch(status -> status.matches("[23]\\d\\d"))) {
                differences.add(key + ": no success documented among " + statuses);
            }
            if (secured(api, operation) && !statuses.contains("401")) {
                differences.add(key + ": needs credentials, and no 401 documented among " + statuses);
            }
            statuses.stream().filter(status -> !status.matches("[1-5]\\d\\d|default"))
                    .forEach(status -> differences.add(key + ": '" + status + "' is not an HTTP status"));
        });
        return differences;
    }

    /** The status codes documented for an operation. */
    static Set<String> statuses(Operation operation) {
        return operation.getResponses() == null ? Set.of() : operation.getResponses().keySet();
    }

    /** Whether the operation needs credentials: its own security, or the document's. */
    static boolean secured(OpenAPI api, Operation operation) {
        var security = operation.getSecurity() != null ? operation.getSecurity() : api.getSecurity();
        return security != null && !security.isEmpty() && security.stream().noneMatch(Map::isEmpty);
    }

    /** The documented parameter names by location ("path", "query", ...), the path item's and the operation's. */
    private static Map<String, Set<String>> parameters(PathItem item, Operation operation) {
        Map<String, Set<String>> byLocation = new LinkedHashMap<>();
        byLocation.put("path", new TreeSet<>());
        byLocation.put("query", new TreeSet<>());
        List<io.swagger.v3.oas.models.parameters.Parameter> all = new ArrayList<>();
        if (item.getParameters() != null) {
            all.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            all.addAll(operation.getParameters());
        }
        for (var parameter : all) {
            assertNotNull(parameter.getIn(), "a parameter without 'in': " + parameter);
            if (parameter.getStyle() == StyleEnum.DEEPOBJECT) {
                continue;
            }
            byLocation.computeIfAbsent(parameter.getIn(), in -> new TreeSet<>()).add(parameter.getName());
        }
        return byLocation;
    }

    private static Set<String> variables(String path) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = VARIABLE.matcher(path);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String normalized(String path) {
        return VARIABLE.matcher(path.replaceAll("/+$", "").replaceAll("//+", "/")).replaceAll("{$1}");
    }

    private static String trim(String path) {
        return path.replaceAll("^/+|/+$", "");
    }
}
