package gatehouse.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import gatehouse.interop.dbstore.AdminServlet;
import gatehouse.interop.dbstore.CallerServlet;
import gatehouse.interop.dbstore.CallersDatasource;
import gatehouse.interop.dbstore.DbStoreSecurity;
import gatehouse.interop.mpjwt.CallerResource;
import gatehouse.interop.mpjwt.MpJwtApplication;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The two kinds of "other application" that share a Payara Micro with Gatehouse,
 * built as WARs with ShrinkWrap. Neither contains a Gatehouse class: one uses
 * Jakarta Security's database identity store, the other MicroProfile JWT.
 */
final class OtherApps {

    static final String BEANS_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="annotated"/>
            """;

    private OtherApps() {
    }

    /** {@code db-store-app.war}: Basic over {@code @DatabaseIdentityStoreDefinition}; see {@link DbStoreSecurity}. */
    static Path dbStoreApp(Path dir) throws IOException {
        WebArchive war = ShrinkWrap.create(WebArchive.class, "db-store-app.war")
                .addClasses(DbStoreSecurity.class, CallersDatasource.class, CallerServlet.class, AdminServlet.class)
                .addAsWebInfResource(new StringAsset(BEANS_XML), "beans.xml")
                // its datasource's driver, as an application brings it (Payara has H2's itself)
                .addAsLibrary(jarOf(org.postgresql.Driver.class));
        return export(war, dir);
    }

    /**
     * {@code <name>.war}: a JAX-RS application with {@code @LoginConfig(authMethod = "MP-JWT")}
     * configured by nothing but these MicroProfile Config properties.
     */
    static Path mpJwtApp(Path dir, String name, Map<String, String> config) throws IOException {
        StringBuilder properties = new StringBuilder();
        config.forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(MpJwtApplication.class, CallerResource.class)
                .addAsWebInfResource(new StringAsset(BEANS_XML), "beans.xml")
                .addAsResource(new StringAsset(properties.toString()), "META-INF/microprofile-config.properties");
        return export(war, dir);
    }

    private static java.io.File jarOf(Class<?> type) {
        try {
            return new java.io.File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path export(WebArchive war, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(war.getName());
        war.as(ZipExporter.class).exportTo(file.toFile(), true);
        return file;
    }
}
