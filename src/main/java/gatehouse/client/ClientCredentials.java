package gatehouse.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import jakarta.security.enterprise.credential.Credential;

/**
 * A client id and (maybe absent) secret, as presented by the caller: the
 * credential {@link ClientIdentityStore} validates.
 */
public record ClientCredentials(String clientId, String secret) implements Credential {

    /**
     * Parses {@code Authorization: Basic}. With {@code formEncoded} each part is
     * form-urlencoded first, as RFC 6749 §2.3.1 asks of OAuth clients; plain
     * HTTP Basic (RFC 7617) is not. Empty when the header is not Basic or unreadable.
     */
    public static Optional<ClientCredentials> fromBasic(String authorization, boolean formEncoded) {
        if (authorization == null || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            String id = decoded.substring(0, colon);
            String secret = decoded.substring(colon + 1);
            if (formEncoded) {
                id = URLDecoder.decode(id, StandardCharsets.UTF_8);
                secret = URLDecoder.decode(secret, StandardCharsets.UTF_8);
            }
            return Optional.of(new ClientCredentials(id, secret));
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    public static boolean isBasic(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    @Override
    public String toString() {
        return "ClientCredentials[" + clientId + "]"; // never the secret
    }
}
