-- Public feedback (phản ánh, kiến nghị — PAKN) on administrative regulations and procedures
-- (Nghị định 20/2008/NĐ-CP as amended), with its Open311 GeoReport v2 mapping.
-- Runs identically on PostgreSQL 15 and PGlite (PostgreSQL 18): no PG16+ syntax.

-- A feedback category = an Open311 "service": one topic at one competent agency.
CREATE TABLE feedback_category (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL,                       -- Open311 service_code
  name text NOT NULL,
  description text,
  agency_id uuid NOT NULL REFERENCES agency(id),
  topic text CHECK (topic IN ('regulation', 'procedure_handling', 'officer_conduct')), -- NULL: general, classified by the office
  keywords text,
  grp text,
  attributes jsonb NOT NULL DEFAULT '[]'::jsonb, -- Open311 service-definition attributes
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX feedback_category_code_uq ON feedback_category (code);
CREATE INDEX feedback_category_agency_idx ON feedback_category (agency_id);

-- Yearly counter for the feedback code (PAKN-2026-000001).
CREATE TABLE feedback_code_counter (
  year integer PRIMARY KEY,
  last integer NOT NULL
);

-- The snapshot of one feedback item; its history is feedback_action (append-only).
CREATE TABLE feedback (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('web', 'counter', 'email', 'post', 'hotline', 'open311')),
  kind text NOT NULL CHECK (kind IN ('feedback', 'recommendation')),
  topic text CHECK (topic IN ('regulation', 'procedure_handling', 'officer_conduct')),
  category_id uuid REFERENCES feedback_category(id),
  title text NOT NULL,
  content text NOT NULL,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- personal data of the sender (never published, never in Open311 answers)
  submitter_name text,
  submitter_phone text,
  submitter_email text,
  submitter_address text,
  submitter_user_id uuid REFERENCES app_user(id),
  -- where the problem is (optional; public)
  location_address text,
  lat double precision,
  long double precision,
  media_url text,
  -- routing
  receiving_agency_id uuid NOT NULL REFERENCES agency(id),
  agency_id uuid REFERENCES agency(id),
  status text NOT NULL CHECK (status IN ('received', 'forwarded', 'answered', 'published', 'closed')),
  close_reason text CHECK (close_reason IN ('not_accepted', 'complaint_redirected', 'duplicate')),
  close_note text,
  duplicate_of uuid REFERENCES feedback(id),
  suspected_duplicate_of uuid REFERENCES feedback(id),
  -- timeline (deadlines are computed with the working calendar)
  received_at timestamptz NOT NULL,
  classify_due_at timestamptz NOT NULL,
  forwarded_at timestamptz,
  handle_due_at timestamptz,
  extended_at timestamptz,
  extension_reason text,
  answered_at timestamptz,
  publish_due_at timestamptz,
  published_at timestamptz,
  closed_at timestamptz,
  -- the official answer
  answer_status text CHECK (answer_status IN ('accepted', 'rejected', 'considering')),
  answer_text text,
  answer_document_no text,
  answered_by uuid REFERENCES app_user(id),
  -- the published (moderated) texts, without personal data
  public_summary text,
  public_answer text,
  -- the single follow-up the sender may send after the answer
  follow_up_text text,
  follow_up_at timestamptz,
  -- overdue handling
  escalated_stages text[] NOT NULL DEFAULT '{}',
  reminded_stages text[] NOT NULL DEFAULT '{}',
  open311_token text,
  search_key text GENERATED ALWAYS AS (f_search_key(coalesce(title, '') || ' ' || coalesce(content, ''))) STORED,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- the web and Open311 channels always carry a way to answer the sender
  CONSTRAINT feedback_contact CHECK (channel NOT IN ('web', 'open311') OR submitter_phone IS NOT NULL OR submitter_email IS NOT NULL)
);
CREATE UNIQUE INDEX feedback_code_uq ON feedback (code);
CREATE UNIQUE INDEX feedback_open311_token_uq ON feedback (open311_token) WHERE open311_token IS NOT NULL;
CREATE INDEX feedback_status_idx ON feedback (status, received_at);
CREATE INDEX feedback_agency_idx ON feedback (agency_id, status);
CREATE INDEX feedback_receiving_idx ON feedback (receiving_agency_id, status);
CREATE INDEX feedback_received_idx ON feedback (received_at);
CREATE INDEX feedback_published_idx ON feedback (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX feedback_user_idx ON feedback (submitter_user_id);
CREATE INDEX feedback_search_idx ON feedback USING gin (search_key gin_trgm_ops);

-- Append-only action log: who did what, when, with which payload.
CREATE TABLE feedback_action (
  id bigserial PRIMARY KEY,
  feedback_id uuid NOT NULL REFERENCES feedback(id),
  at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL,
  actor_id uuid,
  actor_username text,
  role text,
  agency_id uuid,
  from_status text,
  to_status text,
  note text,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  idempotency_key text
);
CREATE INDEX feedback_action_feedback_idx ON feedback_action (feedback_id, id);

CREATE OR REPLACE FUNCTION feedback_action_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'feedback_action is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER feedback_action_no_update BEFORE UPDATE OR DELETE ON feedback_action
  FOR EACH ROW EXECUTE FUNCTION feedback_action_append_only();
CREATE TRIGGER feedback_action_no_truncate BEFORE TRUNCATE ON feedback_action
  FOR EACH STATEMENT EXECUTE FUNCTION feedback_action_append_only();

-- Files: the sender's evidence and the agency's signed answer. Stored in the database so that
-- every server process sees them (no shared file system is assumed).
CREATE TABLE feedback_attachment (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  feedback_id uuid NOT NULL REFERENCES feedback(id),
  purpose text NOT NULL CHECK (purpose IN ('submission', 'answer')),
  file_name text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  data bytea NOT NULL,
  uploaded_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_attachment_feedback_idx ON feedback_attachment (feedback_id);

-- Open311 API keys (only a hash is stored).
CREATE TABLE open311_api_key (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key_hash text NOT NULL,
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE UNIQUE INDEX open311_api_key_hash_uq ON open311_api_key (key_hash);

-- Messages the sandbox notifier "sent" (SMS / e-mail / staff inbox). Deduplicated by outbox id.
CREATE TABLE feedback_notification (
  id bigserial PRIMARY KEY,
  outbox_id bigint NOT NULL,
  feedback_id uuid NOT NULL REFERENCES feedback(id),
  event text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('sms', 'email', 'staff')),
  recipient text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX feedback_notification_dedupe_uq ON feedback_notification (outbox_id, channel, recipient);
CREATE INDEX feedback_notification_feedback_idx ON feedback_notification (feedback_id);
