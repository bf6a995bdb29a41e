package gatehouse.client;

import java.util.Optional;

import gatehouse.store.Fields;
import jakarta.json.JsonObject;

/**
 * A Client's options for the tokens of one grant, with the defaults of docs/api.md#client
 * filled in (opaque tokens for 3600 s, no refresh token, secret required): {@code auth.password} for the password and refresh grants,
 * {@code auth.client_credentials} for a client's own tokens, which never come with
 * a refresh token and always need the client's secret.
 */
public record TokenSettings(TokenFormat format, long accessTokenSeconds, boolean refreshToken,
                            Optional<Long> refreshTokenSeconds, boolean secretRequired, Optional<String> audience) {

    public enum TokenFormat { JWT, OPAQUE }

    static final long DEFAULT_ACCESS_TOKEN_SECONDS = 3600;

    static TokenSettings password(JsonObject client) {
        return forUser(client, "auth.password.");
    }

    /** {@code auth.authorization_code}: the tokens of a sign-in, with the defaults of {@code auth.password}. */
    static TokenSettings authorizationCode(JsonObject client) {
        return forUser(client, "auth.authorization_code.");
    }

    /** The options of a grant that issues a user's tokens, at {@code at} ({@code auth.<grant>.}). */
    private static TokenSettings forUser(JsonObject client, String at) {
        return new TokenSettings(
                format(client, at),
                Fields.positiveLong(client, at + "access_token_expiration").orElse(DEFAULT_ACCESS_TOKEN_SECONDS),
                Fields.bool(client, at + "refresh_token").orElse(false),
                Fields.positiveLong(client, at + "refresh_token_expiration"),
                Fields.bool(client, at + "secret_required").orElse(true),
                Fields.string(client, at + "audience"));
    }

    static TokenSettings clientCredentials(JsonObject client) {
        String at = "auth.client_credentials.";
        return new TokenSettings(
                format(client, at),
                Fields.positiveLong(client, at + "access_token_expiration").orElse(DEFAULT_ACCESS_TOKEN_SECONDS),
                false,
                Optional.empty(),
                true,
                Fields.string(client, at + "audience"));
    }

    private static TokenFormat format(JsonObject client, String at) {
        String format = Fields.string(client, at + "token_format").orElse("opaque");
        if (!format.equals("jwt") && !format.equals("opaque")) {
            throw Fields.wrongType(at + "token_format", "jwt or opaque");
        }
        return format.equals("jwt") ? TokenFormat.JWT : TokenFormat.OPAQUE;
    }
}
