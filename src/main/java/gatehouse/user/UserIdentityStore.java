package gatehouse.user;

import java.util.EnumSet;
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
 * name is the user's id; the groups are its roles. Unknown, inactive and locked
 * users cost one hash verification like everyone else and fail alike, so
 * neither the answer nor its timing tells them apart. Every wrong password
 * counts towards the lockout; a right one while locked still fails.
 */
@ApplicationScoped
public class UserIdentityStore implements IdentityStore {

    @Inject
    Users users;

    @Inject
    PasswordHasher hasher;

    @Inject
    java.time.Clock clock;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential login)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        String password = login.getPasswordAsString();
        Optional<User> found = users.findByLogin(login.getCaller());
        if (found.isEmpty()) {
            hasher.verifyNothing(password);
            failed(login, null, PasswordLogin.UNKNOWN_USER, false);
            return CredentialValidationResult.INVALID_RESULT;
        }
        User user = found.get();
        long now = clock.millis();
        boolean passwordMatches = hasher.verify(password, user.passwordHash());
        if (!passwordMatches) {
            boolean lockedNow = users.passwordCheckFailed(user.id(), now);
            failed(login, user.id(), user.lockedAt(now) ? PasswordLogin.LOCKED : PasswordLogin.WRONG_PASSWORD, lockedNow);
            return CredentialValidationResult.INVALID_RESULT;
        }
        if (user.inactive() || user.lockedAt(now)) {
            failed(login, user.id(), user.inactive() ? PasswordLogin.INACTIVE : PasswordLogin.LOCKED, false);
            return CredentialValidationResult.INVALID_RESULT;
        }
        if (user.failedLogins() > 0) {
            users.passwordCheckSucceeded(user.id());
        }
        if (hasher.outdated(user.passwordHash())) { // e.g. made before the iteration count was raised
            users.upgradePasswordHash(user.id(), user.passwordHash(), hasher.hash(password));
        }
        return new CredentialValidationResult(new UserPrincipal(user), user.roleSet());
    }

    /** Tells a caller that asked ({@link PasswordLogin}) why its check failed. */
    private static void failed(UsernamePasswordCredential login, String userId, String failure, boolean lockedNow) {
        if (login instanceof PasswordLogin report) {
            report.failed(userId, failure, lockedNow);
        }
    }

    @Override
    public int priority() {
        return 30;
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return EnumSet.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS);
    }
}
