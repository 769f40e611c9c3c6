-- Procedure catalogue: a stable identity per procedure code (procedure) and its versions
-- (procedure_version: the content as one JSONB document, never changed once published, plus the
-- columns that search and filters need, extracted when the version is written).
-- Runs on PGlite (PG 18) and PostgreSQL 15+: no PG16+ syntax; generated columns are STORED.

-- Search key of a text: f_search_key (unaccent, lower case, đ→d) with punctuation turned into
-- single spaces, so "hộ nghèo, hộ cận nghèo" has the words "ho ngheo ho can ngheo".
CREATE OR REPLACE FUNCTION f_catalog_key(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT btrim(regexp_replace(public.f_search_key($1), '[^a-z0-9.]+', ' ', 'g')) $$;

-- Whether two words differ by at most one edit: a substituted, missing or extra letter, or two
-- adjacent letters swapped ("sihn"/"sinh", "snh"/"sinh", "sonh"/"sinh", "pehp"/"phep").
CREATE OR REPLACE FUNCTION f_catalog_one_edit(a text, b text) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
  DECLARE
    la int := length(a);
    lb int := length(b);
    i int := 1;
    s text;
    t text;
  BEGIN
    IF a = b THEN RETURN true; END IF;
    IF abs(la - lb) > 1 THEN RETURN false; END IF;
    IF la = lb THEN
      WHILE i <= la AND substr(a, i, 1) = substr(b, i, 1) LOOP i := i + 1; END LOOP;
      -- one substitution, or a swap of the letters at i and i+1
      RETURN substr(a, i + 1) = substr(b, i + 1)
          OR (substr(a, i, 1) = substr(b, i + 1, 1) AND substr(a, i + 1, 1) = substr(b, i, 1) AND substr(a, i + 2) = substr(b, i + 2));
    END IF;
    IF la > lb THEN s := a; t := b; ELSE s := b; t := a; END IF;
    WHILE i <= length(t) AND substr(s, i, 1) = substr(t, i, 1) LOOP i := i + 1; END LOOP;
    RETURN substr(s, i + 1) = substr(t, i);
  END $$;

-- How well one query word w matches a document (its words and its key), 0..1:
-- 1 the word itself; 0.9 a word one edit away (words of 4+ letters); 0.8 a word it begins
-- (3+ letters); else 0.5 × pg_trgm word_similarity when that is ≥ 0.5.
CREATE OR REPLACE FUNCTION f_catalog_word_match(w text, words text[], doc text) RETURNS real
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
    SELECT (CASE
      WHEN w = ANY(words) THEN 1.0
      WHEN EXISTS (SELECT 1 FROM unnest(words) AS t
                   WHERE greatest(length(t), length(w)) >= 4 AND abs(length(t) - length(w)) <= 1 AND public.f_catalog_one_edit(w, t)) THEN 0.9
      WHEN length(w) >= 3 AND EXISTS (SELECT 1 FROM unnest(words) AS t WHERE left(t, length(w)) = w) THEN 0.8
      WHEN public.word_similarity(w, doc) >= 0.5 THEN 0.5 * public.word_similarity(w, doc)
      ELSE 0.0
    END)::real
  $$;

CREATE TABLE procedure (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX procedure_code_uq ON procedure (code);

CREATE TABLE procedure_version (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  procedure_id uuid NOT NULL REFERENCES procedure(id),
  version_no integer NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'published', 'abolished')),
  -- extracted from content for search, filters and lists
  code text NOT NULL,
  portal_code text,
  name text NOT NULL,
  title text NOT NULL,
  field text NOT NULL,
  levels text[] NOT NULL,
  online_level text NOT NULL CHECK (online_level IN ('full', 'partial', 'none')),
  agency_ids uuid[] NOT NULL DEFAULT '{}',
  generic_agency_kinds text[] NOT NULL DEFAULT '{}',
  time_text text NOT NULL,
  fee_text text NOT NULL,
  agency_text text NOT NULL,
  eform_fields integer NOT NULL DEFAULT 0,
  eform_prefillable integer NOT NULL DEFAULT 0,
  -- publication (Quyết định công bố)
  decision_no text,
  decision_date date,
  effective_from date,
  effective_to date,
  content jsonb NOT NULL,
  -- optimistic concurrency for drafts
  revision integer NOT NULL DEFAULT 1,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_by text,
  published_at timestamptz,
  name_key text GENERATED ALWAYS AS (f_catalog_key(name)) STORED,
  title_key text GENERATED ALWAYS AS (f_catalog_key(title)) STORED,
  doc_key text GENERATED ALWAYS AS (f_catalog_key(code || ' ' || name || ' ' || field)) STORED,
  doc_words text[] GENERATED ALWAYS AS (string_to_array(f_catalog_key(code || ' ' || name || ' ' || field), ' ')) STORED,
  field_key text GENERATED ALWAYS AS (f_catalog_key(field)) STORED,
  CONSTRAINT procedure_version_no_uq UNIQUE (procedure_id, version_no),
  CONSTRAINT procedure_version_decision CHECK (status = 'draft' OR (decision_no IS NOT NULL AND effective_from IS NOT NULL)),
  CONSTRAINT procedure_version_validity CHECK (effective_to IS NULL OR effective_to >= effective_from)
);
-- At most one draft per procedure.
CREATE UNIQUE INDEX procedure_version_one_draft ON procedure_version (procedure_id) WHERE status = 'draft';
CREATE INDEX procedure_version_inforce_idx ON procedure_version (code, effective_from) WHERE status = 'published';
CREATE INDEX procedure_version_doc_trgm ON procedure_version USING gin (doc_key gin_trgm_ops);
CREATE INDEX procedure_version_title_trgm ON procedure_version USING gin (title_key gin_trgm_ops);
CREATE INDEX procedure_version_agencies_idx ON procedure_version USING gin (agency_ids);

-- Published and abolished versions are immutable: only their validity end may be set (when a later
-- version takes effect). Drafts are edited freely and may be deleted.
CREATE OR REPLACE FUNCTION procedure_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'procedure_version % is % and cannot be deleted', OLD.id, OLD.status USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'draft' AND (NEW.content IS DISTINCT FROM OLD.content OR NEW.status IS DISTINCT FROM OLD.status
      OR NEW.decision_no IS DISTINCT FROM OLD.decision_no OR NEW.effective_from IS DISTINCT FROM OLD.effective_from
      OR NEW.version_no IS DISTINCT FROM OLD.version_no OR NEW.procedure_id IS DISTINCT FROM OLD.procedure_id) THEN
    RAISE EXCEPTION 'procedure_version % is % and immutable', OLD.id, OLD.status USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER procedure_version_immutable BEFORE UPDATE OR DELETE ON procedure_version
  FOR EACH ROW EXECUTE FUNCTION procedure_version_immutable();

-- Catalogue imports run as jobs: the upload is validated row by row (counters below), then
-- applied in one transaction; the errors name sheet, row and column.
CREATE TABLE catalog_import (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  format text NOT NULL CHECK (format IN ('json', 'xlsx')),
  file_name text,
  status text NOT NULL CHECK (status IN ('queued', 'validating', 'applying', 'succeeded', 'failed')),
  total integer NOT NULL DEFAULT 0,
  processed integer NOT NULL DEFAULT 0,
  errors jsonb NOT NULL DEFAULT '[]'::jsonb,
  error_count integer NOT NULL DEFAULT 0,
  result jsonb,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX catalog_import_created_idx ON catalog_import (created_at);
