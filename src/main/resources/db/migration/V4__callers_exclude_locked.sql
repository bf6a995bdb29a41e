-- A user locked by the brute-force lockout cannot log in through other
-- applications' database identity stores either.
CREATE OR REPLACE VIEW gatehouse_callers AS
    SELECT COALESCE(user_name, id) AS caller_name, password_hash
    FROM users
    WHERE inactive = FALSE AND password_hash IS NOT NULL
      AND (locked_until IS NULL OR locked_until < EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000);
