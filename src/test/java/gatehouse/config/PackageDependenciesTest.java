package gatehouse.config;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.enterprise.context.ConversationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.context.SessionScoped;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The packages depend one way: the console and ops (health, metrics, OpenAPI,
 * AuditEvent) on whatever they need; token and policy on session, session on user and client,
 * those on store, store on search, search on error; the features on telemetry (meters, audit),
 * everything on config; no cycles,
 * whatever packages are added later.
 */
class PackageDependenciesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("gatehouse");
    }

    /**
     * Work that leaves the request's thread (a held request's dispatch, scheduled work, the
     * audit writer) must never meet a bean of a scope that thread lacks: values are passed,
     * not contexts, so no such bean exists at all.
     */
    @Test
    void noBeanLivesInARequestOrSessionScope() {
        noClasses().should().beAnnotatedWith(RequestScoped.class)
                .orShould().beAnnotatedWith(SessionScoped.class)
                .orShould().beAnnotatedWith(ConversationScoped.class)
                .check(classes);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("gatehouse.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void dependenciesPointDownTheLayers() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("console").definedBy("gatehouse.console..")
                .layer("ops").definedBy("gatehouse.ops..")
                .layer("token").definedBy("gatehouse.token..")
                .layer("policy").definedBy("gatehouse.policy..")
                .layer("session").definedBy("gatehouse.session..")
                .layer("client").definedBy("gatehouse.client..")
                .layer("user").definedBy("gatehouse.user..")
                .layer("store").definedBy("gatehouse.store..")
                .layer("search").definedBy("gatehouse.search..")
                .layer("error").definedBy("gatehouse.error..")
                .layer("telemetry").definedBy("gatehouse.telemetry..")
                .layer("config").definedBy("gatehouse.config..")
                .whereLayer("console").mayNotBeAccessedByAnyLayer()
                .whereLayer("ops").mayNotBeAccessedByAnyLayer()
                .whereLayer("token").mayOnlyBeAccessedByLayers("ops")
                .whereLayer("policy").mayNotBeAccessedByAnyLayer()
                .whereLayer("session").mayOnlyBeAccessedByLayers("ops", "token", "policy")
                .whereLayer("client").mayOnlyBeAccessedByLayers("console", "ops", "token", "policy", "session")
                .whereLayer("user").mayOnlyBeAccessedByLayers("ops", "token", "policy", "session", "client")
                .whereLayer("store").mayOnlyBeAccessedByLayers("console", "ops", "token", "policy", "session", "client", "user")
                .whereLayer("search").mayOnlyBeAccessedByLayers("ops", "token", "policy", "session", "client", "user", "store")
                .whereLayer("error").mayOnlyBeAccessedByLayers("console", "ops", "token", "policy", "session", "client", "user", "store", "search")
                .whereLayer("telemetry").mayOnlyBeAccessedByLayers("ops", "token", "policy", "session", "client", "user", "store")
                .check(classes);
    }
}
