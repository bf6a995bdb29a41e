-- AuditEvent (issue 15): written by the server in batches, read and searched through the API, never updated.
-- Times are epoch milliseconds, as in sessions; references are ids.
CREATE TABLE audit_events (
    id            VARCHAR(64)  PRIMARY KEY,
    event_type    VARCHAR(32)  NOT NULL,
    recorded      BIGINT       NOT NULL,
    last_updated  BIGINT       NOT NULL,
    user_id       VARCHAR(64),
    client_id     VARCHAR(64),
    session_id    VARCHAR(64),
    source        VARCHAR(64),
    outcome       VARCHAR(64),
    reason        VARCHAR(64),
    detail        VARCHAR(256)
);
CREATE INDEX audit_events_recorded ON audit_events (recorded);
CREATE INDEX audit_events_user ON audit_events (user_id, recorded);
CREATE INDEX audit_events_session ON audit_events (session_id);
CREATE INDEX audit_events_type ON audit_events (event_type, recorded);
