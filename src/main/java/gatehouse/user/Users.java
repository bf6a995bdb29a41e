package gatehouse.user;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import gatehouse.error.Problem;
import gatehouse.search.SearchTable.Kind;
import gatehouse.search.SearchTable;
import gatehouse.search.SearchValues;
import gatehouse.store.ResourceStore;
import gatehouse.store.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

/** The User store: typed columns, hashed passwords, and the logins' lookups. */
@ApplicationScoped
public class Users implements ResourceStore {

    @PersistenceContext
    EntityManager em;

    @Inject
    PasswordHasher hasher;

    @Inject
    Event<CredentialsChanged> credentialsChanged;

    @Inject
    Lockout lockout;

    @Inject
    java.time.Clock clock;

    @Override
    public String type() {
        return User.TYPE;
    }

    public Optional<User> find(String id) {
        return Optional.ofNullable(em.find(User.class, id));
    }

    /**
     * The user a login name means: its id, userName or email, compared
     * case-insensitively. A name identifies at most one user (docs/api.md, User).
     */
    public Optional<User> findByLogin(String login) {
        if (login.length() > UserAttributes.MAX_LENGTH) {
            return Optional.empty();
        }
        return em.createNativeQuery("SELECT user_id FROM login_names WHERE name = LOWER(?1)")
                .setParameter(1, login)
                .getResultStream().findFirst()
                .flatMap(id -> find((String) id));
    }

    @Override
    public Optional<JsonObject> read(String type, String id) {
        return find(id).map(this::render);
    }

    @Override
    public SearchTable searchTable(String type) {
        return SearchTable.of("users", User.TYPE, true, ids -> SearchTable.inOrder(ids,
                        em.createQuery("SELECT u FROM User u WHERE u.id IN :ids", User.class).setParameter("ids", ids).getResultList(),
                        User::id, this::render))
                .column("userName", "user_name", Kind.TEXT)
                .column("email", "email", Kind.TEXT)
                .column("inactive", "inactive", Kind.BOOLEAN)
                .column("failedLogins", "failed_logins", Kind.NUMBER)
                .column("lockedUntil", "locked_until", Kind.TIME);
    }

    /** As the store shows it, with the lock state, which only root sees. */
    private JsonObject render(User user) {
        return user.renderWithLockState();
    }

    @Override
    public java.util.Set<String> rootOnlyFields() {
        return UserAttributes.LOCK_STATE;
    }

    @Override
    public java.util.Set<String> policyWritableFields() {
        return java.util.Set.of("lockedUntil");
    }

    /**
     * Counts a failed password check, atomically (concurrent failures all count),
     * and locks the user once they reach the threshold. Commits on its own: the
     * login that failed is answered with an error. True when this failure locked
     * the user (or lengthened its lock).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean passwordCheckFailed(String id, long now) {
        // Lock state is bookkeeping, not a new version of the User: plain SQL, so JPA bumps no version.
        em.createNativeQuery("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?1")
                .setParameter(1, id)
                .executeUpdate();
        int failures = ((Number) em.createNativeQuery("SELECT failed_logins FROM users WHERE id = ?1")
                .setParameter(1, id)
                .getSingleResult()).intValue();
        long lockMillis = lockout.lockMillis(failures);
        if (lockMillis > 0) {
            em.createNativeQuery("UPDATE users SET locked_until = ?1 WHERE id = ?2")
                    .setParameter(1, now + lockMillis)
                    .setParameter(2, id)
                    .executeUpdate();
        }
        return lockMillis > 0;
    }

    /**
     * Replaces a verified hash made with older settings by one made with the
     * current ones; the password itself is unchanged, so Sessions stay open.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void upgradePasswordHash(String id, String oldHash, String newHash) {
        em.createNativeQuery("UPDATE users SET password_hash = ?1 WHERE id = ?2 AND password_hash = ?3")
                .setParameter(1, newHash)
                .setParameter(2, id)
                .setParameter(3, oldHash)
                .executeUpdate();
    }

    /** A successful check ends the run of failures. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void passwordCheckSucceeded(String id) {
        em.createNativeQuery("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?1 AND failed_logins > 0")
                .setParameter(1, id)
                .executeUpdate();
    }

    @Override
    @Transactional
    public JsonObject create(String type, String id, JsonObject attributes) {
        if (em.find(User.class, id) != null) {
            throw Problem.conflict("User/" + id + " already exists");
        }
        return save(new User(id), UserAttributes.of(attributes), true);
    }

    @Override
    @Transactional
    public Saved put(String type, String id, JsonObject attributes) {
        User user = em.find(User.class, id);
        boolean created = user == null;
        return new Saved(save(created ? new User(id) : user, UserAttributes.of(attributes), created), created);
    }

    private JsonObject save(User user, UserAttributes attributes, boolean created) {
        claimLoginNames(user.id(), attributes.userName(), attributes.email());
        boolean wasActive = !user.inactive();
        boolean passwordChanged = false;
        if (attributes.password().isPresent()) {
            String password = attributes.password().get();
            passwordChanged = created || !hasher.verify(password, user.passwordHash());
            if (passwordChanged) {
                user.passwordHash(hasher.hash(password));
            }
        }
        user.update(attributes, clock.millis());
        if (attributes.unlock()) {
            user.unlock();
        }
        if (created) {
            em.persist(user);
        } else if (passwordChanged || (wasActive && user.inactive())) {
            credentialsChanged.fire(new CredentialsChanged(user.id()));
        }
        Writes.flush(em, User.TYPE, user.id());
        saveRoles(user.id(), attributes.roles());
        SearchValues.replace(em, User.TYPE, user.id(), user.render());
        return render(user);
    }

    /** Mirrors roles into user_roles, where other applications' identity stores read groups. */
    private void saveRoles(String userId, List<String> roles) {
        em.createNativeQuery("DELETE FROM user_roles WHERE user_id = ?1").setParameter(1, userId).executeUpdate();
        for (String role : roles) {
            em.createNativeQuery("INSERT INTO user_roles (user_id, role_name) VALUES (?1, ?2)")
                    .setParameter(1, userId)
                    .setParameter(2, role)
                    .executeUpdate();
        }
    }

    /**
     * Claims the user's login names (id, userName, email), which no other user may
     * hold in any letter case: 409 naming the field when one does. The primary key of
     * login_names decides between concurrent writes; the loser gets a 409 too.
     */
    private void claimLoginNames(String id, String userName, String email) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("id", id);
        if (userName != null) {
            names.put("userName", userName);
        }
        if (email != null) {
            names.put("email", email);
        }
        names.forEach((field, name) -> {
            boolean taken = em.createNativeQuery("SELECT user_id FROM login_names WHERE name = LOWER(?1) AND user_id <> ?2")
                    .setParameter(1, name)
                    .setParameter(2, id)
                    .getResultStream().findFirst().isPresent();
            if (taken) {
                throw Problem.conflict("Another User has this " + field + " as a login name (id, userName and email"
                        + " are one namespace, compared case-insensitively)");
            }
        });
        em.createNativeQuery("DELETE FROM login_names WHERE user_id = ?1").setParameter(1, id).executeUpdate();
        try {
            for (String name : names.values()) {
                // The same name twice for this user (a userName equal to its id, say) is claimed once; a name
                // another user claimed meanwhile is inserted again, and the primary key refuses it.
                em.createNativeQuery("INSERT INTO login_names (name, user_id) SELECT LOWER(?1), ?2"
                                + " WHERE NOT EXISTS (SELECT 1 FROM login_names WHERE name = LOWER(?1) AND user_id = ?2)")
                        .setParameter(1, name)
                        .setParameter(2, id)
                        .executeUpdate();
            }
            em.flush();
        } catch (PersistenceException lostRace) {
            throw Problem.conflict("Another User took one of these login names at the same moment");
        }
    }

    @Override
    @Transactional
    public Optional<JsonObject> delete(String type, String id) {
        User user = em.find(User.class, id);
        if (user == null) {
            return Optional.empty();
        }
        credentialsChanged.fire(new CredentialsChanged(id));
        em.createNativeQuery("DELETE FROM user_roles WHERE user_id = ?1").setParameter(1, id).executeUpdate();
        em.createNativeQuery("DELETE FROM login_names WHERE user_id = ?1").setParameter(1, id).executeUpdate();
        em.remove(user);
        SearchValues.delete(em, User.TYPE, id);
        return Optional.of(render(user));
    }
}
