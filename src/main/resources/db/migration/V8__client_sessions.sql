-- The client credentials grant (issue 18): a client's own Session has no user.
ALTER TABLE sessions ALTER COLUMN user_id DROP NOT NULL;
