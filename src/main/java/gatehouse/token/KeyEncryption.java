package gatehouse.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Private signing keys at rest: AES-256-GCM under a key-encryption key (KEK), with
 * the key's {@code kid} as associated data, stored as
 * {@code enc:v1:<kek id>:<base64url(iv | ciphertext | tag)>}. The KEK comes from
 * {@code gatehouse.key.encryption.key} (base64 of 32 bytes), else from the file
 * {@code gatehouse.key.encryption.key.file}, else from
 * {@code <data dir>/signing-key-encryption.key}, generated on first start with a
 * warning: several instances on one database must share one KEK.
 *
 * <p>Changing the KEK: {@code gatehouse.key.encryption.key.previous} holds the one
 * being replaced. Keys sealed with either are read; at start-up
 * {@link SigningKeyStore#prepared} re-seals every key with the current one. Once the
 * previous KEK is unset, a key still sealed with it is refused, naming that setting.
 */
@ApplicationScoped
class KeyEncryption {

    private static final Logger LOG = Logger.getLogger(KeyEncryption.class.getName());
    static final String PREFIX = "enc:v1:";
    static final String GENERATED_FILE = "signing-key-encryption.key";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    @ConfigProperty(name = "gatehouse.key.encryption.key")
    Optional<String> configuredKey;

    @Inject
    @ConfigProperty(name = "gatehouse.key.encryption.key.file")
    Optional<String> configuredFile;

    /** The KEK being replaced, read (never written with) until every key is re-sealed. */
    @Inject
    @ConfigProperty(name = "gatehouse.key.encryption.key.previous")
    Optional<String> previousKey;

    @Inject
    @ConfigProperty(name = "gatehouse.data.dir")
    String dataDir;

    private SecretKey kek;
    private String kekId;
    private SecretKey previousKek;
    private String previousKekId;

    @PostConstruct
    void load() {
        byte[] key = configuredKey.map(value -> decode(value, "gatehouse.key.encryption.key"))
                .or(() -> configuredFile.map(file -> decode(read(Path.of(file)), "the file " + file)))
                .orElseGet(this::generatedKey);
        kek = new SecretKeySpec(key, "AES");
        kekId = id(key);
        previousKey.filter(value -> !value.isBlank()).ifPresent(value -> {
            byte[] previous = decode(value, "gatehouse.key.encryption.key.previous");
            previousKek = new SecretKeySpec(previous, "AES");
            previousKekId = id(previous);
        });
    }

    /** Not secret: the first 4 bytes of the key's SHA-256, to tell keys apart in stored values and messages. */
    private static String id(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean encrypted(String stored) {
        return stored.startsWith(PREFIX);
    }

    /** True if the stored key is sealed with the current KEK, false if plaintext or sealed with another. */
    boolean sealedWithCurrent(String stored) {
        return stored.startsWith(PREFIX + kekId + ":");
    }

    String encrypt(String privateJwk, String kid) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(privateJwk.getBytes(StandardCharsets.UTF_8));
            byte[] stored = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, stored, 0, IV_BYTES);
            System.arraycopy(sealed, 0, stored, IV_BYTES, sealed.length);
            return PREFIX + kekId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt signing key " + kid, e);
        }
    }

    /** The private JWK of a stored key; plaintext from before encryption is returned as it is. */
    String decrypt(String stored, String kid) {
        if (!encrypted(stored)) {
            return stored;
        }
        String[] parts = stored.substring(PREFIX.length()).split(":", 2);
        String sealedWith = parts.length == 2 ? parts[0] : "?";
        SecretKey key;
        if (sealedWith.equals(kekId)) {
            key = kek;
        } else if (sealedWith.equals(previousKekId)) {
            key = previousKek;
        } else {
            throw new IllegalStateException("Signing key " + kid + " is encrypted with the key-encryption key " + sealedWith
                    + ", which is neither GATEHOUSE_KEY_ENCRYPTION_KEY (" + kekId + ") nor GATEHOUSE_KEY_ENCRYPTION_KEY_PREVIOUS ("
                    + (previousKekId == null ? "not set" : previousKekId) + "): give every instance the same"
                    + " GATEHOUSE_KEY_ENCRYPTION_KEY, and while changing it set GATEHOUSE_KEY_ENCRYPTION_KEY_PREVIOUS to the key"
                    + " it replaces (ids are the first 4 bytes of the key's SHA-256)");
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(parts[1]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Signing key " + kid + " cannot be decrypted: altered, or another key-encryption key", e);
        }
    }

    private byte[] generatedKey() {
        Path file = Path.of(dataDir, GENERATED_FILE);
        try {
            Files.createDirectories(file.getParent());
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(key));
                LOG.warning(() -> "No GATEHOUSE_KEY_ENCRYPTION_KEY: generated one in " + file.toAbsolutePath()
                        + " to encrypt the private signing keys; back it up, and give every instance the same key");
            } catch (FileAlreadyExistsException existing) {
                // made by an earlier start
            } catch (UnsupportedOperationException noPosix) {
                Files.writeString(file, Base64.getEncoder().encodeToString(key));
            }
            return decode(read(file), file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the key-encryption key file " + file, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the key-encryption key file " + file, e);
        }
    }

    private static byte[] decode(String value, String where) {
        byte[] key;
        try {
            key = Base64.getMimeDecoder().decode(value.trim().replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != 32) {
            throw new IllegalStateException(where + " must hold 32 random bytes in base64 (e.g. openssl rand -base64 32)");
        }
        return key;
    }
}
