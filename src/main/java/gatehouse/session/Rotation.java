package gatehouse.session;

/** What became of a refresh token presented for exchange. */
public enum Rotation {
    /** Exchanged: the new tokens are in place. */
    ROTATED,
    /** Presented before (or lost a race with its twin): the Session is closed now. */
    REUSED,
    /** Unknown, of another client, expired, or of a closed Session. */
    INVALID
}
