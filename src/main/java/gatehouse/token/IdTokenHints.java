package gatehouse.token;

import java.util.Optional;

import gatehouse.config.Issuer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * The {@code id_token_hint} of a logout request (OpenID Connect RP-Initiated Logout §2): an
 * ID token this server signed, expired or not (a user signs out long after signing in),
 * telling which browser session ({@code sid}) and which client ({@code aud}) it was for.
 */
@ApplicationScoped
public class IdTokenHints {

    @Inject
    SigningKeys keys;

    @Inject
    Issuer issuer;

    /** What a verified hint says. */
    public record Hint(String sessionId, String clientId) {
    }

    public Optional<Hint> verify(String idToken) {
        if (idToken == null || idToken.isEmpty() || idToken.length() > 8192) {
            return Optional.empty();
        }
        try {
            JwtConsumer consumer = new JwtConsumerBuilder()
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(
                            new JsonWebKeySet(keys.jwks().toString()).getJsonWebKeys()))
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                    .setSkipAllValidators() // the signature is checked; expiry is not, and the issuer below
                    .build();
            JwtClaims claims = consumer.processToClaims(idToken);
            if (!issuer.url().equals(claims.getIssuer()) || claims.getAudience().size() != 1
                    || !(claims.getClaimValue("sid") instanceof String sid)) {
                return Optional.empty();
            }
            return Optional.of(new Hint(sid, claims.getAudience().get(0)));
        } catch (InvalidJwtException | JoseException | MalformedClaimException e) {
            return Optional.empty();
        }
    }
}
