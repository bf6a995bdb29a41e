package gatehouse.user;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which stored hashes get upgraded on the next successful login: those made with other parameters than the configured ones. */
class PasswordHasherTest {

    private static final String SALT_32 = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    private static final String SALT_16 = "AAAAAAAAAAAAAAAAAAAAAA==";

    @Test
    void hashWithCurrentSettingsIsNotOutdated() {
        assertFalse(PasswordHasher.outdated("PBKDF2WithHmacSHA256:600000:" + SALT_32 + ":aGFzaA==", "PBKDF2WithHmacSHA256", 600000, 32));
    }

    @Test
    void hashWithFewerIterationsIsOutdated() {
        assertTrue(PasswordHasher.outdated("PBKDF2WithHmacSHA256:1024:" + SALT_32 + ":aGFzaA==", "PBKDF2WithHmacSHA256", 600000, 32));
    }

    @Test
    void hashWithOtherAlgorithmIsOutdated() {
        assertTrue(PasswordHasher.outdated("PBKDF2WithHmacSHA1:600000:" + SALT_32 + ":aGFzaA==", "PBKDF2WithHmacSHA256", 600000, 32));
    }

    @Test
    void hashWithShorterSaltIsOutdated() {
        assertTrue(PasswordHasher.outdated("PBKDF2WithHmacSHA256:600000:" + SALT_16 + ":aGFzaA==", "PBKDF2WithHmacSHA256", 600000, 32));
    }

    @Test
    void unreadableHashIsOutdatedAndNoHashIsNot() {
        assertTrue(PasswordHasher.outdated("garbage", "PBKDF2WithHmacSHA256", 600000, 32));
        assertTrue(PasswordHasher.outdated("PBKDF2WithHmacSHA256:600000:!!!:x", "PBKDF2WithHmacSHA256", 600000, 32));
        assertFalse(PasswordHasher.outdated(null, "PBKDF2WithHmacSHA256", 600000, 32));
    }
}
