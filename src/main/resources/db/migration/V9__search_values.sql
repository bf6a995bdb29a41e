-- Search in the database (issue 14). Every scalar of a resource's JSON document, at its
-- dotted path (arrays fan out: name.family holds each name's family), one row each, so that
-- equality, ranges, :missing and sorting on any field are served by B-tree indexes, the
-- same way on H2 and PostgreSQL. Built-in types search their own typed columns instead;
-- Users and Clients have both (typed columns for what they have, these rows for the rest).
--   kind:         s string, n number, t date or date-time (a string), b boolean
--   text_value:   the value as text (strings over 256 characters: a prefix and a hash)
--   number_value: numbers, and dates as epoch milliseconds (the start of the day for a date)
--   sort_key:     on the first value at each path only, what _sort orders by (kind first)
CREATE TABLE search_values (
    res_type     VARCHAR(64)  NOT NULL,
    res_id       VARCHAR(64)  NOT NULL,
    path         VARCHAR(600) NOT NULL,
    kind         CHAR(1)      NOT NULL,
    text_value   VARCHAR(256) NOT NULL,
    number_value DOUBLE PRECISION,
    sort_key     VARCHAR(260)
);
CREATE INDEX search_values_resource ON search_values (res_type, res_id);
CREATE INDEX search_values_text ON search_values (res_type, path, text_value, res_id);
CREATE INDEX search_values_number ON search_values (res_type, path, kind, number_value, res_id);
CREATE INDEX search_values_sort ON search_values (res_type, path, sort_key, res_id);

-- Sorting and filtering Sessions on their typed columns.
CREATE INDEX sessions_last_used ON sessions (last_used);
CREATE INDEX sessions_created ON sessions (created_at);
DROP INDEX sessions_user;
DROP INDEX sessions_client;
CREATE INDEX sessions_user_closed ON sessions (user_id, closed_at);
CREATE INDEX sessions_client_exp ON sessions (client_id, exp_at);
CREATE INDEX resources_last_updated ON resources (res_type, last_updated);

-- Secrets the instances of one deployment share, made once by a migration: the key that
-- signs search cursors (so that a next link made by one instance works on another).
CREATE TABLE server_secrets (
    name   VARCHAR(64)  PRIMARY KEY,
    secret VARCHAR(128) NOT NULL
);
