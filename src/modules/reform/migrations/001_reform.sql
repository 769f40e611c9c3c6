-- Administrative reform (cải cách hành chính): PAR INDEX criteria tree and assessments per year,
-- SIPAS anonymous responses, reform plans whose items become tasks.
-- PostgreSQL 15 and PGlite: no PG16+ syntax.

CREATE TABLE reform_par_criterion (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  parent_id uuid REFERENCES reform_par_criterion(id),
  ordinal integer NOT NULL,
  code text NOT NULL,
  title text NOT NULL,
  max_points numeric(7,2) NOT NULL CHECK (max_points >= 0),
  rule text NOT NULL CHECK (rule IN ('manual', 'survey', 'sum')),
  rule_note text,
  evidence_required boolean NOT NULL DEFAULT false,
  UNIQUE (year, code)
);
CREATE INDEX reform_par_criterion_year_idx ON reform_par_criterion (year, ordinal);

CREATE TABLE reform_par_assessment (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  year integer NOT NULL,
  agency_id uuid NOT NULL REFERENCES agency(id),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'appraised')),
  submitted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  UNIQUE (year, agency_id)
);

CREATE TABLE reform_par_score (
  assessment_id uuid NOT NULL REFERENCES reform_par_assessment(id),
  criterion_id uuid NOT NULL REFERENCES reform_par_criterion(id),
  self_score numeric(7,2),
  evidence text,
  evidence_refs jsonb NOT NULL DEFAULT '[]'::jsonb,
  appraised_score numeric(7,2),
  appraisal_reason text,
  survey_percent numeric(5,2) CHECK (survey_percent BETWEEN 0 AND 100),
  appraised_by uuid REFERENCES app_user(id),
  appraised_at timestamptz,
  PRIMARY KEY (assessment_id, criterion_id)
);

-- Published results: a snapshot per year, so later edits do not silently change a published rank.
CREATE TABLE reform_par_publication (
  year integer PRIMARY KEY,
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by uuid REFERENCES app_user(id),
  results jsonb NOT NULL
);

-- SIPAS: anonymous by construction. No user id, no IP, no dossier id, no time of day: only the
-- calendar date, the agency served, the service sector and the answers.
CREATE TABLE reform_sipas_response (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  year integer NOT NULL,
  agency_id uuid NOT NULL REFERENCES agency(id),
  sector text NOT NULL CHECK (sector IN ('administrative', 'education', 'health')),
  channel text NOT NULL DEFAULT 'link' CHECK (channel IN ('link', 'qr_counter', 'after_return')),
  answers jsonb NOT NULL,
  submitted_on date NOT NULL
);
CREATE INDEX reform_sipas_year_idx ON reform_sipas_response (year, agency_id, sector);

CREATE TABLE reform_plan (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agency(id),
  year integer NOT NULL,
  level text NOT NULL CHECK (level IN ('province', 'commune')),
  due_on date NOT NULL,
  title text NOT NULL,
  task_plan_id uuid REFERENCES task_plan(id),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES app_user(id),
  UNIQUE (agency_id, year)
);

CREATE TABLE reform_plan_item (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES reform_plan(id),
  ordinal integer NOT NULL,
  area text NOT NULL,
  content text NOT NULL,
  output text,
  owner_agency_id uuid NOT NULL REFERENCES agency(id),
  due_on date NOT NULL,
  task_id uuid REFERENCES task(id),
  UNIQUE (plan_id, ordinal)
);
