-- The client credentials grant: a client's own Session has no user.
ALTER TABLE sessions ALTER COLUMN user_id DROP NOT NULL;
