-- A row to lock while deciding whether to generate the first signing key, so that
-- instances starting together on an empty database agree on one key; its counter
-- tells every instance that the key set changed.
INSERT INTO change_counters (name, counter) VALUES ('SigningKey', 0);
