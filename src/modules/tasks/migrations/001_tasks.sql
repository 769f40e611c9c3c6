-- Tasks (theo dõi nhiệm vụ): plans, their tasks with lead/cooperating agencies, deadlines as written
-- and structured, periodic occurrences, progress reports, reminders, coordination requests.
-- PostgreSQL 15 and PGlite: no PG16+ syntax; generated columns STORED.

CREATE TABLE task_file (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  data bytea NOT NULL,
  created_by uuid REFERENCES app_user(id),
  agency_id uuid REFERENCES agency(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE task_plan (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL DEFAULT 'plan' CHECK (kind IN ('plan', 'programme', 'directive', 'letter', 'conclusion', 'other')),
  number text,
  issued_on date,
  issuing_agency_id uuid REFERENCES agency(id),
  assigning_agency_id uuid REFERENCES agency(id),
  signer text,
  title text NOT NULL,
  summary text,
  source_file_id uuid REFERENCES task_file(id),
  source_format text,
  start_on date NOT NULL,
  report_day integer NOT NULL DEFAULT 18 CHECK (report_day BETWEEN 1 AND 28),
  day_off_rule text NOT NULL DEFAULT 'previous' CHECK (day_off_rule IN ('previous', 'next')),
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  search_key text GENERATED ALWAYS AS (f_search_key(title || ' ' || coalesce(number, ''))) STORED
);
CREATE INDEX task_plan_search_idx ON task_plan USING gin (search_key gin_trgm_ops);

CREATE TABLE task (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES task_plan(id),
  ordinal integer NOT NULL,
  number text,
  section text,
  content text NOT NULL,
  output text,
  lead_text text NOT NULL DEFAULT '',
  support_text text NOT NULL DEFAULT '',
  deadline_text text NOT NULL DEFAULT '',
  deadline_kind text NOT NULL,
  due_on date,
  start_on date,
  target_on date,
  recurrence text CHECK (recurrence IN ('monthly', 'quarterly', 'semiannual', 'annual')),
  reference text,
  review_on date,
  deadline_needs_review boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'done', 'done_late', 'overdue', 'cannot_do')),
  percent integer NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  search_key text GENERATED ALWAYS AS (f_search_key(content)) STORED,
  UNIQUE (plan_id, ordinal)
);
CREATE INDEX task_plan_idx ON task (plan_id, ordinal);
CREATE INDEX task_status_idx ON task (status);
CREATE INDEX task_search_idx ON task USING gin (search_key gin_trgm_ops);

-- Who leads and who cooperates. A row names one agency (agency_id), a group standing for every
-- current agency of a kind (group_key), or neither: written but not matched yet (to be mapped).
CREATE TABLE task_agency (
  task_id uuid NOT NULL REFERENCES task(id),
  role text NOT NULL CHECK (role IN ('lead', 'support')),
  ordinal integer NOT NULL,
  written text NOT NULL,
  agency_id uuid REFERENCES agency(id),
  group_key text CHECK (group_key IN ('departments', 'communes', 'related')),
  note text,
  PRIMARY KEY (task_id, role, ordinal),
  CHECK (agency_id IS NULL OR group_key IS NULL)
);
CREATE INDEX task_agency_agency_idx ON task_agency (agency_id);
CREATE INDEX task_agency_group_idx ON task_agency (group_key);

-- One row per reporting period of a task (one row 'once' for a one-off deadline).
CREATE TABLE task_occurrence (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  task_id uuid NOT NULL REFERENCES task(id),
  period_key text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'done', 'done_late', 'overdue', 'cannot_do')),
  UNIQUE (task_id, period_key)
);
CREATE INDEX task_occurrence_due_idx ON task_occurrence (due_on);

-- The current report of one agency for one occurrence (a snapshot; every change is in task_action).
CREATE TABLE task_progress (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  occurrence_id uuid NOT NULL REFERENCES task_occurrence(id),
  task_id uuid NOT NULL REFERENCES task(id),
  agency_id uuid NOT NULL REFERENCES agency(id),
  role text NOT NULL CHECK (role IN ('lead', 'support')),
  status text NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'done_late', 'overdue', 'cannot_do')),
  percent integer NOT NULL CHECK (percent BETWEEN 0 AND 100),
  narrative text NOT NULL DEFAULT '',
  reason text,
  file_ids uuid[] NOT NULL DEFAULT '{}',
  review_state text NOT NULL DEFAULT 'submitted' CHECK (review_state IN ('submitted', 'accepted', 'returned')),
  review_note text,
  reviewed_by uuid REFERENCES app_user(id),
  reviewed_at timestamptz,
  reported_by uuid REFERENCES app_user(id),
  reported_at timestamptz NOT NULL DEFAULT now(),
  reported_on date NOT NULL,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (occurrence_id, agency_id)
);
CREATE INDEX task_progress_task_idx ON task_progress (task_id);

-- Append-only action log of plans and tasks (import, assignment, reports, reviews, reminders).
CREATE TABLE task_action (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  plan_id uuid,
  task_id uuid,
  occurrence_id uuid,
  action text NOT NULL,
  actor_id uuid,
  actor_name text,
  role text,
  agency_id uuid,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  idempotency_key text
);
CREATE INDEX task_action_task_idx ON task_action (task_id, id);
CREATE INDEX task_action_plan_idx ON task_action (plan_id, id);

CREATE OR REPLACE FUNCTION task_action_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'task_action is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER task_action_no_update BEFORE UPDATE OR DELETE ON task_action
  FOR EACH ROW EXECUTE FUNCTION task_action_append_only();

-- Reminders sent (one per occurrence, agency, kind and day: the job may run in several processes).
CREATE TABLE task_reminder (
  occurrence_id uuid NOT NULL REFERENCES task_occurrence(id),
  agency_id uuid NOT NULL REFERENCES agency(id),
  kind text NOT NULL,
  sent_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (occurrence_id, agency_id, kind, sent_on)
);

-- Coordination requests (văn bản xin ý kiến / đề nghị phối hợp, Công văn 529).
CREATE TABLE coordination_request (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  task_id uuid REFERENCES task(id),
  lead_agency_id uuid NOT NULL REFERENCES agency(id),
  subject text NOT NULL,
  content text NOT NULL DEFAULT '',
  due_on date NOT NULL,
  file_id uuid REFERENCES task_file(id),
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  submitted_at timestamptz,
  submission_text text,
  version integer NOT NULL DEFAULT 1
);

CREATE TABLE coordination_recipient (
  request_id uuid NOT NULL REFERENCES coordination_request(id),
  agency_id uuid NOT NULL REFERENCES agency(id),
  answer text CHECK (answer IN ('agree', 'comments')),
  comment text,
  file_id uuid REFERENCES task_file(id),
  answered_by uuid REFERENCES app_user(id),
  answered_at timestamptz,
  answered_on date,
  PRIMARY KEY (request_id, agency_id)
);
CREATE INDEX coordination_recipient_agency_idx ON coordination_recipient (agency_id);

-- Monthly digests sent to the provincial office (kept for reading back).
CREATE TABLE task_digest (
  month text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  payload jsonb NOT NULL
);
