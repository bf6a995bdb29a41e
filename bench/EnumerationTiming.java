import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Timing of the four failing password-grant cases: unknown user, wrong
 * password, inactive user, locked user. Prints the median and p90 of each and
 * checks that all four answers are byte-identical.
 *
 * java bench/EnumerationTiming.java http://127.0.0.1:8080 ROOT_SECRET [rounds]
 *
 * Run it against a server at the production hash cost (the default), alone on the machine.
 */
public class EnumerationTiming {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String root = "Basic " + b64("root:" + args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 25;
        String mark = UUID.randomUUID().toString().substring(0, 8);
        String client = "enum-" + mark;
        String secret = "secret-" + mark;
        send("PUT", base + "/Client/" + client, root, "application/json",
                "{\"secret\":\"" + secret + "\",\"grant_types\":[\"password\"]}");
        String password = "pw-" + mark;
        List<String> wrongUsers = new ArrayList<>();
        for (int i = 0; i < rounds; i++) { // one fresh user per wrong guess, so none of them gets locked
            String name = "wrong-" + mark + "-" + i;
            send("PUT", base + "/User/" + name, root, "application/json", "{\"userName\":\"" + name + "\",\"password\":\"" + password + "\"}");
            wrongUsers.add(name);
        }
        String inactive = "inactive-" + mark;
        send("PUT", base + "/User/" + inactive, root, "application/json",
                "{\"userName\":\"" + inactive + "\",\"password\":\"" + password + "\",\"inactive\":true}");
        String locked = "locked-" + mark;
        send("PUT", base + "/User/" + locked, root, "application/json", "{\"userName\":\"" + locked + "\",\"password\":\"" + password + "\"}");
        String basic = "Basic " + b64(client + ":" + secret);
        for (int i = 0; i < 5; i++) {
            grant(base, basic, locked, "not-it");
        }

        Map<String, List<Double>> times = new LinkedHashMap<>();
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String name : List.of("unknown user", "wrong password", "inactive user", "locked user")) {
            times.put(name, new ArrayList<>());
        }
        grant(base, basic, "warm-up-" + mark, "x");
        for (int round = 0; round < rounds; round++) { // interleaved, so drift in machine load hits all four alike
            measure(times, bodies, "unknown user", () -> grant(base, basic, "nobody-" + UUID.randomUUID(), password));
            int r = round;
            measure(times, bodies, "wrong password", () -> grant(base, basic, wrongUsers.get(r), "not-" + password));
            measure(times, bodies, "inactive user", () -> grant(base, basic, inactive, password));
            measure(times, bodies, "locked user", () -> grant(base, basic, locked, password));
        }
        System.out.printf("%-15s %8s %8s %8s%n", "case", "median", "p90", "n");
        times.forEach((name, samples) -> {
            Collections.sort(samples);
            System.out.printf("%-15s %6.1f ms %6.1f ms %8d%n", name, samples.get(samples.size() / 2),
                    samples.get((int) (samples.size() * 0.9)), samples.size());
        });
        boolean identical = bodies.values().stream().distinct().count() == 1;
        System.out.println("identical responses: " + identical + " " + bodies.values().iterator().next());
        if (!identical) {
            bodies.forEach((name, body) -> System.out.println(name + ": " + body));
            System.exit(1);
        }
    }

    interface Call {
        HttpResponse<String> call() throws Exception;
    }

    static void measure(Map<String, List<Double>> times, Map<String, String> bodies, String name, Call call) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = call.call();
        times.get(name).add((System.nanoTime() - start) / 1e6);
        bodies.put(name, response.statusCode() + " " + response.body());
    }

    static HttpResponse<String> grant(String base, String basic, String username, String password) throws Exception {
        return send("POST", base + "/auth/token", basic, "application/x-www-form-urlencoded",
                "grant_type=password&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8));
    }

    static HttpResponse<String> send(String method, String url, String authorization, String type, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).header("Content-Type", type)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
