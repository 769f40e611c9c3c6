-- Periodic reporting (Nghị định 09/2019/NĐ-CP): regimes kept as data with versions, periods with
-- their data cut-off window and due date, one submission per (period, reporting agency) with an
-- append-only action log and an immutable copy of every submitted version, reminders, and the
-- receiving office's consolidated report for the level above.

CREATE TABLE report_regime (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL,
  name text NOT NULL,
  legal_basis text NOT NULL,
  issuer text NOT NULL,
  receiver_agency_id uuid NOT NULL REFERENCES agency(id),
  -- who reports: agencies of these kinds (current ones) plus the listed agencies
  reporter_kinds text[] NOT NULL DEFAULT '{}',
  reporter_agency_ids uuid[] NOT NULL DEFAULT '{}',
  frequencies text[] NOT NULL,
  -- { "<frequency>": { "kind": "day_of_month", "day": 18 } | { "kind": "working_days_after_cutoff", "days": 2 } | ... }
  deadlines jsonb NOT NULL,
  day_off_rule text NOT NULL DEFAULT 'previous' CHECK (day_off_rule IN ('previous', 'next', 'keep')),
  reminder_days integer[] NOT NULL DEFAULT '{5,1}',
  sending_method text NOT NULL,
  national_code text,
  template jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  search_key text GENERATED ALWAYS AS (f_search_key(code || ' ' || name)) STORED
);
CREATE UNIQUE INDEX report_regime_code_uq ON report_regime (code);

-- Every version of a regime as issued (Điều 7: a competent authority may change a regime); a period
-- keeps the version it was opened with, so an old report is always read with its own template.
CREATE TABLE report_regime_version (
  regime_id uuid NOT NULL REFERENCES report_regime(id),
  version integer NOT NULL,
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text,
  PRIMARY KEY (regime_id, version)
);

CREATE TABLE report_period (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  regime_id uuid NOT NULL REFERENCES report_regime(id),
  regime_version integer NOT NULL,
  frequency text NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'half_year', 'nine_months', 'annual', 'ad_hoc')),
  period_key text NOT NULL,
  label text NOT NULL,
  year integer NOT NULL,
  cutoff_from date NOT NULL,
  cutoff_to date NOT NULL,
  due_on date NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  opened_by text,
  CONSTRAINT report_period_window CHECK (cutoff_to >= cutoff_from AND due_on > cutoff_to),
  UNIQUE (regime_id, period_key)
);
CREATE INDEX report_period_due_idx ON report_period (due_on);

CREATE TABLE report_submission (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  period_id uuid NOT NULL REFERENCES report_period(id),
  agency_id uuid NOT NULL REFERENCES agency(id),
  status text NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'draft', 'signed', 'submitted', 'returned', 'accepted')),
  cells jsonb NOT NULL DEFAULT '{}'::jsonb,
  narrative jsonb NOT NULL DEFAULT '{}'::jsonb,
  annotations jsonb NOT NULL DEFAULT '{}'::jsonb,
  system_figures jsonb NOT NULL DEFAULT '{}'::jsonb,
  system_figures_at timestamptz,
  signed_by text,
  signed_by_name text,
  signed_at timestamptz,
  signed_hash text,
  submitted_versions integer NOT NULL DEFAULT 0,
  first_submitted_at timestamptz,
  last_submitted_at timestamptz,
  late boolean NOT NULL DEFAULT false,
  accepted_at timestamptz,
  review_comment text,
  cell_comments jsonb NOT NULL DEFAULT '{}'::jsonb,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (period_id, agency_id)
);
CREATE INDEX report_submission_agency_idx ON report_submission (agency_id, status);

-- Each submitted version exactly as sent (never changed).
CREATE TABLE report_submission_version (
  submission_id uuid NOT NULL REFERENCES report_submission(id),
  version_no integer NOT NULL,
  cells jsonb NOT NULL,
  narrative jsonb NOT NULL,
  annotations jsonb NOT NULL,
  system_figures jsonb NOT NULL,
  content_hash text NOT NULL,
  signed_by_name text,
  signed_at timestamptz,
  submitted_at timestamptz NOT NULL,
  submitted_by text,
  late boolean NOT NULL,
  PRIMARY KEY (submission_id, version_no)
);

-- Append-only action log of a submission (the audit trail of the report).
CREATE TABLE report_action (
  id bigserial PRIMARY KEY,
  submission_id uuid NOT NULL REFERENCES report_submission(id),
  seq integer NOT NULL,
  type text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor_username text,
  actor_name text,
  actor_role text,
  agency_id uuid,
  from_status text,
  to_status text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  idempotency_key text,
  UNIQUE (submission_id, seq)
);
CREATE UNIQUE INDEX report_action_idem_uq ON report_action (submission_id, type, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE OR REPLACE FUNCTION report_action_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'report_action is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER report_action_no_update BEFORE UPDATE OR DELETE ON report_action
  FOR EACH ROW EXECUTE FUNCTION report_action_append_only();

-- Reminders sent (one per submission and kind: 'due_in_5', 'due_in_1', 'overdue').
CREATE TABLE report_reminder (
  submission_id uuid NOT NULL REFERENCES report_submission(id),
  kind text NOT NULL,
  sent_on date NOT NULL,
  PRIMARY KEY (submission_id, kind)
);

-- The receiving office's own report for the level above, built from the aggregate.
CREATE TABLE report_consolidation (
  period_id uuid PRIMARY KEY REFERENCES report_period(id),
  number text,
  narrative jsonb NOT NULL DEFAULT '{}'::jsonb,
  signer_title text,
  signer_name text,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent')),
  sent_at timestamptz,
  sent_by text,
  national_receipt text,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
