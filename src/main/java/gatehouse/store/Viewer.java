package gatehouse.store;

import jakarta.enterprise.context.RequestScoped;

/**
 * Whether the current request may see server-managed, administrative state
 * (such as a User's lock). Set by authentication; only the root client may.
 */
@RequestScoped
public class Viewer {

    private boolean root;

    public boolean isRoot() {
        return root;
    }

    public void root(boolean root) {
        this.root = root;
    }
}
