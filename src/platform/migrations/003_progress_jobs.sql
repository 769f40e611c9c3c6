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
