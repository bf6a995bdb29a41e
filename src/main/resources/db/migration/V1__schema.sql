-- Gatehouse schema, version 1. Portable SQL: identical on H2 and PostgreSQL.
-- Times are epoch milliseconds (UTC) in BIGINT columns: no time-zone conversions anywhere.

-- Resources of every type without a table of its own, as JSON documents.
CREATE TABLE resources (
    res_type     VARCHAR(64) NOT NULL,
    res_id       VARCHAR(64) NOT NULL,
    version_id   BIGINT      NOT NULL,
    last_updated BIGINT      NOT NULL,
    content      VARCHAR     NOT NULL,
    PRIMARY KEY (res_type, res_id)
);

CREATE TABLE clients (
    id           VARCHAR(64) PRIMARY KEY,
    secret_hash  VARCHAR(512),
    version_id   BIGINT      NOT NULL,
    last_updated BIGINT      NOT NULL,
    content      VARCHAR     NOT NULL
);

CREATE TABLE users (
    id            VARCHAR(64) PRIMARY KEY,
    user_name     VARCHAR(256),
    email         VARCHAR(256),
    password_hash VARCHAR(512),
    inactive      BOOLEAN     NOT NULL,
    version_id    BIGINT      NOT NULL,
    last_updated  BIGINT      NOT NULL,
    content       VARCHAR     NOT NULL
);
CREATE UNIQUE INDEX users_user_name ON users (user_name);
CREATE UNIQUE INDEX users_email ON users (email);

-- One row per issued access token. Token values are never stored: only their SHA-256.
CREATE TABLE sessions (
    id            VARCHAR(64) PRIMARY KEY,
    session_type  VARCHAR(32) NOT NULL,
    user_id       VARCHAR(64) NOT NULL,
    client_id     VARCHAR(64) NOT NULL,
    access_hash   VARCHAR(64) NOT NULL,
    access_exp    BIGINT      NOT NULL,
    refresh_hash  VARCHAR(64),
    refresh_exp   BIGINT,
    exp_at        BIGINT,
    created_at    BIGINT      NOT NULL,
    last_used     BIGINT,
    closed_at     BIGINT,
    version_id    BIGINT      NOT NULL,
    last_updated  BIGINT      NOT NULL
);
CREATE UNIQUE INDEX sessions_access_hash ON sessions (access_hash);
CREATE UNIQUE INDEX sessions_refresh_hash ON sessions (refresh_hash);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_exp ON sessions (exp_at);
CREATE INDEX sessions_closed ON sessions (closed_at);

-- Hashes of refresh tokens already exchanged: presenting one again is theft (RFC 9700 §4.14.2).
CREATE TABLE used_refresh_tokens (
    token_hash VARCHAR(64) PRIMARY KEY,
    session_id VARCHAR(64) NOT NULL
);
CREATE INDEX used_refresh_tokens_session ON used_refresh_tokens (session_id);

CREATE TABLE signing_keys (
    kid         VARCHAR(64)  PRIMARY KEY,
    algorithm   VARCHAR(16)  NOT NULL,
    private_jwk VARCHAR      NOT NULL,
    public_jwk  VARCHAR      NOT NULL,
    created_at  BIGINT       NOT NULL,
    retired_at  BIGINT
);

-- Counters bumped in the same transaction as a change to a cached kind of data
-- (AccessPolicy), so every instance notices the change with one cheap read.
CREATE TABLE change_counters (
    name  VARCHAR(64) PRIMARY KEY,
    counter BIGINT      NOT NULL
);
INSERT INTO change_counters (name, counter) VALUES ('AccessPolicy', 0);
