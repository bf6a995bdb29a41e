package gatehouse.session;

import java.util.Optional;

import gatehouse.token.TokenService;
import gatehouse.user.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Resolves an access token to its Session and user (RFC 6750). A JWT must
 * verify first and is then found by {@code jti}; an opaque token is found by its
 * hash. Either way the stored hash must match, the Session be open and unexpired
 * and its user active: a signature alone never suffices.
 */
@ApplicationScoped
public class BearerAuthentication {

    @Inject
    TokenService tokens;

    @Inject
    Sessions sessions;

    @Inject
    Users users;

    @Inject
    ResolvedTokens resolved;

    public Optional<Caller> resolve(String token) {
        long now = System.currentTimeMillis();
        String hash = TokenHash.of(token);
        Optional<Caller> known = resolved.get(hash, now);
        if (known.isPresent()) {
            return known;
        }
        Optional<Caller> caller = load(token, hash, now);
        caller.ifPresent(found -> resolved.put(hash, found, now));
        return caller;
    }

    private Optional<Caller> load(String token, String hash, long now) {
        return byAccessToken(token, hash)
                .filter(s -> s.accessValid(now))
                .flatMap(s -> users.find(s.userId())
                        .filter(user -> !user.inactive())
                        .map(user -> {
                            sessions.used(s, now);
                            return Caller.user(s, user);
                        }));
    }

    /** The Session an access or refresh token belongs to, alive or not. */
    public Optional<Session> sessionOf(String token) {
        String hash = TokenHash.of(token);
        return byAccessToken(token, hash).or(() -> sessions.findByRefreshHash(hash));
    }

    /** JWT: signature first, then the Session by jti, whose stored hash must match; opaque: by hash. */
    private Optional<Session> byAccessToken(String token, String hash) {
        return isJwt(token)
                ? tokens.verifiedSessionId(token).flatMap(sessions::find).filter(s -> TokenHash.same(s.accessHash(), hash))
                : sessions.findByAccessHash(hash);
    }

    private static boolean isJwt(String token) {
        int first = token.indexOf('.');
        return first > 0 && token.indexOf('.', first + 1) > first;
    }
}
