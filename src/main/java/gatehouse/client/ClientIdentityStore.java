package gatehouse.client;

import java.util.EnumSet;
import java.util.Set;

import gatehouse.config.Protocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

/**
 * Validates a client's own credentials, as presented with HTTP Basic on any
 * endpoint other than the OAuth ones: the root client of configuration (group
 * {@value Protocol#ROOT_GROUP}), or a stored client with its secret.
 */
@ApplicationScoped
public class ClientIdentityStore implements IdentityStore {

    private static final Set<String> ROOT_GROUPS = Set.of(Protocol.ROOT_GROUP);

    @Inject
    RootClient root;

    @Inject
    ClientAuthentication clients;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof ClientCredentials presented)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        if (root.matches(presented.clientId(), presented.secret())) {
            return new CredentialValidationResult(new ClientPrincipal(presented.clientId(), true), ROOT_GROUPS);
        }
        return clients.authenticate(presented)
                .map(client -> new CredentialValidationResult(new ClientPrincipal(client.id(), false), Set.of()))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return EnumSet.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS);
    }
}
