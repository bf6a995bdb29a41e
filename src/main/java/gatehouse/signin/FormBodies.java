package gatehouse.signin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import gatehouse.error.OAuthException;
import gatehouse.token.TokenRequest;

/** The bodies of the sign-in endpoints' forms: bounded in size, each parameter at most once; anything else is a page, not a 500. */
final class FormBodies {

    static final int MAX_FORM = 16 * 1024;

    private FormBodies() {
    }

    /** The body as text; over {@link #MAX_FORM} bytes, a {@link AuthorizationRequest.Refused}. */
    static String read(InputStream body) throws IOException {
        byte[] raw = body.readNBytes(MAX_FORM + 1);
        if (raw.length > MAX_FORM) {
            throw new AuthorizationRequest.Refused("The form is too large.");
        }
        return new String(raw, StandardCharsets.UTF_8);
    }

    /** The parameters of a form or query string; a repeated or undecodable one is a {@link AuthorizationRequest.Refused}. */
    static Map<String, String> parse(String form) {
        try {
            return TokenRequest.form(form == null ? "" : form);
        } catch (OAuthException e) {
            throw new AuthorizationRequest.Refused(e.getMessage());
        }
    }
}
