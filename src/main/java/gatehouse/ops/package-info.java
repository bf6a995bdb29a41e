/**
 * Operating Gatehouse: the health endpoints a load balancer or Kubernetes probes
 * ({@code /health/live|ready|started}), the Prometheus {@code /metrics}, the
 * {@code /openapi} document, the start-up line, and the read-only {@code AuditEvent}
 * resource type. What is measured and audited is recorded by the features themselves,
 * into the telemetry package; this package only serves it.
 */
package gatehouse.ops;
