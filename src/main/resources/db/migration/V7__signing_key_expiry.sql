-- Signing keys retire (issue 12): a key is deleted once no token it signed can still be
-- valid. max_exp bounds the exp of every token a key signed (raised, with headroom, before
-- a token beyond it is issued). Keys from before this version signed tokens whose exp is
-- not known: they are kept for 31 days from the upgrade.
ALTER TABLE signing_keys ADD COLUMN max_exp BIGINT;
-- The order keys were made in, whatever the clocks of the instances that made them said: the
-- highest signs. Assigned under the SigningKey row lock, one more than the highest so far.
ALTER TABLE signing_keys ADD COLUMN seq BIGINT;
UPDATE signing_keys SET seq = created_at;
UPDATE signing_keys SET max_exp = CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT) + 2678400000;
