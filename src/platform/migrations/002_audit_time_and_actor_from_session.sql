-- Issue 16 §5: the application's database role must not be able to back-date an audit row or
-- write one in another person's name by choosing the values it inserts.
--
-- A BEFORE INSERT trigger overwrites, on every row, whatever the INSERT gave:
--   at             := now()  (the transaction's time, from the database server's clock);
--   actor columns  := the transaction-local setting motcua.actor (JSON {id, username, roles,
--                     agencyId}) that the application sets with set_config(…, true) in the same
--                     statement as the INSERT (src/platform/audit.ts); without that setting the
--                     row is attributed to the database role itself ('db:' || session_user);
--   db_role        := session_user, the role that logged in (a row written from psql by a person
--                     is told apart from one written by the server, whatever motcua.actor says).
-- Runs identically on PGlite and PostgreSQL 15+.

ALTER TABLE audit_log ADD COLUMN db_role text;

CREATE OR REPLACE FUNCTION audit_log_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor jsonb := nullif(current_setting('motcua.actor', true), '')::jsonb;
BEGIN
  NEW.at := now();
  NEW.db_role := session_user;
  IF actor IS NULL THEN
    NEW.actor_id := NULL;
    NEW.actor_username := 'db:' || session_user;
    NEW.role := NULL;
    NEW.agency_id := NULL;
  ELSE
    NEW.actor_id := (actor->>'id')::uuid;
    NEW.actor_username := actor->>'username';
    NEW.role := actor->>'roles';
    NEW.agency_id := (actor->>'agencyId')::uuid;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER audit_log_stamp BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_stamp();
