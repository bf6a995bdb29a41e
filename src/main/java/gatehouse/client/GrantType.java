package gatehouse.client;

import java.util.Arrays;
import java.util.Optional;

/** The grant types a Client may list in {@code grant_types}. */
public enum GrantType {
    PASSWORD("password"),
    REFRESH_TOKEN("refresh_token"),
    CLIENT_CREDENTIALS("client_credentials"),
    AUTHORIZATION_CODE("authorization_code");

    /** Aidbox's name for the authorization code grant, accepted in {@code grant_types}. */
    static final String CODE_ALIAS = "code";

    private final String value;

    GrantType(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<GrantType> of(String value) {
        if (CODE_ALIAS.equals(value)) {
            return Optional.of(AUTHORIZATION_CODE);
        }
        return Arrays.stream(values()).filter(type -> type.value.equals(value)).findFirst();
    }
}
