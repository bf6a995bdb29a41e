/**
 * Sessions, and where a request's credentials become its caller.
 *
 * <p><b>Who is calling?</b> {@link gatehouse.session.AuthenticationFilter} is the one
 * place that reads {@code Authorization}. It turns HTTP Basic into a
 * {@link gatehouse.client.ClientCredentials} and Bearer into a
 * {@link gatehouse.session.BearerCredential}, has Jakarta Security's
 * {@code IdentityStoreHandler} validate them — {@link gatehouse.session.SessionIdentityStore}
 * for tokens, {@link gatehouse.client.ClientIdentityStore} for clients (and the root
 * client) — and publishes the {@code CredentialValidationResult} as the request's JAX-RS
 * {@code SecurityContext}, a {@link gatehouse.session.CallerContext}. From then on every
 * resource asks {@code @Context SecurityContext}: {@code getUserPrincipal()},
 * {@code isUserInRole(…)} (the root client has {@code gatehouse:root}, a user its roles)
 * and {@code @RolesAllowed} work everywhere; {@code CallerContext.of(context)} gives the
 * typed views (the Session, the user, the client id).
 *
 * <p><b>JWTs are found by hash, not by signature.</b> Every access token, JWT or opaque,
 * resolves to its Session by the SHA-256 of the exact token string, which the Session
 * stores. A JWT's signature is not checked here. The trade-off, decided knowingly: a
 * forged or altered JWT (alg none, key confusion, another key with our kid, a changed
 * claim) has no stored hash, so it is refused exactly like an unknown opaque token, and
 * the Session — open, unexpired, user active — decides validity whatever the signature
 * says; the signature serves the other applications that accept our JWTs without asking
 * us. What is given up is a cheap refusal of garbage JWTs before the (indexed) lookup,
 * which opaque tokens never had either, and the check that a token was signed by a key we
 * still hold: irrelevant, since a key retires only after every token it signed expired.
 * What is gained is that Bearer resolution needs no key at all (this package does not
 * depend on the token package) and costs the same for RS256, ES256 and opaque tokens.
 *
 * <p>Also here: the Session entity; {@link gatehouse.session.Sessions}, its queries and
 * updates (closing, rotating refresh tokens atomically); what closes Sessions when
 * credentials change ({@link gatehouse.session.SessionInvalidation}); the purge of ended
 * ones; {@code /Session} ({@link gatehouse.session.SessionStore}; {@code DELETE /Session}
 * closes the caller's own); and the short-lived cache of resolved tokens. Not here: what the caller may do
 * (policy package), and minting or signing tokens (token package).
 */
package gatehouse.session;
