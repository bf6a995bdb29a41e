package gatehouse.interop.oidc;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.FileAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The relying parties of docs/sign-in.md as WARs: the page's Java examples compiled here
 * (javac of the running JDK against the Jakarta EE API), its configuration files packed as
 * they are, each with the server under test in place of the page's {@code http://localhost:8080}.
 * Both applications also get an unprotected {@code index.html}, the page the sign-out
 * returns to.
 */
public final class RelyingPartyApps {

    /** The Jakarta Security application's context root and client id (docs/sign-in.md). */
    public static final String JAKARTA_APP = "webapp";
    /** The WildFly application's context root and client id (docs/sign-in.md). */
    public static final String WILDFLY_APP = "wildfly-app";
    /** The single-page app's context root and client id (docs/sign-in.md). */
    public static final String SPA = "spa";
    /** The text of the unprotected page. */
    public static final String SIGNED_OUT = "Signed out of the application";

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern CLASS = Pattern.compile("(?m)^public class (\\w+)");

    private RelyingPartyApps() {
    }

    /**
     * {@code webapp.war}: the page's {@code SignInConfiguration}, {@code WhoAmIServlet} and
     * {@code LogoutServlet}, for Gatehouse at {@code gatehouse}.
     */
    public static WebArchive jakartaSecurityApp(Path work, String gatehouse) throws IOException {
        WebArchive war = ShrinkWrap.create(WebArchive.class, JAKARTA_APP + ".war");
        compile(work.resolve("jakarta-app"), war, List.of(
                SignInDoc.at(SignInDoc.block("java", "@OpenIdAuthenticationMechanismDefinition("), gatehouse),
                SignInDoc.block("java", "class WhoAmIServlet"),
                SignInDoc.block("java", "class LogoutServlet")));
        return war.addAsWebResource(new StringAsset(indexHtml()), "index.html");
    }

    /**
     * {@code wildfly-app.war}: the page's {@code web.xml} and {@code oidc.json}, and its
     * {@code WhoAmIServlet}, for Gatehouse at {@code gatehouse}.
     */
    public static WebArchive wildflyApp(Path work, String gatehouse) throws IOException {
        WebArchive war = ShrinkWrap.create(WebArchive.class, WILDFLY_APP + ".war");
        compile(work.resolve("wildfly-app"), war, List.of(SignInDoc.block("java", "class WhoAmIServlet")));
        return war.addAsWebInfResource(new StringAsset(SignInDoc.block("xml", "<auth-method>OIDC</auth-method>")), "web.xml")
                .addAsWebInfResource(new StringAsset(SignInDoc.at(SignInDoc.block("json", "\"provider-url\""), gatehouse)), "oidc.json")
                .addAsWebResource(new StringAsset(indexHtml()), "index.html");
    }

    /**
     * {@code spa.war}: one page, {@code /spa/}, whose script is the page's single-page-app
     * example, for Gatehouse at {@code gatehouse} (the same origin: Gatehouse sends no CORS headers).
     */
    public static WebArchive singlePageApp(String gatehouse) {
        String script = SignInDoc.at(SignInDoc.block("js", "async function completeSignIn"), gatehouse);
        return ShrinkWrap.create(WebArchive.class, SPA + ".war").addAsWebResource(new StringAsset(
                "<!DOCTYPE html>\n<html><head><title>A single-page app</title>\n<script>\n" + script
                        + "</script></head><body><p id=\"spa\">A single-page app</p></body></html>\n"), "index.html");
    }

    public static Path export(WebArchive war, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(war.getName());
        war.as(ZipExporter.class).exportTo(file.toFile(), true);
        return file;
    }

    private static String indexHtml() {
        return "<!DOCTYPE html><html><head><title>" + SIGNED_OUT + "</title></head><body><p id=\"signed-out\">"
                + SIGNED_OUT + "</p></body></html>\n";
    }

    /** Compiles the sources against the Jakarta EE API and adds the classes to WEB-INF/classes. */
    static void compile(Path dir, WebArchive war, List<String> sources) throws IOException {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17", "-proc:none",
                "-classpath", jarOf(jakarta.servlet.http.HttpServlet.class).toString()));
        for (String source : sources) {
            Matcher pkg = PACKAGE.matcher(source);
            Matcher type = CLASS.matcher(source);
            if (!pkg.find() || !type.find()) {
                throw new IllegalStateException("Not a public class in a package:\n" + source);
            }
            Path file = src.resolve(pkg.group(1).replace('.', '/')).resolve(type.group(1) + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source, StandardCharsets.UTF_8);
            arguments.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("No Java compiler: run the tests on a JDK");
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, arguments.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("The examples of " + SignInDoc.PAGE + " do not compile:\n"
                    + errors.toString(StandardCharsets.UTF_8));
        }
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = classes.relativize(file).toString().replace(File.separatorChar, '/');
                war.add(new FileAsset(file.toFile()), "WEB-INF/classes/" + name);
            }
        }
    }

    private static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
