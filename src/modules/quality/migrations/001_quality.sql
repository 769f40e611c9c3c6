-- QĐ 766 service-quality read model. The source of truth stays the dossier action log; these
-- tables are derived and can be rebuilt from it at any time (POST /api/v1/quality/rebuild).
-- Runs on PGlite (PG 18) and PostgreSQL 15+: no PG16+ syntax.

-- One row per dossier: what it contributes to the counters (see quality.rules.ts factOf).
CREATE TABLE quality_dossier_fact (
  dossier_id uuid PRIMARY KEY,
  agency_id uuid NOT NULL,
  procedure_code text NOT NULL,
  accepted boolean NOT NULL,
  received_at timestamptz,
  end_at timestamptz,
  waiting_applicant boolean NOT NULL DEFAULT false,
  due_at timestamptz,
  forced_late boolean NOT NULL DEFAULT false,
  outcome text CHECK (outcome IN ('early', 'on_time', 'late')),
  r_day date,
  e_day date,
  k_day date,
  eligible_full boolean NOT NULL DEFAULT false,
  online_full boolean NOT NULL DEFAULT false,
  fee boolean NOT NULL DEFAULT false,
  paid_online boolean NOT NULL DEFAULT false,
  with_result boolean NOT NULL DEFAULT false,
  e_result boolean NOT NULL DEFAULT false,
  digitised boolean NOT NULL DEFAULT false,
  reused boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quality_fact_agency_r_idx ON quality_dossier_fact (agency_id, r_day);
CREATE INDEX quality_fact_e_idx ON quality_dossier_fact (e_day) WHERE outcome = 'late';
-- Open dossiers (a small set): the real-time overdue count of the current period reads these.
CREATE INDEX quality_fact_open_idx ON quality_dossier_fact (agency_id, due_at) WHERE accepted AND end_at IS NULL;

-- Per agency and Vietnam calendar day: the additive counts the indicators are computed from.
CREATE TABLE quality_counter (
  agency_id uuid NOT NULL,
  day date NOT NULL,
  received integer NOT NULL DEFAULT 0,
  ended integer NOT NULL DEFAULT 0,
  fin_early integer NOT NULL DEFAULT 0,
  fin_on_time integer NOT NULL DEFAULT 0,
  fin_late integer NOT NULL DEFAULT 0,
  k_cnt integer NOT NULL DEFAULT 0,
  ke_cnt integer NOT NULL DEFAULT 0,
  eligible_full integer NOT NULL DEFAULT 0,
  online_full integer NOT NULL DEFAULT 0,
  fee integer NOT NULL DEFAULT 0,
  paid_online integer NOT NULL DEFAULT 0,
  with_result integer NOT NULL DEFAULT 0,
  e_result integer NOT NULL DEFAULT 0,
  digitised integer NOT NULL DEFAULT 0,
  reused integer NOT NULL DEFAULT 0,
  PRIMARY KEY (agency_id, day)
);
CREATE INDEX quality_counter_day_idx ON quality_counter (day);

-- Per agency, procedure and day: dossiers with a financial obligation / paid online (3.5, 3.5b
-- count distinct procedures over any date range).
CREATE TABLE quality_proc_day (
  agency_id uuid NOT NULL,
  procedure_code text NOT NULL,
  day date NOT NULL,
  fee integer NOT NULL DEFAULT 0,
  paid_online integer NOT NULL DEFAULT 0,
  PRIMARY KEY (agency_id, procedure_code, day)
);
CREATE INDEX quality_proc_day_day_idx ON quality_proc_day (day);

-- The explanation report each late dossier needs (Nghị quyết 131/NQ-CP; NĐ 61/2018 Điều 19 khoản 9).
CREATE TABLE quality_late_explanation (
  dossier_id uuid PRIMARY KEY,
  agency_id uuid NOT NULL,
  cause text NOT NULL CHECK (cause IN ('workload', 'complex_case', 'inter_agency', 'applicant', 'system', 'staff', 'other')),
  reason text NOT NULL,
  remedy text,
  responsible_user_id uuid,
  explained_by uuid,
  explained_by_name text,
  explained_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX quality_late_explanation_agency_idx ON quality_late_explanation (agency_id);

-- The monthly public list of agencies and officers with late dossiers (published, then frozen).
CREATE TABLE quality_late_publication (
  month text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by text,
  agencies jsonb NOT NULL,
  officers jsonb NOT NULL,
  totals jsonb NOT NULL
);
