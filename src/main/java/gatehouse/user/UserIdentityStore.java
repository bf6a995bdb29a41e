package gatehouse.user;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

/**
 * Validates a user's name and password against the User entities. The caller
 * name is the user's id; the groups are its roles. Unknown and inactive users
 * cost one hash verification like everyone else, so timing tells nothing.
 */
@ApplicationScoped
public class UserIdentityStore implements IdentityStore {

    @Inject
    Users users;

    @Inject
    PasswordHasher hasher;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential login)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        String password = login.getPasswordAsString();
        Optional<User> found = users.findByLogin(login.getCaller());
        if (found.isEmpty()) {
            hasher.verifyNothing(password);
            return CredentialValidationResult.INVALID_RESULT;
        }
        User user = found.get();
        boolean passwordMatches = hasher.verify(password, user.passwordHash());
        if (!passwordMatches || user.inactive()) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        return new CredentialValidationResult(user.id(), new HashSet<>(user.roles()));
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return EnumSet.of(ValidationType.VALIDATE);
    }
}
