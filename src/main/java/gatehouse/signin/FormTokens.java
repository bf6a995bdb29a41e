package gatehouse.signin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import gatehouse.config.ServerSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The CSRF tokens of the sign-in forms: an HMAC, under a key every instance shares
 * (server_secrets), of the form's purpose, what binds it to one browser (the login form: the
 * browser's {@code gatehouse_login} cookie; the consent form: its browser session) and the
 * authorization request it continues, with the time it was made. A form posted from another
 * browser, for another request, or after {@link #LIFETIME_MILLIS} does not verify.
 */
@ApplicationScoped
public class FormTokens {

    static final String SECRET_NAME = "sign-in-forms";
    static final long LIFETIME_MILLIS = 3_600_000;

    @Inject
    ServerSecrets secrets;

    @Inject
    Clock clock;

    String make(String purpose, String binding, String request) {
        long made = clock.millis();
        return made + "." + mac(purpose, binding, request, made);
    }

    boolean verify(String token, String purpose, String binding, String request) {
        if (token == null || binding == null || request == null) {
            return false;
        }
        int dot = token.indexOf('.');
        long made;
        try {
            made = Long.parseLong(token.substring(0, Math.max(dot, 0)));
        } catch (NumberFormatException e) {
            return false;
        }
        long age = clock.millis() - made;
        return age >= 0 && age < LIFETIME_MILLIS && MessageDigest.isEqual(
                mac(purpose, binding, request, made).getBytes(StandardCharsets.US_ASCII),
                token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(String purpose, String binding, String request, long made) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key(), "HmacSHA256"));
            String signed = purpose + "\n" + binding + "\n" + made + "\n" + request;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key() {
        return secrets.named(SECRET_NAME);
    }
}
