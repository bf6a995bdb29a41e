/**
 * Tokens: {@code POST /auth/token} with one class per grant, the TokenService
 * EJB that signs (jose4j, RS256) and verifies access tokens, the signing keys
 * and their JWKS, introspection (RFC 7662), revocation (RFC 7009), userinfo and
 * the RFC 8414 metadata. Sessions are stored by the session package.
 */
package gatehouse.token;
