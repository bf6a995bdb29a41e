package gatehouse.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where a request comes from, for throttling and the audit trail: the socket's
 * peer, or, when that peer is a trusted proxy ({@code gatehouse.trusted.proxies},
 * addresses or CIDR ranges), the nearest address in {@code X-Forwarded-For} that is
 * not itself a trusted proxy. Only IP literals count: nothing is ever looked up in DNS.
 */
@ApplicationScoped
public class SourceAddresses {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    @Inject
    @ConfigProperty(name = "gatehouse.trusted.proxies")
    Optional<String> trustedProxies;

    private record Range(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            return rest == 0 || (address[whole] & (0xFF << (8 - rest)) & 0xFF) == (network[whole] & (0xFF << (8 - rest)) & 0xFF);
        }
    }

    private List<Range> proxies;

    @PostConstruct
    void parse() {
        proxies = new ArrayList<>();
        for (String entry : trustedProxies.orElse("").split(",")) {
            String range = entry.trim();
            if (range.isEmpty()) {
                continue;
            }
            int slash = range.indexOf('/');
            byte[] network = literal(slash < 0 ? range : range.substring(0, slash))
                    .orElseThrow(() -> new IllegalStateException("gatehouse.trusted.proxies: not an IP address or range: " + range));
            int bits = slash < 0 ? network.length * 8 : Integer.parseInt(range.substring(slash + 1));
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalStateException("gatehouse.trusted.proxies: bad prefix length in " + range);
            }
            proxies.add(new Range(network, bits));
        }
        proxies = List.copyOf(proxies);
    }

    /** The request's source address. */
    public String of(HttpServletRequest request) {
        return of(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
    }

    /**
     * @param peer         the socket's remote address
     * @param forwardedFor the {@code X-Forwarded-For} header, or null
     */
    public String of(String peer, String forwardedFor) {
        if (proxies.isEmpty() || forwardedFor == null || !trusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (literal(hop).isEmpty()) {
                return peer; // a hop we cannot read: trust nothing beyond it
            }
            if (!trusted(hop)) {
                return hop;
            }
        }
        return hops[0].trim();
    }

    private boolean trusted(String address) {
        Optional<byte[]> bytes = literal(address);
        return bytes.isPresent() && proxies.stream().anyMatch(range -> range.contains(bytes.get()));
    }

    static Optional<byte[]> literal(String text) {
        if (IPV4.matcher(text).matches()) {
            byte[] address = new byte[4];
            String[] octets = text.split("\\.");
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(octets[i]);
                if (octet > 255) {
                    return Optional.empty();
                }
                address[i] = (byte) octet;
            }
            return Optional.of(address);
        }
        if (text.indexOf(':') < 0 || !IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text).getAddress()); // with a colon, always a literal: no DNS lookup
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
