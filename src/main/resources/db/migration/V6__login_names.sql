-- One login namespace (issue 12): a login name -- a user's id, userName or email, compared
-- case-insensitively (SQL LOWER, the same function every query applies) -- identifies at
-- most one user. The primary key enforces it, so two concurrent writes cannot both win.
CREATE TABLE login_names (
    name    VARCHAR(256) PRIMARY KEY,
    user_id VARCHAR(64)  NOT NULL
);
CREATE INDEX login_names_user ON login_names (user_id);

-- Existing users: where names collide, the user written first keeps the name; the others keep
-- their remaining names (README, "Upgrading", has the query that lists names not registered).
INSERT INTO login_names (name, user_id)
SELECT name, user_id FROM (
    SELECT name, user_id,
           ROW_NUMBER() OVER (PARTITION BY name ORDER BY last_updated, kind, user_id) AS claim
    FROM (
        SELECT LOWER(id) AS name, id AS user_id, last_updated, 0 AS kind FROM users
        UNION ALL
        SELECT LOWER(user_name), id, last_updated, 1 FROM users WHERE user_name IS NOT NULL
        UNION ALL
        SELECT LOWER(email), id, last_updated, 2 FROM users WHERE email IS NOT NULL
    ) candidates
) ranked
WHERE claim = 1;

-- The caller name other applications see (userName, else id; the JWT upn) is a view row only
-- while it is registered to that user: unique by construction, even for data from before.
CREATE OR REPLACE VIEW gatehouse_callers AS
    SELECT COALESCE(u.user_name, u.id) AS caller_name, u.password_hash
    FROM users u
    JOIN login_names n ON n.user_id = u.id AND n.name = LOWER(COALESCE(u.user_name, u.id))
    WHERE u.inactive = FALSE AND u.password_hash IS NOT NULL
      AND (u.locked_until IS NULL OR u.locked_until < EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000);

CREATE OR REPLACE VIEW gatehouse_caller_groups AS
    SELECT COALESCE(u.user_name, u.id) AS caller_name, r.role_name AS group_name
    FROM users u
    JOIN login_names n ON n.user_id = u.id AND n.name = LOWER(COALESCE(u.user_name, u.id))
    JOIN user_roles r ON r.user_id = u.id
    WHERE u.inactive = FALSE;

-- Sessions are closed by client when a Client is deleted or its secret changes.
CREATE INDEX sessions_client ON sessions (client_id);
