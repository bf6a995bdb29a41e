package gatehouse.ops;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /openapi} as a client generator reads it (swagger-parser), and the routes it must document. */
final class OpenApiDocuments {

    private OpenApiDocuments() {
    }

    static OpenAPI parse(String text) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        assertEquals(List.of(), result.getMessages() == null ? List.of() : result.getMessages(),
                "errors and warnings of swagger-parser");
        assertNotNull(result.getOpenAPI());
        return result.getOpenAPI();
    }

    /** "GET /auth/userinfo", "PUT /{type}/{id}", ...: every resource method of the WAR's classes. */
    static Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        Map<Class<? extends java.lang.annotation.Annotation>, String> verbs = Map.of(GET.class, "GET", POST.class, "POST",
                PUT.class, "PUT", DELETE.class, "DELETE");
        for (JavaClass javaClass : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("gatehouse")) {
            if (!javaClass.isAnnotatedWith(Path.class)) {
                continue;
            }
            Class<?> type = javaClass.reflect();
            String root = "/" + type.getAnnotation(Path.class).value().replaceAll("^/|/$", "");
            for (Method method : type.getDeclaredMethods()) {
                verbs.forEach((annotation, verb) -> {
                    if (method.isAnnotationPresent(annotation)) {
                        Path sub = method.getAnnotation(Path.class);
                        routes.add(verb + " " + root + (sub == null ? "" : "/" + sub.value().replaceAll("^/|/$", "")));
                    }
                });
            }
        }
        assertTrue(routes.size() > 20, "found the routes: " + routes);
        return routes;
    }
}
