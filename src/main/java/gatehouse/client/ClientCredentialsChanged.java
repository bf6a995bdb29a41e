package gatehouse.client;

/**
 * Fired inside the transaction that changed a Client's secret or deleted the
 * Client: every Session issued through it must end with it (docs/api.md#client).
 */
public record ClientCredentialsChanged(String clientId) {
}
