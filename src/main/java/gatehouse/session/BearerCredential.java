package gatehouse.session;

import jakarta.security.enterprise.credential.Credential;

/** An access token presented with {@code Authorization: Bearer} (RFC 6750 §2.1). */
public record BearerCredential(String token) implements Credential {

    @Override
    public String toString() {
        return "BearerCredential[]"; // never the token
    }
}
