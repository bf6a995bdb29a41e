package gatehouse.signin;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import gatehouse.testing.HtmlForms;
import gatehouse.testing.HtmlForms.Form;
import gatehouse.testing.Http;
import gatehouse.testing.Http.Reply;

/**
 * One simulated browser without scripts: its own cookie jar, never following a
 * redirect by itself (tests look at every {@code Location}), submitting forms as
 * parsed from the page. All requests go to the one Gatehouse server, so cookies
 * are kept per name and path only (the server's host name, localhost or the
 * machine's address, does not matter); a URL on another port is refused.
 */
final class Browser {

    /** A cookie as the server set it; {@code raw} is its Set-Cookie header, attributes included. */
    record Cookie(String name, String value, String path, String raw) {

        boolean hasAttribute(String attribute) {
            return attributes().containsKey(attribute.toLowerCase(Locale.ROOT));
        }

        String attribute(String attribute) {
            return attributes().get(attribute.toLowerCase(Locale.ROOT));
        }

        private Map<String, String> attributes() {
            Map<String, String> attributes = new LinkedHashMap<>();
            String[] parts = raw.split(";");
            for (int i = 1; i < parts.length; i++) {
                String part = parts[i].trim();
                int equals = part.indexOf('=');
                attributes.put((equals < 0 ? part : part.substring(0, equals)).trim().toLowerCase(Locale.ROOT),
                        equals < 0 ? "" : part.substring(equals + 1).trim());
            }
            return attributes;
        }
    }

    private final Http http;
    private final URI server;
    private final Map<String, Cookie> jar = new LinkedHashMap<>();
    /** Set-Cookie headers of the last reply, for assertions on what the server just set. */
    private List<Cookie> lastSet = List.of();
    private URI page;

    Browser(Http http) {
        this.http = http;
        this.server = URI.create(http.base() + "/");
        this.page = server;
    }

    Reply get(String url) {
        String path = path(url);
        return send(http.get(path), path);
    }

    Reply post(String url, List<String> form) {
        String path = path(url);
        return send(http.post(path).form(form.toArray(String[]::new)), path);
    }

    /** Submits the page's only form (resolving its action against the page), with some fields replaced or removed. */
    Reply submit(Reply shown, Map<String, String> overrides) {
        Form form = HtmlForms.form(shown.body());
        return submit(form, form.submission(overrides));
    }

    /** Submits the page's only form by clicking the button name=value. */
    Reply click(Reply shown, String buttonName, String buttonValue) {
        Form form = HtmlForms.form(shown.body());
        return submit(form, form.submission(Map.of(), buttonName, buttonValue));
    }

    Reply submit(Form form, List<String> pairs) {
        if (form.method().equals("post")) {
            return post(form.action(), pairs);
        }
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < pairs.size(); i += 2) {
            query.append(query.length() == 0 ? "" : "&").append(SignInFlows.encode(pairs.get(i)))
                    .append('=').append(SignInFlows.encode(pairs.get(i + 1)));
        }
        String action = form.action().isEmpty() ? page.toString() : form.action();
        return get(action.replaceFirst("\\?.*$", "") + "?" + query);
    }

    /** The value of the cookie of that name this browser holds (any path), or null. */
    String cookie(String name) {
        return jar.values().stream().filter(cookie -> cookie.name().equals(name)).map(Cookie::value).findFirst().orElse(null);
    }

    /** The Set-Cookie of that name in the last reply, or null. */
    Cookie setInLastReply(String name) {
        return lastSet.stream().filter(cookie -> cookie.name().equals(name)).findFirst().orElse(null);
    }

    /** Plants a cookie, as an attacker or an old copy would. */
    void plant(String name, String value) {
        jar.put(name + ";/", new Cookie(name, value, "/", name + "=" + value + "; Path=/"));
    }

    private Reply send(Http.Request request, String path) {
        String cookies = jar.values().stream().filter(cookie -> pathMatches(cookie.path(), path))
                .map(cookie -> cookie.name() + "=" + cookie.value()).collect(Collectors.joining("; "));
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies);
        }
        Reply reply = request.send();
        List<Cookie> set = new ArrayList<>();
        for (String header : reply.headers().allValues("Set-Cookie")) {
            Cookie cookie = parse(header, path);
            set.add(cookie);
            String key = cookie.name() + ";" + cookie.path();
            if (expired(cookie)) {
                jar.remove(key);
            } else {
                jar.put(key, cookie);
            }
        }
        lastSet = List.copyOf(set);
        page = server.resolve(path);
        return reply;
    }

    /** A URL (absolute, or relative to the current page) as a path and query on this server. */
    private String path(String url) {
        URI target = page.resolve(url.trim());
        if (target.getPort() != server.getPort() || !"http".equalsIgnoreCase(target.getScheme()) && !"https".equalsIgnoreCase(target.getScheme())) {
            throw new AssertionError("the browser was sent away from Gatehouse (" + server + "): " + url);
        }
        String path = target.getRawPath();
        String serverPath = server.getRawPath().replaceAll("/$", "");
        if (!path.startsWith(serverPath + "/")) {
            throw new AssertionError(url + " is not under " + server);
        }
        path = path.substring(serverPath.length());
        return target.getRawQuery() == null ? path : path + "?" + target.getRawQuery();
    }

    private static Cookie parse(String header, String requestPath) {
        String pair = header.split(";", 2)[0];
        int equals = pair.indexOf('=');
        String name = pair.substring(0, Math.max(equals, 0)).trim();
        String value = equals < 0 ? "" : pair.substring(equals + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        Cookie cookie = new Cookie(name, value, null, header);
        String path = cookie.attribute("path");
        if (path == null || !path.startsWith("/")) { // RFC 6265 §5.1.4: the default path
            String noQuery = requestPath.split("\\?", 2)[0];
            int slash = noQuery.lastIndexOf('/');
            path = slash <= 0 ? "/" : noQuery.substring(0, slash);
        }
        return new Cookie(name, value, path, header);
    }

    private static boolean expired(Cookie cookie) {
        String maxAge = cookie.attribute("max-age");
        if (maxAge != null) {
            try {
                return Long.parseLong(maxAge) <= 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        String expires = cookie.attribute("expires");
        if (expires != null) {
            try {
                return java.time.ZonedDateTime.parse(expires, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant().isBefore(java.time.Instant.now());
            } catch (java.time.format.DateTimeParseException e) {
                return expires.contains("1970");
            }
        }
        return false;
    }

    private static boolean pathMatches(String cookiePath, String requestPath) {
        String path = requestPath.split("\\?", 2)[0];
        return path.equals(cookiePath) || path.startsWith(cookiePath.endsWith("/") ? cookiePath : cookiePath + "/");
    }
}
