import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of bench/search.sh that wrk cannot do (JDK only: java SearchBench.java ...):
 *
 *   load  URL ROOT_SECRET PATIENTS            PUT the Patients of bench/seed.sh through the API (8 at a time)
 *   check URL ROOT_SECRET PATIENTS SESSIONS    the searches' totals against what the seed's formulas give
 *   pages URL ROOT_SECRET PAGES               follow next links of /Patient?_sort=birthDate&_count=100
 *   close URL ROOT_SECRET CLIENT CLIENT_SECRET USER PASSWORD SESSIONS ROUNDS
 *                                             open SESSIONS Sessions of USER, then time DELETE /Session?user.id=USER
 *
 * Prints RESULT lines that search.sh puts in its table; exits 1 when a check fails.
 */
public class SearchBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern NEXT = Pattern.compile("\"relation\":\"next\",\"url\":\"([^\"]+)\"");
    private static final Pattern TOTAL = Pattern.compile("\"total\":([0-9]+)");
    private static String base;
    private static String root;

    public static void main(String[] args) throws Exception {
        base = args[1];
        root = "Basic " + Base64.getEncoder().encodeToString(("root:" + args[2]).getBytes(StandardCharsets.UTF_8));
        switch (args[0]) {
            case "load" -> load(Integer.parseInt(args[3]));
            case "check" -> check(Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "pages" -> pages(Integer.parseInt(args[3]));
            case "close" -> close(args[3], args[4], args[5], args[6], Integer.parseInt(args[7]), Integer.parseInt(args[8]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static String patient(int n) {
        return "{\"name\":[{\"family\":\"Fam" + (n % 10000) + "\",\"given\":[\"Given" + (n % 1000) + "\"]}],\"birthDate\":\""
                + LocalDate.of(1930, 1, 1).plusDays(n % 30000) + "\",\"org\":\"org-" + (n % 1000) + "\"}";
    }

    static void load(int patients) throws Exception {
        long start = System.nanoTime();
        AtomicLong failed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                for (int n = 1 + thread; n <= patients; n += 8) {
                    HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(base + "/Patient/seed-p-" + n))
                            .header("Authorization", root).header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(patient(n))));
                    if (reply.statusCode() / 100 != 2) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        pool.shutdown();
        System.out.printf("RESULT load patients=%d failed=%d seconds=%.1f%n", patients, failed.get(), (System.nanoTime() - start) / 1e9);
        if (failed.get() > 0) {
            System.exit(1);
        }
    }

    static void check(int patients, int sessions) throws Exception {
        List<String> failures = new ArrayList<>();
        expect(failures, "/Patient?name.family=Fam77&_count=0", count(patients, n -> n % 10000 == 77));
        expect(failures, "/Patient?org=org-7&_count=0", count(patients, n -> n % 1000 == 7));
        expect(failures, "/Patient?org=org-7&name.given=Given7&_count=0", count(patients, n -> n % 1000 == 7));
        expect(failures, "/Patient?birthDate=lt1930-01-11&_count=0", count(patients, n -> n % 30000 < 10));
        expect(failures, "/Patient?birthDate=1930-01-03&_count=0", count(patients, n -> n % 30000 == 2));
        expect(failures, "/Patient?org=org-7&birthDate=ge2000&_count=0", count(patients, n -> n % 1000 == 7
                && !LocalDate.of(1930, 1, 1).plusDays(n % 30000).isBefore(LocalDate.of(2000, 1, 1))));
        if (sessions > 0) {
            expect(failures, "/Session?user.id=seed-u-77&_count=0", sessions / 100_000);
            expect(failures, "/Session?client.id=seed-client-7&_count=0", sessions / 100);
        }
        String first = body("/Patient?_sort=-birthDate&_count=1&_elements=birthDate");
        String latest = LocalDate.of(1930, 1, 1).plusDays(Math.min(patients, 29999)).toString();
        if (!first.contains("\"birthDate\":\"" + latest + "\"")) {
            failures.add("_sort=-birthDate: expected " + latest + " first, got " + first);
        }
        System.out.println("RESULT check " + (failures.isEmpty() ? "PASS" : "FAIL " + failures));
        if (!failures.isEmpty()) {
            System.exit(1);
        }
    }

    interface Match {
        boolean test(int n);
    }

    static long count(int patients, Match match) {
        long count = 0;
        for (int n = 1; n <= patients; n++) {
            if (match.test(n)) {
                count++;
            }
        }
        return count;
    }

    static void expect(List<String> failures, String path, long expected) throws Exception {
        String body = body(path);
        Matcher total = TOTAL.matcher(body);
        long actual = total.find() ? Long.parseLong(total.group(1)) : -1;
        if (actual != expected) {
            failures.add(path + ": expected " + expected + ", got " + actual);
        }
    }

    static void pages(int pages) throws Exception {
        String url = base + "/Patient?_sort=birthDate&_count=100";
        List<Double> millis = new ArrayList<>();
        String previousLast = null;
        for (int page = 1; page <= pages && url != null; page++) {
            long start = System.nanoTime();
            HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", root).GET());
            millis.add((System.nanoTime() - start) / 1e6);
            if (reply.statusCode() != 200) {
                throw new IllegalStateException("page " + page + ": " + reply.statusCode() + " " + reply.body());
            }
            Matcher next = NEXT.matcher(reply.body());
            url = next.find() ? next.group(1) : null;
            String firstDate = firstMatch(reply.body(), "\"birthDate\":\"([^\"]+)\"");
            if (previousLast != null && firstDate != null && firstDate.compareTo(previousLast) < 0) {
                throw new IllegalStateException("page " + page + " starts before the previous page ended");
            }
            previousLast = lastMatch(reply.body(), "\"birthDate\":\"([^\"]+)\"");
        }
        List<Double> firstTen = millis.subList(0, Math.min(10, millis.size()));
        List<Double> lastTen = millis.subList(Math.max(0, millis.size() - 10), millis.size());
        System.out.printf("RESULT pages=%d first_ms=%.1f first10_median_ms=%.1f last10_median_ms=%.1f last_ms=%.1f ratio=%.2f%n",
                millis.size(), millis.get(0), median(firstTen), median(lastTen), millis.get(millis.size() - 1),
                median(lastTen) / median(firstTen));
    }

    static void close(String client, String secret, String user, String password, int sessions, int rounds) throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        String form = "grant_type=password&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        String userId = firstMatch(body("/User?userName=" + user + "&_elements=userName"), "\"id\":\"([^\"]+)\"");
        List<Double> millis = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> grants = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                grants.add(pool.submit(() -> send(HttpRequest.newBuilder(URI.create(base + "/auth/token"))
                        .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))).statusCode()));
            }
            for (Future<Integer> grant : grants) {
                if (grant.get() != 200) {
                    throw new IllegalStateException("a password grant answered " + grant.get());
                }
            }
            pool.shutdown();
            long start = System.nanoTime();
            HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(base + "/Session?user.id=" + userId))
                    .header("Authorization", root).DELETE());
            millis.add((System.nanoTime() - start) / 1e6);
            if (!reply.body().contains("Closed " + sessions + " Sessions")) {
                throw new IllegalStateException("DELETE /Session: " + reply.statusCode() + " " + reply.body());
            }
        }
        Collections.sort(millis);
        System.out.printf("RESULT close sessions=%d rounds=%d min_ms=%.1f median_ms=%.1f max_ms=%.1f%n", sessions, rounds,
                millis.get(0), median(millis), millis.get(millis.size() - 1));
    }

    static String body(String path) throws Exception {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", root)
                .header("Accept", "application/json").GET());
        if (reply.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + reply.statusCode() + " " + reply.body());
        }
        return reply.body();
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String firstMatch(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    static String lastMatch(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        return last;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
