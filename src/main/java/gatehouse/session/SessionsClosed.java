package gatehouse.session;

/** Sessions were closed by a search: this instance forgets every token it resolved, again once that commits. */
record SessionsClosed() {
}
