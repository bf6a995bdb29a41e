package gatehouse.session;

/** Paths that need no caller: discovery, and the OAuth endpoints that authenticate clients themselves. */
public final class PublicPaths {

    private PublicPaths() {
    }

    /** @param path relative to the context root, as {@code UriInfo.getPath()} gives it */
    public static boolean isPublic(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.equals("auth/token") || p.equals("auth/introspect") || p.equals("auth/revoke")
                || p.startsWith(".well-known/");
    }
}
