import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * Sign and verify costs of Gatehouse's two JWT algorithms, with the JDK's
 * own providers as the server uses them: RS256 (RSA-2048, CRT private key,
 * SHA256withRSA) and ES256 (P-256, SHA256withECDSAinP1363Format, the JWS form).
 * One thread, the input a typical Gatehouse access token's signing input; CPU time
 * of this thread per operation, after a warm-up.
 *
 *   java bench/JwsBench.java [SECONDS-PER-MEASUREMENT]     (default 5)
 *
 * Prints one line per algorithm and operation: JWSBENCH alg=… op=… ops=… cpu_us_per_op=…
 */
public class JwsBench {

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        String header = b64("{\"kid\":\"6f1c2b9e-1d2a-4c4e-9a51-0f3c1f0b7a11\",\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String payload = b64("{\"iss\":\"http://127.0.0.1:8080\",\"sub\":\"bench-user-1\",\"aud\":\"http://127.0.0.1:8080\","
                + "\"iat\":1795850434,\"exp\":1795857634,\"jti\":\"0b7a6f1c-2b9e-1d2a-4c4e-9a510f3c1f11\","
                + "\"uti\":\"pQ3x9sVb0a1c2d3e\",\"client_id\":\"bench-jwt\",\"upn\":\"bench-user-1\",\"groups\":[\"bench\"]}");
        byte[] input = (header + "." + payload).getBytes(StandardCharsets.US_ASCII);

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        run("RS256", "SHA256withRSA", rsa.generateKeyPair(), input, seconds);
        run("ES256", "SHA256withECDSAinP1363Format", ec.generateKeyPair(), input, seconds);
    }

    private static void run(String alg, String jca, KeyPair keys, byte[] input, double seconds) throws Exception {
        Signature signer = Signature.getInstance(jca);
        signer.initSign(keys.getPrivate());
        Signature verifier = Signature.getInstance(jca);
        verifier.initVerify(keys.getPublic());
        signer.update(input);
        byte[] signature = signer.sign();
        measure(null, "sign", seconds / 2, () -> { // warm-up
            signer.update(input);
            signer.sign();
        });
        measure(alg, "sign", seconds, () -> {
            signer.update(input);
            signer.sign();
        });
        measure(null, "verify", seconds / 2, () -> { // warm-up
            verifier.update(input);
            verifier.verify(signature);
        });
        measure(alg, "verify", seconds, () -> {
            verifier.update(input);
            if (!verifier.verify(signature)) {
                throw new IllegalStateException("signature did not verify");
            }
        });
    }

    interface Op {
        void run() throws Exception;
    }

    /** alg null: a warm-up, not printed. */
    private static void measure(String alg, String op, double seconds, Op body) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long cpu0 = threads.getCurrentThreadCpuTime();
        long n = 0;
        while (System.nanoTime() < end) {
            body.run();
            n++;
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        if (alg != null) {
            System.out.printf("JWSBENCH alg=%s op=%s ops=%d cpu_us_per_op=%.1f%n", alg, op, n, cpu / 1e3 / n);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
