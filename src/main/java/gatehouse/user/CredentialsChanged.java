package gatehouse.user;

/**
 * Fired inside the transaction that changed a user's password, deactivated the
 * user or deleted it: every Session of that user must end with it.
 */
public record CredentialsChanged(String userId) {
}
