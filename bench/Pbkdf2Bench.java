import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Gatehouse bench helper (single file: {@code java Pbkdf2Bench.java ...}).
 *
 * <pre>
 * java Pbkdf2Bench.java rate SECONDS THREADS ITERATIONS   -> "RAWHASH hashes=N seconds=S rate=R cpu_ms_per_hash=C ..."
 * java Pbkdf2Bench.java hash PASSWORD ITERATIONS          -> a Pbkdf2PasswordHash string
 * jcmd PID JVMTI.agent_load pbkdf2bench.jar SECONDS,THREADS,ITERATIONS,OUTFILE
 *                                                        -> the "rate" line, measured inside JVM PID, to OUTFILE
 * </pre>
 *
 * The agent form (bench/run.sh builds the jar, {@code Agent-Class: Pbkdf2Bench})
 * measures the hash in the server's own JVM, whose JIT has compiled the digest
 * code for everything the server hashes, not just this loop: that is the rate a
 * password grant can actually reach.
 *
 * {@code rate} runs PBKDF2WithHmacSHA256 with a 32-byte salt and a 32-byte key,
 * the parameters Gatehouse configures, on THREADS threads for SECONDS seconds:
 * the physical limit for password grants on this machine. {@code hash} prints
 * {@code PBKDF2WithHmacSHA256:iterations:base64(salt):base64(key)}, the format
 * Jakarta Security's Pbkdf2PasswordHash stores and verifies.
 */
public class Pbkdf2Bench {

    static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    static final int SALT_BYTES = 32;
    static final int KEY_BYTES = 32;

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("rate")) {
            System.out.println(rate(Double.parseDouble(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3])));
        } else if (args.length == 3 && args[0].equals("hash")) {
            System.out.println(hash(args[1].toCharArray(), Integer.parseInt(args[2])));
        } else {
            System.err.println("usage: java Pbkdf2Bench.java rate SECONDS THREADS ITERATIONS | hash PASSWORD ITERATIONS");
            System.exit(2);
        }
    }

    /** Entry point when loaded into a running JVM with {@code jcmd PID JVMTI.agent_load}. */
    public static void agentmain(String args, java.lang.instrument.Instrumentation instrumentation) throws Exception {
        String[] a = args.split(",", 4);
        String line = rate(Double.parseDouble(a[0]), Integer.parseInt(a[1]), Integer.parseInt(a[2]));
        java.nio.file.Files.writeString(java.nio.file.Path.of(a[3]), line + System.lineSeparator());
    }

    static String hash(char[] password, int iterations) throws Exception {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        byte[] key = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder();
        return ALGORITHM + ":" + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(key);
    }

    static byte[] derive(char[] password, byte[] salt, int iterations) throws Exception {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BYTES * 8);
        return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    }

    static String rate(double seconds, int threads, int iterations) throws Exception {
        // Warm-up: let the JIT compile HmacSHA256 before the clock starts.
        long warmUntil = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            derive("warm-up".toCharArray(), new byte[SALT_BYTES], 20_000);
        }
        AtomicLong done = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        java.lang.management.ThreadMXBean threadBean = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                SecureRandom random = new SecureRandom();
                byte[] salt = new byte[SALT_BYTES];
                try {
                    long cpuBefore = threadBean.getCurrentThreadCpuTime();
                    while (System.nanoTime() < deadline) {
                        random.nextBytes(salt);
                        derive("correct horse battery staple".toCharArray(), salt, iterations);
                        done.incrementAndGet();
                    }
                    cpuNanos.addAndGet(threadBean.getCurrentThreadCpuTime() - cpuBefore);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return String.format(java.util.Locale.ROOT, "RAWHASH hashes=%d seconds=%.2f rate=%.2f cpu_ms_per_hash=%.3f threads=%d iterations=%d",
                done.get(), elapsed, done.get() / elapsed, cpuNanos.get() / 1e6 / Math.max(1, done.get()), threads, iterations);
    }
}
