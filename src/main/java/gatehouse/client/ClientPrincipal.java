package gatehouse.client;

import jakarta.security.enterprise.CallerPrincipal;

/** A client that authenticated with its own credentials (HTTP Basic), named by its id; perhaps the root client. */
public class ClientPrincipal extends CallerPrincipal {

    private static final long serialVersionUID = 1L;

    private final boolean root;

    ClientPrincipal(String clientId, boolean root) {
        super(clientId);
        this.root = root;
    }

    /** The root client of configuration, which may do everything, policies or not. */
    public boolean root() {
        return root;
    }
}
