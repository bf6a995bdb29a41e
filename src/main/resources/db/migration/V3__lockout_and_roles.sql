-- Brute-force lockout: consecutive failed password checks, and the lock they caused.
ALTER TABLE users ADD COLUMN failed_logins INT DEFAULT 0 NOT NULL;
ALTER TABLE users ADD COLUMN locked_until BIGINT;

-- User.roles as rows, kept by the User store, so that the groups can be read with SQL.
CREATE TABLE user_roles (
    user_id   VARCHAR(64)  NOT NULL,
    role_name VARCHAR(256) NOT NULL,
    PRIMARY KEY (user_id, role_name)
);

-- For other applications' Jakarta Security @DatabaseIdentityStoreDefinition (README):
-- the caller name (as in the JWT upn), the Pbkdf2PasswordHash hash of active users, and their groups.
CREATE VIEW gatehouse_callers AS
    SELECT COALESCE(user_name, id) AS caller_name, password_hash
    FROM users
    WHERE inactive = FALSE AND password_hash IS NOT NULL;

CREATE VIEW gatehouse_caller_groups AS
    SELECT COALESCE(u.user_name, u.id) AS caller_name, r.role_name AS group_name
    FROM users u JOIN user_roles r ON r.user_id = u.id
    WHERE u.inactive = FALSE;
