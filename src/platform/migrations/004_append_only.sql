-- Issue 24: ONE append-only guard for every log table. Before this, each module defined its own
-- trigger function (seven copies) and only two of them also refused TRUNCATE. From here on:
--   append_only_guard()        refuses UPDATE, DELETE and TRUNCATE, for every role (the owner
--                              included), with one message ("<table> is append-only (<OP> refused)")
--                              and one SQLSTATE (42501 insufficient_privilege);
--   make_append_only(table)    attaches it to a table: a row-level BEFORE UPDATE OR DELETE trigger
--                              (<table>.append_only_row) and a statement-level BEFORE TRUNCATE trigger
--                              (<table>.append_only_truncate). A new log table calls it in its migration.
-- Each module's own migration (NNN_append_only.sql) re-points its tables and drops its old function.
-- src/platform/append-only.test.ts lists the tables guarded (from the catalogue) and tries all three.

CREATE OR REPLACE FUNCTION append_only_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE OR REPLACE FUNCTION make_append_only(t regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DROP TRIGGER IF EXISTS append_only_row ON %s', t);
  EXECUTE format('DROP TRIGGER IF EXISTS append_only_truncate ON %s', t);
  EXECUTE format('CREATE TRIGGER append_only_row BEFORE UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION append_only_guard()', t);
  EXECUTE format('CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard()', t);
END $$;

-- The platform's own log: the audit trail.
DROP TRIGGER audit_log_no_update ON audit_log;
DROP TRIGGER audit_log_no_truncate ON audit_log;
SELECT make_append_only('audit_log');
DROP FUNCTION audit_log_append_only();
