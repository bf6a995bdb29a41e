/**
 * The admin console (docs/console.md): its static files under {@code /console/}, served by
 * {@link gatehouse.console.ConsoleFiles} with a strict Content-Security-Policy, and its
 * built-in public client {@code gatehouse-console} ({@link gatehouse.console.ConsoleClient}).
 * The console is an ordinary first-party client of {@code /auth/token}: it owns no
 * endpoint and no rule of its own; what its users may do is decided by AccessPolicies.
 */
package gatehouse.console;
