-- Platform foundation: extensions, Vietnamese search helpers, audit, outbox, jobs, accounts.
-- Runs identically on PGlite (PostgreSQL 18 in WASM) and PostgreSQL 15+: no PG16+ syntax here.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- unaccent() is only STABLE; an IMMUTABLE wrapper with an explicit dictionary can be indexed.
CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- Accent-insensitive, case-insensitive search key ("Đăng ký" -> "dang ky").
CREATE OR REPLACE FUNCTION f_search_key(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.f_unaccent(replace(replace($1, 'Đ', 'D'), 'đ', 'd'))) $$;

CREATE TABLE app_setting (
  key text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------------------------
-- Audit: append-only. The trigger refuses UPDATE, DELETE and TRUNCATE for every role, the owner
-- included; the REVOKE/GRANT below additionally keeps a separate application role (motcua_app,
-- see docs/operations.md) to SELECT and INSERT only.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor_username text,
  role text,
  agency_id uuid,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text,
  request_id text,
  ip text,
  summary jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_username);

CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'motcua_app') THEN
    EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM motcua_app';
    EXECUTE 'GRANT SELECT, INSERT ON audit_log TO motcua_app';
    EXECUTE 'GRANT USAGE ON SEQUENCE audit_log_id_seq TO motcua_app';
  END IF;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Transactional outbox: written in the same transaction as the change it announces.
-- aggregate_key orders deliveries: a row is not claimed while an earlier row of the same key is
-- undelivered. locked_until is a lease: a crashed worker's row is claimed again once it expires.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  topic text NOT NULL,
  aggregate_key text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  available_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 12,
  locked_by text,
  locked_until timestamptz,
  delivered_at timestamptz,
  dead_at timestamptz,
  last_error text
);
CREATE INDEX outbox_pending_idx ON outbox (available_at, id) WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_key_idx ON outbox (aggregate_key, id) WHERE delivered_at IS NULL AND dead_at IS NULL;

-- Cron-like scheduled jobs; one row per job, claimed with a lease like the outbox.
CREATE TABLE scheduled_job (
  name text PRIMARY KEY,
  cron text NOT NULL,
  next_run_at timestamptz NOT NULL,
  last_run_at timestamptz,
  last_status text,
  last_error text,
  locked_by text,
  locked_until timestamptz
);

-- Idempotency: the first response to (scope, key) is kept and replayed.
CREATE TABLE idempotency_key (
  scope text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

-- ---------------------------------------------------------------------------------------------
-- Accounts (staff and citizens). agency_id gets its foreign key in the org module's migration.
CREATE TABLE app_user (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL,
  full_name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('staff', 'citizen')),
  password_hash text NOT NULL,
  agency_id uuid,
  roles text[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  personal_id text,
  email text,
  phone text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX app_user_username_uq ON app_user (lower(username));

CREATE TABLE user_session (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  ip text,
  user_agent text
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

-- Failed-login throttling, per account and per IP, shared by all server processes.
CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  window_start timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz
);
