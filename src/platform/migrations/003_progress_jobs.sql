-- Issue 23: long work (a plan import, later long exports) runs as a job whose progress the screen
-- polls. One row per job: its kind, state, processed/total counters, then its result or its errors.
CREATE TABLE progress_job (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  phase text,
  processed integer NOT NULL DEFAULT 0,
  total integer NOT NULL DEFAULT 0,
  result jsonb,
  errors jsonb,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX progress_job_kind_created ON progress_job (kind, created_at DESC);

-- The file a job produced (a long export), kept for a short time: the download route serves it
-- until expires_at, then the cleanup job (progress-job-files.cleanup) deletes it.
CREATE TABLE progress_job_file (
  job_id uuid PRIMARY KEY REFERENCES progress_job (id) ON DELETE CASCADE,
  file_name text NOT NULL,
  content_type text NOT NULL,
  data bytea NOT NULL,
  size integer NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX progress_job_file_expires ON progress_job_file (expires_at);
