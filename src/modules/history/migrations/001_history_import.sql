-- Historical dossier import (docs/history-import.md): one row per import run (a dry run too),
-- with its progress and report, and one row per dossier imported, keyed by its reference in the
-- previous system, so that importing the same file again changes nothing.

CREATE TABLE history_import (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  file_name text,
  format text NOT NULL CHECK (format IN ('ndjson', 'xlsx')),
  dry_run boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  total integer NOT NULL DEFAULT 0,
  processed integer NOT NULL DEFAULT 0,
  imported integer NOT NULL DEFAULT 0,
  unchanged integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  errors jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX history_import_created_idx ON history_import (created_at DESC);

CREATE TABLE history_imported_dossier (
  source_ref text PRIMARY KEY,
  dossier_id uuid NOT NULL REFERENCES dossier(id),
  content_sha256 text NOT NULL,
  import_id uuid NOT NULL REFERENCES history_import(id),
  imported_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX history_imported_dossier_uq ON history_imported_dossier (dossier_id);
