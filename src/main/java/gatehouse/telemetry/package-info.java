/**
 * What the server records about itself while it works: Prometheus meters
 * ({@link gatehouse.telemetry.Meters}) and audit events ({@link gatehouse.telemetry.Audit}),
 * which the features below it report into; the token endpoint reports each answered
 * request as an event ({@link gatehouse.telemetry.TokenRequestCompleted}), which
 * {@link gatehouse.telemetry.TokenRequestTelemetry} records. Recording never waits on the database:
 * meters are in memory, audit events are queued and written in batches off the
 * request path. Serving them (/metrics, the AuditEvent type) belongs to the ops package.
 */
package gatehouse.telemetry;
