package gatehouse.client;

import java.util.Optional;

import gatehouse.store.Fields;
import jakarta.json.JsonObject;

/** A Client's {@code auth.password} options, with API.md's defaults filled in. */
public record TokenSettings(TokenFormat format, long accessTokenSeconds, boolean refreshToken,
                            Optional<Long> refreshTokenSeconds, boolean secretRequired, Optional<String> audience) {

    public enum TokenFormat { JWT, OPAQUE }

    static final long DEFAULT_ACCESS_TOKEN_SECONDS = 3600;

    static TokenSettings of(JsonObject client) {
        String format = Fields.string(client, "auth.password.token_format").orElse("opaque");
        if (!format.equals("jwt") && !format.equals("opaque")) {
            throw Fields.wrongType("auth.password.token_format", "jwt or opaque");
        }
        return new TokenSettings(
                format.equals("jwt") ? TokenFormat.JWT : TokenFormat.OPAQUE,
                Fields.positiveLong(client, "auth.password.access_token_expiration").orElse(DEFAULT_ACCESS_TOKEN_SECONDS),
                Fields.bool(client, "auth.password.refresh_token").orElse(false),
                Fields.positiveLong(client, "auth.password.refresh_token_expiration"),
                Fields.bool(client, "auth.password.secret_required").orElse(true),
                Fields.string(client, "auth.password.audience"));
    }
}
