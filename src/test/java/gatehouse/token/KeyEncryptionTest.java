package gatehouse.token;

import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyEncryptionTest {

    static final String OLD = Base64.getEncoder().encodeToString("old-key-encryption-key-32-bytes!".getBytes());
    static final String NEW = Base64.getEncoder().encodeToString("new-key-encryption-key-32-bytes!".getBytes());
    static final String JWK = "{\"kty\":\"EC\",\"d\":\"secret\"}";

    static KeyEncryption with(String key, String previous) {
        KeyEncryption encryption = new KeyEncryption();
        encryption.configuredKey = Optional.of(key);
        encryption.configuredFile = Optional.empty();
        encryption.previousKey = Optional.ofNullable(previous);
        encryption.dataDir = "target/never-used";
        encryption.load();
        return encryption;
    }

    @Test
    void keySealedWithThePreviousKeyThenReadAndNotCurrent() {
        String sealedWithOld = with(OLD, null).encrypt(JWK, "kid-1");
        KeyEncryption changing = with(NEW, OLD);
        assertFalse(changing.sealedWithCurrent(sealedWithOld), "to be re-sealed at start-up");
        assertEquals(JWK, changing.decrypt(sealedWithOld, "kid-1"));
        String resealed = changing.encrypt(changing.decrypt(sealedWithOld, "kid-1"), "kid-1");
        assertTrue(changing.sealedWithCurrent(resealed));
        assertEquals(JWK, with(NEW, null).decrypt(resealed, "kid-1"), "readable once the previous key is removed");
    }

    @Test
    void keySealedWithThePreviousKeyWhenPreviousRemovedThenRefusedNamingTheSetting() {
        String sealedWithOld = with(OLD, null).encrypt(JWK, "kid-1");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> with(NEW, null).decrypt(sealedWithOld, "kid-1"));
        assertTrue(refused.getMessage().contains("GATEHOUSE_KEY_ENCRYPTION_KEY_PREVIOUS (not set)"), refused.getMessage());
        assertFalse(refused.getMessage().contains(OLD) || refused.getMessage().contains(NEW), "never a key in a message");
        assertFalse(refused.getMessage().contains("secret"));
    }

    @Test
    void plaintextKeyOfAnEarlierVersionThenNotCurrentAndReadAsItIs() {
        KeyEncryption encryption = with(NEW, OLD);
        assertFalse(encryption.sealedWithCurrent(JWK));
        assertEquals(JWK, encryption.decrypt(JWK, "kid-1"));
    }

    @Test
    void previousKeyNotThirtyTwoBytesThenRefusedAtStart() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> with(NEW, "c2hvcnQ="));
        assertTrue(refused.getMessage().contains("gatehouse.key.encryption.key.previous"), refused.getMessage());
    }
}
