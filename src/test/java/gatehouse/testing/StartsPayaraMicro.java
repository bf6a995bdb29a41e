package gatehouse.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Marks a test that starts Payara Micro itself ({@link PayaraMicroProcess}): it is skipped on
 * the WildFly profiles, whose WAR is WildFly's variant and cannot deploy to Payara.
 * {@link PayaraMicroProcess} refuses to start there, so a test without the mark fails at once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@DisabledIfSystemProperty(named = "wildfly.home", matches = ".+", disabledReason = "starts Payara Micro itself")
public @interface StartsPayaraMicro {
}
