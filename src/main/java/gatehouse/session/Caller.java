package gatehouse.session;

import gatehouse.user.User;

/**
 * Who is calling: nobody, the root client, a client with its own credentials,
 * or a user through a Session's access token.
 */
public record Caller(Kind kind, String clientId, Session session, User user) {

    public enum Kind { ANONYMOUS, ROOT, CLIENT, USER }

    public static final Caller ANONYMOUS = new Caller(Kind.ANONYMOUS, null, null, null);

    public static Caller root(String clientId) {
        return new Caller(Kind.ROOT, clientId, null, null);
    }

    public static Caller client(String clientId) {
        return new Caller(Kind.CLIENT, clientId, null, null);
    }

    public static Caller user(Session session, User user) {
        return new Caller(Kind.USER, session.clientId(), session, user);
    }
}
