-- Digital signatures (issue 19): the verdict of every PDF checked at upload, by the file's SHA-256
-- (a dossier component, a result, a citizen's document). The verdict is kept as it was when the
-- file was checked; re-checking a file (trust anchors changed) replaces it.
CREATE TABLE signature_checks (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  checked_at timestamptz NOT NULL,
  -- none: no signature; valid: every signature valid; problem: at least one is not
  status text NOT NULL CHECK (status IN ('none', 'valid', 'problem')),
  signature_count integer NOT NULL CHECK (signature_count >= 0),
  verdict text NOT NULL,
  details jsonb NOT NULL
);
