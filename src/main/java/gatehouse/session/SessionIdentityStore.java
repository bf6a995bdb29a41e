package gatehouse.session;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import gatehouse.config.Protocol;
import jakarta.enterprise.context.ApplicationScoped;
import gatehouse.telemetry.Meters;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

/**
 * Validates an access token (RFC 6750) by its Session: found by the token's
 * SHA-256, open, its access token unexpired, its user active. JWTs are found
 * the same way, by hash, without checking their signature: only a token this
 * server issued has a stored hash, so a forged or altered JWT finds nothing,
 * and the Session decides validity whatever the signature says. See the
 * package documentation for the trade-off.
 */
@ApplicationScoped
public class SessionIdentityStore implements IdentityStore {

    @Inject
    Sessions sessions;

    @Inject
    ResolvedTokens resolved;

    @Inject
    Clock clock;

    @Inject
    Meters meters;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof BearerCredential bearer)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return resolve(bearer.token())
                .map(caller -> new CredentialValidationResult(caller, caller.groups()))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }

    /** The live Session and user of an access token; recently resolved tokens come from memory. */
    Optional<SessionPrincipal> resolve(String token) {
        long started = System.nanoTime();
        if (token.isEmpty() || token.length() > Protocol.MAX_TOKEN_LENGTH) {
            meters.bearer(false, false, System.nanoTime() - started);
            return Optional.empty();
        }
        long now = clock.millis();
        String hash = TokenHash.of(token);
        Optional<SessionPrincipal> known = resolved.get(hash, now);
        if (known.isPresent()) {
            meters.bearer(true, true, System.nanoTime() - started);
            return known;
        }
        Optional<SessionPrincipal> caller = sessions.findByAccessHash(hash).flatMap(session -> sessions.holder(session, false, now));
        caller.ifPresent(found -> {
            sessions.used(found.session(), now);
            resolved.put(hash, found, now);
        });
        meters.bearer(caller.isPresent(), false, System.nanoTime() - started);
        return caller;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return EnumSet.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS);
    }
}
