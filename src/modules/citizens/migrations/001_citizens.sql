-- Citizens and businesses: identity profile, the personal data warehouse (kho dữ liệu điện tử của
-- tổ chức, cá nhân), its access log, submission drafts, satisfaction ratings, expiry reminders and
-- OpenID Connect login flows. Runs on PostgreSQL 15 and PGlite (PG 18): no PG16+ syntax.

CREATE TABLE citizen_profile (
  user_id uuid PRIMARY KEY REFERENCES app_user(id),
  subject_kind text NOT NULL CHECK (subject_kind IN ('citizen', 'business')),
  full_name text NOT NULL,
  -- a citizen's 12-digit personal identification number; for a business, its legal representative's
  personal_id text,
  date_of_birth date,
  gender text CHECK (gender IN ('nam', 'nu')),
  residence text,
  tax_code text,
  business_name text,
  email text,
  phone text,
  zalo_phone text,
  notify_channels text[] NOT NULL DEFAULT '{email,sms}',
  identity_source text NOT NULL DEFAULT 'self_declared' CHECK (identity_source IN ('self_declared', 'vneid_sandbox', 'vneid', 'demo')),
  oidc_subject text,
  verified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX citizen_profile_pid_uq ON citizen_profile (personal_id) WHERE subject_kind = 'citizen';
CREATE UNIQUE INDEX citizen_profile_tax_uq ON citizen_profile (tax_code) WHERE subject_kind = 'business';
CREATE UNIQUE INDEX citizen_profile_oidc_uq ON citizen_profile (oidc_subject) WHERE oidc_subject IS NOT NULL;

-- One item held for a person: profile data from a national database, a digitised component they
-- submitted, or a result issued to them. sha256 is the integrity hash of the file (or of the
-- canonical JSON of `data` for profile items).
CREATE TABLE warehouse_item (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL REFERENCES app_user(id),
  kind text NOT NULL CHECK (kind IN ('profile', 'component', 'result')),
  title text NOT NULL,
  doc_type text,
  source text NOT NULL,
  source_ref text,
  dossier_id uuid,
  dossier_file_id uuid,
  procedure_code text,
  issued_on date,
  valid_until date,
  certified boolean NOT NULL DEFAULT false,
  file_name text,
  mime_type text,
  size_bytes bigint,
  storage_key text,
  sha256 text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX warehouse_item_owner_idx ON warehouse_item (owner_id, kind);
CREATE UNIQUE INDEX warehouse_item_file_uq ON warehouse_item (owner_id, dossier_file_id) WHERE dossier_file_id IS NOT NULL;
CREATE INDEX warehouse_item_expiry_idx ON warehouse_item (valid_until) WHERE kind = 'result' AND valid_until IS NOT NULL;

-- Who read or reused a person's data, when, for which agency and dossier (Luật BVDLCN 2025).
-- Append-only: the trigger refuses UPDATE and DELETE.
CREATE TABLE warehouse_access (
  id bigserial PRIMARY KEY,
  owner_id uuid NOT NULL,
  item_id uuid,
  at timestamptz NOT NULL DEFAULT now(),
  reader_id uuid,
  reader_username text NOT NULL,
  reader_kind text NOT NULL CHECK (reader_kind IN ('staff', 'citizen', 'system')),
  agency_id uuid,
  agency_name text,
  purpose text NOT NULL CHECK (purpose IN ('read', 'download', 'reuse', 'export')),
  dossier_code text,
  request_id text
);
CREATE INDEX warehouse_access_owner_idx ON warehouse_access (owner_id, at DESC);

CREATE OR REPLACE FUNCTION warehouse_access_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'warehouse_access is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER warehouse_access_no_update BEFORE UPDATE OR DELETE ON warehouse_access
  FOR EACH ROW EXECUTE FUNCTION warehouse_access_append_only();

-- An online submission being prepared (saved drafts), and what it became.
CREATE TABLE submission_draft (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL REFERENCES app_user(id),
  procedure_code text NOT NULL,
  procedure_name text NOT NULL,
  case_key text NOT NULL,
  receiving_agency_id uuid,
  form_data jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- field key -> { source, ref, value } as pre-filled (kept to measure the once-only reduction)
  prefilled jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- [{ componentIndex, itemId }] documents taken from the warehouse
  attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
  renewal_of uuid,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'discarded')),
  dossier_id uuid,
  dossier_code text,
  fields_total integer,
  fields_prefilled integer,
  fields_kept integer,
  submitted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX submission_draft_owner_idx ON submission_draft (owner_id, status);
CREATE INDEX submission_draft_procedure_idx ON submission_draft (procedure_code) WHERE status = 'submitted';

-- One satisfaction rating per dossier (NĐ 61/2018 Điều 32 criteria), editable for a short window.
CREATE TABLE dossier_rating (
  dossier_id uuid PRIMARY KEY,
  dossier_code text NOT NULL,
  owner_id uuid NOT NULL REFERENCES app_user(id),
  procedure_code text NOT NULL,
  receiving_agency_id uuid NOT NULL,
  lead_agency_id uuid,
  agency_ids uuid[] NOT NULL DEFAULT '{}',
  answers jsonb NOT NULL,
  overall smallint NOT NULL CHECK (overall BETWEEN 1 AND 5),
  comment text,
  editable_until timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossier_rating_created_idx ON dossier_rating (created_at);
CREATE INDEX dossier_rating_agencies_idx ON dossier_rating USING gin (agency_ids);

-- Proactive service: one reminder per result and stage, with the renewal draft offered.
CREATE TABLE expiry_reminder (
  item_id uuid NOT NULL REFERENCES warehouse_item(id),
  stage text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  draft_id uuid,
  PRIMARY KEY (item_id, stage)
);

-- OpenID Connect login flows (state, nonce) and, for the SANDBOX provider only, its authorization
-- codes. Kept in the database so any server process can finish a flow another one started.
CREATE TABLE oidc_flow (
  state text PRIMARY KEY,
  nonce text NOT NULL,
  provider text NOT NULL,
  return_to text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz,
  code text UNIQUE,
  identity_key text
);
