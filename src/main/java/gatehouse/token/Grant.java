package gatehouse.token;

import gatehouse.client.Client;

/** One OAuth grant type (RFC 6749 §4–6): exchanges a request of an authenticated client for tokens. */
public interface Grant {

    /** The {@code grant_type} value this grant answers to. */
    String grantType();

    IssuedTokens exchange(Client client, TokenRequest request);
}
