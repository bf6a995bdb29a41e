package gatehouse.token;

import java.io.InputStream;
import java.util.Optional;
import java.util.function.BiFunction;

import gatehouse.client.Client;
import gatehouse.client.ClientAuthentication;
import gatehouse.client.ClientCredentials;
import gatehouse.config.Protocol;
import gatehouse.session.TokenHash;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * How introspection (RFC 7662 §2.1) and revocation (RFC 7009 §2.1) begin: the request
 * read once, its client authenticated by the endpoint's rule (and counted, like every
 * client credential), then the presented token, by its hash.
 */
@ApplicationScoped
class PresentedTokens {

    /**
     * A token presented by an authenticated caller: its hash, or none for a token longer
     * than any this server issues, which matches no Session.
     */
    record PresentedToken<C>(C caller, Optional<String> hash) {
    }

    @Inject
    OAuthRequests requests;

    @Inject
    ClientAuthentication clientAuthentication;

    /** The root client, or a stored client that authenticated with its secret. */
    PresentedToken<ClientAuthentication.Introspector> toIntrospect(HttpHeaders headers, HttpServletRequest http, InputStream body) {
        return read(headers, http, body, clientAuthentication::requireIntrospector);
    }

    /** Any authenticated client; public clients too (RFC 7009 §2.1). */
    PresentedToken<Client> toRevoke(HttpHeaders headers, HttpServletRequest http, InputStream body) {
        return read(headers, http, body, clientAuthentication::require);
    }

    private <C> PresentedToken<C> read(HttpHeaders headers, HttpServletRequest http, InputStream body,
                                       BiFunction<Optional<ClientCredentials>, String, C> authenticate) {
        TokenRequest request = requests.read(headers, body);
        C caller = authenticate.apply(request.credentials(), requests.source(http));
        String token = request.required("token");
        return new PresentedToken<>(caller, token.length() > Protocol.MAX_TOKEN_LENGTH ? Optional.empty()
                : Optional.of(TokenHash.of(token)));
    }
}
