-- The one-stop dossier: a snapshot row (dossier) updated with a version number, and the
-- append-only action log (dossier_action) written in the same transaction.

CREATE TABLE dossier (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL,
  procedure_code text NOT NULL,
  procedure_version_id uuid NOT NULL,
  procedure_name text NOT NULL,
  field text NOT NULL,
  case_key text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('counter', 'online', 'post')),
  status smallint NOT NULL CHECK (status BETWEEN 1 AND 10),
  receiving_agency_id uuid NOT NULL REFERENCES agency(id),
  lead_agency_id uuid REFERENCES agency(id),
  current_agency_id uuid REFERENCES agency(id),
  assignee_id uuid REFERENCES app_user(id),
  -- every agency that has held the dossier (for access and the quality indicators)
  agency_ids uuid[] NOT NULL DEFAULT '{}',
  applicant_user_id uuid REFERENCES app_user(id),
  applicant_kind text NOT NULL CHECK (applicant_kind IN ('citizen', 'business', 'organisation')),
  applicant_name text NOT NULL,
  applicant_id_number text NOT NULL,
  applicant_phone text,
  applicant_email text,
  applicant_address text,
  representative jsonb,
  summary text,
  form_data jsonb NOT NULL DEFAULT '{}'::jsonb,
  components jsonb NOT NULL DEFAULT '[]'::jsonb,
  submitted_at timestamptz,
  received_at timestamptz,
  appointment_original timestamptz,
  appointment_current timestamptz,
  processing_ended_at timestamptz,
  returned_at timestamptz,
  has_apology boolean NOT NULL DEFAULT false,
  state jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  search_key text GENERATED ALWAYS AS (f_search_key(code || ' ' || applicant_name || ' ' || applicant_id_number || ' ' || procedure_name)) STORED
);
CREATE UNIQUE INDEX dossier_code_uq ON dossier (code);
CREATE INDEX dossier_status_idx ON dossier (status, receiving_agency_id);
CREATE INDEX dossier_current_agency_idx ON dossier (current_agency_id, status);
CREATE INDEX dossier_agency_ids_idx ON dossier USING gin (agency_ids);
CREATE INDEX dossier_applicant_idx ON dossier (applicant_user_id);
CREATE INDEX dossier_appointment_idx ON dossier (appointment_current) WHERE status IN (2, 4, 5, 6);
CREATE INDEX dossier_received_idx ON dossier (received_at);
CREATE INDEX dossier_procedure_idx ON dossier (procedure_code);

CREATE TABLE dossier_action (
  id bigserial PRIMARY KEY,
  dossier_id uuid NOT NULL REFERENCES dossier(id),
  seq integer NOT NULL,
  type text NOT NULL,
  at timestamptz NOT NULL,
  actor_id uuid,
  actor_username text,
  actor_role text,
  agency_id uuid,
  step integer,
  from_status smallint,
  to_status smallint NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  events jsonb NOT NULL DEFAULT '[]'::jsonb,
  idempotency_key text,
  UNIQUE (dossier_id, seq)
);
CREATE INDEX dossier_action_at_idx ON dossier_action (at);
CREATE UNIQUE INDEX dossier_action_idem_uq ON dossier_action (dossier_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE OR REPLACE FUNCTION dossier_action_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dossier_action is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER dossier_action_no_update BEFORE UPDATE OR DELETE ON dossier_action
  FOR EACH ROW EXECUTE FUNCTION dossier_action_append_only();

-- Daily sequence per receiving agency for dossier codes (never reused).
CREATE TABLE dossier_code_counter (
  agency_code text NOT NULL,
  day text NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (agency_code, day)
);

CREATE TABLE dossier_file (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dossier_id uuid NOT NULL REFERENCES dossier(id),
  component_index integer,
  kind text NOT NULL DEFAULT 'component' CHECK (kind IN ('component', 'result', 'supplement', 'other')),
  file_name text NOT NULL,
  mime_type text NOT NULL,
  size_bytes bigint NOT NULL,
  sha256 text NOT NULL,
  storage_key text NOT NULL,
  digitised boolean NOT NULL DEFAULT false,
  reused_from text,
  signature text,
  uploaded_by uuid,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossier_file_dossier_idx ON dossier_file (dossier_id);
