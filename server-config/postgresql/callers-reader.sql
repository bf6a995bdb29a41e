-- A read-only role for other applications that authenticate Gatehouse's users with
-- Jakarta Security's database identity store (docs/java-ee-apps.md, "Gatehouse users in a
-- Jakarta Security application"): it may read the two views, gatehouse_callers and gatehouse_caller_groups,
-- and nothing else -- no table, no token hash, no signing key.
--
-- Run it as a superuser (or a role with CREATEROLE) on Gatehouse's database, after Gatehouse
-- started once (the views must exist), and again after an upgrade does no harm:
--
--   psql -h 127.0.0.1 -U postgres -d gatehouse -f server-config/postgresql/callers-reader.sql
--
-- Then change the password (ALTER ROLE gatehouse_callers PASSWORD '...') and give the other
-- applications a datasource that logs in as gatehouse_callers (server-config/payara and
-- server-config/wildfly show one, java:global/jdbc/gatehouse-callers).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gatehouse_callers') THEN
        CREATE ROLE gatehouse_callers LOGIN PASSWORD 'change-me';
    END IF;
END
$$;
DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO gatehouse_callers', current_database());
END
$$;
GRANT USAGE ON SCHEMA public TO gatehouse_callers;
GRANT SELECT ON gatehouse_callers, gatehouse_caller_groups TO gatehouse_callers;
