-- Clients are held in memory by every instance, re-read when this counter moves.
INSERT INTO change_counters (name, counter) VALUES ('Client', 0);
