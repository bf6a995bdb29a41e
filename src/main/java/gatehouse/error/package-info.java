/**
 * The one error model. Stores and checks throw a {@link gatehouse.error.Problem}, a
 * refusal said in domain terms; only resources and the mappers here speak JAX-RS.
 * Outside {@code /auth/*} every error is a FHIR-style OperationOutcome, rendered from a
 * Problem or a JAX-RS exception; on {@code /auth/*} it is the RFC 6749 §5.2 body of
 * {@link gatehouse.error.OAuthException}. A 500 is always a bug and never leaks a stack
 * trace.
 */
package gatehouse.error;
