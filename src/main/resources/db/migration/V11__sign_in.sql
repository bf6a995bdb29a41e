-- Sign-in through the login page: a browser session is a Session of the user alone (no client);
-- the Sessions issued from it name it (sso_id) and carry the scopes granted.
ALTER TABLE sessions ALTER COLUMN client_id DROP NOT NULL;
ALTER TABLE sessions ADD COLUMN sso_id VARCHAR(64);
ALTER TABLE sessions ADD COLUMN scope VARCHAR(1024);
CREATE INDEX sessions_sso ON sessions (sso_id);

-- Authorization codes (RFC 6749 §4.1.2): by hash, single use, bound to the client, the redirect
-- URI and the PKCE challenge. session_id is the Session the first use opened, closed on a replay.
CREATE TABLE authorization_codes (
    code_hash      VARCHAR(64)   PRIMARY KEY,
    client_id      VARCHAR(64)   NOT NULL,
    user_id        VARCHAR(64)   NOT NULL,
    sso_id         VARCHAR(64)   NOT NULL,
    redirect_uri   VARCHAR(2048) NOT NULL,
    code_challenge VARCHAR(128),
    scope          VARCHAR(1024),
    nonce          VARCHAR(512),
    auth_time      BIGINT        NOT NULL,
    expires_at     BIGINT        NOT NULL,
    session_id     VARCHAR(64),
    redeemed_at    BIGINT,
    replayed_at    BIGINT
);
CREATE INDEX authorization_codes_expires ON authorization_codes (expires_at);
