/**
 * Tokens: {@code POST /auth/token}, which authenticates the client and hands the
 * request to the one {@link gatehouse.token.Grant} for its {@code grant_type}; each
 * grant holds its whole flow ({@link gatehouse.token.PasswordGrant},
 * {@link gatehouse.token.RefreshGrant}). {@link gatehouse.token.TokenService}, an EJB,
 * only mints the tokens of a Session; {@link gatehouse.token.SigningKeys} owns the
 * signing keys' lifecycle and the JWKS. Also introspection (RFC 7662), revocation
 * (RFC 7009), userinfo and the RFC 8414 metadata. Sessions are stored by the session
 * package, which resolves Bearer tokens without this one.
 */
package gatehouse.token;
