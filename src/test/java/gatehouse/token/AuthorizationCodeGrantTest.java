package gatehouse.token;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthorizationCodeGrantTest {

    /** RFC 7636 Appendix B. */
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void s256IsTheRfcsExample() {
        assertEquals(CHALLENGE, AuthorizationCodeGrant.s256(VERIFIER));
    }

    @Test
    void pkceHoldsOnlyForTheVerifierOfTheChallenge() {
        assertTrue(AuthorizationCodeGrant.pkceHolds(CHALLENGE, VERIFIER));
        assertFalse(AuthorizationCodeGrant.pkceHolds(CHALLENGE, null), "missing verifier");
        assertFalse(AuthorizationCodeGrant.pkceHolds(CHALLENGE, VERIFIER + "x"), "another verifier");
        assertFalse(AuthorizationCodeGrant.pkceHolds(CHALLENGE, CHALLENGE), "the challenge itself (plain)");
        assertFalse(AuthorizationCodeGrant.pkceHolds(CHALLENGE, "short"), "shorter than 43 characters");
        assertTrue(AuthorizationCodeGrant.pkceHolds(null, null), "a code issued without PKCE needs no verifier");
        assertFalse(AuthorizationCodeGrant.pkceHolds(null, VERIFIER), "and refuses one (a downgrade)");
    }

    /** OpenID Connect Core §3.1.3.6: the left half of the SHA-256 of the token's ASCII, base64url. */
    @Test
    void atHashIsTheLeftHalfOfTheTokensSha256() {
        String hash = TokenService.leftHalfHash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y");
        assertEquals(22, hash.length(), "128 bits in base64url without padding");
        assertEquals("77QmUPtjPfzWtF2AnpK9RQ", hash);
    }
}
