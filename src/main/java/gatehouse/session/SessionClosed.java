package gatehouse.session;

/** Fired inside the transaction that closed or deleted a Session; after it ends, the token cache forgets it again. */
record SessionClosed(String sessionId) {
}
