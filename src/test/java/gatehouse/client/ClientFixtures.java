package gatehouse.client;

import gatehouse.store.Resources;

/** Clients as the store makes them, for unit tests of other packages: attributes as JSON, with or without a secret. */
public final class ClientFixtures {

    private ClientFixtures() {
    }

    public static Client of(String id, String attributesJson, boolean withSecret) {
        Client client = new Client(id);
        client.update(Resources.parse(attributesJson), 0);
        if (withSecret) {
            client.secretHash("PBKDF2WithHmacSHA256:1024:c2FsdA==:aGFzaA==");
        }
        return client;
    }
}
